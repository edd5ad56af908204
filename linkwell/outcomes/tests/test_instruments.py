"""Scoring each instrument from its item answers: ONS4 item by item with ONS bands (anxiety the other way),
the UCLA 3-item total and the direct question, SWEMWBS through the conversion table; incomplete or invalid
answers are refused, never scored."""

import pytest

from linkwell.outcomes.instruments import (
    CHRONIC_LONELINESS,
    InvalidAnswers,
    all_instruments,
    available_instruments,
    get_instrument,
)
from linkwell.outcomes.swemwbs import RAW_TO_METRIC, score_swemwbs
from linkwell.outcomes.tests.builders import load_placeholder_swemwbs, loneliness_answers, ons4_answers

pytestmark = pytest.mark.django_db


# --- ONS4 ------------------------------------------------------------------------------------------
def test_ons4_scores_each_item_on_its_own_and_never_a_total():
    scores = get_instrument("ons4").score(ons4_answers(life=7, worthwhile=8, happiness=3, anxiety=9))
    assert scores == {"life_satisfaction": 7, "worthwhile": 8, "happiness": 3, "anxiety": 9}


def test_answers_typed_into_a_form_as_text_are_stored_as_numbers():
    scores = get_instrument("ons4").score(
        {"life_satisfaction": "0", "worthwhile": "10", "happiness": " 5", "anxiety": "1"}
    )
    assert scores == {"life_satisfaction": 0, "worthwhile": 10, "happiness": 5, "anxiety": 1}


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, "Low"),
        (4, "Low"),
        (5, "Medium"),
        (6, "Medium"),
        (7, "High"),
        (8, "High"),
        (9, "Very high"),
        (10, "Very high"),
    ],
)
def test_life_satisfaction_worthwhile_and_happiness_use_the_ons_bands(value, band):
    ons4 = get_instrument("ons4")
    for key in ("life_satisfaction", "worthwhile", "happiness"):
        assert ons4.score_key(key).band(value) == band


@pytest.mark.parametrize(
    ("value", "band"),
    [(0, "Very low"), (1, "Very low"), (2, "Low"), (3, "Low"), (4, "Medium"), (5, "Medium"), (6, "High"), (10, "High")],
)
def test_anxiety_has_bands_of_its_own(value, band):
    assert get_instrument("ons4").score_key("anxiety").band(value) == band


def test_anxiety_runs_the_other_way_so_a_fall_is_an_improvement():
    ons4 = get_instrument("ons4")
    anxiety, happiness = ons4.score_key("anxiety"), ons4.score_key("happiness")
    assert not anxiety.higher_is_better
    assert happiness.higher_is_better
    assert anxiety.change(7, 4) == 3
    assert happiness.change(7, 4) == -3
    assert anxiety.is_meaningful_improvement(7, 6)
    assert not anxiety.is_meaningful_improvement(6, 7)


@pytest.mark.parametrize("bad", [11, -1, "7.5", "seven", True, None, ""])
def test_an_ons4_answer_outside_0_to_10_is_refused(bad):
    with pytest.raises(InvalidAnswers) as refused:
        get_instrument("ons4").score(ons4_answers() | {"happiness": bad})
    assert set(refused.value.errors) == {"happiness"}


def test_every_ons4_item_must_be_answered():
    answers = ons4_answers()
    del answers["anxiety"]
    with pytest.raises(InvalidAnswers) as refused:
        get_instrument("ons4").score(answers)
    assert refused.value.errors == {"anxiety": "Choose an answer for “Anxiety”"}


def test_answers_to_questions_the_instrument_does_not_ask_are_refused():
    with pytest.raises(InvalidAnswers) as refused:
        get_instrument("ons4").score(ons4_answers() | {"shoe_size": 9})
    assert "shoe_size" in refused.value.errors[""]


# --- Loneliness ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("ucla", "total"), [((1, 1, 1), 3), ((2, 1, 3), 6), ((3, 3, 3), 9)])
def test_the_ucla_total_runs_from_3_to_9_and_higher_is_lonelier(ucla, total):
    loneliness = get_instrument("loneliness")
    assert loneliness.score(loneliness_answers(ucla))["ucla_total"] == total
    key = loneliness.score_key("ucla_total")
    assert (key.minimum, key.maximum, key.higher_is_better) == (3, 9, False)


@pytest.mark.parametrize("bad", [0, 4])
def test_a_ucla_answer_outside_1_to_3_is_refused(bad):
    with pytest.raises(InvalidAnswers):
        get_instrument("loneliness").score(loneliness_answers((bad, 2, 2)))


def test_the_direct_question_is_a_category_reported_as_the_share_answering_often_or_always():
    loneliness = get_instrument("loneliness")
    scores = loneliness.score(loneliness_answers(direct=CHRONIC_LONELINESS))
    assert scores["direct"] == "often_always"
    direct = loneliness.score_key("direct")
    assert not direct.paired
    assert direct.reported_category == CHRONIC_LONELINESS
    assert direct.category_label("often_always") == "Often or always"
    assert direct.change("never", "often_always") is None


def test_the_direct_question_refuses_an_answer_it_does_not_offer():
    with pytest.raises(InvalidAnswers) as refused:
        get_instrument("loneliness").score(loneliness_answers(direct="sometimes"))
    assert set(refused.value.errors) == {"how_often_lonely"}


# --- SWEMWBS ---------------------------------------------------------------------------------------
def test_swemwbs_converts_the_raw_total_to_the_metric_score_at_both_ends_and_between():
    assert score_swemwbs({f"item_{n}": 1 for n in range(1, 8)}) == {"raw": 7, "metric": 7.00}
    assert score_swemwbs({f"item_{n}": 5 for n in range(1, 8)}) == {"raw": 35, "metric": 35.00}
    assert score_swemwbs({f"item_{n}": 3 for n in range(1, 8)}) == {"raw": 21, "metric": 19.25}
    assert len(RAW_TO_METRIC) == 29
    assert list(RAW_TO_METRIC.values()) == sorted(RAW_TO_METRIC.values())


def test_swemwbs_is_scored_even_before_its_wording_is_loaded_but_refuses_missing_items():
    swemwbs = get_instrument("swemwbs")
    answers = {f"item_{n}": 4 for n in range(1, 8)}
    assert swemwbs.score(answers) == {"raw": 28, "metric": 25.03}
    del answers["item_7"]
    with pytest.raises(InvalidAnswers) as refused:
        swemwbs.score(answers)
    assert set(refused.value.errors) == {"item_7"}


def test_a_swemwbs_improvement_of_3_metric_points_is_meaningful_and_less_is_not():
    metric = get_instrument("swemwbs").score_key("metric")
    assert metric.meaningful_change == 3
    assert "Shah" in metric.meaningful_change_note
    assert metric.is_meaningful_improvement(19.25, 22.35)
    assert not metric.is_meaningful_improvement(19.25, 21.54)


def test_swemwbs_is_unavailable_and_has_no_wording_until_loaded():
    assert [i.id for i in all_instruments()] == ["ons4", "loneliness", "swemwbs"]
    assert [i.id for i in available_instruments()] == ["ons4", "loneliness"]
    swemwbs = get_instrument("swemwbs")
    assert not swemwbs.available
    assert all(item.text == "" for item in swemwbs.items)

    load_placeholder_swemwbs()

    swemwbs = get_instrument("swemwbs")
    assert swemwbs.available
    assert swemwbs.version == "test-1"
    assert swemwbs.items[0].text == "Placeholder item 1"
    assert swemwbs.items[0].options[4].label == "Placeholder answer 5"
    assert [i.id for i in available_instruments()] == ["ons4", "loneliness", "swemwbs"]


def test_an_unknown_instrument_is_a_key_error():
    with pytest.raises(KeyError):
        get_instrument("eq5d")


def test_every_score_key_says_where_its_meaningful_change_comes_from():
    for instrument in all_instruments():
        assert instrument.licence_note
        for key in instrument.score_keys:
            assert key.meaningful_change_note
            assert key.minimum < key.maximum
            assert (key.meaningful_change is None) == (not key.paired)

from linkwell.matching.types import Availability, Preferences
from linkwell.matching.understanding import merged_preferences, understand


def codes(text: str) -> list[str]:
    return [need.code for need in understand(text).needs]


def test_life_event_gives_bereavement_with_the_words_as_evidence() -> None:
    understood = understand("Lonely since her husband died in March.")
    evidence = {need.code: need.evidence for need in understood.needs}
    assert evidence["bereavement"] == "husband died"
    assert "loneliness" in evidence


def test_widowed_and_other_forms_are_found_by_stemming() -> None:
    assert "bereavement" in codes("Widowed two years ago")
    assert "bereavement" in codes("She is a widow")


def test_eviction_redundancy_and_prison_release_bring_their_needs() -> None:
    assert {"housing", "homelessness"} <= set(codes("Got an eviction notice last week"))
    assert "employment" in codes("Made redundant in June")
    assert {"employment", "housing"} <= set(codes("Recently released from prison"))


def test_phrases_beat_the_words_inside_them() -> None:
    # "low income" is about money, not low mood.
    assert codes("Low income") == ["benefits"]


def test_negated_support_is_ruled_out_not_wanted() -> None:
    understood = understand("Grieving, doesn't want counselling.")
    assert "Talking therapies and counselling" in understood.ruled_out
    assert "bereavement" in [need.code for need in understood.needs]


def test_not_interested_in_groups_avoids_groups() -> None:
    assert understand("Anxious and not interested in groups").avoid_groups
    assert not understand("Would love a group").avoid_groups


def test_no_food_is_a_need_not_a_negation() -> None:
    assert "food_insecurity" in codes("Single mum with no food in the house")


def test_no_internet_is_a_constraint_not_a_need() -> None:
    understood = understand("Lives alone, no internet, doesn't use a computer")
    assert understood.no_online
    assert "digital_exclusion" not in [need.code for need in understood.needs]


def test_step_free_and_availability_are_inferred() -> None:
    assert understand("Can't manage stairs").step_free
    assert understand("Uses a wheelchair").step_free
    assert understand("Works full time").availability == {Availability.EVENINGS, Availability.WEEKENDS}
    assert understand("Evenings best").availability == {Availability.EVENINGS}


def test_someone_elses_work_says_nothing_about_the_persons_times() -> None:
    assert understand("Partner works nights").availability == set()


def test_urgent_needs_come_first() -> None:
    assert codes("Lonely and has no food")[0] == "food_insecurity"


def test_referral_reasons_come_with_their_own_evidence() -> None:
    understood = understand("", ["debt"])
    assert [(need.code, need.evidence) for need in understood.needs] == [("debt", "referral reason")]


def test_text_adds_constraints_but_never_loosens_explicit_ones() -> None:
    explicit = Preferences(availability=frozenset({Availability.WEEKENDS}), free_only=True)
    merged = merged_preferences(explicit, understand("no internet, evenings best"))
    assert merged.no_online
    assert merged.free_only
    assert merged.availability == {Availability.WEEKENDS}

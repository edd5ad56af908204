"""The free instruments: ONS personal wellbeing (ONS4) and loneliness (the UCLA 3-item scale with the ONS
direct question). Both are published by the Office for National Statistics for reuse, so their wording
ships with Linkwell.

Loneliness is one instrument of four questions, not two: ONS recommends asking all four together, and one
form keeps recording quick. Its scores are kept apart — the UCLA total, and the direct answer as a category.
"""

from linkwell.outcomes.instrument_types import AnswerValue, Band, Instrument, Item, Option, ScoreKey, ScoreValue

ONS_LICENCE = (
    "ONS personal wellbeing questions, Crown copyright, from the GSS harmonised standard “Personal well-being”; "
    "reused under the Open Government Licence v3.0."
)
LONELINESS_LICENCE = (
    "Loneliness questions from the ONS national indicators (“Measuring loneliness: guidance for use of the "
    "national indicators on surveys”), Crown copyright, reused under the Open Government Licence v3.0. The "
    "3-item scale is the short form of the UCLA Loneliness Scale (Russell), scored as in Hughes et al., "
    "Research on Aging 2004."
)
CROWN_COPYRIGHT = "Crown copyright. Contains public sector information licensed under the Open Government Licence v3.0."
LOCAL_ONE_POINT = (
    "Local definition: there is no nationally agreed threshold, so a change of 1 point or more counts as an "
    "improvement."
)

# --- ONS4 ---------------------------------------------------------------------------------------
ZERO_TO_TEN = tuple(Option(value, str(value)) for value in range(11))
ONS_BANDS_NOTE = "ONS thresholds for reporting personal wellbeing."
# Life satisfaction, worthwhile and happiness: higher is better.
POSITIVE_BANDS = (Band(0, 4, "Low"), Band(5, 6, "Medium"), Band(7, 8, "High"), Band(9, 10, "Very high"))
# Anxiety runs the other way: higher is worse, and ONS cuts it differently.
ANXIETY_BANDS = (Band(0, 1, "Very low"), Band(2, 3, "Low"), Band(4, 5, "Medium"), Band(6, 10, "High"))


def _ons4_item(item_id: str, label: str, text: str, low: str, high: str) -> Item:
    return Item(id=item_id, text=text, options=ZERO_TO_TEN, label=label, hint=f"0 is {low}, 10 is {high}", inline=True)


def _ons4_key(key: str, label: str, *, higher_is_better: bool, bands: tuple[Band, ...]) -> ScoreKey:
    return ScoreKey(
        key=key,
        label=label,
        higher_is_better=higher_is_better,
        minimum=0,
        maximum=10,
        meaningful_change=1,
        meaningful_change_note=LOCAL_ONE_POINT,
        bands=bands,
        bands_note=ONS_BANDS_NOTE,
    )


ONS4_ITEM_IDS = ("life_satisfaction", "worthwhile", "happiness", "anxiety")


def score_ons4(answers: dict[str, AnswerValue]) -> dict[str, ScoreValue]:
    """Each item is its own score. ONS never adds the four together, and neither do we."""
    return {item_id: answers[item_id] for item_id in ONS4_ITEM_IDS}


ONS4 = Instrument(
    id="ons4",
    version="1",
    name="ONS personal wellbeing (ONS4)",
    preamble=(
        "Four questions about how the person feels about aspects of their life. There are no right or wrong "
        "answers. Each is answered from 0 to 10, where 0 is “not at all” and 10 is “completely”."
    ),
    items=(
        _ons4_item(
            "life_satisfaction",
            "Life satisfaction",
            "Overall, how satisfied are you with your life nowadays?",
            "not at all satisfied",
            "completely satisfied",
        ),
        _ons4_item(
            "worthwhile",
            "Worthwhile",
            "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
            "not at all worthwhile",
            "completely worthwhile",
        ),
        _ons4_item(
            "happiness",
            "Happiness",
            "Overall, how happy did you feel yesterday?",
            "not at all happy",
            "completely happy",
        ),
        _ons4_item(
            "anxiety",
            "Anxiety",
            "On a scale where nought is ‘not at all anxious’ and 10 is ‘completely anxious’, overall, how anxious "
            "did you feel yesterday?",
            "not at all anxious",
            "completely anxious",
        ),
    ),
    score_keys=(
        _ons4_key("life_satisfaction", "Life satisfaction", higher_is_better=True, bands=POSITIVE_BANDS),
        _ons4_key("worthwhile", "Worthwhile", higher_is_better=True, bands=POSITIVE_BANDS),
        _ons4_key("happiness", "Happiness", higher_is_better=True, bands=POSITIVE_BANDS),
        _ons4_key("anxiety", "Anxiety", higher_is_better=False, bands=ANXIETY_BANDS),
    ),
    licence_note=ONS_LICENCE,
    copyright_notice=CROWN_COPYRIGHT,
    available=True,
    scorer=score_ons4,
)

# --- Loneliness -----------------------------------------------------------------------------------
UCLA_OPTIONS = (Option(1, "Hardly ever or never"), Option(2, "Some of the time"), Option(3, "Often"))
UCLA_ITEM_IDS = ("lack_companionship", "left_out", "isolated")
CHRONIC_LONELINESS = "often_always"
DIRECT_OPTIONS = (
    Option(CHRONIC_LONELINESS, "Often or always"),
    Option("some_of_the_time", "Some of the time"),
    Option("occasionally", "Occasionally"),
    Option("hardly_ever", "Hardly ever"),
    Option("never", "Never"),
)


def _ucla_item(item_id: str, label: str, text: str) -> Item:
    return Item(id=item_id, text=text, options=UCLA_OPTIONS, label=label)


def score_loneliness(answers: dict[str, AnswerValue]) -> dict[str, ScoreValue]:
    """The UCLA total (3 to 9, higher is lonelier) and the direct answer as it was given."""
    return {
        "ucla_total": sum(int(answers[item_id]) for item_id in UCLA_ITEM_IDS),
        "direct": answers["how_often_lonely"],
    }


LONELINESS = Instrument(
    id="loneliness",
    version="1",
    name="Loneliness (UCLA 3-item scale and ONS direct question)",
    preamble="Four questions about how the person feels about their relationships with others.",
    items=(
        _ucla_item("lack_companionship", "Lacking companionship", "How often do you feel that you lack companionship?"),
        _ucla_item("left_out", "Feeling left out", "How often do you feel left out?"),
        _ucla_item("isolated", "Feeling isolated", "How often do you feel isolated from others?"),
        Item(
            id="how_often_lonely", text="How often do you feel lonely?", options=DIRECT_OPTIONS, label="Feeling lonely"
        ),
    ),
    score_keys=(
        ScoreKey(
            key="ucla_total",
            label="UCLA loneliness score",
            higher_is_better=False,
            minimum=3,
            maximum=9,
            meaningful_change=1,
            meaningful_change_note=LOCAL_ONE_POINT,
            bands=(Band(3, 5, "Less lonely"), Band(6, 9, "Lonely")),
            bands_note="Local definition: ONS endorses no threshold; 6 to 9 is the cut often used in studies.",
        ),
        ScoreKey(
            key="direct",
            label="How often they feel lonely",
            higher_is_better=False,
            minimum=0,
            maximum=1,
            meaningful_change=None,
            meaningful_change_note=(
                "Reported as the share answering “Often or always” (the ONS chronic loneliness indicator), "
                "not as a change."
            ),
            paired=False,
            categories=DIRECT_OPTIONS,
            reported_category=CHRONIC_LONELINESS,
        ),
    ),
    licence_note=LONELINESS_LICENCE,
    copyright_notice=CROWN_COPYRIGHT,
    available=True,
    scorer=score_loneliness,
)

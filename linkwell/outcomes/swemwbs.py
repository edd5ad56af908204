"""SWEMWBS, the Short Warwick–Edinburgh Mental Wellbeing Scale: seven statements, each answered 1 to 5.

Its scoring is here; its wording is not. The scale is licensed (registration with Warwick; a licence for
commercial use), so each deploying organisation loads the wording it received with `linkwell
load_instrument` (outcomes.instrument_loading), and only then is the instrument offered. Until then it can
still score answers (reports and synthetic data need that), but shows no questions.

Scoring follows the Warwick guidance: add up the seven answers (raw score 7–35) and convert the raw score
to the Rasch-based "metric" score with the conversion table, which is the figure analysed. A form with any
statement unanswered is not scored."""

from linkwell.outcomes.instrument_types import AnswerValue, Instrument, Item, Option, ScoreKey, ScoreValue
from linkwell.outcomes.models import LicensedWording

SWEMWBS_ID = "swemwbs"
NAME = "Short Warwick–Edinburgh Mental Wellbeing Scale (SWEMWBS)"
ITEM_IDS = tuple(f"item_{number}" for number in range(1, 8))
ANSWER_VALUES = (1, 2, 3, 4, 5)
LICENCE = (
    "SWEMWBS is jointly owned by NHS Health Scotland, the University of Warwick and the University of Edinburgh. "
    "Using it needs registration with Warwick Medical School, and commercial use a licence. Its wording is not "
    "part of Linkwell: the deploying organisation loads the copy it received with `linkwell load_instrument`."
)

# Raw score → metric score, from the conversion table in the Warwick SWEMWBS guidance.
RAW_TO_METRIC = {
    7: 7.00,
    8: 9.51,
    9: 11.25,
    10: 12.40,
    11: 13.33,
    12: 14.08,
    13: 14.75,
    14: 15.32,
    15: 15.84,
    16: 16.36,
    17: 16.88,
    18: 17.43,
    19: 17.98,
    20: 18.59,
    21: 19.25,
    22: 19.98,
    23: 20.73,
    24: 21.54,
    25: 22.35,
    26: 23.21,
    27: 24.11,
    28: 25.03,
    29: 26.02,
    30: 27.03,
    31: 28.13,
    32: 29.31,
    33: 30.70,
    34: 32.55,
    35: 35.00,
}

METRIC = ScoreKey(
    key="metric",
    label="SWEMWBS metric score",
    higher_is_better=True,
    minimum=7,
    maximum=35,
    meaningful_change=3,
    meaningful_change_note=(
        "Shah et al., Health and Quality of Life Outcomes 2018;16:239: an individual change of 1 to 3 points is "
        "statistically important depending on the standard (2.77 SEM = 2.87 points); 3 points is the "
        "conservative threshold."
    ),
    # Warwick's suggested bands are not yet verified for SWEMWBS, so none are shown.
)


def score_swemwbs(answers: dict[str, AnswerValue]) -> dict[str, ScoreValue]:
    """The raw total (kept for checking) and the metric score (the one analysed)."""
    raw = sum(int(answers[item_id]) for item_id in ITEM_IDS)
    return {"raw": raw, "metric": RAW_TO_METRIC[raw]}


def swemwbs(wording: LicensedWording | None) -> Instrument:
    """The instrument with its loaded wording, or, with none loaded, unavailable and without question text."""
    if wording is None:
        items = tuple(
            Item(
                id=item_id,
                text="",
                options=tuple(Option(value, str(value)) for value in ANSWER_VALUES),
                label=f"Statement {number}",
            )
            for number, item_id in enumerate(ITEM_IDS, start=1)
        )
        return Instrument(
            id=SWEMWBS_ID,
            version="",
            name=NAME,
            items=items,
            score_keys=(METRIC,),
            licence_note=LICENCE,
            available=False,
            scorer=score_swemwbs,
        )
    options = tuple(Option(int(option["value"]), str(option["label"])) for option in wording.options)
    return Instrument(
        id=SWEMWBS_ID,
        version=wording.version,
        name=NAME,
        preamble=wording.preamble,
        items=tuple(
            Item(id=str(item["id"]), text=str(item["text"]), options=options, label=f"Statement {number}")
            for number, item in enumerate(wording.items, start=1)
        ),
        score_keys=(METRIC,),
        licence_note=LICENCE,
        copyright_notice=wording.copyright_notice,
        available=True,
        scorer=score_swemwbs,
    )

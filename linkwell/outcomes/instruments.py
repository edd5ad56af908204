"""The registry of wellbeing measures: which instruments Linkwell can record, their questions, and how
their answers become scores. Reports read `score_keys` to know which scores to analyse and which way is
better; recording uses `items` and `score`.

- ons4: ONS personal wellbeing, four items 0–10, each its own score (never summed).
- loneliness: the UCLA 3-item scale (total 3–9, higher is lonelier) and the ONS direct question (a category).
- swemwbs: SWEMWBS (metric score 7–35), available once its licensed wording has been loaded.

Instruments are built for each call rather than cached, as loaded wording lives in the database and any
process may load it."""

from linkwell.outcomes.instrument_types import (
    Band,
    Instrument,
    InvalidAnswers,
    Item,
    Option,
    ScoreKey,
    ScoreValue,
)
from linkwell.outcomes.instruments_ons import CHRONIC_LONELINESS, LONELINESS, ONS4
from linkwell.outcomes.models import LicensedWording
from linkwell.outcomes.swemwbs import NAME as SWEMWBS_NAME
from linkwell.outcomes.swemwbs import SWEMWBS_ID, swemwbs

__all__ = [
    "CHRONIC_LONELINESS",
    "Band",
    "Instrument",
    "InvalidAnswers",
    "Item",
    "Option",
    "ScoreKey",
    "ScoreValue",
    "all_instruments",
    "available_instruments",
    "get_instrument",
    "instrument_name",
]

FREE_INSTRUMENTS = {instrument.id: instrument for instrument in (ONS4, LONELINESS)}
NAMES = {**{instrument.id: instrument.name for instrument in FREE_INSTRUMENTS.values()}, SWEMWBS_ID: SWEMWBS_NAME}


def get_instrument(instrument_id: str) -> Instrument:
    """The instrument, available or not; KeyError when there is no such instrument."""
    if instrument_id in FREE_INSTRUMENTS:
        return FREE_INSTRUMENTS[instrument_id]
    if instrument_id == SWEMWBS_ID:
        return swemwbs(LicensedWording.objects.filter(instrument=SWEMWBS_ID).first())
    raise KeyError(instrument_id)


def all_instruments() -> list[Instrument]:
    """Every instrument, in the order they are offered, whether or not it can be recorded yet."""
    return [*FREE_INSTRUMENTS.values(), get_instrument(SWEMWBS_ID)]


def available_instruments() -> list[Instrument]:
    """The instruments that can be recorded now (SWEMWBS only once its wording is loaded)."""
    return [instrument for instrument in all_instruments() if instrument.available]


def instrument_name(instrument_id: str) -> str:
    """The instrument's name without reading the database; the id itself for one no longer in the registry."""
    return NAMES.get(instrument_id, instrument_id)

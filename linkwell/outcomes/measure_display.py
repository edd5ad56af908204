"""Measures as the case's pages show them: each answer in words, each score with its band, and the change
since the baseline said plainly ("up 2 since baseline: better"). Pure functions over rows already read."""

from collections.abc import Sequence
from dataclasses import dataclass

from linkwell.outcomes.instruments import Instrument, Item, ScoreKey, ScoreValue
from linkwell.outcomes.models import MeasureResponse, Timepoint


@dataclass(frozen=True)
class ShownAnswer:
    question: str
    answer: str


@dataclass(frozen=True)
class ShownScore:
    label: str
    value: str
    band: str
    # Since this instrument's baseline in the case; "" for the baseline itself or when there is none.
    change: str
    meaningful_improvement: bool


@dataclass(frozen=True)
class ShownMeasure:
    measure: MeasureResponse
    instrument: Instrument
    timepoint: str
    answers: list[ShownAnswer]
    scores: list[ShownScore]


@dataclass(frozen=True)
class InstrumentHistory:
    instrument: Instrument
    measures: list[ShownMeasure]


def score_text(key: ScoreKey, value: ScoreValue) -> str:
    if key.categories:
        return key.category_label(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}"
    return str(int(value)) if isinstance(value, float) else str(value)


def change_text(key: ScoreKey, before: ScoreValue, after: ScoreValue) -> str:
    """The change since the baseline in words, with which way is better."""
    if not key.paired or isinstance(before, str) or isinstance(after, str):
        return f"At baseline: {score_text(key, before)}"
    difference = float(after) - float(before)
    if difference == 0:
        return "No change since baseline"
    direction = "Up" if difference > 0 else "Down"
    better = (difference > 0) == key.higher_is_better
    return f"{direction} {score_text(key, abs(difference))} since baseline: {'better' if better else 'worse'}"


def _answer_label(item: Item, value: object) -> str:
    return next((option.label for option in item.options if option.value == value), str(value))


def shown_measure(measure: MeasureResponse, instrument: Instrument, baseline: MeasureResponse | None) -> ShownMeasure:
    is_baseline = baseline is None or baseline.pk == measure.pk
    scores = []
    for key in instrument.score_keys:
        if key.key not in measure.scores:
            continue
        value = measure.scores[key.key]
        before = None if is_baseline or baseline is None else baseline.scores.get(key.key)
        scores.append(
            ShownScore(
                label=key.label,
                value=score_text(key, value),
                band=key.band(value),
                change=change_text(key, before, value) if before is not None else "",
                meaningful_improvement=before is not None and key.is_meaningful_improvement(before, value),
            )
        )
    return ShownMeasure(
        measure=measure,
        instrument=instrument,
        timepoint=Timepoint(measure.timepoint).label,
        # In the order the questions are asked: PostgreSQL keeps JSON keys in an order of its own.
        answers=[
            ShownAnswer(question=item.text or item.label, answer=_answer_label(item, measure.answers[item.id]))
            for item in instrument.items
            if item.id in measure.answers
        ],
        scores=scores,
    )


def baseline_of(measures: Sequence[MeasureResponse], instrument_id: str) -> MeasureResponse | None:
    return next(
        (m for m in measures if m.instrument == instrument_id and m.timepoint == Timepoint.BASELINE),
        None,
    )


def histories(measures: Sequence[MeasureResponse], instruments: Sequence[Instrument]) -> list[InstrumentHistory]:
    """The case's measures by instrument, in the registry's order, oldest first, each against its baseline."""
    result = []
    for instrument in instruments:
        taken = [m for m in measures if m.instrument == instrument.id]
        if taken:
            baseline = baseline_of(taken, instrument.id)
            result.append(
                InstrumentHistory(
                    instrument=instrument, measures=[shown_measure(m, instrument, baseline) for m in taken]
                )
            )
    return result

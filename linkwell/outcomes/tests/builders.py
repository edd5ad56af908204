"""Measures for tests: answer sets, the placeholder SWEMWBS wording, and measures stored in a case."""

from datetime import date, datetime, time
from pathlib import Path

from django.utils import timezone

from linkwell.casework.models import Case, Contact, ContactKind
from linkwell.outcomes.instrument_loading import load_wording
from linkwell.outcomes.instruments import get_instrument
from linkwell.outcomes.models import AnswerMode, MeasureResponse, Timepoint

PLACEHOLDER_SWEMWBS = Path(__file__).parent / "fixtures" / "swemwbs_placeholder.json"


def load_placeholder_swemwbs() -> None:
    load_wording(content=PLACEHOLDER_SWEMWBS.read_text(), source=PLACEHOLDER_SWEMWBS.name)


def ons4_answers(life: int = 6, worthwhile: int = 6, happiness: int = 6, anxiety: int = 4) -> dict[str, object]:
    return {"life_satisfaction": life, "worthwhile": worthwhile, "happiness": happiness, "anxiety": anxiety}


def loneliness_answers(ucla: tuple[int, int, int] = (2, 2, 2), direct: str = "some_of_the_time") -> dict[str, object]:
    return {"lack_companionship": ucla[0], "left_out": ucla[1], "isolated": ucla[2], "how_often_lonely": direct}


def stored_measure(
    case: Case,
    *,
    instrument_id: str = "ons4",
    timepoint: Timepoint = Timepoint.BASELINE,
    completed_on: date | None = None,
    answers: dict[str, object] | None = None,
) -> MeasureResponse:
    """A measure written straight to the table, for tests about reading and scheduling, not recording."""
    instrument = get_instrument(instrument_id)
    answers = answers or (ons4_answers() if instrument_id == "ons4" else loneliness_answers())
    return MeasureResponse.objects.create(
        case=case,
        instrument=instrument_id,
        version=instrument.version,
        timepoint=timepoint,
        completed_on=completed_on or timezone.localdate(),
        mode=AnswerMode.ASSISTED,
        answers=instrument.check_answers(answers),
        scores=instrument.score(answers),
        recorded_by=case.link_worker,
    )


def made_contact(case: Case, on: date) -> Contact:
    at = timezone.make_aware(datetime.combine(on, time(10)))
    return Contact.objects.create(case=case, at=at, kind=ContactKind.PHONE, made=True, recorded_by=case.link_worker)

"""Recording a wellbeing measure in a case: every answer checked against its instrument, the answers stored
as given with the instrument's version, and the scores derived from them beside them.

A link worker records with `record_measure`; the person answering through a sent link goes through
outcomes.measure_links, which uses the same checks. One baseline and one discharge measure per instrument
in a case (reviews may be many): change is measured from the one to the other."""

from collections.abc import Mapping
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from linkwell.accounts.models import User
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.casework.actions import CaseworkProblem, check_may_work_on, lock_case
from linkwell.casework.models import Case, CaseStatus
from linkwell.lib.dates import format_date
from linkwell.outcomes.instruments import Instrument, InvalidAnswers, get_instrument
from linkwell.outcomes.models import AnswerMode, MeasureResponse, Timepoint

ONCE_PER_CASE = (Timepoint.BASELINE, Timepoint.DISCHARGE)
CHOOSE_INSTRUMENT = "Choose which measure to record"


def usable_instrument(errors: dict[str, str], instrument_id: str) -> Instrument | None:
    """The instrument, or None with the problem noted under "instrument"."""
    try:
        instrument = get_instrument(instrument_id)
    except KeyError:
        errors["instrument"] = CHOOSE_INSTRUMENT
        return None
    if not instrument.available:
        errors["instrument"] = f"{instrument.name} cannot be recorded until its licensed wording has been loaded"
        return None
    return instrument


def check_timepoint(errors: dict[str, str], case: Case, instrument: Instrument | None, timepoint: str) -> None:
    """A known timepoint that fits the case: only a discharge measure once it is closed, and a baseline or
    discharge not already recorded for this instrument."""
    if timepoint not in Timepoint.values:
        errors["timepoint"] = "Choose when in the person's support this is: baseline, review or discharge"
        return
    if case.status == CaseStatus.DISCHARGED and timepoint != Timepoint.DISCHARGE:
        errors["timepoint"] = "The case is closed: only a discharge measure can be recorded now"
        return
    if instrument is None or timepoint not in ONCE_PER_CASE:
        return
    earlier = MeasureResponse.objects.filter(case=case, instrument=instrument.id, timepoint=timepoint).first()
    if earlier is not None:
        errors["timepoint"] = (
            f"A {Timepoint(timepoint).name.lower()} {instrument.name} was already recorded on "
            f"{format_date(earlier.completed_on)}. Record a review instead."
        )


def check_completed_on(errors: dict[str, str], case: Case, completed_on: date | None) -> None:
    if completed_on is None:
        errors["completed_on"] = "Enter the date the questions were answered"
    elif completed_on > timezone.localdate():
        errors["completed_on"] = "The date the questions were answered cannot be in the future"
    elif completed_on < (received_on := timezone.localdate(case.referral.received_at)):
        errors["completed_on"] = f"The date must be on or after the referral was received, {format_date(received_on)}"


def store_measure(
    *,
    case: Case,
    instrument: Instrument,
    timepoint: str,
    answers: Mapping[str, object],
    completed_on: date,
    mode: str,
    recorded_by: User | None,
) -> MeasureResponse:
    """Save answers already checked by the caller's checks, with their scores, and audit the recording.
    Joins the caller's transaction, in which the case must be locked."""
    checked = instrument.check_answers(answers)
    measure = MeasureResponse.objects.create(
        case=case,
        instrument=instrument.id,
        version=instrument.version,
        timepoint=timepoint,
        completed_on=completed_on,
        mode=mode,
        answers=checked,
        scores=instrument.scorer(checked),
        recorded_by=recorded_by,
    )
    record(
        # Without a recorder, the person answered through a link: not a user, and not the system either.
        by=recorded_by if recorded_by is not None else AnonymousUser(),
        action=AuditAction.MEASURE_RECORDED,
        obj=measure,
        person_id=str(case.person_id),
        detail={
            "instrument": instrument.id,
            "timepoint": timepoint,
            "mode": mode,
            "via": "case" if recorded_by is not None else "sent link",
        },
    )
    return measure


@transaction.atomic
def record_measure(
    *,
    case: Case,
    instrument_id: str,
    timepoint: str,
    answers: Mapping[str, object],
    completed_on: date | None,
    mode: str,
    by: User,
) -> MeasureResponse:
    """Record a measure the link worker took with the person (or entered from a paper form). Raises
    CaseworkProblem naming every problem, field by field (each item under its id); nothing is saved then."""
    locked = lock_case(case)
    check_may_work_on(locked, by=by)
    errors: dict[str, str] = {}
    instrument = usable_instrument(errors, instrument_id)
    check_timepoint(errors, locked, instrument, timepoint)
    check_completed_on(errors, locked, completed_on)
    if mode not in AnswerMode.values:
        errors["mode"] = "Choose how the questions were answered"
    if instrument is not None:
        try:
            instrument.check_answers(answers)
        except InvalidAnswers as invalid:
            errors.update(invalid.errors)
    if errors:
        raise CaseworkProblem(errors)
    # Both are refused above when missing.
    assert instrument is not None
    assert completed_on is not None
    return store_measure(
        case=locked,
        instrument=instrument,
        timepoint=timepoint,
        answers=answers,
        completed_on=completed_on,
        mode=mode,
        recorded_by=by,
    )

"""Recording a person's use of health and care services over 6 months, at baseline and at follow-up.

There is one record per person, timepoint, source and period end (a database constraint). Recording the same
timepoint, source and period again corrects that record: its counts are replaced, and the audit log says it
was a correction. A case corrects only its own records (or ones import_usage attached to it), never a record
made in another of the person's cases.

Usage may be recorded after discharge: the follow-up counts cover the 6 months after support began, so they
often arrive once the case has closed. The checks here are shared with import_usage, so a count typed into
the form and one read from a file are held to the same rules."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from linkwell.accounts.models import User
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.casework.actions import CaseworkProblem, check_may_work_on, lock_case
from linkwell.casework.models import Case
from linkwell.lib.dates import format_date
from linkwell.outcomes.models import USAGE_COUNT_FIELDS, UsageRecord, UsageSource, UsageTimepoint

# A count above this over 6 months is far more likely a slip of the keyboard than a real figure.
MOST_IN_SIX_MONTHS = 999
# Records describe support given through Linkwell; a period ending before this is a mistyped year.
EARLIEST_PERIOD_END = date(2000, 1, 1)

COUNT_NOUNS = {
    "gp_appointments": "GP appointments",
    "prescriptions": "prescriptions",
    "ae_attendances": "A&E attendances",
    "outpatient_appointments": "outpatient appointments",
    "social_care_contacts": "social care contacts",
}
ENTER_A_COUNT = "Enter at least one count. Leave a count blank only if it is not known"

Counts = Mapping[str, int | None]


@dataclass(frozen=True)
class RecordedUsage:
    record: UsageRecord
    # True when the counts replaced those of an earlier record for the same timepoint, source and period.
    corrected: bool


def check_usage(
    errors: dict[str, str], *, timepoint: str, period_end: date | None, source: str, counts: Counts
) -> dict[str, int | None]:
    """Every count field with its value (None where unknown); problems go in `errors` under the field names
    timepoint, period_end, source and each count's own."""
    unexpected = set(counts) - set(USAGE_COUNT_FIELDS)
    if unexpected:
        raise ValueError(f"Not usage counts: {', '.join(sorted(unexpected))}")
    if timepoint not in UsageTimepoint.values:
        errors["timepoint"] = "Choose baseline or follow-up"
    if source not in UsageSource.values:
        errors["source"] = "Choose where the counts come from"
    if period_end is None:
        errors["period_end"] = "Enter the date the 6 months end"
    elif period_end > timezone.localdate():
        errors["period_end"] = "The 6 months must end today or earlier"
    elif period_end < EARLIEST_PERIOD_END:
        errors["period_end"] = f"The 6 months must end in {EARLIEST_PERIOD_END.year} or later"
    values: dict[str, int | None] = {}
    for field in USAGE_COUNT_FIELDS:
        value = counts.get(field)
        if value is not None and not 0 <= value <= MOST_IN_SIX_MONTHS:
            errors[field] = f"The number of {COUNT_NOUNS[field]} must be between 0 and {MOST_IN_SIX_MONTHS}"
        values[field] = value
    if all(value is None for value in values.values()):
        errors[USAGE_COUNT_FIELDS[0]] = ENTER_A_COUNT
    return values


@transaction.atomic
def record_usage(
    *, case: Case, timepoint: str, period_end: date | None, source: str, counts: Counts, by: User
) -> RecordedUsage:
    """Record the person's use of services over the 6 months up to `period_end`, or correct the record this
    case already holds for the same timepoint, source and period. A count left out or None is unknown."""
    check_may_work_on(case, by=by)
    locked = lock_case(case)
    errors: dict[str, str] = {}
    values = check_usage(errors, timepoint=timepoint, period_end=period_end, source=source, counts=counts)
    if errors:
        raise CaseworkProblem(errors)
    assert period_end is not None  # check_usage has refused a missing date
    existing = (
        UsageRecord.objects.select_for_update()
        .filter(person_id=locked.person_id, timepoint=timepoint, source=source, period_end=period_end)
        .first()
    )
    if existing is not None and existing.case_id not in (None, locked.pk):
        raise CaseworkProblem(
            {
                "period_end": f"Another of this person’s cases already holds {_describe(timepoint, source)} "
                f"for the 6 months to {format_date(period_end)}. Check the date"
            }
        )
    if existing is None:
        try:
            with transaction.atomic():
                usage = UsageRecord.objects.create(
                    person_id=locked.person_id,
                    case=locked,
                    timepoint=timepoint,
                    period_end=period_end,
                    source=source,
                    recorded_by=by,
                    **values,
                )
        except IntegrityError:
            # Only another case of the same person, recording the same period at the same moment, gets here.
            raise CaseworkProblem(
                {"": "These counts were recorded by someone else at the same moment. Check the case and try again"}
            ) from None
    else:
        usage = existing
        for field, value in values.items():
            setattr(usage, field, value)
        usage.case = locked
        usage.recorded_at = timezone.now()
        usage.recorded_by = by
        usage.import_label = ""
        usage.save(update_fields=[*USAGE_COUNT_FIELDS, "case", "recorded_at", "recorded_by", "import_label"])
    record(
        by=by,
        action=AuditAction.USAGE_CORRECTED if existing else AuditAction.USAGE_RECORDED,
        obj=usage,
        person_id=str(locked.person_id),
        # Which counts are known, never their values: the audit log holds no health information.
        detail={
            "case_id": str(locked.pk),
            "timepoint": timepoint,
            "source": source,
            "period_end": period_end.isoformat(),
            "known": [field for field, value in values.items() if value is not None],
        },
    )
    return RecordedUsage(record=usage, corrected=existing is not None)


def _describe(timepoint: str, source: str) -> str:
    """Words for messages: "baseline counts (from the GP record)"."""
    when = "baseline" if timepoint == UsageTimepoint.BASELINE else "follow-up"
    return f"{when} counts ({source_phrase(source)})"


def source_phrase(source: str) -> str:
    """The source's label to use mid-sentence: "from the GP record"."""
    label = str(UsageSource(source).label)
    return label[:1].lower() + label[1:]

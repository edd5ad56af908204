"""When a wellbeing measure is due in a case, so outcome recording is prompted rather than remembered.

- Baseline: due from the first contact made with the person (an attempt that did not reach them does not
  count), until a baseline measure is recorded.
- Review: due every `measure_follow_up_weeks` (the scheme's setting, 12 by default) after the latest
  baseline or review measure, while the case is open.
- Discharge: due once the case is discharged, for each instrument taken at baseline and not yet taken at
  discharge, so the change since the baseline can be measured.

`next_measure` says it for one case from what the case page has already read; `measure_due` says the same
for a whole caseload as an annotation on each case row (no query per case)."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.db.models.lookups import LessThanOrEqual

from linkwell.casework.models import DEFAULT_MEASURE_FOLLOW_UP_WEEKS, Case, CaseStatus, Contact, SchemeSettings
from linkwell.lib.dates import format_date
from linkwell.outcomes.models import MeasureResponse, Timepoint

SPACED_TIMEPOINTS = (Timepoint.BASELINE, Timepoint.REVIEW)


@dataclass(frozen=True)
class DueMeasure:
    timepoint: Timepoint
    due_on: date
    # The instruments to take: those offered, for a baseline; those taken at baseline, afterwards.
    instrument_ids: tuple[str, ...]
    why: str

    def is_due(self, today: date) -> bool:
        return self.due_on <= today


def follow_up_weeks(case: Case) -> int:
    """The case's scheme's interval between measures."""
    chosen = SchemeSettings.objects.filter(scheme_id=case.scheme_id).values_list("measure_follow_up_weeks", flat=True)
    return next(iter(chosen), DEFAULT_MEASURE_FOLLOW_UP_WEEKS)


def _in_order(instrument_ids: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(instrument_ids))


def next_measure(
    *,
    status: str,
    closed_on: date | None,
    first_contact_on: date | None,
    measures: Sequence[MeasureResponse],
    weeks: int,
    offered: Sequence[str],
) -> DueMeasure | None:
    """The next measure the case needs, due now or later; None when it needs none (no contact made yet, or
    discharged with every discharge measure taken, or with no baseline to compare against)."""
    baseline_ids = _in_order([m.instrument for m in measures if m.timepoint == Timepoint.BASELINE])
    if status == CaseStatus.DISCHARGED:
        taken = {m.instrument for m in measures if m.timepoint == Timepoint.DISCHARGE}
        missing = tuple(instrument_id for instrument_id in baseline_ids if instrument_id not in taken)
        if not missing or closed_on is None:
            return None
        return DueMeasure(
            timepoint=Timepoint.DISCHARGE,
            due_on=closed_on,
            instrument_ids=missing,
            why=f"The case closed on {format_date(closed_on)}: a discharge measure shows the change since baseline.",
        )
    if not baseline_ids:
        if first_contact_on is None:
            return None
        return DueMeasure(
            timepoint=Timepoint.BASELINE,
            due_on=first_contact_on,
            instrument_ids=tuple(offered),
            why=f"First contact was made on {format_date(first_contact_on)}.",
        )
    latest = max(m.completed_on for m in measures if m.timepoint in SPACED_TIMEPOINTS)
    return DueMeasure(
        timepoint=Timepoint.REVIEW,
        due_on=latest + timedelta(weeks=weeks),
        instrument_ids=baseline_ids,
        why=f"{weeks} weeks after the last measure, on {format_date(latest)}.",
    )


def _review_due(last_measure_on: Subquery, today: date) -> Q:
    """The latest baseline or review is at least the case's scheme's interval old: one condition per interval
    in use, so schemes with different settings are compared in the same query."""
    chosen = dict(SchemeSettings.objects.values_list("scheme_id", "measure_follow_up_weeks"))
    schemes_by_weeks: dict[int, list[int]] = defaultdict(list)
    for scheme_id, weeks in chosen.items():
        schemes_by_weeks[weeks].append(scheme_id)

    def old_enough(weeks: int) -> Q:
        return Q(LessThanOrEqual(last_measure_on, today - timedelta(weeks=weeks)))

    # Schemes without settings use the default, as do those that chose it.
    due = old_enough(DEFAULT_MEASURE_FOLLOW_UP_WEEKS) & ~Q(
        scheme_id__in=[scheme_id for scheme_id, weeks in chosen.items() if weeks != DEFAULT_MEASURE_FOLLOW_UP_WEEKS]
    )
    for weeks, scheme_ids in schemes_by_weeks.items():
        if weeks != DEFAULT_MEASURE_FOLLOW_UP_WEEKS:
            due |= Q(scheme_id__in=scheme_ids) & old_enough(weeks)
    return due


def measure_due(*, today: date) -> ExpressionWrapper[Q]:
    """For annotating cases: whether a baseline or review measure is due today or was before (the same rules
    as next_measure, for open cases). Costs one small query for the schemes' settings, none per case."""
    has_baseline = Exists(MeasureResponse.objects.filter(case=OuterRef("pk"), timepoint=Timepoint.BASELINE))
    has_contact = Exists(Contact.objects.filter(case=OuterRef("pk"), made=True))
    last_measure_on = Subquery(
        MeasureResponse.objects.filter(case=OuterRef("pk"), timepoint__in=SPACED_TIMEPOINTS)
        .order_by("-completed_on")
        .values("completed_on")[:1]
    )
    return ExpressionWrapper(
        (~Q(has_baseline) & Q(has_contact)) | (Q(has_baseline) & _review_due(last_measure_on, today)),
        output_field=BooleanField(),
    )

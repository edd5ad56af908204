"""A person's use of health and care services, on their case: the case page's section (baseline and follow-up
side by side) and the page to record counts. Parse input, check access, call usage_actions, render."""

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from linkwell.accounts.models import User
from linkwell.accounts.permissions import require_permission, signed_in_user
from linkwell.accounts.roles import Permission
from linkwell.casework.access import may_work_on_case, view_case
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.models import Case
from linkwell.outcomes.models import USAGE_COUNT_FIELDS, UsageRecord, UsageTimepoint
from linkwell.outcomes.usage_actions import record_usage, source_phrase
from linkwell.outcomes.usage_forms import COUNT_LABELS, UsageForm, show_problems

TIMEPOINT_HEADINGS = {UsageTimepoint.BASELINE: "Baseline", UsageTimepoint.FOLLOW_UP: "Follow-up"}


@dataclass(frozen=True)
class UsageRow:
    label: str
    # One per record, in the order of the section's columns; None is unknown.
    values: list[int | None]
    # Follow-up minus baseline, when the section compares a pair and both counts are known.
    change: int | None


def comparable_pair(records: list[UsageRecord]) -> tuple[UsageRecord, UsageRecord] | None:
    """The baseline and follow-up to compare: only when there is one of each, from the same source, because
    a change between a self-report and the GP record says more about the sources than about the person."""
    baselines = [usage for usage in records if usage.timepoint == UsageTimepoint.BASELINE]
    follow_ups = [usage for usage in records if usage.timepoint == UsageTimepoint.FOLLOW_UP]
    if len(baselines) == 1 and len(follow_ups) == 1 and baselines[0].source == follow_ups[0].source:
        return baselines[0], follow_ups[0]
    return None


def usage_rows(records: list[UsageRecord]) -> list[UsageRow]:
    pair = comparable_pair(records)
    rows = []
    for field in USAGE_COUNT_FIELDS:
        change = None
        if pair is not None:
            before, after = getattr(pair[0], field), getattr(pair[1], field)
            change = after - before if before is not None and after is not None else None
        rows.append(UsageRow(COUNT_LABELS[field], [getattr(usage, field) for usage in records], change))
    return rows


def case_section(case: Case, user: User) -> dict[str, Any]:
    """What this area shows on the case page (outcomes/case/_usage.html), in one query: baselines first,
    then follow-ups, each in date order."""
    records = sorted(
        case.usage_records.all(),
        key=lambda usage: (usage.timepoint != UsageTimepoint.BASELINE, usage.period_end, usage.source),
    )
    return {
        "usage_records": records,
        "usage_headings": [TIMEPOINT_HEADINGS[UsageTimepoint(usage.timepoint)] for usage in records],
        "usage_sources": [source_phrase(usage.source) for usage in records],
        "usage_rows": usage_rows(records),
        "usage_compared": comparable_pair(records) is not None,
        # Follow-up counts often come after discharge, so a closed case still takes them.
        "usage_may_record": may_work_on_case(user, case),
    }


def _starting_values(case: Case, timepoint: str | None) -> dict[str, Any]:
    """Baseline counts usually cover the 6 months before support began; follow-up counts the 6 months to now."""
    if timepoint == UsageTimepoint.BASELINE:
        return {"timepoint": timepoint, "period_end": timezone.localdate(case.opened_at)}
    if timepoint == UsageTimepoint.FOLLOW_UP:
        return {"timepoint": timepoint, "period_end": timezone.localdate()}
    return {}


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_CASE_RECORDS)
def usage_new(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = view_case(request, case_id)
    if not may_work_on_case(user, case):
        raise PermissionDenied
    form = UsageForm(request.POST or None, initial=_starting_values(case, request.GET.get("timepoint")))
    problem = ""
    if form.is_bound and form.is_valid():
        try:
            recorded = record_usage(
                case=case,
                timepoint=form.cleaned_data["timepoint"],
                period_end=form.cleaned_data["period_end"],
                source=form.cleaned_data["source"],
                counts=form.counts(),
                by=user,
            )
        except CaseworkProblem as refused:
            problem = show_problems(form, refused)
        else:
            heading = TIMEPOINT_HEADINGS[UsageTimepoint(recorded.record.timepoint)]
            if recorded.corrected:
                messages.success(
                    request, f"{heading} counts corrected: they replace those recorded for the same source and dates."
                )
            else:
                messages.success(request, f"{heading} counts recorded.")
            return redirect("casework:case", case_id=case.pk)
    failed = bool(problem) or bool(form.errors)
    return render(
        request,
        "outcomes/usage/form.html",
        {"case": case, "form": form, "count_fields": USAGE_COUNT_FIELDS, "problem": problem, "has_errors": failed},
        status=400 if failed else 200,
    )

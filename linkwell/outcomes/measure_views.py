"""Wellbeing measures in a case: the case page's section (what was recorded, what is due), recording a
measure on one page, the case's measures with change since baseline, one measure in full, and sending the
person a link to answer themselves. Parse input, check access, call the action, render.

Every page reads the case through casework.access, so another team's case is a 404 exactly like a missing
one, and every showing of the case is audited."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from linkwell.accounts.models import User
from linkwell.accounts.permissions import require_permission, signed_in_user
from linkwell.accounts.roles import Permission
from linkwell.casework.access import may_work_on_case, view_case
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.models import Case, CaseStatus
from linkwell.outcomes.instruments import Instrument, all_instruments, available_instruments, instrument_name
from linkwell.outcomes.measure_access import get_measure_in_case, measures_in_case
from linkwell.outcomes.measure_display import baseline_of, histories, shown_measure
from linkwell.outcomes.measure_due import DueMeasure, follow_up_weeks, next_measure
from linkwell.outcomes.measure_forms import MeasureForm, SendLinkForm
from linkwell.outcomes.measure_links import first_name, send_measure_link
from linkwell.outcomes.measures import record_measure
from linkwell.outcomes.models import MeasureResponse, Timepoint
from linkwell.people.actions import current_consent
from linkwell.people.models import ConsentPurpose


def _next_measure(case: Case, measures: list[MeasureResponse], offered: list[Instrument]) -> DueMeasure | None:
    first_contact = case.contacts.filter(made=True).order_by("at").values_list("at", flat=True).first()
    return next_measure(
        status=case.status,
        closed_on=timezone.localdate(case.closed_at) if case.closed_at else None,
        first_contact_on=timezone.localdate(first_contact) if first_contact else None,
        measures=measures,
        weeks=follow_up_weeks(case),
        offered=[instrument.id for instrument in offered],
    )


def case_section(case: Case, user: User) -> dict[str, Any]:
    """What this area shows on the case page (outcomes/case/_measures.html), in four queries however many
    measures the case holds."""
    measures = list(measures_in_case(case))
    offered = available_instruments()
    due = _next_measure(case, measures, offered)
    available = {instrument.id: instrument for instrument in offered}
    return {
        # Newest first.
        "measures_recorded": [(instrument_name(measure.instrument), measure) for measure in reversed(measures)],
        "measures_due": due,
        "measures_due_now": due is not None and due.is_due(timezone.localdate()),
        "measures_due_instruments": [available[i] for i in due.instrument_ids if i in available] if due else [],
        "measures_offered": offered,
        "measures_may_record": may_work_on_case(user, case),
        "measures_case_open": case.status == CaseStatus.OPEN,
    }


def _case_to_work_on(request: HttpRequest, case_id: uuid.UUID) -> Case:
    """The case, its showing audited; refused unless the user may record in it."""
    case = view_case(request, case_id)
    if not may_work_on_case(request.user, case):
        raise PermissionDenied
    return case


@require_GET
@require_permission(Permission.VIEW_CASE_RECORDS)
def measure_list(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = view_case(request, case_id)
    measures = list(measures_in_case(case))
    return render(
        request,
        "outcomes/measures/list.html",
        {"case": case, "histories": histories(measures, all_instruments())},
    )


@require_GET
@require_permission(Permission.VIEW_CASE_RECORDS)
def measure_detail(request: HttpRequest, case_id: uuid.UUID, measure_id: uuid.UUID) -> HttpResponse:
    case = view_case(request, case_id)
    measure = get_measure_in_case(case, measure_id)
    instruments = {instrument.id: instrument for instrument in all_instruments()}
    instrument = instruments.get(measure.instrument)
    baseline = (
        baseline_of(list(measures_in_case(case).filter(instrument=measure.instrument)), measure.instrument)
        if instrument is not None
        else None
    )
    return render(
        request,
        "outcomes/measures/detail.html",
        {
            "case": case,
            "measure": measure,
            "shown": shown_measure(measure, instrument, baseline) if instrument is not None else None,
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_CASE_RECORDS)
def measure_new(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Record a measure on one page: ?instrument=ons4&timepoint=baseline chooses what; without an instrument
    the page asks which."""
    user = signed_in_user(request)
    case = _case_to_work_on(request, case_id)
    offered = available_instruments()
    instrument = next((i for i in offered if i.id == request.GET.get("instrument")), None)
    default_timepoint = Timepoint.DISCHARGE if case.status == CaseStatus.DISCHARGED else ""
    timepoint = request.GET.get("timepoint", default_timepoint)
    if instrument is None:
        asked_for = request.GET.get("instrument", "")
        return render(
            request,
            "outcomes/measures/choose.html",
            {
                "case": case,
                "offered": offered,
                "timepoint": timepoint if timepoint in Timepoint.values else "",
                "not_offered": instrument_name(asked_for) if asked_for else "",
            },
        )
    form = MeasureForm(request.POST if request.method == "POST" else None, instrument=instrument, timepoint=timepoint)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            measure = record_measure(
                case=case,
                instrument_id=instrument.id,
                timepoint=form.cleaned_data["timepoint"],
                answers=form.answers,
                completed_on=form.cleaned_data["completed_on"],
                mode=form.cleaned_data["mode"],
                by=user,
            )
        except CaseworkProblem as refused:
            problem = form.add_problem(refused)
        else:
            messages.success(request, f"{instrument.name} recorded.")
            return redirect("outcomes:measure", case_id=case.pk, measure_id=measure.pk)
    failed = request.method == "POST"
    return render(
        request,
        "outcomes/measures/new.html",
        {"case": case, "instrument": instrument, "form": form, "problem": problem, "has_errors": failed},
        status=400 if failed else 200,
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_CASE_RECORDS)
def send_link(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = _case_to_work_on(request, case_id)
    offered = available_instruments()
    initial = {
        "instrument": request.GET.get("instrument", offered[0].id if offered else ""),
        "timepoint": request.GET.get("timepoint", Timepoint.DISCHARGE if case.status == CaseStatus.DISCHARGED else ""),
        "channel": "",
    }
    form = SendLinkForm(request.POST if request.method == "POST" else None, instruments=offered, initial=initial)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            link = send_measure_link(
                case=case,
                instrument_id=form.cleaned_data["instrument"],
                timepoint=form.cleaned_data["timepoint"],
                channel=form.cleaned_data["channel"],
                by=user,
            )
        except CaseworkProblem as refused:
            problem = form.add_problem(refused)
        else:
            messages.success(
                request,
                f"Link sent by {link.get_channel_display().lower()}. It works once, for 14 days; the answers will "
                "appear in the case.",
            )
            return redirect(reverse("casework:case", kwargs={"case_id": case.pk}) + "#measures")
    failed = request.method == "POST"
    return render(
        request,
        "outcomes/measures/send_link.html",
        {
            "case": case,
            "form": form,
            "problem": problem,
            "has_errors": failed,
            "first_name": first_name(case.person),
            "digital_consent": current_consent(case.person)[ConsentPurpose.CONTACT_DIGITAL],
        },
        status=400 if failed else 200,
    )

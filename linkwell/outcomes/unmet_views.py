"""Unmet needs on a case: the case page's section and the page to record one (linked from the onward search
page, where a link worker finds nothing suitable). Parse input, check access, call unmet_actions, render."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from linkwell.accounts.models import User
from linkwell.accounts.permissions import require_permission, signed_in_user
from linkwell.accounts.roles import Permission
from linkwell.casework.access import may_work_on_case, view_case
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.models import Case, CaseStatus
from linkwell.directory.models import CapacityStatus, PublicationState, Service
from linkwell.outcomes.unmet_actions import record_unmet_need
from linkwell.outcomes.unmet_forms import UnmetNeedForm
from linkwell.outcomes.usage_forms import show_problems


def case_section(case: Case, user: User) -> dict[str, Any]:
    """What this area shows on the case page (outcomes/case/_unmet.html), in one query."""
    return {
        "unmet_needs": list(case.unmet_needs.select_related("service__organization", "recorded_by")),
        "unmet_may_record": case.status == CaseStatus.OPEN and may_work_on_case(user, case),
    }


def services_to_offer(case: Case) -> list[Service]:
    """The services a link worker may say fell short: those the case referred or signposted the person to, and
    those the directory lists as full (which take no referrals, so are never among the first). One query."""
    return list(
        Service.objects.filter(
            Q(pk__in=case.onward_referrals.values("service_id"))
            | Q(pk__in=case.signpostings.values("service_id"))
            | Q(capacity_status=CapacityStatus.FULL, state=PublicationState.PUBLISHED)
        )
        .select_related("organization")
        .order_by("name")
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_CASE_RECORDS)
def unmet_new(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = view_case(request, case_id)
    if not may_work_on_case(user, case):
        raise PermissionDenied
    if case.status != CaseStatus.OPEN:
        messages.info(request, "This case is closed: the person has been discharged.")
        return redirect("casework:case", case_id=case.pk)
    form = UnmetNeedForm(request.POST or None, referral_reasons=case.referral.reasons, services=services_to_offer(case))
    problem = ""
    if form.is_bound and form.is_valid():
        try:
            unmet = record_unmet_need(
                case=case,
                need=form.cleaned_data["need"],
                reason=form.cleaned_data["reason"],
                service=form.chosen_service(),
                note=form.cleaned_data["note"],
                by=user,
            )
        except CaseworkProblem as refused:
            problem = show_problems(form, refused)
        else:
            messages.success(
                request, f"Unmet need recorded: {unmet.get_need_display()} ({unmet.get_reason_display().lower()})."
            )
            return redirect("casework:case", case_id=case.pk)
    failed = bool(problem) or bool(form.errors)
    return render(
        request,
        "outcomes/unmet/form.html",
        {"case": case, "form": form, "problem": problem, "has_errors": failed},
        status=400 if failed else 200,
    )

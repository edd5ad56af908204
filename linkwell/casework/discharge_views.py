"""Discharge and the message back: parse input, check access, call the action, render."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from linkwell.accounts.models import User
from linkwell.accounts.permissions import require_permission
from linkwell.accounts.roles import Permission
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record_read
from linkwell.casework.access import may_work_on_case, view_case
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.discharge import discharge_case
from linkwell.casework.discharge_forms import DischargeForm
from linkwell.casework.message_back import NoMessageBack, build_message_back
from linkwell.casework.models import Case, CaseStatus, ConcernStatus, Discharge
from linkwell.casework.onward import AWAITING_ANSWER
from linkwell.referrals.access import get_referral_for_user


def case_section(case: Case, user: User) -> dict[str, Any]:
    """What this area shows on the case page (casework/case/_discharge.html)."""
    discharge = Discharge.objects.filter(case=case).first() if case.status == CaseStatus.DISCHARGED else None
    return {"discharge": discharge, "may_discharge": case.status == CaseStatus.OPEN and may_work_on_case(user, case)}


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_CASE_RECORDS)
def discharge(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = view_case(request, case_id)
    if not may_work_on_case(request.user, case):
        raise PermissionDenied
    if case.status != CaseStatus.OPEN:
        messages.info(request, "This case is already closed.")
        return redirect("casework:case", case_id=case.pk)
    form = DischargeForm(request.POST if request.method == "POST" else None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        assert isinstance(request.user, User)
        try:
            discharge_case(
                case=case, reason=form.cleaned_data["reason"], summary=form.cleaned_data["summary"], by=request.user
            )
        except CaseworkProblem as refused:
            for field, message in refused.errors.items():
                if field in form.fields:
                    form.add_error(field, message)
                else:
                    problem = message
        else:
            messages.success(request, "The person has been discharged. The message back is ready to send.")
            return redirect("casework:message-back", referral_id=case.referral_id)
    return render(
        request,
        "casework/discharge/discharge.html",
        {
            "case": case,
            "form": form,
            "problem": problem,
            "open_concerns": case.concerns.filter(status=ConcernStatus.OPEN).count(),
            "awaiting_onward": case.onward_referrals.filter(AWAITING_ANSWER).count(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@login_required
def message_back(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    """The letter to the GP and referrer: open to the referral's team and to whoever made the referral."""
    referral = get_referral_for_user(request.user, referral_id)
    try:
        letter = build_message_back(referral)
    except NoMessageBack:
        raise Http404("No message back yet") from None
    record_read(request, action=AuditAction.MESSAGE_BACK_VIEWED, obj=referral, person_id=str(referral.person_id))
    return render(request, "casework/discharge/message_back.html", {"letter": letter, "referral": referral})

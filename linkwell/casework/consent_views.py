"""Recording the person's consent decisions from their case: parse input, check access, call the action in
casework.consent, render. The case is read through casework.access, so another team's case is a 404 exactly
like a missing one, and every showing of it is audited."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from linkwell.accounts.models import User
from linkwell.accounts.permissions import require_permission
from linkwell.accounts.roles import Permission
from linkwell.casework.access import may_work_on_case, view_case
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.consent import record_case_consents
from linkwell.casework.consent_forms import CaseConsentForm
from linkwell.casework.models import Case, CaseStatus
from linkwell.people.actions import current_consent
from linkwell.people.models import ConsentPurpose


def case_section(case: Case, user: User) -> dict[str, Any]:
    """What the case page's person summary says about consent to share with providers, in two queries."""
    consent = current_consent(case.person)[ConsentPurpose.SHARE_WITH_PROVIDERS]
    return {
        "consent_to_share": consent,
        "consent_to_share_on": timezone.localdate(consent.decided_at) if consent is not None else None,
        "consent_may_record": case.status == CaseStatus.OPEN and may_work_on_case(user, case),
    }


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_CASE_RECORDS)
def case_consent(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    # require_permission has already sent anonymous visitors to sign in.
    if not isinstance(request.user, User):
        raise PermissionDenied
    case = view_case(request, case_id)
    if not may_work_on_case(request.user, case):
        raise PermissionDenied
    if case.status != CaseStatus.OPEN:
        messages.info(request, "This case is closed: the person has been discharged.")
        return redirect("casework:case", case_id=case.pk)
    form = CaseConsentForm(request.POST or None, positions=current_consent(case.person))
    problem = ""
    if form.is_bound and form.is_valid():
        try:
            record_case_consents(case=case, answers=form.answers(), method=form.chosen_method(), by=request.user)
        except CaseworkProblem as refused:
            for field, message in refused.errors.items():
                if field in form.fields:
                    form.add_error(field, message)
                else:
                    problem = message
        else:
            messages.success(request, "Consent decisions recorded.")
            return redirect("casework:case", case_id=case.pk)
    failed = form.is_bound
    return render(
        request,
        "casework/consent/consent.html",
        {"case": case, "person": case.person, "form": form, "problem": problem, "has_errors": failed},
        status=400 if failed else 200,
    )

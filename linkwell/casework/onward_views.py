"""Referring a person on from their case: search the directory around them, refer to a service or signpost
them to it, and keep each referral moving. Views parse input, check access and call casework.onward, which
re-checks everything these pages offer."""

import uuid
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwell.accounts.models import User
from linkwell.accounts.permissions import has_permission, require_permission, signed_in_user
from linkwell.accounts.roles import Permission
from linkwell.casework.access import may_work_on_case, view_case
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.models import ONWARD_TRANSITIONS, Case, CaseStatus, OnwardReferral, OnwardStatus, Signposting
from linkwell.casework.onward import (
    LINK_WORKER_MOVES,
    ONWARD_FINAL,
    OnwardProblem,
    access_needs_of,
    change_onward_status,
    is_listed,
    may_share_with_providers,
    response_days,
    send_onward_referral,
    shared_details_for,
    signpost,
)
from linkwell.casework.onward_display import (
    FULL,
    LINK_WORKER_MOVE_TEXT,
    SIGNPOST,
    WAITLIST,
    local_date,
    offer_of,
    onward_rows,
)
from linkwell.casework.onward_forms import OnwardChangeForm, ReferOnForm, SignpostForm, starting_search
from linkwell.casework.provider_stats import stats_for_organizations, stats_for_services
from linkwell.directory.models import Service
from linkwell.directory.search import search_services
from linkwell.directory.search_forms import DirectorySearchForm
from linkwell.matching.suggestion_views import suggestions_for_case
from linkwell.people.actions import current_consent
from linkwell.people.models import ConsentDecision, ConsentPurpose

PER_PAGE = 20
LIVE_STATUSES = [status for status in OnwardStatus if status not in ONWARD_FINAL]


def case_section(case: Case, user: User) -> dict[str, Any]:
    """What this area shows on the case page (casework/case/_onward.html). Four queries however many
    referrals and signpostings the case has."""
    referrals = list(
        OnwardReferral.objects.filter(case=case).select_related("service__organization").order_by("-sent_at")
    )
    return {
        "onward_rows": onward_rows(referrals),
        "onward_signpostings": list(
            Signposting.objects.filter(case=case).select_related("service__organization").order_by("-at")
        ),
        "onward_may_refer": case.status == CaseStatus.OPEN and may_work_on_case(user, case),
    }


def _worked_case(request: HttpRequest, case_id: uuid.UUID) -> Case:
    """The case, read (and audited) for someone who may record in it; others in sight of it may not refer."""
    case = view_case(request, case_id)
    if not may_work_on_case(request.user, case):
        raise PermissionDenied
    return case


def _listed_service(service_id: uuid.UUID) -> Service:
    service = Service.objects.select_related("organization").filter(pk=service_id).first()
    if service is None or not is_listed(service):
        raise Http404("No such service")
    return service


def _problems(refused: CaseworkProblem, form: Any) -> list[str]:
    """Put the action's field problems on the form's fields; return the rest, for the top of the page."""
    left = []
    for field, message in refused.errors.items():
        if field in form.fields:
            form.add_error(field, message)
        else:
            left.append(message)
    return left


@require_GET
@require_permission(Permission.VIEW_CASE_RECORDS)
def search(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _worked_case(request, case_id)
    person = case.person
    first_visit = not request.GET
    form = DirectorySearchForm(starting_search(person) if first_visit else request.GET)
    place_problem = ""
    if first_visit and not form.is_valid():
        # The person's postcode cannot be searched around (a pseudo-postcode, or one we do not know):
        # start from everywhere and say why.
        place_problem = " ".join(str(error) for error in form.errors.get("location", []))
        form = DirectorySearchForm({})
    page = search_services(form.query(), page=request.GET.get("page"), per_page=PER_PAGE) if form.is_valid() else None
    services = [result.service for result in page.object_list] if page else []
    live = dict(OnwardReferral.objects.filter(case=case, status__in=LIVE_STATUSES).values_list("service_id", "status"))
    query = request.GET.copy() if not first_visit else QueryDict(mutable=True)
    if first_visit:
        query.update(form.data)
    query.pop("page", None)
    return render(
        request,
        "casework/onward/search.html",
        {
            "case": case,
            "person": person,
            "form": form,
            "has_errors": bool(form.errors),
            "page": page,
            "query": query.urlencode(),
            "origin": form.origin,
            "radius": (form.cleaned_data.get("radius") or "5") if form.is_valid() else "",
            "place_problem": place_problem,
            "results": [
                {
                    "result": result,
                    "offer": offer_of(result.service),
                    "live": OnwardStatus(live[result.service.pk]).label if result.service.pk in live else "",
                }
                for result in (page.object_list if page else [])
            ],
            "stats": stats_for_services(services),
            "may_share": may_share_with_providers(person),
            "case_open": case.status == CaseStatus.OPEN,
            # Nothing can be referred from a closed case, so nothing is suggested.
            "suggestions": suggestions_for_case(case) if case.status == CaseStatus.OPEN else None,
        },
        status=400 if form.errors else 200,
    )


def _consent_position(case: Case) -> dict[str, Any]:
    consent = current_consent(case.person)[ConsentPurpose.SHARE_WITH_PROVIDERS]
    return {
        "consent": consent,
        "consent_on": local_date(consent.decided_at) if consent is not None else None,
        "may_share": consent is not None and consent.decision == ConsentDecision.GIVEN,
    }


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_CASE_RECORDS)
def refer(request: HttpRequest, case_id: uuid.UUID, service_id: uuid.UUID) -> HttpResponse:
    case = _worked_case(request, case_id)
    service = _listed_service(service_id)
    person = case.person
    form = ReferOnForm(request.POST or None, initial={"access_needs": access_needs_of(person)})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            onward = send_onward_referral(
                case=case,
                service=service,
                reason=form.cleaned_data["reason"],
                access_needs=form.cleaned_data["access_needs"],
                by=signed_in_user(request),
            )
        except CaseworkProblem as refused:
            problems = _problems(refused, form)
        else:
            waitlisted = onward.status == OnwardStatus.WAITLISTED
            messages.success(
                request,
                f"Referral sent to {service.name}."
                + (" The service has a waiting list, so the person is on it." if waitlisted else ""),
            )
            return redirect("casework:case", case_id=case.pk)
    days = response_days(case)
    return render(
        request,
        "casework/onward/refer.html",
        {
            "case": case,
            "person": person,
            "service": service,
            "offer": offer_of(service),
            "FULL": FULL,
            "SIGNPOST": SIGNPOST,
            "WAITLIST": WAITLIST,
            "form": form,
            "problems": problems,
            "has_errors": bool(problems or form.errors),
            "shared": shared_details_for(person, reason="", access_needs=""),
            "response_days": days,
            "respond_by": local_date(timezone.now() + timedelta(days=days)),
            "case_open": case.status == CaseStatus.OPEN,
            "stats": stats_for_organizations([service.organization_id]).get(service.organization_id),
            **_consent_position(case),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_CASE_RECORDS)
def record_signposting(request: HttpRequest, case_id: uuid.UUID, service_id: uuid.UUID) -> HttpResponse:
    case = _worked_case(request, case_id)
    service = _listed_service(service_id)
    form = SignpostForm(request.POST or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            signpost(case=case, service=service, note=form.cleaned_data["note"], by=signed_in_user(request))
        except CaseworkProblem as refused:
            problems = _problems(refused, form)
        else:
            messages.success(request, f"Signposting to {service.name} recorded.")
            return redirect("casework:case", case_id=case.pk)
    return render(
        request,
        "casework/onward/signpost.html",
        {
            "case": case,
            "person": case.person,
            "service": service,
            "form": form,
            "problems": problems,
            "has_errors": bool(problems or form.errors),
            "case_open": case.status == CaseStatus.OPEN,
            "stats": stats_for_organizations([service.organization_id]).get(service.organization_id),
        },
        status=400 if request.method == "POST" else 200,
    )


def _case_onward(case: Case, onward_id: uuid.UUID) -> OnwardReferral:
    onward = (
        OnwardReferral.objects.select_related("service__organization", "sent_by")
        .filter(case=case, pk=onward_id)
        .first()
    )
    if onward is None:
        raise Http404("No such referral")
    return onward


def _detail_page(
    request: HttpRequest,
    case: Case,
    onward: OnwardReferral,
    *,
    bound: OnwardChangeForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    may_move = has_permission(request.user, Permission.VIEW_CASE_RECORDS, team=case.team)
    moves = [
        move
        for move in LINK_WORKER_MOVE_TEXT
        if move in LINK_WORKER_MOVES and move in ONWARD_TRANSITIONS[onward.status]
    ]
    forms = [
        (
            move,
            LINK_WORKER_MOVE_TEXT[move],
            bound if bound is not None and bound.to_status == move else OnwardChangeForm(to_status=move),
        )
        for move in (moves if may_move else [])
    ]
    return render(
        request,
        "casework/onward/detail.html",
        {
            "case": case,
            "person": case.person,
            "onward": onward,
            "onward_row": onward_rows([onward])[0],
            "is_over": onward.status in ONWARD_FINAL,
            "transitions": list(onward.transitions.all()),
            "move_forms": forms,
            "bound": bound,
            "problem": problem,
            "has_errors": bool(problem or (bound is not None and bound.errors)),
        },
        status=status,
    )


@require_GET
@require_permission(Permission.VIEW_CASE_RECORDS)
def detail(request: HttpRequest, case_id: uuid.UUID, onward_id: uuid.UUID) -> HttpResponse:
    case = view_case(request, case_id)
    return _detail_page(request, case, _case_onward(case, onward_id))


@require_POST
@require_permission(Permission.VIEW_CASE_RECORDS)
def change(request: HttpRequest, case_id: uuid.UUID, onward_id: uuid.UUID, to_status: str) -> HttpResponse:
    case = _worked_case(request, case_id)
    onward = _case_onward(case, onward_id)
    if to_status not in OnwardStatus.values or OnwardStatus(to_status) not in LINK_WORKER_MOVES:
        raise Http404("No such change")
    form = OnwardChangeForm(request.POST, to_status=OnwardStatus(to_status))
    if not form.is_valid():
        return _detail_page(request, case, onward, bound=form, status=400)
    try:
        change_onward_status(
            onward=onward,
            to_status=form.to_status,
            by=signed_in_user(request),
            note=form.cleaned_data["note"],
            decline_reason=form.cleaned_data.get("decline_reason", ""),
        )
    except OnwardProblem as refused:
        return _detail_page(request, case, onward, problem=str(refused), status=400)
    except PermissionDenied as refused:
        return _detail_page(request, case, onward, problem=str(refused), status=403)
    messages.success(request, f"The referral to {onward.service.name} is now “{form.to_status.label}”.")
    return redirect("casework:onward-detail", case_id=case.pk, onward_id=onward.pk)

"""The caseload and the case page, with giving a case to another link worker and adding a note: parse input,
check access, call an action, render.

Which cases a user sees lives in casework.access; the case page's sections (plan, care, onward referrals,
discharge, consent) come from their own areas' `case_section`, and its timeline from casework.timeline."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from linkwell.accounts.permissions import has_permission, require_permission, signed_in_user
from linkwell.accounts.roles import Permission
from linkwell.casework import care_views, consent_views, discharge_views, onward_views, plan_views
from linkwell.casework.access import cases_for_user, get_case_for_user, may_work_on_case, view_case
from linkwell.casework.actions import CaseworkProblem, add_case_note, reassign_case
from linkwell.casework.case_forms import MINE, WHOLE_TEAM, CaseloadForm, CaseNoteForm, ReassignForm
from linkwell.casework.caseload_queries import (
    FLAG_MEANINGS,
    case_holders,
    caseload_rows,
    days_open_label,
    in_order,
    overdue_follow_ups,
    oversight_scope,
    with_caseload_figures,
    with_flag,
    workers_holding,
)
from linkwell.casework.models import CaseStatus
from linkwell.casework.timeline import case_timeline
from linkwell.matching import suggestion_views
from linkwell.outcomes import measure_views, unmet_views, usage_views
from linkwell.referrals.inbox_queries import age_on, need_labels, practice_name

PAGE_SIZE = 25
# The areas whose sections the case page shows, each from its own `case_section(case, user)`.
CASE_SECTIONS = (
    plan_views,
    care_views,
    onward_views,
    discharge_views,
    consent_views,
    measure_views,
    usage_views,
    unmet_views,
    suggestion_views,
)


@require_GET
@require_permission(Permission.VIEW_CASE_RECORDS)
def caseload(request: HttpRequest) -> HttpResponse:
    """A link worker's open cases; a team lead's whole team's (or one worker's); every case for administrators.
    Names and dates only: reading a case is audited when its page is opened."""
    user = signed_in_user(request)
    now = timezone.now()
    today = timezone.localdate(now)
    visible = cases_for_user(user)
    own = visible.filter(link_worker=user)
    scope = oversight_scope(user)
    overseen = visible.filter(scope | Q(link_worker=user)) if scope is not None else own
    form = CaseloadForm(
        request.GET or None,
        workers=workers_holding(overseen.filter(status=CaseStatus.OPEN)) if scope is not None else None,
        everyone_label="Whole team" if has_permission(user, Permission.ALLOCATE_REFERRALS) else "All teams",
    )
    if form.is_bound and not form.is_valid():
        chosen = visible.none()
    elif scope is None or form.worker_choice == MINE:
        chosen = own
    elif form.worker_choice == WHOLE_TEAM:
        chosen = overseen
    else:
        chosen = overseen.filter(link_worker_id=int(form.worker_choice))
    cases = with_caseload_figures(chosen, now=now)
    if form.flag_choice is not None:
        cases = with_flag(cases, form.flag_choice, today=today)
    paginator = Paginator(
        in_order(cases, form.order_choice).select_related("person", "link_worker", "referral"), PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/caseload.html",
        {
            "form": form,
            "page": page,
            "rows": caseload_rows(list(page.object_list), today=today),
            "open_cases": paginator.count,
            "overdue_follow_ups": overdue_follow_ups(cases, today=today),
            "only_own": scope is None or form.worker_choice == MINE,
            "flag_meanings": FLAG_MEANINGS,
            "days_open_label": days_open_label,
            "query": query.urlencode(),
        },
        status=400 if form.errors else 200,
    )


def _case_page(
    request: HttpRequest,
    case_id: uuid.UUID,
    *,
    reassign_form: ReassignForm | None = None,
    note_form: CaseNoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    # Every showing of the case is audited.
    case = view_case(request, case_id)
    today = timezone.localdate()
    may_work = may_work_on_case(user, case)
    may_reassign = case.status == CaseStatus.OPEN and has_permission(
        user, Permission.ALLOCATE_REFERRALS, team=case.team
    )
    if may_reassign and reassign_form is None:
        reassign_form = ReassignForm(
            workers=[load for load in case_holders(case.team) if load.worker.pk != case.link_worker_id]
        )
    if may_work and note_form is None:
        note_form = CaseNoteForm()
    sections: dict[str, Any] = {}
    for area in CASE_SECTIONS:
        sections.update(area.case_section(case, user))
    closed_on = timezone.localdate(case.closed_at) if case.closed_at else None
    return render(
        request,
        "casework/case/case.html",
        {
            # The sections' keys carry their area's prefix; the page's own keys win over any clash.
            **sections,
            "case": case,
            "person": case.person,
            "referral": case.referral,
            "age": age_on(case.person.date_of_birth, today),
            "practice": practice_name(case.person),
            "reasons": need_labels(case.referral.reasons),
            "days_open": max(((closed_on or today) - timezone.localdate(case.opened_at)).days, 0),
            "closed_on": closed_on,
            "may_work": may_work,
            # A refused form is shown with its problem even if the case has closed meanwhile.
            "reassign_form": reassign_form if may_reassign or (reassign_form and reassign_form.errors) else None,
            "note_form": note_form,
            "timeline": case_timeline(case),
            "has_errors": bool((reassign_form and reassign_form.errors) or (note_form and note_form.errors)),
        },
        status=status,
    )


@require_GET
@require_permission(Permission.VIEW_CASE_RECORDS)
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _case_page(request, case_id)


@require_POST
@require_permission(Permission.VIEW_CASE_RECORDS)
def reassign(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = get_case_for_user(user, case_id)
    if not has_permission(user, Permission.ALLOCATE_REFERRALS, team=case.team):
        raise PermissionDenied("Only the team lead can give a case to another link worker.")
    form = ReassignForm(request.POST, workers=case_holders(case.team))
    if form.is_valid():
        worker = form.chosen_worker
        try:
            reassign_case(case=case, to=worker, by=user, note=form.cleaned_data["note"])
        except CaseworkProblem as problem:
            form.add_problem(problem)
        else:
            messages.success(request, f"The case is now with {worker.full_name or worker.email}.")
            return redirect("casework:case", case_id=case.pk)
    return _case_page(request, case.pk, reassign_form=form, status=400)


@require_POST
@require_permission(Permission.VIEW_CASE_RECORDS)
def add_note(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = get_case_for_user(user, case_id)
    form = CaseNoteForm(request.POST)
    if form.is_valid():
        try:
            add_case_note(case=case, text=form.cleaned_data["text"], by=user)
        except CaseworkProblem as problem:
            form.add_problem(problem)
        else:
            messages.success(request, "Your note is added to the timeline.")
            return redirect("casework:case", case_id=case.pk)
    return _case_page(request, case.pk, note_form=form, status=400)

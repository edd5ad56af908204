"""Contacts, follow-ups and safeguarding concerns on a case: parse input, check access, call the action in
casework.care, render. Every page reads the case through casework.access, so another team's case is a 404
exactly like a missing one, and every showing of the case is audited."""

import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwell.accounts.models import User
from linkwell.accounts.permissions import require_permission, signed_in_user
from linkwell.accounts.roles import Permission
from linkwell.casework import care
from linkwell.casework.access import may_work_on_case, view_case
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.care_forms import (
    MADE,
    SPECIFIC_DATE,
    CloseConcernForm,
    ConcernForm,
    ContactForm,
    FollowUpDoneForm,
    FollowUpForm,
)
from linkwell.casework.caseload_queries import case_holders
from linkwell.casework.models import Case, CaseStatus, ConcernStatus, ContactKind, FollowUp, SafeguardingConcern

RECENT_CONTACTS = 5
CONTACTS_PER_PAGE = 50


@dataclass(frozen=True)
class FollowUpRow:
    follow_up: FollowUp
    overdue: bool
    due_today: bool


def case_section(case: Case, user: User) -> dict[str, Any]:
    """What this area shows on the case page (casework/case/_care.html and _concerns_banner.html), in four
    queries however much the case holds."""
    today = timezone.localdate()
    contacts = list(case.contacts.select_related("recorded_by").order_by("-at", "-recorded_at")[:RECENT_CONTACTS])
    open_follow_ups = case.follow_ups.filter(done_at__isnull=True).select_related("assigned_to")
    # A case rarely has more than a handful of concerns: one query for all, split here.
    concerns = list(case.concerns.select_related("raised_by").order_by("-raised_at"))
    return {
        "care_contacts": contacts,
        "care_contact_count": case.contacts.count() if len(contacts) == RECENT_CONTACTS else len(contacts),
        "care_follow_ups": [
            FollowUpRow(follow_up=follow_up, overdue=follow_up.due_on < today, due_today=follow_up.due_on == today)
            for follow_up in open_follow_ups.order_by("due_on", "created_at")
        ],
        "care_open_concerns": [concern for concern in concerns if concern.status == ConcernStatus.OPEN],
        "care_concern_count": len(concerns),
        "care_may_record": case.status == CaseStatus.OPEN and may_work_on_case(user, case),
        "care_may_tidy_up": may_work_on_case(user, case),
    }


# --- Shared steps ---------------------------------------------------------------------------------
def _case_to_work_on(request: HttpRequest, case_id: uuid.UUID) -> Case:
    """The case, its showing audited; refused unless the user may record in it."""
    case = view_case(request, case_id)
    if not may_work_on_case(request.user, case):
        raise PermissionDenied
    return case


def _closed(request: HttpRequest, case: Case) -> HttpResponse:
    messages.info(request, "This case is closed: the person has been discharged.")
    return redirect("casework:case", case_id=case.pk)


def _refused(form: forms.Form, refused: CaseworkProblem) -> str:
    """Put the action's problems on the form's fields; return any that belong to no field."""
    others = []
    for field, message in refused.errors.items():
        if field in form.fields:
            form.add_error(field, message)
        else:
            others.append(message)
    return " ".join(others)


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], *, form: forms.Form | None = None, problem: str = ""
) -> HttpResponse:
    failed = bool(problem) or (form is not None and form.is_bound and bool(form.errors))
    return render(
        request,
        template,
        {**context, "form": form, "problem": problem, "has_errors": failed},
        status=400 if failed else 200,
    )


# --- Contacts -------------------------------------------------------------------------------------
@require_GET
@require_permission(Permission.VIEW_CASE_RECORDS)
def contact_list(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = view_case(request, case_id)
    contacts = case.contacts.select_related("recorded_by").order_by("-at", "-recorded_at")
    page = Paginator(contacts, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "casework/care/contact_list.html", {"case": case, "page": page})


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_CASE_RECORDS)
def contact_new(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = _case_to_work_on(request, case_id)
    if case.status != CaseStatus.OPEN:
        return _closed(request, case)
    now = timezone.localtime()
    form = ContactForm(request.POST or None, initial={"at": now.date(), "at_time": f"{now:%H:%M}"})
    problem = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        follow_up = (
            care.NewFollowUp(title=data["follow_up_title"], due_on=data["follow_up_on"], assigned_to=case.link_worker)
            if form.wants_follow_up()
            else None
        )
        try:
            care.record_contact(
                case=case,
                at=form.contact_at(),
                kind=ContactKind(data["kind"]),
                made=data["made"] == MADE,
                duration_minutes=data["duration_minutes"],
                note=data["note"],
                by=user,
                follow_up=follow_up,
            )
        except CaseworkProblem as refused:
            problem = _refused(form, refused)
        else:
            said = "Contact recorded" if data["made"] == MADE else "Attempted contact recorded"
            messages.success(request, f"{said}{', with a follow-up' if follow_up else ''}.")
            return redirect("casework:case", case_id=case.pk)
    return _page(request, "casework/care/contact_form.html", {"case": case}, form=form, problem=problem)


# --- Follow-ups -----------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_CASE_RECORDS)
def follow_up_new(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = _case_to_work_on(request, case_id)
    if case.status != CaseStatus.OPEN:
        return _closed(request, case)
    form = FollowUpForm(
        request.POST or None,
        workers=[load.worker for load in case_holders(case.team)],
        initial={"assigned_to": str(case.link_worker_id)},
    )
    problem = ""
    if form.is_bound and form.is_valid():
        try:
            care.set_follow_up(
                case=case,
                title=form.cleaned_data["title"],
                due_on=form.due_date(),
                assigned_to=form.assignee(),
                by=user,
            )
        except CaseworkProblem as refused:
            problem = _refused(form, CaseworkProblem({_due_field(form, k): v for k, v in refused.errors.items()}))
        else:
            messages.success(request, "Follow-up set.")
            return redirect("casework:case", case_id=case.pk)
    return _page(request, "casework/care/follow_up_form.html", {"case": case}, form=form, problem=problem)


def _due_field(form: FollowUpForm, field: str) -> str:
    """A problem with the due date belongs to whichever answer gave it: a quick choice or the typed date."""
    if field != "due_on":
        return field
    return "due_on" if form.cleaned_data.get("when") == SPECIFIC_DATE else "when"


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_CASE_RECORDS)
def follow_up_done(request: HttpRequest, case_id: uuid.UUID, follow_up_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = _case_to_work_on(request, case_id)
    try:
        follow_up = case.follow_ups.select_related("assigned_to", "done_by").get(pk=follow_up_id)
    except FollowUp.DoesNotExist:
        raise Http404("No such follow-up") from None
    form = FollowUpDoneForm(request.POST or None)
    problem = ""
    if follow_up.done_at is None and form.is_bound and form.is_valid():
        try:
            care.complete_follow_up(follow_up=follow_up, note=form.cleaned_data["note"], by=user)
        except CaseworkProblem as refused:
            problem = _refused(form, refused)
        else:
            messages.success(request, "Follow-up marked as done.")
            return redirect("casework:case", case_id=case.pk)
    elif follow_up.done_at is not None and form.is_bound:
        problem = "This follow-up is already marked as done."
    context = {"case": case, "follow_up": follow_up, "today": timezone.localdate()}
    return _page(request, "casework/care/follow_up_done.html", context, form=form, problem=problem)


# --- Safeguarding concerns ------------------------------------------------------------------------
def _concern(case: Case, concern_id: uuid.UUID) -> SafeguardingConcern:
    try:
        return case.concerns.select_related("raised_by", "closed_by").get(pk=concern_id)
    except SafeguardingConcern.DoesNotExist:
        raise Http404("No such concern") from None


@require_GET
@require_permission(Permission.VIEW_CASE_RECORDS)
def concern_list(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = view_case(request, case_id)
    concerns = list(case.concerns.select_related("raised_by", "closed_by").order_by("-raised_at"))
    return render(
        request,
        "casework/care/concern_list.html",
        {
            "case": case,
            "open_concerns": [concern for concern in concerns if concern.status == ConcernStatus.OPEN],
            "closed_concerns": [concern for concern in concerns if concern.status == ConcernStatus.CLOSED],
            "may_record": case.status == CaseStatus.OPEN and may_work_on_case(request.user, case),
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_CASE_RECORDS)
def concern_new(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = _case_to_work_on(request, case_id)
    if case.status != CaseStatus.OPEN:
        return _closed(request, case)
    form = ConcernForm(request.POST or None)
    problem = ""
    if form.is_bound and form.is_valid():
        try:
            care.raise_concern(case=case, by=user, **form.cleaned_data)
        except CaseworkProblem as refused:
            problem = _refused(form, refused)
        else:
            messages.success(request, "Safeguarding concern recorded. The team sees it at the top of the case.")
            return redirect("casework:case", case_id=case.pk)
    return _page(request, "casework/care/concern_form.html", {"case": case}, form=form, problem=problem)


def _concern_page(
    request: HttpRequest, case: Case, concern: SafeguardingConcern, form: CloseConcernForm, problem: str = ""
) -> HttpResponse:
    context = {"case": case, "concern": concern, "may_close": may_work_on_case(request.user, case)}
    return _page(request, "casework/care/concern.html", context, form=form, problem=problem)


@require_GET
@require_permission(Permission.VIEW_CASE_RECORDS)
def concern_detail(request: HttpRequest, case_id: uuid.UUID, concern_id: uuid.UUID) -> HttpResponse:
    case = view_case(request, case_id)
    return _concern_page(request, case, _concern(case, concern_id), CloseConcernForm())


@require_POST
@require_permission(Permission.VIEW_CASE_RECORDS)
def concern_close(request: HttpRequest, case_id: uuid.UUID, concern_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = _case_to_work_on(request, case_id)
    concern = _concern(case, concern_id)
    form = CloseConcernForm(request.POST)
    problem = ""
    if form.is_valid():
        try:
            care.close_concern(concern=concern, closing_note=form.cleaned_data["closing_note"], by=user)
        except CaseworkProblem as refused:
            problem = _refused(form, refused)
        else:
            messages.success(request, "Safeguarding concern closed.")
            return redirect("casework:case", case_id=case.pk)
    return _concern_page(request, case, concern, form, problem)

"""The team inbox and the team's view of a referral: parse input, check access, call an action, render.

Which referrals a user sees lives in referrals.access; who may move a referral, and where to, lives in
referrals.actions (which re-checks everything these pages offer)."""

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, Value
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from linkwell.accounts.models import Organisation, Team, User
from linkwell.accounts.permissions import has_permission, require_permission, signed_in_user
from linkwell.accounts.roles import Permission
from linkwell.matching.suggestion_views import inbox_preview
from linkwell.people.access import view_person
from linkwell.people.models import DuplicateStatus, PossibleDuplicate
from linkwell.referrals import actions
from linkwell.referrals.access import get_referral_for_user, has_team_sight, referrals_for_user, team_scope
from linkwell.referrals.duplicate_views import duplicates_to_check
from linkwell.referrals.inbox_forms import AllocateForm, InboxFilterForm, ReasonForm
from linkwell.referrals.inbox_queries import (
    STATUS_GROUP_LABELS,
    StatusGroup,
    age_on,
    caseloads,
    current_consents,
    inbox_counts,
    inbox_rows,
    need_labels,
    practice_name,
    urgent_first_then_oldest,
    waiting_days,
    waiting_label,
    worker_names,
)
from linkwell.referrals.models import REASON_REQUIRED, TRANSITIONS, Referral, ReferralStatus

PAGE_SIZE = 25


@dataclass(frozen=True)
class StatusChange:
    label: str
    to_status: ReferralStatus
    # Said when a reason is missing (for the statuses in REASON_REQUIRED).
    missing_reason: str = ""


# The status buttons on a referral's page, in the order shown. Allocation has its own form.
STATUS_CHANGES = {
    "triaged": StatusChange("Mark as triaged", ReferralStatus.TRIAGED),
    "contact-made": StatusChange("Record contact made", ReferralStatus.IN_CONTACT),
    "accepted": StatusChange("Accepted — first meaningful contact", ReferralStatus.ACCEPTED),
    "declined": StatusChange("Declined by the person", ReferralStatus.DECLINED_BY_PERSON),
    "unable-to-contact": StatusChange("Unable to contact", ReferralStatus.UNABLE_TO_CONTACT),
    "not-appropriate": StatusChange(
        "Not appropriate", ReferralStatus.NOT_APPROPRIATE, "Enter why the referral is not appropriate"
    ),
    "withdrawn": StatusChange("Withdrawn", ReferralStatus.WITHDRAWN, "Enter why the referral is withdrawn"),
}


def _team_referral(user: User, referral_id: uuid.UUID) -> Referral:
    """The referral as its team sees it; to a referrer who only made it, it is not here (404)."""
    referral = get_referral_for_user(user, referral_id)
    if not has_team_sight(user, referral):
        raise Http404("No such referral")
    return referral


@require_GET
@require_permission(Permission.VIEW_TEAM_INBOX)
def inbox(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = team_scope(user)
    # The inbox is team work: referrals the user made themselves are on the referrer pages.
    visible = referrals_for_user(user).filter(scope) if scope is not None else Referral.objects.none()
    teams = list(Team.objects.filter(pk__in=visible.values("team_id")).order_by("name"))
    practices = list(Organisation.objects.filter(pk__in=visible.values("person__gp_practice_id")).order_by("name"))
    form = InboxFilterForm(request.GET or None, teams=teams, practices=practices)
    today = timezone.localdate()
    referrals = visible.none() if form.is_bound and not form.is_valid() else form.filter(visible, today)
    counts = inbox_counts(referrals)
    ordered = urgent_first_then_oldest(referrals).select_related("person__gp_practice", "allocated_to", "team")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "referrals/inbox/inbox.html",
        {
            "form": form,
            "page": page,
            "rows": inbox_rows(page.object_list, today),
            "counts": counts,
            "group": form.status_group,
            "group_label": STATUS_GROUP_LABELS[form.status_group],
            "StatusGroup": StatusGroup,
            "several_teams": len(teams) > 1,
            "query": query.urlencode(),
            "duplicates_to_check": duplicates_to_check(user).count()
            if has_permission(user, Permission.CHECK_DUPLICATES)
            else 0,
        },
        status=400 if form.errors else 200,
    )


def _referral_page(
    request: HttpRequest,
    referral: Referral,
    *,
    reason_forms: dict[str, ReasonForm] | None = None,
    allocate_form: AllocateForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    # Every showing of the person's details is audited.
    person = view_person(request, referral.person_id)
    team = referral.team
    today = timezone.localdate()
    next_statuses = TRANSITIONS[ReferralStatus(referral.status)]
    may_change = has_permission(user, Permission.VIEW_CASE_RECORDS, team=team)
    may_allocate = ReferralStatus.ALLOCATED in next_statuses and has_permission(
        user, Permission.ALLOCATE_REFERRALS, team=team
    )
    if may_allocate and allocate_form is None:
        allocate_form = AllocateForm(
            caseloads=[load for load in caseloads(team) if load.worker.pk != referral.allocated_to_id]
        )
    changes = {
        slug: change for slug, change in STATUS_CHANGES.items() if may_change and change.to_status in next_statuses
    }
    forms = {
        slug: (reason_forms or {}).get(slug) or ReasonForm(missing_message=change.missing_reason, prefix=slug)
        for slug, change in changes.items()
        if change.to_status in REASON_REQUIRED
    }
    transitions = list(referral.transitions.all())
    may_check_duplicates = has_permission(user, Permission.CHECK_DUPLICATES, team=team)
    # One query: every open pair with this person, each marked whether this user may check it (a pair whose
    # other record is in another team is theirs to know about, not to check).
    open_duplicates = list(
        PossibleDuplicate.objects.filter(Q(person_id=person.pk) | Q(other_id=person.pk), status=DuplicateStatus.OPEN)
        .annotate(
            checkable=Exists(duplicates_to_check(user).filter(pk=OuterRef("pk")))
            if may_check_duplicates
            else Value(False)
        )
        .order_by("found_at", "pk")
        .values_list("pk", "checkable")
    )
    duplicate_to_check = next((pk for pk, checkable in open_duplicates if checkable), None)
    return render(
        request,
        "referrals/inbox/referral.html",
        {
            "referral": referral,
            "person": person,
            "age": age_on(person.date_of_birth, today),
            "practice": practice_name(person),
            "consents": current_consents(person),
            "reasons": need_labels(referral.reasons),
            "waiting": waiting_label(waiting_days(referral.received_at, today)),
            "is_waiting": referral.status in (ReferralStatus.RECEIVED, ReferralStatus.TRIAGED),
            "transitions": transitions,
            "names": worker_names(
                [referral.allocated_to_id] + [transition.allocated_to_id for transition in transitions]
            ),
            # The episode of support an accepted referral opened, for those who keep case records.
            "case_id": Referral.objects.filter(pk=referral.pk).values_list("case__id", flat=True).first()
            if may_change and referral.status == ReferralStatus.ACCEPTED
            else None,
            "open_duplicate": bool(open_duplicates),
            "duplicate_to_check": duplicate_to_check,
            "may_check_duplicates": may_check_duplicates,
            "may_pick_up": ReferralStatus.ALLOCATED in next_statuses
            and referral.allocated_to_id != user.pk
            and has_permission(user, Permission.PICK_UP_REFERRAL, team=team),
            "allocate_form": allocate_form if may_allocate else None,
            "changes": {slug: change for slug, change in changes.items() if slug not in forms},
            "reason_forms": [(slug, changes[slug], form) for slug, form in forms.items()],
            # A first idea of where the person could go, while the referral is still being dealt with.
            "suggestions": inbox_preview(referral, person) if next_statuses else None,
            "problem": problem,
            "has_errors": bool(problem)
            or any(form.errors for form in forms.values())
            or bool(allocate_form is not None and allocate_form.errors),
        },
        status=status,
    )


@require_GET
@require_permission(Permission.VIEW_TEAM_INBOX)
def referral_detail(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    return _referral_page(request, _team_referral(signed_in_user(request), referral_id))


def _refused(request: HttpRequest, referral: Referral, error: Exception) -> HttpResponse:
    """The action said no: show why on the referral's page, never a server error."""
    status = 403 if isinstance(error, PermissionDenied) else 400
    return _referral_page(request, referral, problem=str(error) or "You cannot make this change.", status=status)


@require_POST
@require_permission(Permission.VIEW_TEAM_INBOX)
def allocate(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    referral = _team_referral(user, referral_id)
    form = AllocateForm(request.POST, caseloads=caseloads(referral.team))
    if not form.is_valid():
        return _referral_page(request, referral, allocate_form=form, status=400)
    worker = form.caseloads[form.cleaned_data["worker"]].worker
    try:
        actions.allocate(referral=referral, to=worker, by=user)
    except (actions.IllegalTransition, PermissionDenied) as error:
        return _refused(request, referral, error)
    messages.success(request, f"{referral.reference} is allocated to {worker.full_name or worker.email}.")
    return redirect("inbox:referral", referral_id=referral.pk)


@require_POST
@require_permission(Permission.VIEW_TEAM_INBOX)
def pick_up(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    referral = _team_referral(user, referral_id)
    try:
        actions.pick_up(referral=referral, by=user)
    except (actions.IllegalTransition, PermissionDenied) as error:
        return _refused(request, referral, error)
    messages.success(request, f"You have picked up {referral.reference}.")
    return redirect("inbox:referral", referral_id=referral.pk)


@require_POST
@require_permission(Permission.VIEW_TEAM_INBOX)
def change_status(request: HttpRequest, referral_id: uuid.UUID, change: str) -> HttpResponse:
    user = signed_in_user(request)
    referral = _team_referral(user, referral_id)
    if change not in STATUS_CHANGES:
        raise Http404("No such change")
    step = STATUS_CHANGES[change]
    reason = ""
    if step.to_status in REASON_REQUIRED:
        form = ReasonForm(request.POST, missing_message=step.missing_reason, prefix=change)
        if not form.is_valid():
            return _referral_page(request, referral, reason_forms={change: form}, status=400)
        reason = form.cleaned_data["reason"]
    try:
        actions.change_status(referral=referral, to_status=step.to_status, by=user, reason=reason)
    except (actions.IllegalTransition, PermissionDenied) as error:
        return _refused(request, referral, error)
    messages.success(request, f"{referral.reference} is now “{step.to_status.label}”.")
    return redirect("inbox:referral", referral_id=referral.pk)

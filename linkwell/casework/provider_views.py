"""The provider inbox: referrals sent to the services a provider's organisation manages, and their answers.

Providers see of each referral only what the person agreed to share with them (onward.shared_details) —
never the case, its notes or the person's record. Which referrals a user sees lives in casework.access;
who may move a referral, and where to, in casework.onward.change_onward_status (which checks again)."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from linkwell.accounts.permissions import require_permission, signed_in_user
from linkwell.accounts.roles import Permission
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record_read
from linkwell.casework.access import get_onward_referral_for_provider, onward_referrals_for_provider
from linkwell.casework.models import Case, OnwardReferral, OnwardStatus
from linkwell.casework.onward import AWAITING_ANSWER, OnwardProblem, change_onward_status, next_statuses
from linkwell.casework.onward_display import STATUS_TAGS, awaits_answer
from linkwell.casework.provider_forms import DeclineForm, NoteForm, ProviderFilterForm
from linkwell.directory.models import Service

PAGE_SIZE = 25


@dataclass(frozen=True)
class ProviderMove:
    to_status: OnwardStatus
    label: str
    button: str
    # Said once the answer is saved.
    done: str


# The answers a provider can give, in the order offered; only those the referral's status allows are shown.
MOVES = {
    "accept": ProviderMove(
        OnwardStatus.ACCEPTED, "Accept the referral", "Accept referral", "You have accepted the referral."
    ),
    "decline": ProviderMove(
        OnwardStatus.DECLINED, "Decline the referral", "Decline referral", "You have declined the referral."
    ),
    "waitlist": ProviderMove(
        OnwardStatus.WAITLISTED,
        "Put on your waiting list",
        "Put on waiting list",
        "You have put the referral on your waiting list.",
    ),
    "started": ProviderMove(
        OnwardStatus.STARTED,
        "They came for the first time",
        "Confirm they came",
        "You have said they came for the first time.",
    ),
    "completed": ProviderMove(
        OnwardStatus.COMPLETED, "They completed", "Confirm they completed", "You have said they completed."
    ),
    "stopped": ProviderMove(
        OnwardStatus.STOPPED,
        "They stopped attending",
        "Confirm they stopped",
        "You have said they stopped attending.",
    ),
    "did-not-attend": ProviderMove(
        OnwardStatus.DID_NOT_ATTEND,
        "They did not attend",
        "Confirm they did not attend",
        "You have said they did not attend.",
    ),
}


def respond_by_words(respond_by: datetime, now: datetime) -> str:
    """How the answer's deadline stands, in UK days: "Due in 3 days", "Due today", "Overdue by 2 days"."""
    days = (timezone.localdate(respond_by) - timezone.localdate(now)).days
    if respond_by <= now:
        return "Overdue" if days == 0 else f"Overdue by {-days} day{'' if days == -1 else 's'}"
    if days == 0:
        return "Due today"
    return "Due tomorrow" if days == 1 else f"Due in {days} days"


@require_GET
@require_permission(Permission.VIEW_PROVIDER_INBOX)
def inbox(request: HttpRequest) -> HttpResponse:
    visible = onward_referrals_for_provider(signed_in_user(request))
    services = list(Service.objects.filter(pk__in=visible.values("service_id")).order_by("name").only("name"))
    form = ProviderFilterForm(request.GET or None, services=services)
    chosen = visible.none() if form.is_bound and not form.is_valid() else form.filter(visible)
    now = timezone.now()
    waiting = visible.filter(AWAITING_ANSWER).aggregate(
        total=Count("pk"), overdue=Count("pk", filter=Q(respond_by__lte=now))
    )
    ordered = chosen.select_related("service", "case__referral").order_by("-sent_at", "pk")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [
        {
            "onward": onward,
            "reference": onward.case.referral.reference,
            "sent_on": timezone.localdate(onward.sent_at),
            "respond_on": timezone.localdate(onward.respond_by),
            "respond_by": respond_by_words(onward.respond_by, now) if awaits_answer(onward) else "",
        }
        for onward in page.object_list
    ]
    return render(
        request,
        "casework/provider/inbox.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "total": page.paginator.count,
            "waiting": waiting,
            "query": query.urlencode(),
            "tags": STATUS_TAGS,
        },
        status=400 if form.errors else 200,
    )


def _form_for(slug: str, data: Any = None) -> NoteForm:
    form_class = DeclineForm if slug == "decline" else NoteForm
    return form_class(data, prefix=slug)


def _referral_page(
    request: HttpRequest,
    onward: OnwardReferral,
    *,
    posted: dict[str, NoteForm] | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    # Only what the page shows of the case: the referral's reference and the team to contact.
    case = (
        Case.objects.filter(pk=onward.case_id)
        .values("person_id", "referral__reference", "team__name", "team__contact_phone", "team__contact_email")
        .get()
    )
    record_read(request, action=AuditAction.ONWARD_REFERRAL_VIEWED, obj=onward, person_id=str(case["person_id"]))
    allowed = next_statuses(onward)
    forms = {
        slug: (posted or {}).get(slug) or _form_for(slug) for slug, move in MOVES.items() if move.to_status in allowed
    }
    now = timezone.now()
    return render(
        request,
        "casework/provider/referral.html",
        {
            "onward": onward,
            "details": onward.shared_details,
            "reference": case["referral__reference"],
            "team": {
                "name": case["team__name"],
                "phone": case["team__contact_phone"],
                "email": case["team__contact_email"],
            },
            "respond_by": respond_by_words(onward.respond_by, now) if awaits_answer(onward) else "",
            "history": list(onward.transitions.values("to_status", "at")),
            "status_labels": dict(OnwardStatus.choices),
            "tags": STATUS_TAGS,
            "answers": [(slug, MOVES[slug], form) for slug, form in forms.items()],
            "problem": problem,
            "has_errors": bool(problem) or any(form.errors for form in forms.values()),
        },
        status=status,
    )


@require_GET
@require_permission(Permission.VIEW_PROVIDER_INBOX)
def referral(request: HttpRequest, onward_id: uuid.UUID) -> HttpResponse:
    return _referral_page(request, get_onward_referral_for_provider(signed_in_user(request), onward_id))


@require_POST
@require_permission(Permission.VIEW_PROVIDER_INBOX)
def change(request: HttpRequest, onward_id: uuid.UUID, move: str) -> HttpResponse:
    user = signed_in_user(request)
    onward = get_onward_referral_for_provider(user, onward_id)
    chosen = MOVES.get(move)
    if chosen is None:
        raise Http404("No such answer")
    form = _form_for(move, request.POST)
    if not form.is_valid():
        return _referral_page(request, onward, posted={move: form}, status=400)
    try:
        change_onward_status(
            onward=onward,
            to_status=chosen.to_status,
            by=user,
            note=form.cleaned_data["note"],
            decline_reason=form.cleaned_data.get("reason", ""),
        )
    except (OnwardProblem, PermissionDenied) as refused:
        # Shown against the referral as it is now: someone may have moved it on in the meantime.
        current = get_onward_referral_for_provider(user, onward_id)
        status = 403 if isinstance(refused, PermissionDenied) else 400
        return _referral_page(request, current, problem=str(refused) or "You cannot make this change.", status=status)
    messages.success(request, f"{chosen.done} We have told the link worker.")
    return redirect("provider:referral", onward_id=onward.pk)

"""Onward referrals (social prescriptions): sending one from a case, signposting, and every move through
the onward status state machine — whether made by a provider user, an emailed link, the link worker or the
deadline. Notifications to the provider and the link worker are hooked in by casework.onward_notices."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from linkwell.accounts.models import User
from linkwell.accounts.permissions import has_permission
from linkwell.accounts.roles import Permission
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.casework.actions import CaseworkProblem, check_may_work_on, check_open, check_text, lock_case
from linkwell.casework.models import (
    DEFAULT_ONWARD_RESPONSE_DAYS,
    ONWARD_TRANSITIONS,
    SHORT_NOTE_LIMIT,
    Case,
    DeclineReason,
    OnwardReferral,
    OnwardStatus,
    OnwardTransition,
    SchemeSettings,
    Signposting,
)
from linkwell.casework.onward_notices import tell_link_worker_of_change, tell_provider_of_new_referral
from linkwell.directory.models import CapacityStatus, PublicationState, ReferralMethod, Service
from linkwell.directory.search import VISIBLE_STATUSES
from linkwell.people.actions import current_consent
from linkwell.people.models import ConsentDecision, ConsentPurpose, Person

# Who a provider's answer may come from, besides a signed-in user.
EMAILED_LINK = "the provider, by emailed link"
SYSTEM = "Linkwell (response deadline passed)"

# What a provider may do to a referral, and what a link worker may do to one they sent.
PROVIDER_MOVES = frozenset(
    {
        OnwardStatus.ACCEPTED,
        OnwardStatus.DECLINED,
        OnwardStatus.WAITLISTED,
        OnwardStatus.STARTED,
        OnwardStatus.COMPLETED,
        OnwardStatus.STOPPED,
        OnwardStatus.DID_NOT_ATTEND,
    }
)
LINK_WORKER_MOVES = frozenset({OnwardStatus.WITHDRAWN, *PROVIDER_MOVES - {OnwardStatus.WAITLISTED}})


# Once here, a referral is over (declined included): the person may be referred to the service afresh.
ONWARD_FINAL = frozenset(status for status, moves in ONWARD_TRANSITIONS.items() if not moves)
# Not yet answered by the provider: the response deadline and the halfway reminder apply. A referral
# waitlisted because the service keeps a waiting list has had no answer yet; one the provider put on
# their waiting list has.
AWAITING_ANSWER = Q(status=OnwardStatus.SENT) | Q(status=OnwardStatus.WAITLISTED, first_response_at__isnull=True)


def next_statuses(onward: OnwardReferral) -> frozenset[OnwardStatus]:
    """Where the referral may go from here: the state machine, less a second waiting-list answer."""
    moves = ONWARD_TRANSITIONS[OnwardStatus(onward.status)]
    if onward.status == OnwardStatus.WAITLISTED and onward.first_response_at is not None:
        moves = moves - {OnwardStatus.WAITLISTED}
    return frozenset(OnwardStatus(move) for move in moves)


class OnwardProblem(ValueError):
    """The onward referral cannot make this move. str() is a message to show the user."""


@dataclass(frozen=True)
class SharedDetails:
    """The minimum a provider sees: what the person agreed to share, fixed when the referral is sent."""

    name: str
    phone: str
    email: str
    preferred_contact: str
    reason: str
    access_needs: str

    def as_json(self) -> dict[str, str]:
        return {
            "name": self.name,
            "phone": self.phone,
            "email": self.email,
            "preferred_contact": self.preferred_contact,
            "reason": self.reason,
            "access_needs": self.access_needs,
        }


NOT_LISTED = "This service is not listed in the directory any more"


def is_listed(service: Service) -> bool:
    """Whether the service is in the directory as people see it: published, and not closed for good."""
    return service.state == PublicationState.PUBLISHED and service.status in VISIBLE_STATUSES


def response_days(case: Case) -> int:
    settings = SchemeSettings.objects.filter(scheme_id=case.scheme_id).first()
    return settings.onward_response_days if settings is not None else DEFAULT_ONWARD_RESPONSE_DAYS


def may_share_with_providers(person: Person) -> bool:
    consent = current_consent(person)[ConsentPurpose.SHARE_WITH_PROVIDERS]
    return consent is not None and consent.decision == ConsentDecision.GIVEN


def access_needs_of(person: Person) -> str:
    """The access and communication needs on the person's record, as one line for a provider."""
    needs = []
    if person.needs_interpreter:
        needs.append(
            f"Needs an interpreter ({person.interpreter_language})"
            if person.interpreter_language
            else "Needs an interpreter"
        )
    if person.accessible_formats:
        needs.append(f"Accessible formats: {person.accessible_formats}")
    return "; ".join(needs)


def shared_details_for(person: Person, *, reason: str, access_needs: str) -> SharedDetails:
    return SharedDetails(
        name=person.display_name,
        phone=person.phone,
        email=person.email,
        preferred_contact=person.get_preferred_contact_method_display() if person.preferred_contact_method else "",
        reason=reason,
        access_needs=access_needs,
    )


@transaction.atomic
def send_onward_referral(
    *, case: Case, service: Service, reason: str, access_needs: str | None = None, by: User
) -> OnwardReferral:
    """Refer the person on to a service. Refused when the person has not agreed to share their details with
    providers, the service is not published, takes no referrals (signpost instead), is full, or already has
    a live referral for this person. A waiting-list service queues it as waitlisted."""
    locked = lock_case(case)
    check_may_work_on(locked, by=by)
    check_open(locked)
    errors: dict[str, str] = {}
    reason = check_text(
        errors, "reason", reason, limit=SHORT_NOTE_LIMIT, required="Say why you are referring the person"
    )
    person = locked.person
    if access_needs is None:
        access_needs = access_needs_of(person)
    access_needs = check_text(errors, "access_needs", access_needs, limit=500)
    service = Service.objects.select_for_update().get(pk=service.pk)
    if not is_listed(service):
        errors["service"] = NOT_LISTED
    elif service.referral_method == ReferralMethod.SIGNPOST:
        errors["service"] = "This service takes no referrals: people just go along. Record a signposting instead"
    elif service.capacity_status == CapacityStatus.FULL:
        errors["service"] = "This service is full and is not taking new referrals"
    if not may_share_with_providers(person):
        errors["consent"] = (
            "The person has not agreed to share their details with community groups and services. "
            "Record their consent first, or signpost them instead"
        )
    if OnwardReferral.objects.filter(
        case=locked, service=service, status__in=[status for status in OnwardStatus if status not in ONWARD_FINAL]
    ).exists():
        errors["service"] = "The person already has a referral to this service in progress"
    if errors:
        raise CaseworkProblem(errors)

    now = timezone.now()
    status = OnwardStatus.WAITLISTED if service.capacity_status == CapacityStatus.WAITLIST else OnwardStatus.SENT
    onward = OnwardReferral.objects.create(
        case=locked,
        service=service,
        status=status,
        reason=reason,
        shared_details=shared_details_for(person, reason=reason, access_needs=access_needs).as_json(),
        sent_at=now,
        sent_by=by,
        respond_by=now + timedelta(days=response_days(locked)),
        status_changed_at=now,
    )
    OnwardTransition.objects.create(
        onward_referral=onward, from_status="", to_status=status, at=now, by_id=by.pk, by_label=by.email
    )
    record(
        by=by,
        action=AuditAction.ONWARD_REFERRAL_SENT,
        obj=onward,
        person_id=str(locked.person_id),
        detail={"service_id": str(service.pk), "status": status.value},
    )
    tell_provider_of_new_referral(onward)
    return onward


@transaction.atomic
def signpost(*, case: Case, service: Service, note: str = "", by: User) -> Signposting:
    """Record that the person was told about a service they can just go along to."""
    locked = lock_case(case)
    check_may_work_on(locked, by=by)
    check_open(locked)
    errors: dict[str, str] = {}
    note = check_text(errors, "note", note, limit=SHORT_NOTE_LIMIT)
    if not is_listed(service):
        errors["service"] = NOT_LISTED
    if errors:
        raise CaseworkProblem(errors)
    signposting = Signposting.objects.create(case=locked, service=service, note=note, by=by)
    record(
        by=by,
        action=AuditAction.SIGNPOSTED,
        obj=signposting,
        person_id=str(locked.person_id),
        detail={"service_id": str(service.pk)},
    )
    return signposting


def _check_actor(onward: OnwardReferral, to_status: OnwardStatus, by: User | None, by_label: str) -> None:
    """Providers answer for their own organisation's services; the case's team may record what the person
    told them and withdraw; an emailed link (checked by its caller) answers as the provider; the system
    only expires referrals nobody answered."""
    if by is None:
        if (by_label == EMAILED_LINK and to_status in PROVIDER_MOVES) or (
            by_label == SYSTEM and to_status == OnwardStatus.EXPIRED
        ):
            return
        raise PermissionDenied("You cannot make this change to the referral.")
    is_team = has_permission(by, Permission.VIEW_CASE_RECORDS, team=onward.case.team)
    if _is_provider(by, onward) and to_status in PROVIDER_MOVES:
        return
    if is_team and to_status in LINK_WORKER_MOVES:
        return
    raise PermissionDenied("You cannot make this change to the referral.")


@transaction.atomic
def change_onward_status(
    *,
    onward: OnwardReferral,
    to_status: OnwardStatus,
    by: User | None,
    by_label: str = "",
    note: str = "",
    decline_reason: DeclineReason | str = "",
) -> None:
    """Move an onward referral on. `by` is the signed-in user, or None with `by_label` EMAILED_LINK (the
    caller has checked the link) or SYSTEM. Raises OnwardProblem for a move the state machine does not
    allow or a missing decline reason, PermissionDenied when the actor may not make it. The link worker is
    told of every provider response; the caller's `onward` is updated too."""
    locked = OnwardReferral.objects.select_for_update().select_related("case__team", "service").get(pk=onward.pk)
    to_status = OnwardStatus(to_status)
    _check_actor(locked, to_status, by, by_label)
    from_status = OnwardStatus(locked.status)
    if to_status == from_status == OnwardStatus.WAITLISTED and locked.first_response_at is not None:
        raise OnwardProblem("The referral is already on the waiting list.")
    if to_status not in next_statuses(locked):
        raise OnwardProblem(f"A referral that is “{from_status.label}” cannot become “{to_status.label}”.")
    # The state machine lets a waitlisted referral expire, but only one nobody has answered: one the provider
    # put on their waiting list (perhaps while expire_overdue was running) has had its answer.
    if to_status == OnwardStatus.EXPIRED and locked.first_response_at is not None:
        raise OnwardProblem("The provider has answered this referral, so it cannot expire.")
    note = note.strip()
    if len(note) > SHORT_NOTE_LIMIT:
        raise OnwardProblem(f"Keep the note to {SHORT_NOTE_LIMIT} characters or fewer.")
    if to_status == OnwardStatus.DECLINED:
        if decline_reason not in DeclineReason.values:
            raise OnwardProblem("Choose why the referral is declined.")
        if decline_reason == DeclineReason.OTHER and not note:
            raise OnwardProblem("Say why the referral is declined.")
    elif decline_reason:
        raise OnwardProblem("Only a declined referral has a reason for declining.")

    now = timezone.now()
    locked.status = to_status
    locked.status_changed_at = now
    locked.decline_reason = decline_reason if to_status == OnwardStatus.DECLINED else ""
    is_provider_response = to_status in PROVIDER_MOVES and (
        (by is None and by_label == EMAILED_LINK) or _is_provider(by, locked)
    )
    if is_provider_response and locked.first_response_at is None:
        locked.first_response_at = now
    locked.save(update_fields=["status", "status_changed_at", "decline_reason", "first_response_at"])
    label = by.email if by is not None else by_label
    OnwardTransition.objects.create(
        onward_referral=locked,
        from_status=from_status,
        to_status=to_status,
        at=now,
        by_id=by.pk if by else None,
        by_label=label,
        note=note,
    )
    record(
        by=by,
        action=AuditAction.ONWARD_REFERRAL_CHANGED,
        obj=locked,
        person_id=str(locked.case.person_id),
        detail={"from": from_status.value, "to": to_status.value, "by": label},
    )
    onward.status = locked.status
    onward.status_changed_at = now
    onward.decline_reason = locked.decline_reason
    onward.first_response_at = locked.first_response_at
    tell_link_worker_of_change(locked, from_status=from_status, by_label=label, note=note)


def _is_provider(user: User | None, onward: OnwardReferral) -> bool:
    managed_by = onward.service.managed_by
    return (
        user is not None
        and managed_by is not None
        and has_permission(user, Permission.VIEW_PROVIDER_INBOX, organisation=managed_by)
    )


def expire_overdue(*, now: datetime | None = None) -> int:
    """Expire every referral still unanswered past its deadline; the link worker is told. Returns how many.
    Each in its own transaction, so one failure does not hold back the rest."""
    now = now or timezone.now()
    overdue = list(OnwardReferral.objects.filter(AWAITING_ANSWER, respond_by__lte=now).values_list("pk", flat=True))
    expired = 0
    for pk in overdue:
        onward = OnwardReferral.objects.get(pk=pk)
        try:
            change_onward_status(onward=onward, to_status=OnwardStatus.EXPIRED, by=None, by_label=SYSTEM)
        except OnwardProblem:
            continue  # answered in the meantime (the status check runs again under the row lock)
        expired += 1
    return expired


def due_for_reminder(*, now: datetime | None = None) -> list[OnwardReferral]:
    """Unanswered referrals past the halfway point of their response time, not yet reminded."""
    now = now or timezone.now()
    candidates = OnwardReferral.objects.filter(
        AWAITING_ANSWER & Q(reminder_sent_at__isnull=True, respond_by__gt=now)
    ).select_related("service")
    return [onward for onward in candidates if onward.sent_at + (onward.respond_by - onward.sent_at) / 2 <= now]

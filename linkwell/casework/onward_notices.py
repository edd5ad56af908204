"""What providers and link workers are told about onward referrals. Email is not a secure channel:
messages to providers carry no personal details (they sign in, or follow a single-purpose link, to see
the minimum shared with them); messages to link workers name the service and the new status only."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse

from linkwell.accounts.models import Membership, User
from linkwell.accounts.roles import ROLE_DEFINITIONS, Permission
from linkwell.casework.models import DeclineReason, LinkPurpose, OnwardReferral, OnwardStatus
from linkwell.casework.provider_links import create_links, link_url
from linkwell.directory.models import Service
from linkwell.lib.dates import format_datetime
from linkwell.notifications.service import notify

# Roles that answer referrals in the provider inbox.
_INBOX_ROLES = [
    role for role, definition in ROLE_DEFINITIONS.items() if Permission.VIEW_PROVIDER_INBOX in definition.permissions
]

# The line the link worker reads first: "{service}" and "{reference}" are filled in.
HEADLINES = {
    OnwardStatus.ACCEPTED: "{service} accepted referral {reference}",
    OnwardStatus.DECLINED: "{service} declined referral {reference}",
    OnwardStatus.WAITLISTED: "{service} put referral {reference} on its waiting list",
    OnwardStatus.STARTED: "Referral {reference}: the person has started at {service}",
    OnwardStatus.COMPLETED: "Referral {reference}: the person has completed {service}",
    OnwardStatus.STOPPED: "Referral {reference}: the person has stopped going to {service}",
    OnwardStatus.DID_NOT_ATTEND: "Referral {reference}: the person did not go to {service}",
    OnwardStatus.WITHDRAWN: "Referral {reference} to {service} was withdrawn",
    OnwardStatus.EXPIRED: "Referral {reference} to {service} expired: no answer in time",
}


def _inbox_users(service: Service) -> list[User]:
    """The active provider users who answer for the organisation that manages the service."""
    if service.managed_by_id is None:
        return []
    memberships = Membership.objects.filter(
        organisation_id=service.managed_by_id, role__in=_INBOX_ROLES, user__is_active=True
    ).select_related("user")
    return list({membership.user_id: membership.user for membership in memberships}.values())


def _referral_address(service: Service, *, has_inbox_users: bool) -> str:
    """Where the referral email goes: the service's referral address, or — for a group that has no Linkwell
    users to see it in the inbox — the directory organisation's general address."""
    if service.referral_email:
        return service.referral_email
    return "" if has_inbox_users else service.organization.email


def _provider_context(onward: OnwardReferral, *, has_inbox_users: bool) -> dict[str, Any]:
    team = onward.case.team
    return {
        "service_name": onward.service.name,
        "reference": onward.case.referral.reference,
        "respond_by": format_datetime(onward.respond_by),
        "queued_on_waiting_list": onward.status == OnwardStatus.WAITLISTED,
        "team_name": team.name,
        "team_phone": team.contact_phone,
        "team_email": team.contact_email,
        "inbox_url": settings.SITE_URL + reverse("provider:inbox") if has_inbox_users else "",
    }


def _links_context(onward: OnwardReferral, now: datetime | None) -> dict[str, str]:
    links = create_links(onward, now=now)
    return {
        "accept_url": link_url(links[LinkPurpose.ACCEPT]),
        "decline_url": link_url(links[LinkPurpose.DECLINE]),
        "attended_url": link_url(links[LinkPurpose.ATTENDED]),
    }


def tell_provider_of_new_referral(onward: OnwardReferral) -> None:
    """Email the service's referral address (with single-purpose links for groups without accounts).
    Provider users find the referral in their inbox."""
    users = _inbox_users(onward.service)
    address = _referral_address(onward.service, has_inbox_users=bool(users))
    if not address:
        return
    context = _provider_context(onward, has_inbox_users=bool(users))
    notify(
        to_email=address,
        template="emails/casework/onward_new_provider",
        context=context | _links_context(onward, None),
        reference=context["reference"],
    )


def remind_provider(onward: OnwardReferral, *, now: datetime) -> None:
    """Halfway to the deadline with no answer: remind the referral address with fresh links, or, when the
    organisation has no such address, its provider users, who answer in the inbox."""
    users = _inbox_users(onward.service)
    address = _referral_address(onward.service, has_inbox_users=bool(users))
    context = _provider_context(onward, has_inbox_users=bool(users))
    if address:
        notify(
            to_email=address,
            template="emails/casework/onward_reminder_provider",
            context=context | _links_context(onward, now),
            reference=context["reference"],
        )
        return
    for user in users:
        notify(
            to_email=user.email,
            template="emails/casework/onward_reminder_provider",
            context=context,
            reference=context["reference"],
        )


def tell_link_worker_of_change(onward: OnwardReferral, *, from_status: OnwardStatus, by_label: str, note: str) -> None:
    """Tell the case's link worker of a provider's response, an emailed-link answer or an expiry — of any
    change, in fact, except one they made themselves."""
    case = onward.case
    link_worker = case.link_worker
    if by_label == link_worker.email:
        return
    reference = case.referral.reference
    status = OnwardStatus(onward.status)
    notify(
        to_email=link_worker.email,
        template="emails/casework/onward_changed_link_worker",
        context={
            "headline": HEADLINES[status].format(service=onward.service.name, reference=reference),
            "reference": reference,
            "service_name": onward.service.name,
            "status": status.label,
            "from_status": OnwardStatus(from_status).label,
            "by": by_label,
            "decline_reason": DeclineReason(onward.decline_reason).label if onward.decline_reason else "",
            # The note may name the person: the link worker reads it in Linkwell, not in the email.
            "has_note": bool(note),
            "ended_without_support": status in (OnwardStatus.DECLINED, OnwardStatus.EXPIRED),
            "case_url": settings.SITE_URL + reverse("casework:case", kwargs={"case_id": case.pk}),
        },
        reference=reference,
    )

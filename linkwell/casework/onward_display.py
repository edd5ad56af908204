"""How onward referrals and signpostings read on the link worker's pages: status tags, deadlines in words, the
provider's latest note, and what a directory service can take. Reads only; the moves are in casework.onward."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from linkwell.accounts.models import Membership
from linkwell.accounts.roles import Role
from linkwell.casework.models import OnwardReferral, OnwardStatus, OnwardTransition
from linkwell.casework.onward import EMAILED_LINK
from linkwell.directory.models import CapacityStatus, ReferralMethod, Service
from linkwell.lib.dates import format_date

# NHS.UK tag colours: blue waiting, green going well, orange or red for something to act on, grey for over.
STATUS_TAGS = {
    OnwardStatus.SENT: "nhsuk-tag--blue",
    OnwardStatus.WAITLISTED: "nhsuk-tag--yellow",
    OnwardStatus.ACCEPTED: "nhsuk-tag--aqua-green",
    OnwardStatus.STARTED: "nhsuk-tag--green",
    OnwardStatus.COMPLETED: "nhsuk-tag--green",
    OnwardStatus.DECLINED: "nhsuk-tag--red",
    OnwardStatus.STOPPED: "nhsuk-tag--orange",
    OnwardStatus.DID_NOT_ATTEND: "nhsuk-tag--orange",
    OnwardStatus.WITHDRAWN: "nhsuk-tag--grey",
    OnwardStatus.EXPIRED: "nhsuk-tag--red",
}


@dataclass(frozen=True)
class Move:
    """A move the link worker records, as its button and as a line of explanation."""

    button: str
    hint: str


# The order the link worker's moves are offered in: what the person said first, then the provider's answer
# passed on by phone or email, then withdrawing.
LINK_WORKER_MOVE_TEXT = {
    OnwardStatus.STARTED: Move("Record that they started", "The person has been along at least once."),
    OnwardStatus.COMPLETED: Move("Record that they completed it", "The person finished the course or activity."),
    OnwardStatus.STOPPED: Move("Record that they stopped going", "The person started but no longer goes."),
    OnwardStatus.DID_NOT_ATTEND: Move("Record that they did not go", "The person was accepted but never went."),
    OnwardStatus.ACCEPTED: Move(
        "Record that the provider accepted", "The provider told you directly, by phone or email."
    ),
    OnwardStatus.DECLINED: Move(
        "Record that the provider declined", "The provider told you directly, by phone or email."
    ),
    OnwardStatus.WITHDRAWN: Move(
        "Withdraw the referral", "The person no longer wants it, or it is no longer right for them."
    ),
}


def awaits_answer(onward: OnwardReferral) -> bool:
    """The same test as onward.AWAITING_ANSWER, for a referral already loaded."""
    return onward.status == OnwardStatus.SENT or (
        onward.status == OnwardStatus.WAITLISTED and onward.first_response_at is None
    )


def local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def deadline_words(onward: OnwardReferral, *, now: datetime | None = None) -> str:
    """The answer deadline as a sentence, saying "overdue" in words once it has passed; "" once answered."""
    if not awaits_answer(onward):
        return ""
    due = format_date(local_date(onward.respond_by))
    if onward.respond_by <= (now or timezone.now()):
        return f"Overdue: the provider was asked to answer by {due}"
    return f"Answer due by {due}"


@dataclass(frozen=True)
class OnwardRow:
    onward: OnwardReferral
    status_label: str
    tag: str
    sent_on: date
    respond_by: date
    deadline: str
    overdue: bool
    provider_note: OnwardTransition | None


def provider_notes(referrals: list[OnwardReferral]) -> dict[uuid.UUID, OnwardTransition]:
    """Each referral's latest transition with a note from its provider (signed in, or by emailed link).
    Two queries for any number of referrals."""
    if not referrals:
        return {}
    managers = {onward.service.managed_by_id for onward in referrals if onward.service.managed_by_id}
    provider_users = (
        set(
            Membership.objects.filter(role=Role.PROVIDER, organisation_id__in=managers).values_list(
                "user_id", "organisation_id"
            )
        )
        if managers
        else set()
    )
    managed_by = {onward.pk: onward.service.managed_by_id for onward in referrals}
    latest: dict[uuid.UUID, OnwardTransition] = {}
    with_notes = OnwardTransition.objects.filter(onward_referral_id__in=managed_by.keys()).exclude(note="")
    for transition in with_notes.order_by("at", "id"):
        from_provider = (transition.by_id is None and transition.by_label == EMAILED_LINK) or (
            transition.by_id,
            managed_by[transition.onward_referral_id],
        ) in provider_users
        if from_provider:
            latest[transition.onward_referral_id] = transition
    return latest


def onward_rows(referrals: list[OnwardReferral], *, now: datetime | None = None) -> list[OnwardRow]:
    now = now or timezone.now()
    notes = provider_notes(referrals)
    return [
        OnwardRow(
            onward=onward,
            status_label=OnwardStatus(onward.status).label,
            tag=STATUS_TAGS[OnwardStatus(onward.status)],
            sent_on=local_date(onward.sent_at),
            respond_by=local_date(onward.respond_by),
            deadline=deadline_words(onward, now=now),
            overdue=awaits_answer(onward) and onward.respond_by <= now,
            provider_note=notes.get(onward.pk),
        )
        for onward in referrals
    ]


# What a service in the directory can take from a link worker.
REFER, WAITLIST, FULL, SIGNPOST = "refer", "waitlist", "full", "signpost"


def offer_of(service: Service) -> str:
    if service.referral_method == ReferralMethod.SIGNPOST:
        return SIGNPOST
    if service.capacity_status == CapacityStatus.FULL:
        return FULL
    if service.capacity_status == CapacityStatus.WAITLIST:
        return WAITLIST
    return REFER

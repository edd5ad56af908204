"""Using a single-purpose link emailed to a provider: whether it still works, and the one change it makes.

A link works once, until it expires, and only while the referral can still make its move. Every refusal is
written to the audit log (with why, and nothing about the person), so a scheme can see links being tried."""

import enum
from datetime import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.casework.models import (
    ONWARD_TRANSITIONS,
    DeclineReason,
    LinkPurpose,
    OnwardReferral,
    OnwardStatus,
    ProviderLink,
)
from linkwell.casework.onward import EMAILED_LINK, change_onward_status
from linkwell.casework.provider_links import UnknownLink, link_from_token

# The one move each kind of link makes.
LINK_MOVES = {
    LinkPurpose.ACCEPT: OnwardStatus.ACCEPTED,
    LinkPurpose.DECLINE: OnwardStatus.DECLINED,
    LinkPurpose.ATTENDED: OnwardStatus.STARTED,
}


class Refusal(enum.StrEnum):
    INVALID = "invalid"
    USED = "used"
    EXPIRED = "expired"
    MOVED_ON = "moved_on"


class LinkRefused(Exception):
    """The link cannot be used. `link` is None when the token names no link."""

    def __init__(self, refusal: Refusal, link: ProviderLink | None = None) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal
        self.link = link


def _check(link: ProviderLink, onward: OnwardReferral, now: datetime) -> None:
    if link.used_at is not None:
        raise LinkRefused(Refusal.USED, link)
    if link.expires_at <= now:
        raise LinkRefused(Refusal.EXPIRED, link)
    if LINK_MOVES[LinkPurpose(link.purpose)] not in ONWARD_TRANSITIONS[OnwardStatus(onward.status)]:
        raise LinkRefused(Refusal.MOVED_ON, link)


def open_link(token: str) -> ProviderLink:
    """The link a token names, if it can still be used; LinkRefused says why not. Changes nothing."""
    try:
        link = link_from_token(token)
    except UnknownLink:
        raise LinkRefused(Refusal.INVALID) from None
    _check(link, link.onward_referral, timezone.now())
    return link


@transaction.atomic
def use_link(*, token: str, decline_reason: DeclineReason | str = "", note: str = "") -> ProviderLink:
    """Make the link's one move, as the provider by emailed link, and mark the link used. Raises LinkRefused,
    or OnwardProblem for a missing decline reason or a note too long; either way nothing changes."""
    found = open_link(token)
    # Both rows locked before the checks run again, so two clicks at once make one change, and a referral
    # moved on by someone else in the meantime is refused as such.
    onward = OnwardReferral.objects.select_for_update().get(pk=found.onward_referral_id)
    link = ProviderLink.objects.select_for_update().get(pk=found.pk)
    now = timezone.now()
    _check(link, onward, now)
    move = LINK_MOVES[LinkPurpose(link.purpose)]
    change_onward_status(
        onward=onward,
        to_status=move,
        by=None,
        by_label=EMAILED_LINK,
        note=note,
        decline_reason=decline_reason if move == OnwardStatus.DECLINED else "",
    )
    link.used_at = now
    link.save(update_fields=["used_at"])
    found.used_at = now
    return found


def record_refusal(request: HttpRequest, refused: LinkRefused) -> None:
    """Audit a refused link: which link and why, never the token or anything about the person."""
    link = refused.link
    detail = {"reason": refused.refusal.value}
    if link is not None:
        detail |= {"purpose": link.purpose, "onward_referral_id": str(link.onward_referral_id)}
    record(
        by=request.user,
        action=AuditAction.PROVIDER_LINK_REFUSED,
        object_type=ProviderLink._meta.label_lower,
        object_id=str(link.pk) if link is not None else "",
        request=request,
        detail=detail,
    )

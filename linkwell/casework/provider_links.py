"""Single-purpose links emailed to providers without accounts: accept, decline, or confirm the person came.

The emailed URL carries a ProviderLink's id, signed with a salt of its own, so it cannot be guessed or
altered; the row says what the link is for, until when, and whether it was used. Using a link lives in
casework.link_actions (this module is imported by the notifications that send the links)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from linkwell.casework.models import LinkPurpose, OnwardReferral, ProviderLink

SALT = "linkwell.provider-link"
# A "they came along" answer comes after the first session, often weeks after the referral.
ATTENDED_LINK_DAYS = 60
# A dot joins id and signature: it survives email clients that break URLs at colons.
_SIGNER = signing.Signer(salt=SALT, sep=".")


class UnknownLink(ValueError):
    """The token was altered, signed for something else, or names no link."""


def create_links(onward: OnwardReferral, *, now: datetime | None = None) -> dict[LinkPurpose, ProviderLink]:
    """A fresh set of links for the referral: accept and decline last until it must be answered."""
    now = now or timezone.now()
    expiry = {
        LinkPurpose.ACCEPT: onward.respond_by,
        LinkPurpose.DECLINE: onward.respond_by,
        LinkPurpose.ATTENDED: now + timedelta(days=ATTENDED_LINK_DAYS),
    }
    return {
        purpose: ProviderLink.objects.create(
            onward_referral=onward, purpose=purpose, created_at=now, expires_at=expires_at
        )
        for purpose, expires_at in expiry.items()
    }


def token_for(link: ProviderLink) -> str:
    return _SIGNER.sign(link.pk.hex)


def link_url(link: ProviderLink) -> str:
    """The full address to put in an email."""
    return settings.SITE_URL + reverse("provider_link:landing", kwargs={"token": token_for(link)})


def link_from_token(token: str) -> ProviderLink:
    """The link a token names, with its referral and service; UnknownLink for anything else."""
    try:
        link_id = _SIGNER.unsign(token)
        return ProviderLink.objects.select_related(
            "onward_referral__service", "onward_referral__case__team", "onward_referral__case__referral"
        ).get(pk=link_id)
    except (signing.BadSignature, ValidationError, ProviderLink.DoesNotExist):
        raise UnknownLink("This link is not valid") from None

"""What we tell referrers and people about a referral. Email is not a secure channel: messages carry the
reference and the team, never the person's name, needs or clinical details."""

from typing import Any

from linkwell.notifications.service import notify
from linkwell.people.actions import current_consent
from linkwell.people.models import ConsentDecision, ConsentPurpose
from linkwell.referrals.models import Referral, ReferralSource, ReferralStatus

# Statuses the referrer hears about: their referral will not go ahead.
DECISIONS_TOLD_TO_REFERRER = frozenset({ReferralStatus.DECLINED_BY_PERSON, ReferralStatus.NOT_APPROPRIATE})


def _referrer_email(referral: Referral) -> str:
    if referral.referrer_email:
        return referral.referrer_email
    return referral.referred_by.email if referral.referred_by is not None else ""


def _context(referral: Referral) -> dict[str, Any]:
    team = referral.team
    return {
        "reference": referral.reference,
        "team_name": team.name,
        "team_phone": team.contact_phone,
        "team_email": team.contact_email,
    }


def acknowledge_referral(referral: Referral, *, digital_contact_agreed: bool | None = None) -> None:
    """Tell the referrer we have it, and the person too if they agreed to contact by text or email.
    `digital_contact_agreed` is that agreement when the caller already knows it (the decisions about a person
    created with the referral), saving the look-up."""
    referrer_email = _referrer_email(referral)
    # Someone referring themselves hears as the person, below, and only with their consent.
    if referrer_email and referral.source != ReferralSource.SELF:
        notify(
            to_email=referrer_email,
            template="emails/referrals/received_referrer",
            context=_context(referral),
            reference=referral.reference,
        )
    person = referral.person
    # Without an address or number there is nobody to tell, so the consent need not be looked up.
    if not (person.email or person.phone):
        return
    if digital_contact_agreed is None:
        consent = current_consent(person)[ConsentPurpose.CONTACT_DIGITAL]
        digital_contact_agreed = consent is not None and consent.decision == ConsentDecision.GIVEN
    if not digital_contact_agreed:
        return
    notify(
        to_email=person.email,
        to_phone=person.phone,
        template="emails/referrals/received_person",
        context=_context(referral),
        reference=referral.reference,
    )


def tell_referrer_of_decision(referral: Referral) -> None:
    """When the referral will not go ahead, tell the referrer why, in the team's own words."""
    referrer_email = _referrer_email(referral)
    if referral.status not in DECISIONS_TOLD_TO_REFERRER or not referrer_email:
        return
    if referral.source == ReferralSource.SELF:
        return
    notify(
        to_email=referrer_email,
        template="emails/referrals/decision_referrer",
        context={
            **_context(referral),
            "status": ReferralStatus(referral.status).label.lower(),
            "declined_by_person": referral.status == ReferralStatus.DECLINED_BY_PERSON,
            "reason": referral.status_reason,
        },
        reference=referral.reference,
    )

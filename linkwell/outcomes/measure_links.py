"""Links sent to the person so they can answer a wellbeing measure themselves, on their own phone or computer.

The sent URL carries a MeasureLink's id, signed with a salt of its own, so it cannot be guessed or altered;
the row says which measure it is for, until when, and whether it was used. A link is sent only when the
person's current decision about being contacted by text or email is "given" and we hold the address or
number. It works once, for 14 days, and only while the measure is still needed; every refusal is audited
(why, and which link — never the token)."""

import enum
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from linkwell.accounts.models import User
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.casework.actions import CaseworkProblem, check_may_work_on, lock_case
from linkwell.casework.models import Case
from linkwell.lib.dates import format_date
from linkwell.notifications.service import notify
from linkwell.outcomes.instruments import Instrument, get_instrument
from linkwell.outcomes.measures import check_timepoint, store_measure, usable_instrument
from linkwell.outcomes.models import AnswerMode, MeasureLink, MeasureLinkChannel, MeasureResponse
from linkwell.people.actions import current_consent
from linkwell.people.models import ConsentDecision, ConsentPurpose, Person

LINK_DAYS = 14
SALT = "linkwell.measure-link"
# A dot joins id and signature: it survives email clients and phones that break URLs at colons.
_SIGNER = signing.Signer(salt=SALT, sep=".")
TEMPLATE = "emails/outcomes/measure_link"


class Refusal(enum.StrEnum):
    INVALID = "invalid"
    USED = "used"
    EXPIRED = "expired"
    # Answered another way meanwhile, or the case has moved on so the measure is no longer wanted.
    NOT_NEEDED = "not_needed"


class LinkRefused(Exception):
    """The link cannot be used. `link` is None when the token names no link."""

    def __init__(self, refusal: Refusal, link: MeasureLink | None = None) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal
        self.link = link


def token_for(link: MeasureLink) -> str:
    return _SIGNER.sign(link.pk.hex)


def link_url(link: MeasureLink) -> str:
    return settings.SITE_URL + reverse("measure_link:answer", kwargs={"token": token_for(link)})


def first_name(person: Person) -> str:
    return person.preferred_name or person.given_name


def _refusal_for_sending(person: Person, channel: str) -> str:
    """Why the link cannot go to this person by this channel, or "" when it can."""
    consent = current_consent(person)[ConsentPurpose.CONTACT_DIGITAL]
    name = first_name(person)
    if consent is None or consent.decision != ConsentDecision.GIVEN:
        asked = "has not been asked" if consent is None else f"has {consent.get_decision_display().lower()} consent"
        return (
            f"{name} {asked} to be contacted by text message or email. Record their consent first, or take the "
            "measure with them."
        )
    if channel == MeasureLinkChannel.EMAIL and not person.email:
        return f"There is no email address for {name}. Add one to their details, or send a text message."
    if channel == MeasureLinkChannel.SMS and not person.phone:
        return f"There is no phone number for {name}. Add one to their details, or send an email."
    return ""


@transaction.atomic
def send_measure_link(*, case: Case, instrument_id: str, timepoint: str, channel: str, by: User) -> MeasureLink:
    """Send the person a link to answer one measure themselves. Raises CaseworkProblem (nothing sent) when the
    measure cannot be taken now, or the person has not agreed to digital contact or has no address for it."""
    locked = lock_case(case)
    check_may_work_on(locked, by=by)
    errors: dict[str, str] = {}
    instrument = usable_instrument(errors, instrument_id)
    check_timepoint(errors, locked, instrument, timepoint)
    person = locked.person
    if channel not in MeasureLinkChannel.values:
        errors["channel"] = "Choose whether to send the link by email or text message"
    elif refusal := _refusal_for_sending(person, channel):
        errors["channel"] = refusal
    if errors:
        raise CaseworkProblem(errors)
    assert instrument is not None  # refused above when missing
    now = timezone.now()
    link = MeasureLink.objects.create(
        case=locked,
        instrument=instrument.id,
        timepoint=timepoint,
        channel=channel,
        created_at=now,
        created_by=by,
        expires_at=now + timedelta(days=LINK_DAYS),
    )
    record(
        by=by,
        action=AuditAction.MEASURE_LINK_SENT,
        obj=link,
        person_id=str(locked.person_id),
        detail={"instrument": instrument.id, "timepoint": timepoint, "channel": channel},
    )
    team = locked.team
    notify(
        to_email=person.email if channel == MeasureLinkChannel.EMAIL else "",
        to_phone=person.phone if channel == MeasureLinkChannel.SMS else "",
        template=TEMPLATE,
        context={
            "first_name": first_name(person),
            "team_name": team.name,
            "team_phone": team.contact_phone,
            "question_count": len(instrument.items),
            "url": link_url(link),
            "answer_by": format_date(timezone.localdate(link.expires_at)),
        },
        reference=locked.referral.reference,
    )
    return link


def _link_from_token(token: str) -> MeasureLink:
    try:
        link_id = _SIGNER.unsign(token)
        return MeasureLink.objects.select_related("case__person", "case__team", "case__referral").get(pk=link_id)
    except (signing.BadSignature, ValidationError, MeasureLink.DoesNotExist):
        raise LinkRefused(Refusal.INVALID) from None


def _check(link: MeasureLink, case: Case, instrument: Instrument | None) -> None:
    if link.used_at is not None:
        raise LinkRefused(Refusal.USED, link)
    if link.expires_at <= timezone.now():
        raise LinkRefused(Refusal.EXPIRED, link)
    still_needed: dict[str, str] = {}
    check_timepoint(still_needed, case, instrument, link.timepoint)
    if instrument is None or not instrument.available or still_needed:
        raise LinkRefused(Refusal.NOT_NEEDED, link)


def _instrument_or_none(instrument_id: str) -> Instrument | None:
    try:
        return get_instrument(instrument_id)
    except KeyError:
        return None


@dataclass(frozen=True)
class OpenLink:
    link: MeasureLink
    instrument: Instrument


def open_link(token: str) -> OpenLink:
    """The link a token names and its instrument, if the link can still be used; LinkRefused says why not.
    Changes nothing."""
    link = _link_from_token(token)
    instrument = _instrument_or_none(link.instrument)
    _check(link, link.case, instrument)
    assert instrument is not None  # _check refuses a link without one
    return OpenLink(link=link, instrument=instrument)


@transaction.atomic
def answer_by_link(*, token: str, answers: dict[str, object]) -> MeasureResponse:
    """Record the person's own answers and use up the link. Raises LinkRefused, or InvalidAnswers naming each
    question left unanswered; either way nothing is saved."""
    found = open_link(token)
    # The case and the link locked before the checks run again, so two presses at once record one answer,
    # and a measure recorded by the link worker in the meantime is refused as no longer needed.
    case = lock_case(found.link.case)
    link = MeasureLink.objects.select_for_update().get(pk=found.link.pk)
    _check(link, case, found.instrument)
    found.instrument.check_answers(answers)
    measure = store_measure(
        case=case,
        instrument=found.instrument,
        timepoint=link.timepoint,
        answers=answers,
        completed_on=timezone.localdate(),
        mode=AnswerMode.SELF,
        recorded_by=None,
    )
    link.used_at = timezone.now()
    link.response = measure
    link.save(update_fields=["used_at", "response"])
    return measure


def record_opening(request: HttpRequest, opened: OpenLink) -> None:
    """The person opened a working link: the page names them (by first name), so it is audited."""
    link = opened.link
    record(
        by=request.user,
        action=AuditAction.MEASURE_LINK_OPENED,
        obj=link,
        person_id=str(link.case.person_id),
        request=request,
        detail={"instrument": link.instrument, "timepoint": link.timepoint},
    )


def record_refusal(request: HttpRequest, refused: LinkRefused) -> None:
    """Audit a refused link: which link and why, never the token."""
    link = refused.link
    detail = {"reason": refused.refusal.value}
    if link is not None:
        detail |= {"instrument": link.instrument, "timepoint": link.timepoint}
    record(
        by=request.user,
        action=AuditAction.MEASURE_LINK_REFUSED,
        object_type=MeasureLink._meta.label_lower,
        object_id=str(link.pk) if link is not None else "",
        person_id=str(link.case.person_id) if link is not None else "",
        request=request,
        detail=detail,
    )

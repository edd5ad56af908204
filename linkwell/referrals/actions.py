"""Every write to referrals: intake, and each move through the status state machine, audited in the same
transaction as the change."""

import dataclasses
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from linkwell.accounts.models import Organisation, OrganisationKind, Team, User
from linkwell.accounts.permissions import has_permission, memberships_of
from linkwell.accounts.roles import ROLE_DEFINITIONS, Permission, Role
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import batched, record
from linkwell.clients.models import ApiClient
from linkwell.lib import rows
from linkwell.notifications.referrals import acknowledge_referral, tell_referrer_of_decision
from linkwell.people.actions import (
    ConsentProblem,
    PersonDetails,
    PersonProblem,
    find_or_create_person,
    record_consents,
    validate_person_details,
)
from linkwell.people.models import ConsentDecision, ConsentMethod, ConsentPurpose
from linkwell.referrals.acceptance import run_acceptance_hooks
from linkwell.referrals.models import (
    REASON_REQUIRED,
    TRANSITIONS,
    Referral,
    ReferralChannel,
    ReferralSource,
    ReferralStatus,
    ReferralTransition,
    Urgency,
)
from linkwell.referrals.needs import Need
from linkwell.referrals.references import new_reference
from linkwell.referrals.routing import Routed, route

NO_TEAM_FOUND = "We could not find a social prescribing team for this GP practice or postcode"
# Long enough for a full referral letter; short enough that nobody pastes a whole record in.
LONG_TEXT_LIMIT = 5000
AUTHORED_CLOCK_GRACE = timedelta(minutes=5)
# Eight random characters rarely collide; a few fresh tries make a clash at intake vanishingly unlikely.
_REFERENCE_ATTEMPTS = 5
_MAX_LENGTHS = {field.name: field.max_length for field in Referral._meta.concrete_fields if field.max_length}

ConsentChoice = tuple[ConsentPurpose, ConsentDecision, ConsentMethod]

# Sets made once: a choices enum's .values builds a new list on every read, which costs more than the rest
# of the checks together.
_NEEDS = frozenset(Need.values)
_SOURCES = frozenset(ReferralSource.values)
_CHANNELS = frozenset(ReferralChannel.values)
_URGENCIES = frozenset(Urgency.values)
_PURPOSES = frozenset(ConsentPurpose.values)
_DECISIONS = frozenset(ConsentDecision.values)
_METHODS = frozenset(ConsentMethod.values)


class ReferralProblem(ValueError):
    """Everything wrong with a referral, field by field, in words to show the referrer. Person fields carry
    a "person." prefix ("person.nhs_number")."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


class IllegalTransition(ValueError):
    """The referral cannot make this move. str() is a message to show the user."""


@transaction.atomic
def receive_referral(
    *,
    person_details: PersonDetails,
    team: Team | None,
    source: ReferralSource,
    channel: ReferralChannel,
    reasons: Sequence[str],
    reason_text: str,
    urgency: Urgency = Urgency.ROUTINE,
    known_risks: str = "",
    by: User | None,
    referrer_name: str = "",
    referrer_role: str = "",
    referrer_organisation_name: str = "",
    referrer_organisation: Organisation | None = None,
    referrer_email: str = "",
    referrer_phone: str = "",
    consents: Sequence[ConsentChoice],
    routing_practice: Organisation | None = None,
    routing_practice_ods_code: str = "",
    routing_postcode: str = "",
    request: HttpRequest | None = None,
    api_client: ApiClient | None = None,
    authored_at: datetime | None = None,
) -> Referral:
    """Take in one referral. With no team, route() chooses one from the routing practice and postcode given,
    or else from the person's own GP practice and postcode.

    Raises ReferralProblem with every problem found, person fields prefixed "person." ("person.nhs_number"),
    and then nothing is saved: the person, their consent and the referral are written together or not at all.
    A known NHS number attaches the referral to that person's existing record. `api_client` is the machine
    client that sent it, if one did."""
    errors: dict[str, str] = {}
    needs = _check_needs(reasons, reason_text, errors)
    _check_choices(source=source, channel=channel, urgency=urgency, errors=errors)
    _check_consents(consents, errors)
    referrer = {
        "referrer_name": referrer_name.strip(),
        "referrer_role": referrer_role.strip(),
        "referrer_organisation_name": referrer_organisation_name.strip(),
        "referrer_email": referrer_email.strip(),
        "referrer_phone": referrer_phone.strip(),
    }
    _check_referrer(referrer, errors)
    for field, text in {"reason_text": reason_text, "known_risks": known_risks}.items():
        if len(text.strip()) > LONG_TEXT_LIMIT:
            errors[field] = f"Keep this to {LONG_TEXT_LIMIT} characters or fewer"
    # A few minutes' grace: the sender's clock may run slightly ahead of ours.
    if authored_at is not None and authored_at > timezone.now() + AUTHORED_CLOCK_GRACE:
        errors["authored_at"] = "The date the referral was written cannot be in the future"
    if team is None:
        routed = route(
            practice=routing_practice or person_details.gp_practice,
            practice_ods_code=routing_practice_ods_code or person_details.gp_practice_ods_code,
            postcode=routing_postcode or person_details.postcode,
        )
        if routed is None:
            errors["team"] = NO_TEAM_FOUND
        else:
            team = routed.team
            person_details = _with_practice_found(
                person_details, routed, routed_by_own_practice=not (routing_practice or routing_practice_ods_code)
            )

    try:
        person_details = validate_person_details(person_details)
    except PersonProblem as problem:
        errors.update({f"person.{field}": message for field, message in problem.errors.items()})
    if errors or team is None:
        raise ReferralProblem(errors)

    # Any error from here on ends this whole transaction, so the steps below need no savepoints of their own,
    # and their audit events go to the database together.
    with batched():
        return _write_referral(
            person_details=person_details,
            team=team,
            consents=consents,
            by=by,
            referrer=referrer,
            request=request,
            source=source,
            channel=channel,
            referred_by=by,
            referrer_organisation=referrer_organisation,
            reasons=needs,
            reason_text=reason_text.strip(),
            urgency=urgency,
            known_risks=known_risks.strip(),
            authored_at=authored_at,
            api_client=api_client,
        )


def _write_referral(
    *,
    person_details: PersonDetails,
    team: Team,
    consents: Sequence[ConsentChoice],
    by: User | None,
    referrer: dict[str, str],
    request: HttpRequest | None,
    **fields: Any,
) -> Referral:
    found = find_or_create_person(details=person_details, by=by, savepoint=False)
    person = found.person
    recorder = _recorder_label(by, referrer_name=referrer["referrer_name"])
    try:
        consent_now = record_consents(
            person=person,
            choices=consents,
            by=by,
            by_label=recorder,
            # Not matched on the NHS number means created just now, in this transaction.
            new_person=not found.matched_on_nhs_number,
        )
    except ConsentProblem as problem:
        # Only possible for a withdrawal of consent never given; raising undoes the person record too.
        raise ReferralProblem({"consents": str(problem)}) from problem
    now = timezone.now()
    referral = _create_with_fresh_reference(
        person=person,
        team=team,
        status=ReferralStatus.RECEIVED,
        received_at=now,
        status_changed_at=now,
        **fields,
        **referrer,
    )
    rows.insert(
        [
            ReferralTransition(
                referral=referral,
                from_status="",
                to_status=ReferralStatus.RECEIVED,
                at=now,
                by_id=by.pk if by is not None else None,
                by_label=_actor_label(by, fallback=referrer["referrer_name"]),
            )
        ]
    )
    record(
        by=by,
        action=AuditAction.REFERRAL_RECEIVED,
        obj=referral,
        person_id=str(person.pk),
        detail={
            "reference": referral.reference,
            "team_id": team.pk,
            "source": referral.source,
            "channel": referral.channel,
        },
        # The sender's address, when there is a web request: the public form's rate limit counts by it.
        request=request,
    )
    # Queued for after commit: nobody hears about a referral that was not saved.
    digital = consent_now[ConsentPurpose.CONTACT_DIGITAL]
    acknowledge_referral(
        referral, digital_contact_agreed=digital is not None and digital.decision == ConsentDecision.GIVEN
    )
    return referral


def _with_practice_found(details: PersonDetails, routed: Routed, *, routed_by_own_practice: bool) -> PersonDetails:
    """A person named by their practice's ODS code alone (a FHIR referral) is linked to the practice record
    routing found for that code, so reports count them under their practice and network."""
    practice = routed.practice
    if (
        not routed_by_own_practice
        or details.gp_practice is not None
        or practice is None
        or practice.kind != OrganisationKind.GP_PRACTICE
    ):
        return details
    return dataclasses.replace(details, gp_practice=practice)


def _check_needs(reasons: Sequence[str], reason_text: str, errors: dict[str, str]) -> list[str]:
    unknown = [code for code in reasons if code not in _NEEDS]
    if unknown:
        errors["reasons"] = "Choose reasons from the list (not recognised: " + ", ".join(unknown) + ")"
    elif not reasons and not reason_text.strip():
        errors["reasons"] = "Choose at least one reason for the referral, or describe it"
    # Order kept as the referrer gave it; repeats dropped.
    return list(dict.fromkeys(reasons))


def _check_choices(*, source: str, channel: str, urgency: str, errors: dict[str, str]) -> None:
    if source not in _SOURCES:
        errors["source"] = "Choose who is making the referral"
    if channel not in _CHANNELS:
        errors["channel"] = "Choose how the referral arrived"
    if urgency not in _URGENCIES:
        errors["urgency"] = "Choose how urgent the referral is"


def _check_consents(consents: Sequence[ConsentChoice], errors: dict[str, str]) -> None:
    for purpose, decision, method in consents:
        if purpose not in _PURPOSES or decision not in _DECISIONS:
            errors["consents"] = "Record each consent decision as given, refused or withdrawn for a known purpose"
            return
        if method not in _METHODS:
            errors["consents"] = "Say how each consent decision was given"
            return
    # The newest decision about support counts; without it given, the team may not contact the person.
    support = [decision for purpose, decision, _ in consents if purpose == ConsentPurpose.SUPPORT]
    if not support or support[-1] != ConsentDecision.GIVEN:
        errors["consents"] = (
            "Missing consent: the person must agree to support from the social prescribing team before we can "
            "take the referral"
        )


def _check_referrer(referrer: dict[str, str], errors: dict[str, str]) -> None:
    for field, value in referrer.items():
        limit = _MAX_LENGTHS[field]
        if len(value) > limit:
            errors[field] = f"Keep this to {limit} characters or fewer"
    if referrer["referrer_email"] and "referrer_email" not in errors:
        try:
            validate_email(referrer["referrer_email"])
        except ValidationError:
            errors["referrer_email"] = "Enter an email address in the correct format, like name@example.org"


def _recorder_label(by: User | None, *, referrer_name: str) -> str:
    if by is not None:
        return f"{by.full_name or by.email} ({by.email})"[:200]
    return f"{referrer_name} (referrer)"[:200] if referrer_name else "the person, online"


def _create_with_fresh_reference(**fields: Any) -> Referral:
    for _ in range(_REFERENCE_ATTEMPTS):
        referral = Referral(reference=new_reference(), **fields)
        # A clashing reference is skipped rather than raised, so no savepoint is needed to try another.
        if rows.insert([referral], on_conflict="(reference)"):
            return referral
    raise IntegrityError(f"No free referral reference after {_REFERENCE_ATTEMPTS} attempts")


def _actor_label(user: User | None, *, fallback: str = "") -> str:
    if user is not None:
        return user.email
    return (fallback or "the person, online")[:254]


@transaction.atomic
def change_status(
    *, referral: Referral, to_status: ReferralStatus, by: User, reason: str = "", allocate_to: User | None = None
) -> None:
    """Move the referral on. Raises IllegalTransition for a move the state machine or allocation rules do
    not allow, and PermissionDenied when `by` may not make it. The caller's `referral` is updated too."""
    # Locked, so two people acting at once cannot both move it from the same status.
    locked = Referral.objects.select_for_update().select_related("team").get(pk=referral.pk)
    team = locked.team
    if not has_permission(by, Permission.VIEW_CASE_RECORDS, team=team):
        raise PermissionDenied("Only members of the referral's team can change its status.")
    from_status = ReferralStatus(locked.status)
    to_status = ReferralStatus(to_status)
    if to_status not in TRANSITIONS[from_status]:
        raise IllegalTransition(f"A referral that is “{from_status.label}” cannot become “{to_status.label}”.")
    reason = reason.strip()
    if to_status in REASON_REQUIRED and not reason:
        raise IllegalTransition(f"Say why the referral is “{to_status.label}”.")
    if len(reason) > _MAX_LENGTHS["status_reason"]:
        raise IllegalTransition(f"Keep the reason to {_MAX_LENGTHS['status_reason']} characters or fewer.")

    allocated_to = locked.allocated_to
    if to_status == ReferralStatus.ALLOCATED:
        if allocate_to is None:
            raise IllegalTransition("Choose the link worker to allocate the referral to.")
        _check_may_allocate(by=by, to=allocate_to, team=team)
        if allocate_to.pk == locked.allocated_to_id:
            raise IllegalTransition(f"The referral is already allocated to {allocate_to}.")
        allocated_to = allocate_to
    elif allocate_to is not None:
        # Moves are forward-only: the worker stays named on later statuses, and only allocation changes them.
        raise IllegalTransition("Only allocating a referral names a link worker.")

    now = timezone.now()
    locked.status = to_status
    locked.status_reason = reason
    locked.status_changed_at = now
    locked.allocated_to = allocated_to
    locked.save(update_fields=["status", "status_reason", "status_changed_at", "allocated_to"])
    ReferralTransition.objects.create(
        referral=locked,
        from_status=from_status,
        to_status=to_status,
        at=now,
        by_id=by.pk,
        by_label=_actor_label(by),
        reason=reason,
        allocated_to_id=allocated_to.pk if allocated_to is not None else None,
    )
    record(
        by=by,
        action=AuditAction.REFERRAL_STATUS_CHANGED,
        obj=locked,
        person_id=str(locked.person_id),
        detail={
            "from": from_status.value,
            "to": to_status.value,
            "allocated_to_id": allocated_to.pk if allocated_to is not None else None,
        },
    )
    if to_status == ReferralStatus.ACCEPTED:
        run_acceptance_hooks(referral=locked, by=by)
    referral.status = locked.status
    referral.status_reason = locked.status_reason
    referral.status_changed_at = locked.status_changed_at
    referral.allocated_to = locked.allocated_to
    # Declined or not appropriate: the referrer hears why, after commit.
    tell_referrer_of_decision(locked)


def _check_may_allocate(*, by: User, to: User, team: Team) -> None:
    if not can_hold_cases(to, team):
        raise IllegalTransition(f"{to} is not a link worker in {team}, so cannot be allocated its referrals.")
    if has_permission(by, Permission.ALLOCATE_REFERRALS, team=team):
        return
    if has_permission(by, Permission.PICK_UP_REFERRAL, team=team):
        if to.pk != by.pk:
            raise PermissionDenied("Link workers can pick up referrals for themselves only; ask a team lead.")
        return
    raise PermissionDenied("Only the team lead or a link worker picking it up can allocate a referral.")


def can_hold_cases(user: User, team: Team) -> bool:
    """A member of this team (or of its scheme) whose role picks up referrals and keeps case records. Global
    roles do not count: administrators look after the installation, not people."""
    if not user.is_active:
        return False
    for membership in memberships_of(user):
        permissions = ROLE_DEFINITIONS[Role(membership.role)].permissions
        in_team = membership.team_id == team.pk or membership.organisation_id == team.scheme_id
        if in_team and {Permission.PICK_UP_REFERRAL, Permission.VIEW_CASE_RECORDS} <= permissions:
            return True
    return False


def allocate(*, referral: Referral, to: User, by: User) -> None:
    change_status(referral=referral, to_status=ReferralStatus.ALLOCATED, by=by, allocate_to=to)


def pick_up(*, referral: Referral, by: User) -> None:
    change_status(referral=referral, to_status=ReferralStatus.ALLOCATED, by=by, allocate_to=by)


def mark_not_appropriate(*, referral: Referral, by: User, reason: str) -> None:
    change_status(referral=referral, to_status=ReferralStatus.NOT_APPROPRIATE, by=by, reason=reason)


def withdraw(*, referral: Referral, by: User, reason: str) -> None:
    change_status(referral=referral, to_status=ReferralStatus.WITHDRAWN, by=by, reason=reason)

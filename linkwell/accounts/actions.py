"""Every write to accounts, organisations and teams, each audited in the same transaction."""

import re

from django.conf import settings
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from linkwell.accounts.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Team,
    TeamPostcodeDistrict,
    User,
    normalise_email,
)
from linkwell.accounts.permissions import forget_memberships
from linkwell.accounts.roles import Role
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.notifications.email import queue_email

# The outward part of a UK postcode: area letters, district digit, optional digit or letter.
POSTCODE_DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")


@transaction.atomic
def create_user(*, email: str, full_name: str, password: str | None, by: User | None) -> User:
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    record(by=by, action=AuditAction.USER_CREATED, obj=user, detail={"email": user.email})
    return user


@transaction.atomic
def create_organisation(
    *,
    name: str,
    slug: str,
    kind: OrganisationKind,
    ods_code: str = "",
    parent: Organisation | None = None,
    by: User | None,
) -> Organisation:
    organisation = Organisation.objects.create(name=name, slug=slug, kind=kind, ods_code=ods_code, parent=parent)
    record(by=by, action=AuditAction.ORGANISATION_CREATED, obj=organisation, detail={"name": name, "kind": kind.value})
    return organisation


@transaction.atomic
def create_team(
    *,
    scheme: Organisation,
    name: str,
    slug: str,
    covered_organisations: list[Organisation],
    postcode_districts: list[str],
    contact_email: str = "",
    contact_phone: str = "",
    by: User | None,
) -> Team:
    if scheme.kind != OrganisationKind.SCHEME:
        raise ValueError(f"A team belongs to a social prescribing scheme, not a {scheme.get_kind_display().lower()}.")
    districts = sorted({district.strip().upper() for district in postcode_districts})
    malformed = [district for district in districts if not POSTCODE_DISTRICT.fullmatch(district)]
    if malformed:
        raise ValueError(f"These are not postcode districts (like CM1 or SS14): {', '.join(malformed)}")
    team = Team.objects.create(
        scheme=scheme, name=name, slug=slug, contact_email=contact_email, contact_phone=contact_phone
    )
    team.covered_organisations.set(covered_organisations)
    TeamPostcodeDistrict.objects.bulk_create(
        TeamPostcodeDistrict(team=team, district=district) for district in districts
    )
    record(
        by=by,
        action=AuditAction.TEAM_CREATED,
        obj=team,
        detail={
            "name": name,
            "covers": [organisation.slug for organisation in covered_organisations],
            "postcode_districts": districts,
        },
    )
    return team


@transaction.atomic
def add_membership(
    *, user: User, role: Role, organisation: Organisation | None = None, team: Team | None = None, by: User | None
) -> Membership:
    membership = Membership.objects.create(user=user, role=role, organisation=organisation, team=team)
    forget_memberships(user)
    record(
        by=by,
        action=AuditAction.MEMBERSHIP_ADDED,
        obj=membership,
        detail={"user": user.email, "role": role.value, "in": str(membership.place)},
    )
    return membership


@transaction.atomic
def sign_in(*, request: HttpRequest, user: User) -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    record(by=user, action=AuditAction.SIGNED_IN, obj=user, request=request)


@transaction.atomic
def record_failed_sign_in(*, request: HttpRequest, attempted_email: str) -> None:
    email = normalise_email(attempted_email)
    known = User.objects.filter(email__iexact=email).values_list("pk", flat=True).first()
    record(
        by=request.user,
        action=AuditAction.SIGN_IN_FAILED,
        object_type="accounts.user" if known else "",
        object_id=known or "",
        request=request,
        detail={"attempted_email": email[:254]},
    )


@transaction.atomic
def sign_out(*, request: HttpRequest) -> None:
    user = request.user
    if user.is_authenticated:
        record(by=user, action=AuditAction.SIGNED_OUT, obj=user, request=request)
    logout(request)


@transaction.atomic
def change_password(*, request: HttpRequest, user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.save(update_fields=["password"])
    # Keep this session signed in; every other session of the user ends with the old password hash.
    update_session_auth_hash(request, user)
    record(by=user, action=AuditAction.PASSWORD_CHANGED, obj=user, request=request)


@transaction.atomic
def reset_password(*, request: HttpRequest, user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record(by=user, action=AuditAction.PASSWORD_RESET, obj=user, request=request)


@transaction.atomic
def send_password_reset(*, request: HttpRequest, email: str) -> None:
    """Email a single-use reset link if an active account has this address; say nothing either way."""
    email = normalise_email(email)
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    record(
        by=request.user,
        action=AuditAction.PASSWORD_RESET_REQUESTED,
        object_type="accounts.user" if user else "",
        object_id=user.pk if user else "",
        request=request,
        detail={"requested_for": email[:254], "account_found": user is not None},
    )
    if user is None or not user.has_usable_password():
        return
    path = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    queue_email(
        to=user.email,
        template="emails/password_reset",
        context={
            "user": user,
            "reset_url": f"{settings.SITE_URL}{path}",
            "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        },
    )

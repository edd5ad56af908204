"""Who sees which casework records. Lists and detail pages both come through here, so they never disagree,
and a record the user may not see is as missing as one that does not exist (Http404 either way).

- Cases and everything in them: the members of the case's team (or its scheme) who keep case records, and
  administrators (every read audited). The same team scope as referrals (referrals.access.team_scope).
- Onward referrals, as providers see them: provider users see the referrals sent to services their
  organisation manages, and of each only the details shared with them — never the case.
"""

import uuid

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from linkwell.accounts.models import Organisation, User
from linkwell.accounts.permissions import has_permission, memberships_of
from linkwell.accounts.roles import ROLE_DEFINITIONS, Permission, Role
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record_read
from linkwell.casework.models import Case, OnwardReferral
from linkwell.referrals.access import team_scope


def cases_for_user(user: User | AnonymousUser) -> QuerySet[Case]:
    scope = team_scope(user)
    if scope is None or not has_permission(user, Permission.VIEW_CASE_RECORDS):
        return Case.objects.none()
    return Case.objects.filter(scope)


def get_case_for_user(user: User | AnonymousUser, case_id: uuid.UUID | str) -> Case:
    try:
        return (
            cases_for_user(user)
            .select_related("person", "team", "referral", "link_worker", "person__gp_practice")
            .get(pk=case_id)
        )
    except (Case.DoesNotExist, ValidationError):
        raise Http404("No such case") from None


def view_case(request: HttpRequest, case_id: uuid.UUID | str) -> Case:
    """The case for the signed-in user, with the read written to the audit log."""
    case = get_case_for_user(request.user, case_id)
    record_read(request, action=AuditAction.CASE_VIEWED, obj=case, person_id=str(case.person_id))
    return case


def may_work_on_case(user: User | AnonymousUser, case: Case) -> bool:
    """Whether the user may record in the case (all its team's case-record holders may, not only its worker)."""
    return has_permission(user, Permission.VIEW_CASE_RECORDS, team=case.team)


def provider_organisations(user: User | AnonymousUser) -> list[Organisation]:
    """The organisations whose services' referrals the user answers as a provider."""
    if not user.is_authenticated or not user.is_active or not isinstance(user, User):
        return []
    return [
        membership.organisation
        for membership in memberships_of(user)
        if membership.organisation is not None
        and Permission.VIEW_PROVIDER_INBOX in ROLE_DEFINITIONS[Role(membership.role)].permissions
    ]


def onward_referrals_for_provider(user: User | AnonymousUser) -> QuerySet[OnwardReferral]:
    organisations = provider_organisations(user)
    if not organisations:
        return OnwardReferral.objects.none()
    return OnwardReferral.objects.filter(service__managed_by__in=organisations)


def get_onward_referral_for_provider(user: User | AnonymousUser, onward_id: uuid.UUID | str) -> OnwardReferral:
    try:
        return onward_referrals_for_provider(user).select_related("service").get(pk=onward_id)
    except (OnwardReferral.DoesNotExist, ValidationError):
        raise Http404("No such referral") from None

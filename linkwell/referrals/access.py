"""Which referrals a user may see. Lists and detail pages both come through here, so they never disagree,
and a referral the user may not see is as missing as one that does not exist (Http404 either way).

Two kinds of sight:
- team sight: members of the referral's team with the team inbox or case records (a role held in the
  scheme organisation reaches all its teams, as in has_permission), and administrators everywhere;
- referrer sight: referrers and champions see the referrals they made themselves, and callers must show
  them the status only, never case notes or anything the team recorded. `has_team_sight` tells the two apart.
Providers and commissioners see no referrals here.
"""

import uuid
from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from linkwell.accounts.models import User
from linkwell.accounts.permissions import has_permission, memberships_of
from linkwell.accounts.roles import ROLE_DEFINITIONS, Permission, Role, RoleDefinition
from linkwell.referrals.models import Referral

_TEAM_SIGHT = frozenset({Permission.VIEW_TEAM_INBOX, Permission.VIEW_CASE_RECORDS})
# Not Q(): an empty Q vanishes when OR-ed with another, which would narrow "everything" to the other.
_EVERYTHING = Q(pk__isnull=False)


def scope_of_roles(
    user: User | AnonymousUser, reaches: Callable[[RoleDefinition], bool], *, scheme_field: str = "team__scheme_id"
) -> Q | None:
    """The rows (referrals, or anything else with a team) in the teams where the user holds a role that
    `reaches` accepts: a filter on team_id and `scheme_field` (which may match everything), or None for
    nothing. As in has_permission, a role held in a team reaches that team, one held in a scheme organisation
    reaches all its teams, and a global role (or a superuser) reaches everything."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return _EVERYTHING
    team_ids: set[int] = set()
    scheme_ids: set[int] = set()
    for membership in memberships_of(user):
        definition = ROLE_DEFINITIONS[Role(membership.role)]
        if not reaches(definition):
            continue
        if definition.is_global:
            return _EVERYTHING
        if membership.team_id is not None:
            team_ids.add(membership.team_id)
        elif membership.organisation_id is not None:
            scheme_ids.add(membership.organisation_id)
    if not team_ids and not scheme_ids:
        return None
    return Q(team_id__in=team_ids) | Q(**{f"{scheme_field}__in": scheme_ids})


def team_scope(user: User | AnonymousUser, permissions: frozenset[Permission] = _TEAM_SIGHT) -> Q | None:
    """The referrals in the teams where the user holds any of `permissions`: by default those they see as a
    member of their team (or as an administrator). A filter (which may match everything), or None for
    nothing. People's records are reached through the default scope only."""
    return scope_of_roles(user, lambda definition: bool(definition.permissions & permissions))


def referrals_for_user(user: User | AnonymousUser) -> QuerySet[Referral]:
    scope = team_scope(user)
    # Whoever made a referral may follow its status, even into another team (a link worker referring a
    # neighbour's patient); what they see of it is decided by has_team_sight.
    if user.is_authenticated and (
        has_permission(user, Permission.VIEW_OWN_REFERRALS) or has_permission(user, Permission.MAKE_REFERRAL)
    ):
        made_by_them = Q(referred_by_id=user.pk)
        scope = made_by_them if scope is None else scope | made_by_them
    if scope is None:
        return Referral.objects.none()
    return Referral.objects.filter(scope)


def get_referral_for_user(user: User | AnonymousUser, referral_id: uuid.UUID | str) -> Referral:
    try:
        return referrals_for_user(user).select_related("team", "person").get(pk=referral_id)
    except (Referral.DoesNotExist, ValidationError):
        # A malformed id is just another referral that is not there.
        raise Http404("No such referral") from None


def has_team_sight(user: User | AnonymousUser, referral: Referral) -> bool:
    """Whether the user sees this referral as its team does (details, notes), not only as its referrer."""
    return has_permission(user, Permission.VIEW_TEAM_INBOX, team=referral.team) or has_permission(
        user, Permission.VIEW_CASE_RECORDS, team=referral.team
    )

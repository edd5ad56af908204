"""Which schemes a user's reports may cover. Team leads see the schemes their teams belong to (all of each
scheme's teams), a role held in a scheme organisation reaches that scheme, and administrators (global roles)
see everything. The one place report views ask, so the filters offered and the figures shown agree."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from linkwell.accounts.models import Organisation, OrganisationKind, Team, User
from linkwell.accounts.permissions import memberships_of
from linkwell.accounts.roles import ROLE_DEFINITIONS, Permission, Role


@dataclass(frozen=True)
class ReportScope:
    everything: bool
    scheme_ids: frozenset[int]

    def schemes(self) -> QuerySet[Organisation]:
        schemes = Organisation.objects.filter(kind=OrganisationKind.SCHEME)
        return schemes if self.everything else schemes.filter(pk__in=self.scheme_ids)

    def teams(self) -> QuerySet[Team]:
        return Team.objects.all() if self.everything else Team.objects.filter(scheme_id__in=self.scheme_ids)

    def organisations_of_kind(self, kind: OrganisationKind) -> QuerySet[Organisation]:
        """PCNs or practices: all of them for administrators, else those the scheme's teams cover."""
        organisations = Organisation.objects.filter(kind=kind)
        if self.everything:
            return organisations
        return organisations.filter(covering_teams__scheme_id__in=self.scheme_ids).distinct()

    def limit(self, scheme_ids: tuple[int, ...]) -> tuple[int, ...]:
        """The schemes a report may cover, given those asked for (none asked for: all in scope)."""
        if self.everything:
            return scheme_ids
        if not scheme_ids:
            return tuple(sorted(self.scheme_ids))
        return tuple(scheme_id for scheme_id in scheme_ids if scheme_id in self.scheme_ids)


def report_scope(user: User | AnonymousUser, permission: Permission) -> ReportScope | None:
    """The schemes the user's roles holding `permission` reach, or None for none."""
    if not user.is_authenticated or not user.is_active or not isinstance(user, User):
        return None
    if user.is_superuser:
        return ReportScope(everything=True, scheme_ids=frozenset())
    scheme_ids: set[int] = set()
    for membership in memberships_of(user):
        definition = ROLE_DEFINITIONS[Role(membership.role)]
        if permission not in definition.permissions:
            continue
        if definition.is_global:
            return ReportScope(everything=True, scheme_ids=frozenset())
        if membership.team is not None:
            scheme_ids.add(membership.team.scheme_id)
        elif membership.organisation_id is not None:
            scheme_ids.add(membership.organisation_id)
    return ReportScope(everything=False, scheme_ids=frozenset(scheme_ids)) if scheme_ids else None

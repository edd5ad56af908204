"""Which referrals the commissioner report may count for a user, and which filters it offers them.

- A commissioner sees the area of their organisation: for an ICB, the referrals of people registered with a
  practice in one of its PCNs (a PCN's `parent` is its ICB); for a PCN, that PCN's practices. They may narrow
  to one of the schemes whose teams cover that area, but never see a scheme's referrals from elsewhere.
- A team lead (or a role held in a scheme organisation) sees their own scheme, as on the dashboard.
- Administrators see everything.
Filters outside the scope are not offered, so the form refuses them like any value not on the list."""

from dataclasses import dataclass, replace

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from linkwell.accounts.models import Organisation, OrganisationKind, User
from linkwell.accounts.permissions import memberships_of
from linkwell.accounts.roles import ROLE_DEFINITIONS, Permission, Role
from linkwell.reports.filters import ReportFilters

# No organisation has this id: a filter on it matches nothing, where an empty filter would match everything.
MATCHES_NOTHING = 0


@dataclass(frozen=True)
class CommissionerScope:
    everything: bool = False
    icb_ids: frozenset[int] = frozenset()
    pcn_ids: frozenset[int] = frozenset()
    scheme_ids: frozenset[int] = frozenset()

    def _area_pcns(self) -> Q:
        """The PCNs in the commissioned area (ICBs' PCNs and PCNs commissioned directly)."""
        return Q(parent_id__in=self.icb_ids) | Q(pk__in=self.pcn_ids)

    def _area_organisations(self) -> QuerySet[Organisation]:
        pcns = Organisation.objects.filter(self._area_pcns(), kind=OrganisationKind.PCN)
        return Organisation.objects.filter(Q(pk__in=pcns.values("pk")) | Q(parent__in=pcns.values("pk")))

    def schemes(self) -> QuerySet[Organisation]:
        schemes = Organisation.objects.filter(kind=OrganisationKind.SCHEME)
        if self.everything:
            return schemes
        covering = Q(teams__covered_organisations__in=self._area_organisations().values("pk"))
        return schemes.filter(covering | Q(pk__in=self.scheme_ids)).distinct()

    def icbs(self) -> QuerySet[Organisation]:
        icbs = Organisation.objects.filter(kind=OrganisationKind.COMMISSIONER)
        if self.everything:
            return icbs
        # A team lead may narrow their scheme to the ICB areas its teams' PCNs sit in.
        reached_by_schemes = Q(children__covering_teams__scheme_id__in=self.scheme_ids)
        return icbs.filter(Q(pk__in=self.icb_ids) | reached_by_schemes).distinct()

    def pcns(self) -> QuerySet[Organisation]:
        pcns = Organisation.objects.filter(kind=OrganisationKind.PCN)
        if self.everything:
            return pcns
        return pcns.filter(self._area_pcns() | Q(covering_teams__scheme_id__in=self.scheme_ids)).distinct()

    def limit(self, filters: ReportFilters) -> ReportFilters:
        """The filters asked for, held inside the scope. A scheme the user leads is theirs wherever its
        referrals come from; anything else is counted only within the commissioned area."""
        if self.everything:
            return filters
        chosen_own_scheme = bool(filters.scheme_ids) and set(filters.scheme_ids) <= self.scheme_ids
        if (self.icb_ids or self.pcn_ids) and not chosen_own_scheme and self._within_area(filters):
            return self._in_area(filters)
        if chosen_own_scheme:
            return filters
        # Someone who leads a scheme and also commissions an area, asking for a PCN outside the area: their
        # own scheme's referrals only. (With no scheme of their own, the form never offers such a PCN.)
        return replace(filters, scheme_ids=tuple(sorted(self.scheme_ids)) or (MATCHES_NOTHING,))

    def _within_area(self, filters: ReportFilters) -> bool:
        if filters.icb_ids and not set(filters.icb_ids) <= self.icb_ids:
            return False
        if filters.pcn_ids:
            area_pcns = set(Organisation.objects.filter(self._area_pcns()).values_list("pk", flat=True))
            return set(filters.pcn_ids) <= area_pcns
        return True

    def _in_area(self, filters: ReportFilters) -> ReportFilters:
        if filters.icb_ids or filters.pcn_ids:
            # Every PCN offered sits in the area, and so does every ICB, so the choice is the restriction.
            return filters
        if self.icb_ids and self.pcn_ids:
            # The facts' ICB and PCN filters are ANDed: an area of both is every PCN in it.
            pcns = Organisation.objects.filter(self._area_pcns(), kind=OrganisationKind.PCN)
            return replace(filters, pcn_ids=tuple(sorted(pcns.values_list("pk", flat=True))) or (MATCHES_NOTHING,))
        return replace(filters, icb_ids=tuple(sorted(self.icb_ids)), pcn_ids=tuple(sorted(self.pcn_ids)))


def commissioner_scope(user: User | AnonymousUser) -> CommissionerScope | None:
    """What the user's roles with the commissioner-report permission reach, or None for nothing."""
    if not user.is_authenticated or not user.is_active or not isinstance(user, User):
        return None
    if user.is_superuser:
        return CommissionerScope(everything=True)
    icb_ids: set[int] = set()
    pcn_ids: set[int] = set()
    scheme_ids: set[int] = set()
    for membership in memberships_of(user):
        definition = ROLE_DEFINITIONS[Role(membership.role)]
        if Permission.VIEW_COMMISSIONER_REPORTS not in definition.permissions:
            continue
        if definition.is_global:
            return CommissionerScope(everything=True)
        if membership.team is not None:
            scheme_ids.add(membership.team.scheme_id)
            continue
        organisation = membership.organisation
        if organisation is None:
            continue
        if organisation.kind == OrganisationKind.COMMISSIONER:
            icb_ids.add(organisation.pk)
        elif organisation.kind == OrganisationKind.PCN:
            pcn_ids.add(organisation.pk)
        elif organisation.kind == OrganisationKind.SCHEME:
            scheme_ids.add(organisation.pk)
    if not (icb_ids or pcn_ids or scheme_ids):
        return None
    return CommissionerScope(icb_ids=frozenset(icb_ids), pcn_ids=frozenset(pcn_ids), scheme_ids=frozenset(scheme_ids))

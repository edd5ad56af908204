"""Scoped reads for the directory editor pages: which listings and organisations a user may edit.

Directory editors and admins (EDIT_DIRECTORY) reach every listing. Providers (EDIT_OWN_LISTINGS) reach
only listings managed by a Linkwell organisation they hold the provider role in. A listing outside
someone's reach is answered exactly as a missing one (404), so nobody learns what exists.
"""

import uuid
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from linkwell.accounts.models import Organisation
from linkwell.accounts.permissions import has_permission, memberships_of
from linkwell.accounts.roles import Permission
from linkwell.directory.models import CostOption, Location, Organization, Schedule, Service

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from linkwell.accounts.models import User


def edits_whole_directory(user: "User | AnonymousUser") -> bool:
    return has_permission(user, Permission.EDIT_DIRECTORY)


def provider_organisations(user: "User | AnonymousUser") -> list[Organisation]:
    """The Linkwell organisations whose listings this user keeps up to date as a provider."""
    if not user.is_authenticated:
        return []
    # A role held in a team counts in the team's scheme, as has_permission has it.
    candidate_ids = {
        membership.organisation_id or (membership.team.scheme_id if membership.team else None)
        for membership in memberships_of(user)
    }
    return [
        organisation
        for organisation in Organisation.objects.filter(pk__in=candidate_ids - {None}).order_by("name")
        if has_permission(user, Permission.EDIT_OWN_LISTINGS, organisation=organisation)
    ]


def may_edit_service(user: "User | AnonymousUser", service: Service) -> bool:
    if edits_whole_directory(user):
        return True
    return service.managed_by is not None and has_permission(
        user, Permission.EDIT_OWN_LISTINGS, organisation=service.managed_by
    )


def editable_services(user: "User | AnonymousUser") -> QuerySet[Service]:
    if edits_whole_directory(user):
        return Service.objects.all()
    organisations = provider_organisations(user)
    if not organisations:
        return Service.objects.none()
    return Service.objects.filter(managed_by__in=organisations)


def get_editable_service(user: "User | AnonymousUser", service_id: uuid.UUID | str) -> Service:
    service = editable_services(user).select_related("organization", "managed_by").filter(pk=service_id).first()
    if service is None or not may_edit_service(user, service):
        raise Http404("No such listing")
    return service


# A listing's parts are reached only through a listing the user may edit, so they share its scope.
def get_location_of(service: Service, location_id: uuid.UUID) -> Location:
    location = Location.objects.filter(pk=location_id, service_at_locations__service=service).first()
    if location is None:
        raise Http404("No such location")
    return location


def other_services_at(location: Location, *, besides: Service) -> QuerySet[Service]:
    """Listings other than this one that use the same place (imports share one hall between services)."""
    return Service.objects.filter(service_at_locations__location=location).exclude(pk=besides.pk).order_by("name")


def may_change_location(user: "User | AnonymousUser", service: Service, location: Location) -> bool:
    """Changing a shared place changes every listing that uses it, so only directory editors may; a provider
    would otherwise change listings outside their organisation, or published ones, without review."""
    return edits_whole_directory(user) or not other_services_at(location, besides=service).exists()


def get_schedule_of(service: Service, schedule_id: uuid.UUID) -> Schedule:
    schedule = Schedule.objects.filter(pk=schedule_id, service=service).first()
    if schedule is None:
        raise Http404("No such schedule")
    return schedule


def get_cost_option_of(service: Service, cost_option_id: uuid.UUID) -> CostOption:
    cost_option = CostOption.objects.filter(pk=cost_option_id, service=service).first()
    if cost_option is None:
        raise Http404("No such cost")
    return cost_option


def choosable_organizations(user: "User | AnonymousUser") -> QuerySet[Organization]:
    """Directory organisations a new or changed listing may be filed under.

    Providers see only organisations their own organisation manages or already lists services for, so a
    provider cannot attach a listing to (and so change the public page of) someone else's organisation.
    """
    if edits_whole_directory(user):
        return Organization.objects.all()
    organisations = provider_organisations(user)
    return Organization.objects.filter(
        Q(managed_by__in=organisations) | Q(services__managed_by__in=organisations)
    ).distinct()


def managing_organisations(user: "User | AnonymousUser") -> list[Organisation]:
    """Linkwell organisations a listing may be handed to for upkeep by this user."""
    if edits_whole_directory(user):
        return list(Organisation.objects.order_by("name"))
    return provider_organisations(user)

"""Who reaches the listing editor pages: every endpoint, every kind of visitor."""

from collections.abc import Callable
from datetime import time
from decimal import Decimal

import pytest
from django.test import Client

from linkwell.accounts.models import Organisation, OrganisationKind, User
from linkwell.accounts.roles import Permission, Role
from linkwell.accounts.tests.factories import OrganisationFactory, user_with_role
from linkwell.conftest import client_for
from linkwell.core.navigation import NavItem
from linkwell.directory.access import editable_services, get_editable_service
from linkwell.directory.models import (
    CostOption,
    Location,
    Organization,
    PublicationState,
    Schedule,
    Service,
    ServiceAtLocation,
)

pytestmark = pytest.mark.django_db


def make_listing(managed_by: Organisation | None, name: str = "Riverside Walking Group") -> Service:
    organization = Organization.objects.create(name=f"{name} Trust")
    service = Service.objects.create(organization=organization, name=name, managed_by=managed_by)
    location = Location.objects.create(name="Riverside hall")
    ServiceAtLocation.objects.create(service=service, location=location)
    Schedule.objects.create(service=service, freq="WEEKLY", byday="WE", opens_at=time(10), closes_at=time(11))
    CostOption.objects.create(service=service, option="Per session", amount=Decimal("2.00"))
    return service


@pytest.fixture
def provider_organisation() -> Organisation:
    return OrganisationFactory.create(kind=OrganisationKind.COMMUNITY_PROVIDER, name="Chelmsford Walking Friends")


@pytest.fixture
def listing(provider_organisation: Organisation) -> Service:
    return make_listing(provider_organisation)


@pytest.fixture
def provider(provider_organisation: Organisation) -> User:
    return user_with_role(Role.PROVIDER, organisation=provider_organisation)


def _remove_location(service: Service) -> tuple[str, str]:
    location_id = service.service_at_locations.get().location_id
    return "post", f"/directory/manage/{service.pk}/locations/{location_id}/remove/"


def _remove_schedule(service: Service) -> tuple[str, str]:
    return "post", f"/directory/manage/{service.pk}/schedules/{service.schedules.get().pk}/remove/"


def _remove_cost(service: Service) -> tuple[str, str]:
    return "post", f"/directory/manage/{service.pk}/costs/{service.cost_options.get().pk}/remove/"


LISTING_ENDPOINTS: dict[str, Callable[[Service], tuple[str, str]]] = {
    "detail": lambda service: ("get", f"/directory/manage/{service.pk}/"),
    "edit": lambda service: ("get", f"/directory/manage/{service.pk}/edit/"),
    "add location": lambda service: ("get", f"/directory/manage/{service.pk}/locations/add/"),
    "add times": lambda service: ("get", f"/directory/manage/{service.pk}/schedules/add/"),
    "add cost": lambda service: ("get", f"/directory/manage/{service.pk}/costs/add/"),
    "change location": lambda service: (
        "get",
        f"/directory/manage/{service.pk}/locations/{service.service_at_locations.get().location_id}/edit/",
    ),
    "change times": lambda service: (
        "get",
        f"/directory/manage/{service.pk}/schedules/{service.schedules.get().pk}/edit/",
    ),
    "change cost": lambda service: (
        "get",
        f"/directory/manage/{service.pk}/costs/{service.cost_options.get().pk}/edit/",
    ),
    "remove location": _remove_location,
    "remove times": _remove_schedule,
    "remove cost": _remove_cost,
    "archive": lambda service: ("post", f"/directory/manage/{service.pk}/archive/"),
}
ENDPOINTS: dict[str, Callable[[Service], tuple[str, str]]] = {
    "list": lambda service: ("get", "/directory/manage/"),
    "create": lambda service: ("get", "/directory/manage/new/"),
    **LISTING_ENDPOINTS,
}
OK = {"get": 200, "post": 302}


def _request(client: Client, endpoint: str, service: Service) -> tuple[str, int]:
    method, path = ENDPOINTS[endpoint](service)
    response = client.get(path) if method == "get" else client.post(path)
    return method, response.status_code


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("role", [Role.DIRECTORY_EDITOR, Role.ADMIN])
def test_directory_editors_and_admins_reach_every_endpoint(endpoint, role, listing):
    method, status = _request(client_for(user_with_role(role)), endpoint, listing)
    assert status == OK[method]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_provider_reaches_every_endpoint_for_their_own_organisations_listing(endpoint, listing, provider):
    method, status = _request(client_for(provider), endpoint, listing)
    assert status == OK[method]


@pytest.mark.parametrize("endpoint", LISTING_ENDPOINTS)
def test_a_provider_gets_not_found_for_another_organisations_listing_as_for_a_missing_one(endpoint, provider):
    elsewhere = make_listing(OrganisationFactory.create(kind=OrganisationKind.COMMUNITY_PROVIDER), "Elsewhere Choir")
    unmanaged = make_listing(None, "Editors Only Club")
    client = client_for(provider)

    _, other_status = _request(client, endpoint, elsewhere)
    _, unmanaged_status = _request(client, endpoint, unmanaged)
    method, path = ENDPOINTS[endpoint](elsewhere)
    missing = getattr(client, method)(path.replace(str(elsewhere.pk), "00000000-0000-4000-8000-000000000000"))

    assert other_status == unmanaged_status == missing.status_code == 404
    assert Service.objects.get(pk=elsewhere.pk).state == PublicationState.DRAFT
    assert elsewhere.cost_options.count() == 1


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.REFERRER, Role.COMMISSIONER, Role.TEAM_LEAD])
def test_roles_that_do_not_edit_listings_are_refused(endpoint, role, listing):
    _, status = _request(client_for(user_with_role(role)), endpoint, listing)
    assert status == 403


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_visitors_are_sent_to_sign_in(endpoint, listing):
    method, path = ENDPOINTS[endpoint](listing)
    response = getattr(Client(), method)(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/?next=")


def test_a_provider_lists_only_their_own_organisations_listings(listing, provider):
    make_listing(OrganisationFactory.create(), "Elsewhere Choir")
    make_listing(None, "Editors Only Club")

    page = client_for(provider).get("/directory/manage/").content.decode()

    assert "Riverside Walking Group" in page
    assert "Elsewhere Choir" not in page
    assert "Editors Only Club" not in page
    assert list(editable_services(provider)) == [listing]
    assert get_editable_service(provider, listing.pk) == listing


def test_a_provider_in_two_organisations_edits_the_listings_of_both(listing, provider):
    second = OrganisationFactory.create(kind=OrganisationKind.COMMUNITY_PROVIDER)
    provider.memberships.create(role=Role.PROVIDER, organisation=second)
    other = make_listing(second, "Second Choir")
    provider = User.objects.get(pk=provider.pk)

    assert set(editable_services(provider)) == {listing, other}


def test_the_manage_listings_link_shows_for_editors_and_providers_only():
    def sees_link(user: User) -> bool:
        return 'href="/directory/manage/"' in client_for(user).get("/").content.decode()

    assert sees_link(user_with_role(Role.DIRECTORY_EDITOR))
    assert sees_link(user_with_role(Role.ADMIN))
    assert sees_link(user_with_role(Role.PROVIDER))
    assert not sees_link(user_with_role(Role.LINK_WORKER))
    assert not sees_link(user_with_role(Role.COMMISSIONER))


def test_a_navigation_item_with_several_permissions_shows_to_holders_of_any_one():
    item = NavItem("Either", "core:home", (Permission.VIEW_AUDIT_LOG, Permission.EDIT_OWN_LISTINGS))

    assert item.shown_to(user_with_role(Role.ADMIN))
    assert item.shown_to(user_with_role(Role.PROVIDER))
    assert not item.shown_to(user_with_role(Role.REFERRER))
    assert NavItem("Everyone", "core:home").shown_to(user_with_role(Role.REFERRER))
    assert not NavItem("Audit", "audit:list", Permission.VIEW_AUDIT_LOG).shown_to(user_with_role(Role.REFERRER))

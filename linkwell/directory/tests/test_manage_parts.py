"""A listing's locations, times and costs, managed from its page, and the search fields they feed."""

from collections.abc import Mapping
from datetime import date, time
from decimal import Decimal

import pytest

from linkwell.accounts.models import OrganisationKind, User
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.conftest import client_for
from linkwell.directory.models import (
    Address,
    CostOption,
    Location,
    LocationType,
    Organization,
    Postcode,
    PublicationState,
    Schedule,
    Service,
)
from linkwell.directory.schedules import MORNING
from linkwell.directory.tests.manage_forms import location_data, schedule_data

pytestmark = pytest.mark.django_db

WEDNESDAY_BIT = 1 << 2


@pytest.fixture
def editor() -> User:
    return user_with_role(Role.DIRECTORY_EDITOR, email="lena.editor@example.org")


@pytest.fixture
def service() -> Service:
    organization = Organization.objects.create(name="Chelmer Community Trust")
    return Service.objects.create(organization=organization, name="Seated Strength")


@pytest.fixture(autouse=True)
def _postcode() -> None:
    Postcode.objects.update_or_create(postcode="CM1 1AA", defaults={"latitude": 51.7365, "longitude": 0.4690})


def post(user: User, service: Service, part: str, data: Mapping[str, object]) -> tuple[int, str]:
    response = client_for(user).post(f"/directory/manage/{service.pk}/{part}/add/", data)
    return response.status_code, response.content.decode()


# --- Locations ------------------------------------------------------------------------------------
def test_adding_a_wheelchair_accessible_place_geocodes_it_and_marks_the_listing(editor, service):
    # Typed in lower case without a space: stored in the standard form.
    status, _ = post(editor, service, "locations", location_data(postcode="cm11aa"))

    service.refresh_from_db()
    location = Location.objects.get()
    address = Address.objects.get()
    assert status == 302
    assert (location.latitude, location.longitude) == (51.7365, 0.4690)
    assert location.wheelchair_accessible
    assert (address.address_1, address.city, address.state_province, address.postal_code) == (
        "1 Park Road",
        "Chelmsford",
        "Essex",
        "CM1 1AA",
    )
    assert location.accessibility.get().description == "Step-free entrance at the side"
    assert service.wheelchair_accessible
    assert service.in_person
    assert not service.online
    assert "Chelmsford" in service.search_document
    event = AuditEvent.objects.get(action=AuditAction.SERVICE_UPDATED)
    assert (event.actor_id, event.detail["added"], event.detail["postcode"]) == (editor.pk, "location", "CM1 1AA")


def test_an_online_only_location_needs_no_address(editor, service):
    status, _ = post(
        editor,
        service,
        "locations",
        location_data(attendance="virtual", name="", address_1="", city="", postcode="", wheelchair_accessible=""),
    )

    service.refresh_from_db()
    location = Location.objects.get()
    assert status == 302
    assert location.location_type == LocationType.VIRTUAL
    assert not Address.objects.exists()
    assert service.online
    assert not service.in_person
    assert not service.wheelchair_accessible


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"postcode": "CM1 1A"}, "Enter a real postcode, like CM1 1AA"),
        ({"postcode": "not a postcode"}, "Enter a real postcode, like CM1 1AA"),
        ({"postcode": ""}, "Enter the postcode"),
        ({"postcode": "ZE1 0AA"}, "We could not find ZE1 0AA. Check the postcode is right"),
        ({"address_1": ""}, "Enter the first line of the address"),
        ({"city": ""}, "Enter the town or city"),
        ({"wheelchair_accessible": ""}, "Select whether wheelchair users can get in and use the place"),
        ({"attendance": ""}, "Select how people take part"),
    ],
)
def test_each_location_mistake_gets_a_clear_message_and_nothing_is_saved(editor, service, overrides, message):
    status, page = post(editor, service, "locations", location_data(**overrides))

    assert status == 400
    assert message in page
    assert not Location.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.SERVICE_UPDATED).exists()


def test_removing_the_only_accessible_place_clears_the_flag(editor, service):
    post(editor, service, "locations", location_data())
    location = Location.objects.get()

    response = client_for(editor).post(f"/directory/manage/{service.pk}/locations/{location.pk}/remove/")

    service.refresh_from_db()
    assert response.status_code == 302
    assert not Location.objects.exists()
    assert not service.wheelchair_accessible
    assert not service.in_person


def test_removing_a_shared_location_only_unlinks_it(editor, service):
    post(editor, service, "locations", location_data())
    location = Location.objects.get()
    other = Service.objects.create(organization=service.organization, name="Another group")
    other.service_at_locations.create(location=location)

    client_for(editor).post(f"/directory/manage/{service.pk}/locations/{location.pk}/remove/")

    assert Location.objects.filter(pk=location.pk).exists()
    assert not service.service_at_locations.exists()


def test_a_location_of_another_listing_cannot_be_removed_through_this_one(editor, service):
    other = Service.objects.create(organization=service.organization, name="Another group")
    post(editor, other, "locations", location_data())
    location = Location.objects.get()

    response = client_for(editor).post(f"/directory/manage/{service.pk}/locations/{location.pk}/remove/")

    assert response.status_code == 404
    assert Location.objects.filter(pk=location.pk).exists()


# --- Times ----------------------------------------------------------------------------------------
def test_adding_wednesday_mornings_sets_the_day_and_time_of_day_filters(editor, service):
    status, _ = post(editor, service, "schedules", schedule_data())

    service.refresh_from_db()
    schedule = Schedule.objects.get()
    assert status == 302
    assert (schedule.freq, schedule.interval, schedule.byday) == ("WEEKLY", 1, "WE")
    assert (schedule.opens_at, schedule.closes_at) == (time(10), time(11, 30))
    assert service.day_mask == WEDNESDAY_BIT
    assert service.period_mask == MORNING
    assert AuditEvent.objects.get(action=AuditAction.SERVICE_UPDATED).actor_id == editor.pk


def test_the_first_tuesday_of_each_month_is_stored_as_an_rrule(editor, service):
    post(editor, service, "schedules", schedule_data(days=["TU"], repeat="monthly", week_of_month="1"))
    post(editor, service, "schedules", schedule_data(days=["FR"], repeat="monthly", week_of_month="-1"))

    assert sorted(Schedule.objects.values_list("freq", "byday")) == [("MONTHLY", "-1FR"), ("MONTHLY", "1TU")]
    page = client_for(editor).get(f"/directory/manage/{service.pk}/").content.decode()
    assert "The first Tuesday of the month, 10am to 11:30am" in page
    assert "The last Friday of the month" in page


def test_every_other_week_counts_from_its_start_date(editor, service):
    post(
        editor,
        service,
        "schedules",
        schedule_data(days=["MO", "TH"], repeat="fortnightly", valid_from_0="5", valid_from_1="1", valid_from_2="2026"),
    )

    schedule = Schedule.objects.get()
    assert (schedule.interval, schedule.byday, schedule.dtstart) == (2, "MO,TH", date(2026, 1, 5))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"opens_at": "14:00", "closes_at": "13:00"}, "Closing time must be after opening time"),
        ({"opens_at": "14:00", "closes_at": "14:00"}, "Closing time must be after opening time"),
        ({"days": []}, "Select the days it runs"),
        ({"opens_at": "10am"}, "Enter the opening time on the 24-hour clock, like 09:30"),
        ({"closes_at": "25:00"}, "Enter the closing time on the 24-hour clock, like 09:30"),
        ({"opens_at": ""}, "Enter the opening time"),
        ({"repeat": "monthly"}, "Select which week of the month it runs"),
        ({"repeat": "fortnightly"}, "Enter the date of the first session, so people know which weeks it runs"),
        (
            {"valid_from_0": "1", "valid_from_1": "9", "valid_from_2": "2026", "valid_to_0": "1", "valid_to_1": "8"}
            | {"valid_to_2": "2026"},
            "The end date must be the same as or after the start date",
        ),
    ],
)
def test_each_schedule_mistake_gets_a_clear_message_and_nothing_is_saved(editor, service, overrides, message):
    status, page = post(editor, service, "schedules", schedule_data(**overrides))

    assert status == 400
    assert message in page
    assert not Schedule.objects.exists()


def test_removing_the_wednesday_session_clears_the_day_filter(editor, service):
    post(editor, service, "schedules", schedule_data())
    schedule = Schedule.objects.get()

    client_for(editor).post(f"/directory/manage/{service.pk}/schedules/{schedule.pk}/remove/")

    service.refresh_from_db()
    assert service.day_mask == 0
    assert AuditEvent.objects.filter(action=AuditAction.SERVICE_UPDATED, detail__removed="schedule").exists()


# --- Costs ----------------------------------------------------------------------------------------
def test_a_three_pound_cost_means_the_listing_is_not_free(editor, service):
    status, _ = post(editor, service, "costs", {"option": "Per session", "amount": "£3", "amount_description": ""})

    service.refresh_from_db()
    assert status == 302
    assert CostOption.objects.get().amount == Decimal("3.00")
    assert not service.is_free


@pytest.mark.parametrize("amount", ["0", ""])
def test_a_cost_of_nothing_keeps_the_listing_free(editor, service, amount):
    post(editor, service, "costs", {"option": "Tea and biscuits", "amount": amount, "amount_description": ""})

    service.refresh_from_db()
    assert CostOption.objects.count() == 1
    assert service.is_free


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"option": "Per session", "amount": "-2"}, "Cost must be £0 or more"),
        ({"option": "Per session", "amount": "three pounds"}, "Enter the cost in pounds, like 3.50"),
        ({"option": "Per session", "amount": "3.555"}, "Enter the cost in pounds and pence, like 3.50"),
        ({"option": "Per session", "amount": "1000000"}, "Cost must be less than £1,000,000"),
        ({"option": "", "amount": ""}, "Enter an amount, or 0 if it is free"),
    ],
)
def test_each_cost_mistake_gets_a_clear_message_and_nothing_is_saved(editor, service, data, message):
    status, page = post(editor, service, "costs", {"amount_description": "", **data})

    assert status == 400
    assert message in page
    assert not CostOption.objects.exists()


def test_removing_the_only_charge_makes_the_listing_free_again(editor, service):
    post(editor, service, "costs", {"option": "Per session", "amount": "3", "amount_description": ""})
    cost_option = CostOption.objects.get()

    client_for(editor).post(f"/directory/manage/{service.pk}/costs/{cost_option.pk}/remove/")

    service.refresh_from_db()
    assert service.is_free


# --- Moderation of parts --------------------------------------------------------------------------
def test_a_provider_adding_times_to_a_published_listing_sends_it_back_for_checking():
    organisation = OrganisationFactory.create(kind=OrganisationKind.COMMUNITY_PROVIDER)
    provider = user_with_role(Role.PROVIDER, organisation=organisation)
    organization = Organization.objects.create(name="Walking Friends", managed_by=organisation)
    service = Service.objects.create(
        organization=organization, name="Riverside Walk", managed_by=organisation, state=PublicationState.PUBLISHED
    )

    status, _ = post(provider, service, "schedules", schedule_data())

    service.refresh_from_db()
    assert status == 302
    assert service.state == PublicationState.DRAFT
    assert service.day_mask == WEDNESDAY_BIT
    assert service.state_changes.get().by_id == provider.pk

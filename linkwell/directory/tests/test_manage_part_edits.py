"""Changing a listing's location, times or cost in place, from the listing's page."""

from collections.abc import Callable
from datetime import date, time
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.test import Client

from linkwell.accounts.models import Organisation, OrganisationKind, User
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.conftest import client_for
from linkwell.directory import actions
from linkwell.directory.actions import SHARED_LOCATION_REFUSED, ScheduleDetails, SharedLocation
from linkwell.directory.indexing import refresh_search_fields
from linkwell.directory.models import (
    Accessibility,
    Address,
    CostOption,
    Frequency,
    Location,
    LocationType,
    Organization,
    Postcode,
    PublicationState,
    Schedule,
    Service,
    ServiceAtLocation,
)
from linkwell.directory.schedules import EVENING, MORNING
from linkwell.directory.tests.manage_forms import cost_data, location_data, schedule_data

pytestmark = pytest.mark.django_db

WEDNESDAY_BIT, THURSDAY_BIT = 1 << 2, 1 << 3
CHELMSFORD = (51.7365, 0.4690)
GREAT_BADDOW = (51.7190, 0.5070)


@pytest.fixture(autouse=True)
def _postcodes() -> None:
    Postcode.objects.update_or_create(
        postcode="CM1 1AA", defaults={"latitude": CHELMSFORD[0], "longitude": CHELMSFORD[1]}
    )
    Postcode.objects.update_or_create(
        postcode="CM2 7AA", defaults={"latitude": GREAT_BADDOW[0], "longitude": GREAT_BADDOW[1]}
    )


def make_listing(
    *, managed_by: Organisation | None = None, state: str = PublicationState.DRAFT, name: str = "Seated Strength"
) -> Service:
    """A listing with one accessible hall, Wednesday mornings and a £3 charge, as the add pages would make it."""
    organization = Organization.objects.create(name=f"{name} Trust")
    service = Service.objects.create(organization=organization, name=name, managed_by=managed_by, state=state)
    location = Location.objects.create(
        organization=organization,
        name="Oaklands Park community hall",
        latitude=CHELMSFORD[0],
        longitude=CHELMSFORD[1],
        wheelchair_accessible=True,
    )
    Address.objects.create(
        location=location, address_1="1 Park Road", city="Chelmsford", state_province="Essex", postal_code="CM1 1AA"
    )
    Accessibility.objects.create(location=location, description="Step-free entrance at the side")
    ServiceAtLocation.objects.create(service=service, location=location)
    Schedule.objects.create(
        service=service, freq=Frequency.WEEKLY, interval=1, byday="WE", opens_at=time(10), closes_at=time(11, 30)
    )
    CostOption.objects.create(service=service, option="Per session", amount=Decimal("3.00"))
    refresh_search_fields(service)
    service.refresh_from_db()
    return service


def location_of(service: Service) -> Location:
    return Location.objects.get(service_at_locations__service=service)


# Each part: the path segment, how to find the listing's record, and the form data that leaves it as it is.
PARTS: dict[str, tuple[str, Callable[[Service], object], Callable[..., dict[str, object]]]] = {
    "location": ("locations", lambda service: location_of(service).pk, location_data),
    "times": ("schedules", lambda service: service.schedules.get().pk, schedule_data),
    "cost": ("costs", lambda service: service.cost_options.get().pk, cost_data),
}
# A real change to each part, for the tests that only need some change.
SOME_CHANGE: dict[str, dict[str, object]] = {
    "location": {"name": "Oaklands Park pavilion"},
    "times": {"days": ["TH"]},
    "cost": {"amount": "2.50"},
}


def edit_url(service: Service, part: str, record_id: object = None) -> str:
    segment, find, _ = PARTS[part]
    return f"/directory/manage/{service.pk}/{segment}/{record_id or find(service)}/edit/"


def change(user: User, service: Service, part: str, **overrides: object) -> tuple[int, str]:
    data = PARTS[part][2](**overrides)
    response = client_for(user).post(edit_url(service, part), data, follow=True)
    status = response.redirect_chain[0][1] if response.redirect_chain else response.status_code
    return status, response.content.decode()


def snapshot(service: Service) -> tuple[object, ...]:
    """Everything an edit could write, to show a refused or invalid one wrote nothing."""
    service.refresh_from_db()
    return (
        list(Location.objects.values_list("location_type", "name", "latitude", "longitude", "wheelchair_accessible")),
        list(Address.objects.values_list("address_1", "city", "state_province", "postal_code")),
        list(Accessibility.objects.values_list("description", flat=True)),
        list(Schedule.objects.values_list("freq", "interval", "byday", "opens_at", "closes_at", "notes")),
        list(CostOption.objects.values_list("option", "amount", "amount_description")),
        (service.state, service.last_modified, service.day_mask, service.is_free, service.wheelchair_accessible),
        AuditEvent.objects.count(),
    )


def updated_event(service: Service) -> AuditEvent:
    return AuditEvent.objects.get(
        action=AuditAction.SERVICE_UPDATED, object_id=str(service.pk), detail__updated__isnull=False
    )


@pytest.fixture
def editor() -> User:
    return user_with_role(Role.DIRECTORY_EDITOR, email="lena.editor@example.org")


@pytest.fixture
def provider_organisation() -> Organisation:
    return OrganisationFactory.create(kind=OrganisationKind.COMMUNITY_PROVIDER, name="Chelmsford Walking Friends")


@pytest.fixture
def provider(provider_organisation: Organisation) -> User:
    return user_with_role(Role.PROVIDER, organisation=provider_organisation, email="tom.provider@example.org")


@pytest.fixture
def service() -> Service:
    return make_listing()


# --- The pages ------------------------------------------------------------------------------------
def test_the_listing_page_links_to_change_each_location_time_and_cost(editor, service):
    page = client_for(editor).get(f"/directory/manage/{service.pk}/").content.decode()

    for part in PARTS:
        assert f'href="{edit_url(service, part)}"' in page
    assert 'Change<span class="nhsuk-u-visually-hidden"> Every Wednesday, 10am to 11:30am</span>' in page


def test_the_change_pages_start_from_the_current_values(editor, service):
    client = client_for(editor)

    location_page = client.get(edit_url(service, "location")).content.decode()
    times_page = client.get(edit_url(service, "times")).content.decode()
    cost_page = client.get(edit_url(service, "cost")).content.decode()

    assert "<h1>Change the location</h1>" in location_page
    for value in ["Oaklands Park community hall", "1 Park Road", "Chelmsford", "Essex", "CM1 1AA"]:
        assert f'value="{value}"' in location_page
    assert "Step-free entrance at the side</textarea>" in location_page
    assert 'value="yes" checked' in location_page
    assert "<h1>Change times</h1>" in times_page
    assert 'value="WE" checked' in times_page
    assert 'value="weekly" checked' in times_page
    assert 'value="10:00"' in times_page
    assert 'value="11:30"' in times_page
    assert "<h1>Change the cost</h1>" in cost_page
    assert 'value="3.00"' in cost_page
    assert 'value="Per session"' in cost_page


def test_a_monthly_rule_with_dates_starts_from_its_week_and_dates(editor, service):
    Schedule.objects.filter(service=service).update(
        freq=Frequency.MONTHLY, byday="-1FR", valid_from=date(2026, 1, 30), notes="Not in August"
    )

    page = client_for(editor).get(edit_url(service, "times")).content.decode()

    assert 'value="FR" checked' in page
    assert 'value="monthly" checked' in page
    assert 'value="-1" checked' in page
    assert 'value="30"' in page
    assert 'value="2026"' in page
    assert 'value="Not in August"' in page


@pytest.mark.parametrize("part", PARTS)
def test_saving_without_changing_anything_writes_nothing(editor, service, part):
    before = snapshot(service)

    status, page = change(editor, service, part)

    assert status == 302
    assert "Nothing was changed." in page
    assert snapshot(service) == before


# --- Locations ------------------------------------------------------------------------------------
def test_an_editor_fixes_a_places_name_and_town_and_search_follows(editor, service):
    status, page = change(editor, service, "location", name="Oaklands Park pavilion", city="Great Baddow")

    service.refresh_from_db()
    location = location_of(service)
    assert status == 302
    assert "Your changes are saved." in page
    assert location.name == "Oaklands Park pavilion"
    assert Address.objects.get().city == "Great Baddow"
    assert "Great Baddow" in service.search_document
    assert "Oaklands Park pavilion" in service.search_document
    assert "Chelmsford\n" not in service.search_document
    event = updated_event(service)
    assert (event.actor_id, event.detail["updated"], event.detail["location"]) == (
        editor.pk,
        "location",
        str(location.pk),
    )
    assert event.detail["changed"] == ["name", "city"]
    assert event.detail["held_for_review"] is False


def test_a_new_postcode_moves_the_place_to_that_postcode(editor, service):
    change(editor, service, "location", postcode="cm2 7aa")

    location = location_of(service)
    assert Address.objects.get().postal_code == "CM2 7AA"
    assert (location.latitude, location.longitude) == GREAT_BADDOW
    assert updated_event(service).detail["changed"] == ["postcode", "latitude", "longitude"]


def test_an_imports_exact_coordinates_stay_when_the_postcode_does_not_change(editor, service):
    Location.objects.update(latitude=51.7372, longitude=0.4701)

    change(editor, service, "location", name="Oaklands Park pavilion")

    location = location_of(service)
    assert (location.latitude, location.longitude) == (51.7372, 0.4701)
    assert updated_event(service).detail["changed"] == ["name"]


def test_unticking_wheelchair_access_clears_the_listings_flag(editor, service):
    assert service.wheelchair_accessible

    change(editor, service, "location", wheelchair_accessible="no")

    service.refresh_from_db()
    assert not location_of(service).wheelchair_accessible
    assert not service.wheelchair_accessible
    assert updated_event(service).detail["changed"] == ["wheelchair_accessible"]


def test_making_a_place_online_only_drops_its_address_and_the_in_person_filter(editor, service):
    change(
        editor,
        service,
        "location",
        attendance="virtual",
        name="Video call",
        address_1="",
        city="",
        county="",
        postcode="",
        wheelchair_accessible="",
    )

    service.refresh_from_db()
    location = location_of(service)
    assert location.location_type == LocationType.VIRTUAL
    assert (location.latitude, location.longitude, location.wheelchair_accessible) == (None, None, False)
    assert not Address.objects.exists()
    assert service.online
    assert not service.in_person
    assert not service.wheelchair_accessible


def test_an_online_place_given_an_address_gets_one(editor, service):
    location = location_of(service)
    Address.objects.all().delete()
    Location.objects.update(location_type=LocationType.VIRTUAL, latitude=None, longitude=None)

    change(editor, service, "location")

    service.refresh_from_db()
    location.refresh_from_db()
    assert location.location_type == LocationType.PHYSICAL
    assert Address.objects.get(location=location).postal_code == "CM1 1AA"
    assert (location.latitude, location.longitude) == CHELMSFORD
    assert service.in_person
    assert not service.online


def test_changing_accessibility_notes_keeps_one_note_and_blanking_them_removes_it(editor, service):
    change(editor, service, "location", accessibility_notes="Hearing loop at the front desk")
    assert list(Accessibility.objects.values_list("description", flat=True)) == ["Hearing loop at the front desk"]

    change(editor, service, "location", accessibility_notes="")
    assert not Accessibility.objects.exists()


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
    before = snapshot(service)

    # The name changes too, to show a valid field is not saved alongside an invalid one.
    status, page = change(editor, service, "location", name="Oaklands Park pavilion", **overrides)

    assert status == 400
    assert message in page
    assert "<title>Error: Change the location" in page
    assert snapshot(service) == before


# --- Shared locations -----------------------------------------------------------------------------
def share(service: Service, *, managed_by: Organisation | None = None, name: str = "Tea and Talk") -> Service:
    other = Service.objects.create(
        organization=service.organization, name=name, managed_by=managed_by, state=PublicationState.PUBLISHED
    )
    ServiceAtLocation.objects.create(service=other, location=location_of(service))
    refresh_search_fields(other)
    other.refresh_from_db()
    return other


def test_an_editor_is_warned_that_a_shared_place_changes_for_every_listing_using_it(editor, service):
    share(service)

    page = client_for(editor).get(edit_url(service, "location")).content.decode()
    listing_page = client_for(editor).get(f"/directory/manage/{service.pk}/").content.decode()

    assert "Other listings use this place" in page
    assert "<li>Tea and Talk</li>" in page
    assert "Other listings use this place too." in listing_page
    assert f'href="{edit_url(service, "location")}"' in listing_page


def test_an_editor_changing_a_shared_place_refreshes_and_audits_every_listing_using_it(editor, service):
    other = share(service)
    other_modified = other.last_modified

    change(editor, service, "location", city="Great Baddow", wheelchair_accessible="no")

    other.refresh_from_db()
    assert "Great Baddow" in other.search_document
    assert not other.wheelchair_accessible
    assert other.last_modified != other_modified
    assert other.state == PublicationState.PUBLISHED
    assert updated_event(service).detail["also_changed"] == [str(other.pk)]
    other_event = updated_event(other)
    assert other_event.detail["changed"] == ["city", "wheelchair_accessible"]
    assert other_event.detail["changed_through"] == str(service.pk)


def test_a_provider_cannot_change_a_place_another_listing_uses_and_is_told_why(provider_organisation, provider):
    service = make_listing(managed_by=provider_organisation)
    share(service, managed_by=provider_organisation)
    before = snapshot(service)
    client = client_for(provider)

    shown = client.get(edit_url(service, "location"), follow=True)
    status, page = change(provider, service, "location", city="Great Baddow")

    assert shown.redirect_chain[0][0] == f"/directory/manage/{service.pk}/"
    assert SHARED_LOCATION_REFUSED in shown.content.decode()
    assert f'href="{edit_url(service, "location")}"' not in shown.content.decode()
    assert "only a directory editor can change it" in shown.content.decode()
    assert status == 302
    assert SHARED_LOCATION_REFUSED in page
    assert snapshot(service) == before


def test_the_update_location_action_itself_refuses_a_provider_a_shared_place(provider_organisation, provider):
    service = make_listing(managed_by=provider_organisation)
    share(service, managed_by=provider_organisation)
    location = location_of(service)
    details = actions.location_details(location)

    with pytest.raises(SharedLocation):
        actions.update_location(service=service, location=location, details=details, by=provider)


# --- Times ----------------------------------------------------------------------------------------
def test_moving_wednesday_sessions_to_thursday_moves_the_day_filter(editor, service):
    assert service.day_mask == WEDNESDAY_BIT

    status, page = change(editor, service, "times", days=["TH"])

    service.refresh_from_db()
    assert status == 302
    assert "Every Thursday, 10am to 11:30am" in page
    assert Schedule.objects.get().byday == "TH"
    assert service.day_mask == THURSDAY_BIT
    event = updated_event(service)
    assert (event.actor_id, event.detail["updated"], event.detail["changed"]) == (editor.pk, "schedule", ["byday"])


def test_moving_a_session_to_the_evening_moves_the_time_of_day_filter(editor, service):
    assert service.period_mask == MORNING

    change(editor, service, "times", opens_at="18:00", closes_at="19:30")

    service.refresh_from_db()
    assert (Schedule.objects.get().opens_at, Schedule.objects.get().closes_at) == (time(18), time(19, 30))
    assert service.period_mask == EVENING
    assert updated_event(service).detail["changed"] == ["opens_at", "closes_at"]


def test_every_other_week_counts_from_the_new_start_date(editor, service):
    change(editor, service, "times", repeat="fortnightly", valid_from_0="7", valid_from_1="1", valid_from_2="2026")

    schedule = Schedule.objects.get()
    assert (schedule.interval, schedule.valid_from, schedule.dtstart) == (2, date(2026, 1, 7), date(2026, 1, 7))
    assert updated_event(service).detail["changed"] == ["interval", "valid_from"]


def test_a_rule_written_through_the_form_replaces_rule_parts_the_form_does_not_show(editor, service):
    Schedule.objects.update(freq=Frequency.MONTHLY, byday="", bymonthday="15", count=6)

    change(editor, service, "times", days=["TU"], repeat="monthly", week_of_month="1")

    schedule = Schedule.objects.get()
    assert (schedule.freq, schedule.byday, schedule.bymonthday, schedule.count) == ("MONTHLY", "1TU", "", None)
    assert updated_event(service).detail["changed"] == ["byday", "bymonthday", "count"]


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
def test_each_times_mistake_gets_a_clear_message_and_nothing_is_saved(editor, service, overrides, message):
    before = snapshot(service)

    status, page = change(editor, service, "times", **{"notes": "Not on bank holidays", **overrides})

    assert status == 400
    assert message in page
    assert "<title>Error: Change times" in page
    assert snapshot(service) == before


def test_a_write_the_database_refuses_leaves_the_schedule_and_the_log_as_they_were(editor, service):
    before = snapshot(service)
    schedule = service.schedules.get()
    backwards = ScheduleDetails(
        freq=Frequency.WEEKLY,
        interval=1,
        byday="TH",
        opens_at=time(14),
        closes_at=time(13),
        valid_from=None,
        valid_to=None,
        notes="",
    )

    with pytest.raises(IntegrityError):
        actions.update_schedule(service=service, schedule=schedule, details=backwards, by=editor)

    assert snapshot(service) == before


# --- Costs ----------------------------------------------------------------------------------------
def test_changing_the_cost_to_nothing_makes_the_listing_free(editor, service):
    assert not service.is_free

    status, _ = change(editor, service, "cost", amount="0")

    service.refresh_from_db()
    assert status == 302
    assert CostOption.objects.get().amount == Decimal("0")
    assert service.is_free
    event = updated_event(service)
    assert (event.actor_id, event.detail["updated"], event.detail["changed"]) == (editor.pk, "cost_option", ["amount"])


def test_charging_for_a_free_session_means_the_listing_is_not_free(editor, service):
    CostOption.objects.update(amount=None)
    refresh_search_fields(service)

    change(editor, service, "cost", amount="£4.50", amount_description="Concessions £2")

    service.refresh_from_db()
    assert CostOption.objects.get().amount == Decimal("4.50")
    assert not service.is_free
    assert updated_event(service).detail["changed"] == ["amount", "amount_description"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "-2"}, "Cost must be £0 or more"),
        ({"amount": "three pounds"}, "Enter the cost in pounds, like 3.50"),
        ({"amount": "3.555"}, "Enter the cost in pounds and pence, like 3.50"),
        ({"amount": "1000000"}, "Cost must be less than £1,000,000"),
        ({"option": "", "amount": ""}, "Enter an amount, or 0 if it is free"),
    ],
)
def test_each_cost_mistake_gets_a_clear_message_and_nothing_is_saved(editor, service, overrides, message):
    before = snapshot(service)

    status, page = change(editor, service, "cost", **{"amount_description": "First session free", **overrides})

    assert status == 400
    assert message in page
    assert "<title>Error: Change the cost" in page
    assert snapshot(service) == before


# --- Who may change parts -------------------------------------------------------------------------
@pytest.mark.parametrize("part", PARTS)
def test_a_provider_changes_part_of_their_own_listing_and_a_published_one_goes_back_to_draft(
    part, provider_organisation, provider
):
    service = make_listing(managed_by=provider_organisation, state=PublicationState.PUBLISHED)

    assert client_for(provider).get(edit_url(service, part)).status_code == 200
    status, page = change(provider, service, part, **SOME_CHANGE[part])

    service.refresh_from_db()
    assert status == 302
    assert "The listing is now a draft until a directory editor checks and publishes it." in page
    assert service.state == PublicationState.DRAFT
    assert service.state_changes.get().by_id == provider.pk
    assert updated_event(service).detail["held_for_review"] is True


@pytest.mark.parametrize("part", PARTS)
def test_an_editor_changing_part_of_a_published_listing_keeps_it_published(editor, part):
    service = make_listing(state=PublicationState.PUBLISHED)

    change(editor, service, part, **SOME_CHANGE[part])

    service.refresh_from_db()
    assert service.state == PublicationState.PUBLISHED
    assert updated_event(service).detail["held_for_review"] is False


@pytest.mark.parametrize("part", PARTS)
def test_a_provider_gets_not_found_for_part_of_another_organisations_listing_as_for_a_missing_one(part, provider):
    elsewhere = make_listing(managed_by=OrganisationFactory.create(kind=OrganisationKind.COMMUNITY_PROVIDER))
    unmanaged = make_listing(name="Editors Only Club")
    before = snapshot(elsewhere)
    client = client_for(provider)
    data = PARTS[part][2](**SOME_CHANGE[part])
    missing_listing = edit_url(elsewhere, part).replace(str(elsewhere.pk), "00000000-0000-4000-8000-000000000000")

    statuses = {
        client.get(edit_url(elsewhere, part)).status_code,
        client.post(edit_url(elsewhere, part), data).status_code,
        client.post(edit_url(unmanaged, part), data).status_code,
        client.post(missing_listing, data).status_code,
    }

    assert statuses == {404}
    assert snapshot(elsewhere) == before


@pytest.mark.parametrize("part", PARTS)
def test_part_of_another_listing_is_not_found_through_this_one(editor, service, part):
    other = make_listing(name="Tea and Talk")
    before = snapshot(other)
    other_record = PARTS[part][1](other)
    data = PARTS[part][2](**SOME_CHANGE[part])
    client = client_for(editor)

    statuses = {
        client.get(edit_url(service, part, other_record)).status_code,
        client.post(edit_url(service, part, other_record), data).status_code,
        client.get(edit_url(service, part, "00000000-0000-4000-8000-000000000000")).status_code,
    }

    assert statuses == {404}
    assert snapshot(other) == before


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("role", [Role.REFERRER, Role.LINK_WORKER])
def test_referrers_and_link_workers_are_refused(part, role, service):
    before = snapshot(service)
    client = client_for(user_with_role(role))

    shown = client.get(edit_url(service, part))
    sent = client.post(edit_url(service, part), PARTS[part][2](**SOME_CHANGE[part]))

    assert (shown.status_code, sent.status_code) == (403, 403)
    assert snapshot(service) == before


@pytest.mark.parametrize("part", PARTS)
def test_anonymous_visitors_are_sent_to_sign_in(part, service):
    before = snapshot(service)

    shown = Client().get(edit_url(service, part))
    sent = Client().post(edit_url(service, part), PARTS[part][2](**SOME_CHANGE[part]))

    for response in (shown, sent):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/sign-in/?next=")
    assert snapshot(service) == before

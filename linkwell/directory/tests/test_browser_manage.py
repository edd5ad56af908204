"""A directory editor builds and publishes a listing in a real browser; axe checks every page on the way."""

import re
from datetime import time

import pytest
from playwright.sync_api import Page, expect

from linkwell.accounts.models import OrganisationKind
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import PASSWORD, OrganisationFactory, user_with_role
from linkwell.core.tests.browser import assert_accessible, sign_in
from linkwell.directory.indexing import refresh_search_fields
from linkwell.directory.models import Frequency, Organization, Postcode, PublicationState, Schedule, Service

pytestmark = pytest.mark.browser

WEDNESDAY_BIT, THURSDAY_BIT = 1 << 2, 1 << 3


@pytest.fixture
def directory_data(reference_data) -> None:
    # An exact postcode, so the location the editor adds is placed precisely.
    Postcode.objects.update_or_create(postcode="CM1 1AA", defaults={"latitude": 51.7365, "longitude": 0.4690})


def expect_error(page: Page, message: str) -> None:
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)


def test_an_editor_creates_a_listing_adds_where_when_and_cost_and_publishes_it(page: Page, directory_data):
    editor = user_with_role(Role.DIRECTORY_EDITOR, email="lena.editor@example.org")
    sign_in(page, editor.email, PASSWORD)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Manage listings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Manage listings")
    assert_accessible(page)

    page.get_by_role("link", name="Add a listing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a listing")
    assert_accessible(page)
    page.get_by_role("button", name="Save as draft").click()
    expect_error(page, "Enter the name of the service")
    page.get_by_role("alert").get_by_role("link", name="Enter the name of the service").click()
    expect(page.get_by_label("Name of the service")).to_be_focused()

    page.get_by_label("Name of the service").fill("Riverside Walking Group")
    page.get_by_label("Or, if it is not in the list, the name of a new organisation").fill("Chelmer Rambling Trust")
    page.get_by_label("Description (optional)").fill("Gentle walks by the river, then tea.")
    page.get_by_label("Walking groups").check()
    page.get_by_label("I have checked this information").check()
    page.get_by_role("button", name="Save as draft").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Walking Group")
    expect(page.get_by_role("status")).to_contain_text("is saved as a draft")
    assert_accessible(page)

    page.get_by_role("link", name="Add a location").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a location")
    assert_accessible(page)
    page.get_by_label("At an address").check()
    page.get_by_label("Name of the place (optional)").fill("Oaklands Park community hall")
    page.get_by_label("Address line 1").fill("1 Park Road")
    page.get_by_label("Town or city").fill("Chelmsford")
    page.get_by_label("Postcode").fill("CM1 1A")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Add location").click()
    expect_error(page, "Enter a real postcode, like CM1 1AA")
    page.get_by_label("Postcode").fill("cm1 1aa")
    page.get_by_role("button", name="Add location").click()
    expect(page.get_by_text("1 Park Road, Chelmsford, CM1 1AA")).to_be_visible()

    page.get_by_role("link", name="Add times").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add times")
    assert_accessible(page)
    page.get_by_label("Wednesday").check()
    page.get_by_label("Every week").check()
    page.get_by_label("Opening time").fill("14:00")
    page.get_by_label("Closing time").fill("13:00")
    page.get_by_role("button", name="Add times").click()
    expect_error(page, "Closing time must be after opening time")
    page.get_by_label("Closing time").fill("15:30")
    page.get_by_role("button", name="Add times").click()
    expect(page.get_by_role("cell", name="Every Wednesday, 2pm to 3:30pm", exact=True)).to_be_visible()

    page.get_by_role("link", name="Add a cost").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a cost")
    assert_accessible(page)
    page.get_by_label("What the cost is for (optional)").fill("Per walk")
    page.get_by_label("Amount in pounds (optional)").fill("-2")
    page.get_by_role("button", name="Add cost").click()
    expect_error(page, "Cost must be £0 or more")
    page.get_by_label("Amount in pounds (optional)").fill("3")
    page.get_by_role("button", name="Add cost").click()
    expect(page.get_by_role("cell", name="£3.00", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("The listing is now published.")
    expect(page.get_by_role("cell", name="Draft to Published", exact=True)).to_be_visible()
    assert_accessible(page)

    service = Service.objects.get(name="Riverside Walking Group")
    assert service.state == PublicationState.PUBLISHED
    assert service.day_mask == WEDNESDAY_BIT
    assert service.wheelchair_accessible
    assert not service.is_free
    assert service.verified_at is not None

    page.get_by_role("link", name="Back to listings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Manage listings")
    expect(page.get_by_role("link", name="Riverside Walking Group")).to_be_visible()
    assert_accessible(page)


def test_a_provider_saves_a_draft_and_is_told_an_editor_publishes_it(page: Page, directory_data):
    organisation = OrganisationFactory.create(kind=OrganisationKind.COMMUNITY_PROVIDER, name="Walking Friends")
    provider = user_with_role(Role.PROVIDER, organisation=organisation, email="tom.provider@example.org")
    sign_in(page, provider.email, PASSWORD)

    page.goto("/directory/manage/new/")
    assert_accessible(page)
    page.get_by_label("Name of the service").fill("Friday Strollers")
    page.get_by_label("Or, if it is not in the list, the name of a new organisation").fill("Walking Friends")
    page.get_by_role("button", name="Save as draft").click()

    expect(page.get_by_text("a directory editor will check and publish it")).to_be_visible()
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    assert_accessible(page)
    assert Service.objects.get().managed_by == organisation


def test_an_editor_changes_a_sessions_time_from_the_listings_page(page: Page, directory_data):
    editor = user_with_role(Role.DIRECTORY_EDITOR, email="lena.editor@example.org")
    organization = Organization.objects.create(name="Chelmer Rambling Trust")
    service = Service.objects.create(organization=organization, name="Riverside Walking Group")
    Schedule.objects.create(
        service=service, freq=Frequency.WEEKLY, interval=1, byday="WE", opens_at=time(10), closes_at=time(11, 30)
    )
    refresh_search_fields(service)
    sign_in(page, editor.email, PASSWORD)

    page.goto(f"/directory/manage/{service.pk}/")
    page.get_by_role("link", name="Change Every Wednesday, 10am to 11:30am").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change times")
    expect(page.get_by_label("Wednesday")).to_be_checked()
    expect(page.get_by_label("Opening time")).to_have_value("10:00")
    assert_accessible(page)

    page.get_by_label("Wednesday").uncheck()
    page.get_by_label("Thursday").check()
    page.get_by_label("Opening time").fill("10:30")
    page.get_by_label("Closing time").fill("10:00")
    page.get_by_role("button", name="Save changes").click()
    expect_error(page, "Closing time must be after opening time")
    expect(page.get_by_label("Thursday")).to_be_checked()
    page.get_by_role("alert").get_by_role("link", name="Closing time must be after opening time").click()
    expect(page.get_by_label("Closing time")).to_be_focused()

    page.get_by_label("Closing time").fill("12:00")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_role("status")).to_contain_text("Your changes are saved.")
    expect(page.get_by_role("cell", name="Every Thursday, 10:30am to midday", exact=True)).to_be_visible()
    assert_accessible(page)
    service.refresh_from_db()
    assert service.day_mask == THURSDAY_BIT
    assert Schedule.objects.get().opens_at == time(10, 30)

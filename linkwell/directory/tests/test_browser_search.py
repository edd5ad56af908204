"""The public journey: find free gentle exercise on a Wednesday near CM1 1AA, wheelchair accessible."""

from datetime import time
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from linkwell.core.tests.browser import assert_accessible
from linkwell.directory.tests.builders import make_service

pytestmark = pytest.mark.browser

GENTLE = (("Gentle exercise", "Physical activity"),)


def build_directory() -> None:
    make_service(
        "Seated Strength",
        description="Gentle exercise from a chair for all abilities.",
        at=(51.7420, 0.4800),
        wheelchair=True,
        byday="WE",
        opens=time(10),
        closes=time(11),
        categories=GENTLE,
    )
    make_service(
        "Chair Yoga Plus",
        description="Gentle exercise and stretching.",
        at=(51.7370, 0.4650),
        wheelchair=True,
        byday="WE",
        opens=time(14),
        closes=time(15),
        cost=Decimal("3"),
        categories=GENTLE,
    )
    make_service(
        "Thursday Tai Chi",
        description="Gentle exercise in the park.",
        at=(51.7400, 0.4700),
        wheelchair=True,
        byday="TH",
        opens=time(10),
        closes=time(11),
        categories=GENTLE,
    )
    make_service(
        "Woodham Stretch",
        description="Gentle exercise class.",
        at=(51.6460, 0.6170),
        town="South Woodham Ferrers",
        postcode="CM3 5AA",
        wheelchair=True,
        byday="WE",
        opens=time(10),
        closes=time(11),
        categories=GENTLE,
    )


def test_a_member_of_the_public_finds_free_gentle_exercise_in_two_clicks(page: Page):
    build_directory()
    page.goto("/")
    assert_accessible(page)

    page.get_by_label("What are you looking for?").fill("gentle exercise")
    page.get_by_label("Postcode or town").fill("CM1 1AA")
    page.get_by_role("button", name="Search").click()  # first click

    expect(page.get_by_role("heading", name="Find community groups and services")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Distance").select_option("5")
    page.get_by_label("Wednesday").check()
    page.get_by_label("Free only").check()
    page.get_by_label("Wheelchair accessible").check()
    page.get_by_role("button", name="Search").click()  # second click

    results = page.locator(".linkwell-results > li")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Seated Strength")
    expect(results.first).to_contain_text("km (")
    expect(page.get_by_role("status")).to_contain_text("1 service within 5 km of CM1 1AA")
    assert_accessible(page)

    page.get_by_role("link", name="Seated Strength").click()
    expect(page.get_by_role("heading", level=1, name="Seated Strength")).to_be_visible()
    expect(page.get_by_text("Every Wednesday, 10am to 11am")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to search results").click()
    expect(page.get_by_label("Free only")).to_be_checked()


def test_the_search_works_on_a_phone_without_sideways_scrolling(browser, live_server, reference_data):
    build_directory()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740}, is_mobile=True)
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    phone = context.new_page()
    try:
        phone.goto("/services/?q=gentle&location=CM1+1AA&radius=10")
        expect(phone.locator(".linkwell-results > li")).to_have_count(3)
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert_accessible(phone)
    finally:
        context.close()


def test_search_errors_are_accessible_and_keep_what_was_typed(page: Page):
    page.goto("/services/?location=SW1A+1AA&q=choir")

    expect(page.get_by_role("alert")).to_contain_text("We could not find")
    expect(page.get_by_label("What are you looking for?")).to_have_value("choir")
    assert_accessible(page)

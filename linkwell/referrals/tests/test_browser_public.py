"""A member of the public refers themselves on a phone, by keyboard, without an account."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from linkwell.accounts.models import Organisation, OrganisationKind
from linkwell.accounts.tests.factories import TeamFactory
from linkwell.core.tests.browser import assert_accessible
from linkwell.referrals.models import Referral

pytestmark = pytest.mark.browser


def _continue(page: Page) -> None:
    # Enter in a text box submits its form, as it does for anyone using a keyboard.
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _press(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).press("Enter")


def test_a_person_refers_themselves_on_a_phone_by_keyboard(page: Page, live_server: Any):
    # The page fixture lifts the audit log's append-only trigger for clean-up; the phone needs its own context.
    browser = page.context.browser
    assert browser is not None
    practice = Organisation.objects.create(
        name="Chelmer Bridge Surgery", slug="chelmer-bridge-browser", kind=OrganisationKind.GP_PRACTICE
    )
    TeamFactory.create(name="Chelmsford Link Workers").covered_organisations.add(practice)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740}, is_mobile=True)
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    mobile: Page = context.new_page()
    try:
        mobile.goto("/refer-yourself/")
        assert_accessible(mobile)
        mobile.get_by_role("button", name="Start now").click()

        _press(mobile, "Continue")  # nothing typed: the error state
        expect(mobile.get_by_text("There is a problem")).to_be_visible()
        assert_accessible(mobile)
        mobile.get_by_label("First name").fill("Robin")
        mobile.keyboard.press("Tab")
        mobile.keyboard.type("Testwell")
        _continue(mobile)

        assert_accessible(mobile)
        mobile.get_by_label("Day").fill("15")
        mobile.get_by_label("Month").fill("3")
        mobile.get_by_label("Year").fill("1984")
        _continue(mobile)

        assert_accessible(mobile)
        mobile.get_by_label("Which GP practice are you registered with?").select_option(label="Chelmer Bridge Surgery")
        _press(mobile, "Continue")

        assert_accessible(mobile)
        mobile.get_by_label("Phone number (optional)").fill("07700 900982")
        mobile.get_by_label("Phone call").check()
        mobile.get_by_label("Yes").check()
        _press(mobile, "Continue")

        assert_accessible(mobile)
        mobile.get_by_label("Feeling lonely").press("Space")
        mobile.get_by_label("Tell us more (optional)").fill("I would like to meet people nearby")
        _press(mobile, "Continue")

        assert_accessible(mobile)
        mobile.get_by_label("No").check()
        _press(mobile, "Continue")

        assert_accessible(mobile)
        mobile.get_by_label("I agree that the social prescribing team can contact me", exact=False).press("Space")
        _press(mobile, "Continue")

        expect(mobile.get_by_role("heading", name="Check your answers before sending your referral")).to_be_visible()
        assert_accessible(mobile)
        _press(mobile, "Send referral")

        expect(mobile.get_by_role("heading", name="Referral sent")).to_be_visible()
        assert_accessible(mobile)
        reference = Referral.objects.get().reference
        expect(mobile.get_by_text(reference)).to_be_visible()
    finally:
        context.close()

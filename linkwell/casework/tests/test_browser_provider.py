"""Keyboard only: a provider user accepts a referral in their inbox, and a group without an account accepts
one through the emailed link; axe checks every page on the way."""

import pytest
from playwright.sync_api import Browser, Page, expect

from linkwell.accounts.demo import DEMO_PASSWORD, load_accounts
from linkwell.accounts.models import Organisation
from linkwell.casework.models import LinkPurpose, OnwardStatus
from linkwell.casework.tests.builders import case_held_by_jo
from linkwell.casework.tests.provider_builders import link_path, sent_referral, service_for
from linkwell.core.tests.browser import assert_accessible, press, sign_in_by_keyboard, tab_to
from linkwell.referrals.tests.factories import PersonFactory

pytestmark = pytest.mark.browser


def case_in_chelmsford(given_name: str):
    person = PersonFactory.create(given_name=given_name, family_name="Fieldfare", phone="07700 900123")
    return case_held_by_jo(person=person)


def test_a_provider_accepts_a_referral_in_their_inbox(page: Page):
    load_accounts()
    walking_friends = Organisation.objects.get(slug="chelmsford-walking-friends")
    onward = sent_referral(service_for(managed_by=walking_friends, referral_email=""), case_in_chelmsford("Marnie"))
    reference = onward.case.referral.reference

    sign_in_by_keyboard(page, "tom.reid@example.org", DEMO_PASSWORD)
    page.goto("/provider/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Referrals to us")
    expect(page.locator("#waiting-counts")).to_contain_text("1 waiting for your answer")
    assert_accessible(page)

    press(page, page.get_by_role("link", name=reference))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Referral {reference}")
    expect(page.get_by_text("Marnie Fieldfare")).to_be_visible()
    assert_accessible(page)

    press(page, page.locator("summary", has_text="Accept the referral"))
    tab_to(page, page.locator("#id_accept-note"))
    page.keyboard.type("We walk on Tuesday mornings")
    tab_to(page, page.get_by_role("button", name="Accept referral"))
    assert_accessible(page)
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").first).to_contain_text("You have accepted the referral.")
    expect(page.locator("#referral-status")).to_have_text("Accepted")
    assert_accessible(page)
    onward.refresh_from_db()
    assert onward.status == OnwardStatus.ACCEPTED


def test_a_group_without_an_account_accepts_by_the_emailed_link(page: Page, browser: Browser, live_server):
    load_accounts()
    onward = sent_referral(service_for(), case_in_chelmsford("Oswin"))

    page.goto(link_path(onward, LinkPurpose.DECLINE))
    expect(page.get_by_role("heading", level=1)).to_have_text("Decline this referral?")
    assert_accessible(page)

    page.goto(link_path(onward, LinkPurpose.ACCEPT))
    expect(page.get_by_role("heading", level=1)).to_have_text("Accept this referral?")
    expect(page.get_by_role("navigation", name="Primary navigation")).to_have_count(0)
    assert_accessible(page)
    press(page, page.get_by_role("button", name="Accept referral"))

    expect(page.get_by_role("heading", level=1)).to_contain_text("Referral accepted")
    expect(page.get_by_text("phone: 07700 900123")).to_be_visible()
    assert_accessible(page)
    onward.refresh_from_db()
    assert onward.status == OnwardStatus.ACCEPTED

    page.goto(link_path(onward, LinkPurpose.ACCEPT))
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    assert_accessible(page)

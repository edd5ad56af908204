"""A GP refers someone in a real browser, then follows the referral; axe checks every page on the way."""

import re

import pytest
from playwright.sync_api import Page, expect

from linkwell.accounts.demo import DEMO_PASSWORD, load_accounts
from linkwell.core.tests.browser import assert_accessible, sign_in
from linkwell.referrals.models import Referral

pytestmark = pytest.mark.browser


def test_a_gp_refers_someone_and_follows_the_referral(page: Page):
    load_accounts()
    sign_in(page, "ada.okafor@example.org", DEMO_PASSWORD)

    page.goto("/referrals/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer someone to social prescribing")
    expect(page.get_by_label("Their GP practice")).to_have_value(re.compile(r"\d+"))
    expect(page.get_by_label("GP", exact=True)).to_be_checked()
    assert_accessible(page)

    page.get_by_label("Family name").fill("Testington")
    page.get_by_role("textbox", name="Day").fill("15")
    page.get_by_role("textbox", name="Month").fill("3")
    page.get_by_role("textbox", name="Year").fill("1958")
    page.get_by_label("NHS number (optional)").fill("999 234 5676")
    page.get_by_role("button", name="Send referral").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    # By keyboard: a summary link followed with Enter puts focus in the field to fix.
    summary.get_by_role("link", name="Enter a given name").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Given name")).to_be_focused()
    summary.get_by_role("link", name="This is not a valid NHS number").click()
    expect(page.get_by_label("NHS number (optional)")).to_be_focused()
    summary.get_by_role("link", name=re.compile("Missing consent")).click()
    expect(page.get_by_label("The person agrees to be contacted by the social prescribing team")).to_be_focused()
    assert not Referral.objects.exists()

    page.get_by_label("Given name").fill("Bramwell")
    page.get_by_label("NHS number (optional)").fill("999 234 5675")
    page.get_by_label("Postcode").fill("CM1 1AA")
    page.get_by_label("Feeling lonely").check()
    page.get_by_label("The person agrees to be contacted by the social prescribing team").check()
    page.get_by_role("button", name="Send referral").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Referral sent")
    reference = Referral.objects.get().reference
    expect(page.get_by_text(reference)).to_be_visible()
    expect(page.get_by_text("Chelmsford link workers")).to_be_visible()
    assert_accessible(page)

    page.goto("/referrals/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My referrals")
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bramwell Testington")
    expect(page.get_by_text("The team has the referral and will look at it soon.")).to_be_visible()
    assert_accessible(page)

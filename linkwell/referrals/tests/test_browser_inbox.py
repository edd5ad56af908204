"""A team lead allocates a referral from the inbox and the link worker records contact; axe checks each page."""

import re
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from linkwell.accounts.demo import DEMO_PASSWORD, load_accounts
from linkwell.accounts.models import Team
from linkwell.core.tests.browser import assert_accessible, sign_in
from linkwell.people.actions import PersonDetails
from linkwell.people.models import ConsentDecision, ConsentMethod, ConsentPurpose
from linkwell.referrals.actions import receive_referral
from linkwell.referrals.models import ReferralChannel, ReferralSource, Urgency

pytestmark = pytest.mark.browser


def refer(team: Team, given_name: str, nhs_number: str, urgency: Urgency) -> str:
    referral = receive_referral(
        person_details=PersonDetails(
            given_name=given_name, family_name="Fieldfare", date_of_birth=date(1958, 4, 2), nhs_number=nhs_number
        ),
        team=team,
        source=ReferralSource.GP,
        channel=ReferralChannel.STAFF,
        reasons=["loneliness"],
        reason_text="Would like company",
        urgency=urgency,
        by=None,
        referrer_name="Dr Ada Example",
        consents=[(ConsentPurpose.SUPPORT, ConsentDecision.GIVEN, ConsentMethod.BY_REFERRER)],
    )
    return referral.reference


def test_a_team_lead_allocates_a_referral_and_the_link_worker_records_contact(
    page: Page, browser: Browser, live_server
):
    load_accounts()
    team = Team.objects.get(slug="chelmsford-link-workers")
    urgent = refer(team, "Marnie", "9990000018", Urgency.URGENT)
    refer(team, "Oswin", "9990000026", Urgency.ROUTINE)

    sign_in(page, "priya.shah@example.org", DEMO_PASSWORD)
    page.goto("/inbox/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team inbox")
    expect(page.locator("#inbox-counts")).to_contain_text("2 waiting")
    assert_accessible(page)

    page.get_by_text("Filter referrals").click()
    page.get_by_label("Urgency").select_option("urgent")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#inbox-counts")).to_contain_text("1 waiting")
    assert_accessible(page)

    page.get_by_role("link", name=urgent).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Marnie Fieldfare")
    assert_accessible(page)

    page.get_by_text("Not appropriate", exact=True).click()
    page.get_by_role("button", name="Mark as not appropriate").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter why the referral is not appropriate")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)

    page.get_by_label("Allocate to").select_option(label="Jo Hughes (0 open cases)")
    page.get_by_role("button", name="Allocate", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text(f"{urgent} is allocated to Jo Hughes.")
    expect(page.locator("#referral-status")).to_have_text("Allocated")
    assert_accessible(page)
    referral_url = page.url

    # A fresh context: the link worker's own session, no cookies shared with the team lead's.
    worker_context = browser.new_context(base_url=live_server.url)
    worker_context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    worker_page = worker_context.new_page()
    try:
        sign_in(worker_page, "jo.hughes@example.org", DEMO_PASSWORD)
        worker_page.goto(referral_url)
        assert_accessible(worker_page)
        worker_page.get_by_role("button", name="Record contact made").click()
        expect(worker_page.get_by_role("status").first).to_contain_text(f"{urgent} is now “In contact”.")
        expect(worker_page.locator("#referral-status")).to_have_text("In contact")
        assert_accessible(worker_page)
    finally:
        worker_context.close()

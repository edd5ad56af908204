"""A team lead finds a possible duplicate from the inbox and merges the records, using only the keyboard;
axe checks each page."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from linkwell.accounts.demo import DEMO_PASSWORD, load_accounts
from linkwell.accounts.models import Team
from linkwell.core.tests.browser import assert_accessible, press, tab_to
from linkwell.people.actions import PersonDetails
from linkwell.people.models import (
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    DuplicateStatus,
    PossibleDuplicate,
)
from linkwell.referrals.actions import receive_referral
from linkwell.referrals.models import ReferralChannel, ReferralSource

pytestmark = pytest.mark.browser


def refer(team: Team, given_name: str, nhs_number: str) -> str:
    referral = receive_referral(
        person_details=PersonDetails(
            given_name=given_name,
            family_name="Fieldfare",
            date_of_birth=date(1958, 4, 2),
            nhs_number=nhs_number,
            postcode="CM1 1AA",
        ),
        team=team,
        source=ReferralSource.GP,
        channel=ReferralChannel.STAFF,
        reasons=["loneliness"],
        reason_text="Would like company",
        by=None,
        referrer_name="Dr Ada Example",
        consents=[(ConsentPurpose.SUPPORT, ConsentDecision.GIVEN, ConsentMethod.BY_REFERRER)],
    )
    return referral.reference


def test_a_team_lead_merges_a_possible_duplicate_with_the_keyboard(page: Page):
    load_accounts()
    team = Team.objects.get(slug="chelmsford-link-workers")
    refer(team, "Joanne", "9990000018")
    # No NHS number and a short form of the name: flagged as a possible duplicate, not matched.
    newest = refer(team, "Jo", "")
    assert PossibleDuplicate.objects.filter(status=DuplicateStatus.OPEN).count() == 1

    page.goto("/accounts/sign-in/")
    tab_to(page, page.get_by_label("Email address"))
    page.keyboard.type("priya.shah@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()

    page.goto("/inbox/")
    duplicates_link = page.get_by_role("link", name="Possible duplicates to check (1)")
    press(page, duplicates_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Possible duplicates")
    expect(page.locator("#duplicate-count")).to_have_text("1 possible duplicate to check")
    assert_accessible(page)

    press(page, page.get_by_role("link", name="Check Joanne Fieldfare and Jo Fieldfare"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Are these the same person?")
    expect(page.get_by_role("table")).to_contain_text("999 000 0018")
    assert_accessible(page)

    confirm = page.get_by_role("button", name="Confirm decision")
    press(page, confirm)
    expect(page.get_by_role("alert")).to_contain_text("Select whether these records are the same person")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)

    tab_to(page, page.get_by_role("radio", name="Yes, the same person — merge the records"))
    page.keyboard.press("Space")
    press(page, confirm)
    expect(page.get_by_role("status").first).to_contain_text("Merged: the two records are now one")
    expect(page.get_by_role("heading", level=1)).to_have_text("Joanne Fieldfare")
    expect(page.get_by_text(f"Referral {newest}")).to_be_visible()
    expect(page.get_by_text("Possible duplicate of another record")).to_have_count(0)
    assert_accessible(page)

"""The demo commissioner opens the commissioner report, narrows it to one PCN with the keyboard only, sees
"<5" where counts are small, and opens the evaluation report; axe checks every page on the way."""

import pytest
from playwright.sync_api import Page, expect

from linkwell.accounts.demo import DEMO_PASSWORD, load_accounts
from linkwell.accounts.models import Organisation, Team
from linkwell.core.tests.browser import assert_accessible, press, sign_in, tab_to
from linkwell.referrals.models import ReferralSource
from linkwell.referrals.tests.factories import PersonFactory, ReferralFactory
from linkwell.reports.facts import rebuild_facts
from linkwell.reports.tests.commissioner_builders import RECEIVED_AT

pytestmark = pytest.mark.browser


def referrals_from(practice_slug: str, team_slug: str, sources: list[ReferralSource]) -> None:
    practice = Organisation.objects.get(slug=practice_slug)
    team = Team.objects.get(slug=team_slug)
    for source in sources:
        person = PersonFactory.create(gp_practice=practice)
        ReferralFactory.create(person=person, team=team, source=source, received_at=RECEIVED_AT)


def test_a_commissioner_filters_the_report_by_keyboard_and_sees_small_numbers_suppressed(page: Page):
    load_accounts()
    referrals_from(
        "chelmer-bridge-surgery", "chelmsford-link-workers", [ReferralSource.GP] * 9 + [ReferralSource.SELF] * 2
    )
    referrals_from("maldon-quay-surgery", "maldon-dengie-link-workers", [ReferralSource.GP] * 6)
    rebuild_facts()

    sign_in(page, "martin.cole@example.org", DEMO_PASSWORD)
    page.goto("/reports/commissioner/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Commissioner report")
    assert_accessible(page)
    expect(page.locator("#by-source ~ .nhsuk-table-container")).to_contain_text("Total")

    pcn = page.get_by_role("combobox", name="Primary care network (PCN)")
    tab_to(page, pcn)
    page.keyboard.type("Chelmer Central")
    expect(pcn).to_have_value(str(Organisation.objects.get(slug="chelmer-central-pcn").pk))
    press(page, page.get_by_role("button", name="Show figures"))

    expect(page.locator("#report-covers")).to_contain_text("Primary care network (PCN): Chelmer Central PCN")
    by_source = page.get_by_role("region", name="Referrals by source, table")
    expect(by_source.get_by_role("row", name="Self-referral")).to_contain_text("<5")
    expect(by_source.get_by_role("row", name="Total")).to_contain_text("11")
    assert_accessible(page)

    press(page, page.get_by_role("link", name="Evaluation report for these filters"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evaluation report")
    expect(page.get_by_role("heading", name="Method notes")).to_be_visible()
    assert_accessible(page)

"""A team lead sets the dashboard's period with the keyboard only, is told clearly when the dates are
wrong, and reads the figures; axe checks each page."""

import re
from datetime import date

import pytest
from playwright.sync_api import Locator, Page, expect

from linkwell.accounts.tests.factories import PASSWORD
from linkwell.core.tests.browser import assert_accessible, press, sign_in_by_keyboard, tab_to
from linkwell.reports.tests.builders import build_scheme

pytestmark = pytest.mark.browser


def retype_date(page: Page, day_box: Locator, when: date) -> None:
    """Replace a day, month and year date, box by box, by keyboard."""
    tab_to(page, day_box)
    for part in (when.day, when.month, when.year):
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type(str(part))
        page.keyboard.press("Tab")


def test_a_team_lead_filters_the_dashboard_by_keyboard(page: Page):
    scheme = build_scheme()
    sign_in_by_keyboard(page, scheme.lead.email, PASSWORD)

    press(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    assert_accessible(page)
    press(page, page.get_by_role("link", name="Scheme dashboard"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Scheme dashboard")
    assert_accessible(page)

    retype_date(page, page.locator("#id_start"), date(2026, 6, 30))
    retype_date(page, page.locator("#id_end"), date(2026, 1, 1))
    press(page, page.get_by_role("button", name="Show figures"))
    expect(page.get_by_role("alert")).to_contain_text("The end date must be the same as or after the start date")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)

    retype_date(page, page.locator("#id_start"), date(2026, 1, 1))
    retype_date(page, page.locator("#id_end"), date(2026, 6, 30))
    press(page, page.get_by_role("button", name="Show figures"))
    expect(page.locator("#dashboard-covers")).to_contain_text("1 January 2026 to 30 June 2026")
    referred = page.locator(".nhsuk-summary-list__row", has_text="Referred")
    expect(referred.first).to_contain_text("5")
    expect(page.get_by_role("table", name="From referral to discharge")).to_contain_text("Substantive engagement")
    expect(page.get_by_role("link", name="CSV of From referral to discharge")).to_be_visible()
    assert_accessible(page)

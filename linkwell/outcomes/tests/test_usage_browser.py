"""A link worker records baseline and follow-up use of services by keyboard and sees them side by side on
the case; axe checks every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwell.accounts.demo import DEMO_PASSWORD, load_accounts
from linkwell.casework.tests.builders import case_held_by_jo
from linkwell.core.tests.browser import assert_accessible, press, sign_in, tab_to, type_into

pytestmark = pytest.mark.browser


def choose_source(page: Page, label: str) -> None:
    tab_to(page, page.get_by_label("Told us by the person"))
    choice = page.get_by_label(label)
    for _ in range(5):
        page.keyboard.press("Space")
        if choice.is_checked():
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"Could not choose {label}")


def test_a_link_worker_records_use_of_services_at_baseline_and_follow_up(page: Page):
    load_accounts()
    case = case_held_by_jo(received_at=timezone.now() - timedelta(days=3))

    sign_in(page, "jo.hughes@example.org", DEMO_PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    press(page, page.get_by_role("link", name="Record baseline use"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record use of health and care services")
    expect(page.get_by_label("Baseline (the 6 months before support)")).to_be_checked()
    assert_accessible(page)

    type_into(page, page.get_by_label("GP appointments"), "two")
    press(page, page.get_by_role("button", name="Save the counts"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("alert")).to_contain_text("Choose where the counts come from")
    expect(page.get_by_role("alert")).to_contain_text("The number of GP appointments must be a whole number")
    assert_accessible(page)

    choose_source(page, "From the GP record")
    page.get_by_label("GP appointments").fill("")
    type_into(page, page.get_by_label("GP appointments"), "8")
    type_into(page, page.get_by_label("A&E attendances"), "0")
    press(page, page.get_by_role("button", name="Save the counts"))
    expect(page.get_by_role("status").first).to_contain_text("Baseline counts recorded.")

    press(page, page.get_by_role("link", name="Record follow-up use"))
    choose_source(page, "From the GP record")
    type_into(page, page.get_by_label("GP appointments"), "3")
    type_into(page, page.get_by_label("A&E attendances"), "0")
    press(page, page.get_by_role("button", name="Save the counts"))
    expect(page.get_by_role("status").first).to_contain_text("Follow-up counts recorded.")

    table = page.locator("#usage-table")
    expect(table.get_by_role("row", name=re.compile("^GP appointments"))).to_contain_text("5 fewer")
    expect(table.get_by_role("row", name=re.compile("^Prescriptions"))).to_contain_text("Not known")
    expect(table.get_by_role("row", name=re.compile("^A&E attendances"))).to_contain_text("No change")
    assert_accessible(page)

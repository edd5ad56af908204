"""A link worker finds no suitable service from the onward search page and records the unmet need, by
keyboard; the commissioner then sees it counted (and suppressed) on the gap report. axe checks every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwell.accounts.demo import DEMO_PASSWORD, load_accounts
from linkwell.casework.tests.builders import case_held_by_jo
from linkwell.core.tests.browser import assert_accessible, press, sign_in, tab_to
from linkwell.outcomes.models import UnmetNeed
from linkwell.people.models import Person

pytestmark = pytest.mark.browser


def test_an_unmet_need_recorded_from_the_search_page_shows_on_the_gap_report(page: Page):
    load_accounts()
    case = case_held_by_jo(received_at=timezone.now() - timedelta(days=3), reasons=["bereavement", "loneliness"])
    Person.objects.filter(pk=case.person_id).update(postcode="CM2 0RB")

    sign_in(page, "jo.hughes@example.org", DEMO_PASSWORD)
    page.goto(f"/cases/{case.pk}/refer-on/")
    assert_accessible(page)
    press(page, page.get_by_role("link", name="No suitable service? Record an unmet need"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an unmet need")
    assert_accessible(page)

    # Saved with nothing chosen: each problem is named.
    press(page, page.get_by_role("button", name="Record the unmet need"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("alert")).to_contain_text("Choose the need no service could meet")
    expect(page.get_by_role("alert")).to_contain_text("Choose why no service was suitable")
    assert_accessible(page)

    need = page.get_by_label("Which need could no service meet?")
    tab_to(page, need)
    need.select_option("bereavement")
    too_far = page.get_by_label("Too far away")
    tab_to(page, page.get_by_label("No such service exists"))
    for _ in range(5):
        if too_far.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(too_far).to_be_checked()
    tab_to(page, page.get_by_label("Note (optional)"))
    page.keyboard.type("The nearest men's bereavement group meets in Colchester")
    press(page, page.get_by_role("button", name="Record the unmet need"))

    expect(page.get_by_role("status").first).to_contain_text("Unmet need recorded: Bereavement (too far away).")
    section = page.locator("section", has=page.locator("#unmet-needs"))
    expect(section).to_contain_text("Bereavement: too far away")
    expect(section).to_contain_text("The nearest men's bereavement group meets in Colchester")
    assert_accessible(page)
    assert UnmetNeed.objects.get().postcode_district == "CM2"

    # The commissioner sees the gap counted, never the note; one need is a small number.
    page.context.clear_cookies()
    sign_in(page, "martin.cole@example.org", DEMO_PASSWORD)
    page.goto("/reports/gaps/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gaps in provision")
    by_need = page.locator("section", has=page.locator("#by-need"))
    expect(by_need.get_by_role("row", name=re.compile("^Bereavement"))).to_contain_text("<5")
    by_area = page.locator("section", has=page.locator("#by-area"))
    expect(by_area.get_by_role("row", name=re.compile("^CM2"))).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Colchester")
    assert_accessible(page)

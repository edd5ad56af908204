"""A link worker, using the keyboard only, records a "what matters to me" conversation, agrees a plan with a
goal, rates progress and opens the plan to print for the person; axe checks every page on the way."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwell.accounts.demo import DEMO_PASSWORD, load_accounts
from linkwell.casework.tests.builders import case_held_by_jo
from linkwell.core.tests.browser import assert_accessible, press, sign_in, tab_to, type_date

pytestmark = pytest.mark.browser


def test_a_link_worker_records_what_matters_and_agrees_a_plan_with_the_keyboard(page: Page):
    load_accounts()
    case = case_held_by_jo(received_at=timezone.now() - timedelta(days=3))
    today = timezone.localdate()

    sign_in(page, "jo.hughes@example.org", DEMO_PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    assert_accessible(page)
    press(page, page.get_by_role("link", name="Record a “what matters to me” conversation"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Record a “what matters to me” conversation")
    assert_accessible(page)
    # Saving with nothing filled in shows the problems, still usable and accessible.
    press(page, page.get_by_role("button", name="Save the conversation"))
    expect(page.get_by_role("alert")).to_contain_text("Enter the date of the conversation")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)

    type_date(page, page.get_by_role("textbox", name="Day"), today)
    social = page.get_by_role("group", name="Social connection")
    tab_to(page, social.get_by_role("checkbox", name="We talked about this"))
    page.keyboard.press("Space")
    # Ticking reveals the rest of the area, next in the tab order.
    page.keyboard.press("Tab")
    expect(social.get_by_role("checkbox", name="This matters most now")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(social.get_by_role("textbox", name="What they said (optional)")).to_be_focused()
    page.keyboard.type("Has not been out since her husband died")
    assert_accessible(page)
    tab_to(page, page.get_by_role("textbox", name="What matters to them, in their own words"))
    page.keyboard.type("Getting back to the allotment and having people to talk to")
    press(page, page.get_by_role("button", name="Save the conversation"))

    expect(page.get_by_role("status").first).to_contain_text("The conversation is recorded.")
    expect(page.get_by_role("heading", level=1)).to_have_text("What matters and the plan")
    expect(page.get_by_text("Has not been out since her husband died")).to_be_visible()
    assert_accessible(page)

    press(page, page.get_by_role("link", name="Write the plan summary"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The personal plan")
    assert_accessible(page)
    tab_to(page, page.get_by_role("textbox", name="The plan, in their own words (optional)"))
    page.keyboard.type("Get outside and meet people, a step at a time")
    type_date(page, page.get_by_role("textbox", name="Day"), today)
    press(page, page.get_by_role("button", name="Save the plan"))
    expect(page.get_by_role("status").first).to_contain_text("The plan is saved.")

    press(page, page.get_by_role("link", name="Add a goal"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a goal")
    assert_accessible(page)
    tab_to(page, page.get_by_role("textbox", name="The goal, in their own words"))
    page.keyboard.type("Go to the community garden on Saturdays")
    tab_to(page, page.get_by_role("combobox", name="Area of life (optional)"))
    page.keyboard.type("Social")
    step_1 = page.get_by_role("group", name="Step 1 (optional)")
    tab_to(page, step_1.get_by_role("textbox", name="What will be done"))
    page.keyboard.type("Find out when the garden group meets")
    tab_to(page, step_1.get_by_role("combobox", name="Who will do it"))
    page.keyboard.type("Link")
    type_date(page, step_1.get_by_role("textbox", name="Day"), today + timedelta(days=7))
    press(page, page.get_by_role("button", name="Add the goal"))

    expect(page.get_by_role("status").first).to_contain_text("The goal is added to the plan.")
    expect(page.get_by_role("heading", name="Go to the community garden on Saturdays")).to_be_visible()
    expect(page.get_by_role("cell", name="Find out when the garden group meets", exact=True)).to_be_visible()
    expect(page.get_by_text("Social connection.")).to_be_visible()
    assert_accessible(page)

    press(page, page.get_by_role("link", name=re.compile("^Update progress")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Update a goal")
    assert_accessible(page)
    tab_to(page, page.get_by_role("radio", name="0", exact=True))
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="6", exact=True)).to_be_checked()
    tab_to(page, page.get_by_role("textbox", name="Note (optional)"))
    page.keyboard.type("Went twice and enjoyed it")
    press(page, page.get_by_role("button", name="Save the update"))

    expect(page.get_by_role("status").first).to_contain_text("The goal is updated.")
    expect(page.get_by_text("Progress: 6 out of 10.")).to_be_visible()

    press(page, page.get_by_role("link", name=re.compile("^Print or share the plan")))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your plan")
    expect(page.get_by_role("heading", name="Go to the community garden on Saturdays")).to_be_visible()
    expect(page.get_by_text("Jo Hughes", exact=False).first).to_be_visible()
    print_button = page.get_by_role("button", name="Print this page")
    expect(print_button).to_be_visible()
    expect(page.get_by_text("print this page from your browser")).to_be_visible()
    assert_accessible(page)
    tab_to(page, print_button)

    # On paper: only the plan, no header, navigation, footer or print button.
    page.emulate_media(media="print")
    expect(page.locator("header").first).to_be_hidden()
    expect(page.locator("footer").first).to_be_hidden()
    expect(print_button).to_be_hidden()
    expect(page.get_by_role("heading", name="Go to the community garden on Saturdays")).to_be_visible()

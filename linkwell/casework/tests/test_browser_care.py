"""A link worker, using the keyboard only, records a contact with a follow-up, sets and completes another
follow-up, raises a safeguarding concern, sees its banner on the case and closes it; axe checks every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from linkwell.accounts.demo import DEMO_PASSWORD, load_accounts
from linkwell.casework.models import ConcernStatus, Contact, FollowUp, SafeguardingConcern
from linkwell.casework.tests.builders import case_held_by_jo
from linkwell.core.tests.browser import assert_accessible, press, sign_in, tab_to, type_date, type_into

pytestmark = pytest.mark.browser


def choose(page: Page, first: Locator, choice: Locator) -> None:
    """Pick a radio the keyboard way: Tab into the group, Space, then the arrow keys."""
    tab_to(page, first)
    page.keyboard.press("Space")
    for _ in range(10):
        if choice.is_checked():
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"Could not choose {choice} with the arrow keys")


def test_a_link_worker_logs_a_contact_follows_up_and_handles_a_concern_with_the_keyboard(page: Page):
    load_accounts()
    case = case_held_by_jo(received_at=timezone.now() - timedelta(days=3))
    in_two_weeks = timezone.localdate() + timedelta(days=14)

    sign_in(page, "jo.hughes@example.org", DEMO_PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("#safeguarding-concerns")).to_have_count(0)
    assert_accessible(page)

    # A contact, with the next follow-up set on the same page.
    press(page, page.get_by_role("link", name="Record a contact"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a contact")
    assert_accessible(page)
    choose(page, page.get_by_label("Face to face"), page.get_by_label("Phone", exact=True))
    choose(page, page.get_by_label("Yes, contact made"), page.get_by_label("Yes, contact made"))
    press(page, page.get_by_role("button", name="Save the contact"))
    expect(page.get_by_role("alert")).to_contain_text("Enter how long the contact took, in minutes")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    type_into(page, page.get_by_label("How long did it take, in minutes?"), "25")
    type_into(page, page.get_by_label("Short note (optional)"), "Keen to try a walking group")
    type_into(page, page.get_by_label("What needs doing next? (optional)"), "Check the walking group rang")
    type_date(page, page.locator("#id_follow_up_on"), in_two_weeks)
    press(page, page.get_by_role("button", name="Save the contact"))

    expect(page.get_by_role("status").first).to_contain_text("Contact recorded, with a follow-up.")
    contacts = page.locator("section", has=page.locator("#contacts"))
    expect(contacts).to_contain_text("Keen to try a walking group")
    follow_ups = page.locator("section", has=page.locator("#follow-ups"))
    expect(follow_ups).to_contain_text("Check the walking group rang")
    assert_accessible(page)
    assert Contact.objects.get().duration_minutes == 25
    assert FollowUp.objects.get().due_on == in_two_weeks

    # Another follow-up from its own page, then done.
    press(page, page.get_by_role("link", name="Set a follow-up"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set a follow-up")
    assert_accessible(page)
    type_into(page, page.get_by_label("What needs doing?"), "Ring about the benefits appointment")
    choose(page, page.locator("#id_when"), page.locator("#id_when"))
    press(page, page.get_by_role("button", name="Set the follow-up"))
    expect(page.get_by_role("status").first).to_contain_text("Follow-up set.")
    # The link reads "Mark as done" with the follow-up's title for screen readers.
    press(page, follow_ups.get_by_role("link", name="Ring about the benefits appointment"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mark a follow-up as done")
    assert_accessible(page)
    type_into(page, page.get_by_label("Note (optional)"), "Appointment booked")
    press(page, page.get_by_role("button", name="Mark as done"))
    expect(page.get_by_role("status").first).to_contain_text("Follow-up marked as done.")
    expect(follow_ups).not_to_contain_text("Ring about the benefits appointment")

    # A safeguarding concern: the banner shows at the top of the case until it is closed.
    press(page, page.get_by_role("link", name="Raise a safeguarding concern"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a safeguarding concern")
    assert_accessible(page)
    press(page, page.get_by_role("button", name="Raise the concern"))
    expect(page.get_by_role("alert")).to_contain_text("Enter a short summary of the concern")
    assert_accessible(page)
    type_into(page, page.get_by_label("Summary of the concern"), "Says a lodger is taking their pension")
    type_into(page, page.get_by_label("What has been done so far (optional)"), "Told the safeguarding lead")
    press(page, page.get_by_role("button", name="Raise the concern"))

    banner = page.locator("#safeguarding-concerns")
    expect(banner).to_contain_text("Safeguarding concern")
    expect(banner).to_contain_text("Says a lodger is taking their pension")
    expect(banner).to_contain_text("Raised by Jo Hughes")
    assert_accessible(page)

    press(page, banner.get_by_role("link", name="View or close this concern"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding concern")
    expect(page.locator("#concern-status")).to_have_text("Open")
    assert_accessible(page)
    press(page, page.get_by_role("button", name="Close the concern"))
    expect(page.get_by_role("alert")).to_contain_text("Enter what was done about the concern")
    assert_accessible(page)
    type_into(page, page.get_by_label("Why can the concern be closed?"), "Bank stopped the payments; lodger left")
    press(page, page.get_by_role("button", name="Close the concern"))

    expect(page.get_by_role("status").first).to_contain_text("Safeguarding concern closed.")
    expect(page.locator("#safeguarding-concerns")).to_have_count(0)
    assert_accessible(page)
    assert SafeguardingConcern.objects.get().status == ConcernStatus.CLOSED

    # The full histories, reached from the case page by keyboard.
    press(page, page.get_by_role("link", name=re.compile(r"All safeguarding concerns on this case")))
    expect(page.get_by_role("heading", level=1)).to_contain_text("concern")
    assert_accessible(page)
    # The case page links to every contact only past the latest five; the page itself is checked here.
    page.goto(f"/cases/{case.pk}/contacts/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ontact")
    assert_accessible(page)

"""The whole casework journey on the demo data, keyboard only, with axe on every page.

A link worker opens a referral allocated to them, makes contact and accepts it (the case opens), records the
"what matters to me" conversation and a goal, records the person's consent to share and refers them to two
services; one provider answers in their inbox, the other through the emailed "they came" link; the link worker
logs a follow-up call, discharges the person and prints the message back to the GP."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from linkwell.accounts.demo import DEMO_PASSWORD, load_accounts
from linkwell.accounts.models import User
from linkwell.casework.models import Case, CaseStatus, OnwardReferral, OnwardStatus
from linkwell.core.tests.browser import (
    MOST_TABS,
    assert_accessible,
    press,
    sign_in_by_keyboard,
    tab_to,
    type_date,
    type_into,
)
from linkwell.directory.demo import load_directory
from linkwell.people.actions import current_consent
from linkwell.people.models import ConsentDecision, ConsentPurpose
from linkwell.referrals.actions import allocate
from linkwell.referrals.demo import load_referrals
from linkwell.referrals.models import Referral

pytestmark = pytest.mark.browser

WORKER = "jo.hughes@example.org"
PROVIDER = "tom.reid@example.org"
BEFRIENDING = "Chelmer befriending"
WALKING = "Wednesday stroll and stretch"


def shift_tab_to(page: Page, target: Locator) -> None:
    """Press Shift+Tab until `target` has the focus: the quick way to something at the end of a long page."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Shift+Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"Shift+Tab never reached {target}")


def choose(page: Page, focus_lands_on: Locator, choice: Locator) -> None:
    """Pick a radio the keyboard way: Tab into the group (onto its checked radio, or its first), then Space
    and the arrow keys."""
    tab_to(page, focus_lands_on)
    page.keyboard.press("Space")
    for _ in range(5):
        if choice.is_checked():
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"The arrow keys never chose {choice}")


def menu_link(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=name)


def expect_heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def expect_told(page: Page, text: str) -> None:
    expect(page.get_by_role("status").first).to_contain_text(text)


def attended_link_path() -> str:
    """The "they came" link from the referral email to the group without Linkwell accounts."""
    [email] = [sent for sent in mail.outbox if sent.to == ["hello@chelmer-voluntary-action.example.org"]]
    found = re.search(r"tell the link worker they came:\n(\S+)", str(email.body))
    assert found is not None, email.body
    return found[1].removeprefix(settings.SITE_URL)


def refer_to(page: Page, search_for: str, service: str, reason: str) -> None:
    press(page, page.get_by_role("link", name="Refer to a service"))
    expect_heading(page, "Find a service to refer them to")
    type_into(page, page.get_by_label("What are you looking for?"), search_for)
    page.keyboard.press("Enter")
    expect(page.locator("#onward-results")).to_contain_text(service)
    press(page, page.get_by_role("link", name=f"Refer to {service}"))
    expect_heading(page, f"Refer to {service}")
    expect(page.locator("#shared-details")).to_contain_text("01632 960 555")
    assert_accessible(page)
    type_into(page, page.get_by_label("Why you are referring them"), reason)
    press(page, page.get_by_role("button", name="Send referral"))
    expect_told(page, f"Referral sent to {service}.")


def test_a_referral_from_allocation_to_the_message_back_by_keyboard(page: Page, browser: Browser, live_server):
    load_accounts()
    load_directory()
    load_referrals()
    worker = User.objects.get(email=WORKER)
    referral = Referral.objects.select_related("person").get(person__given_name="Margaret")
    allocate(referral=referral, to=worker, by=User.objects.get(email="priya.shah@example.org"))
    name = referral.person.display_name

    # The link worker finds the referral allocated to them in the inbox.
    sign_in_by_keyboard(page, WORKER, DEMO_PASSWORD)
    assert_accessible(page)
    press(page, menu_link(page, "Inbox"))
    expect_heading(page, "Team inbox")
    assert_accessible(page)
    press(page, page.locator("summary", has_text="Filter referrals"))
    tab_to(page, page.get_by_label("Status"))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Status")).to_have_value("allocated")
    press(page, page.get_by_role("button", name="Apply filters"))
    expect(page.locator("#inbox-counts")).to_contain_text("1 allocated")
    assert_accessible(page)

    # Contact made, then accepted into support: the case opens.
    press(page, page.get_by_role("link", name=referral.reference))
    expect_heading(page, name)
    assert_accessible(page)
    press(page, page.get_by_role("button", name="Record contact made"))
    expect(page.locator("#referral-status")).to_have_text("In contact")
    press(page, page.get_by_role("button", name="Accepted — first meaningful contact"))
    expect(page.locator("#referral-status")).to_have_text("Accepted")
    assert_accessible(page)
    press(page, page.get_by_role("link", name="Open the case"))
    expect_heading(page, name)
    expect(page.locator("#case-consent-to-share")).to_have_text("Not asked yet")
    assert_accessible(page)

    # What matters to them, and a goal in their words.
    press(page, page.get_by_role("link", name="Record a “what matters to me” conversation"))
    expect_heading(page, "Record a “what matters to me” conversation")
    assert_accessible(page)
    type_date(page, page.get_by_role("textbox", name="Day"), timezone.localdate())
    social = page.get_by_role("group", name="Social connection")
    tab_to(page, social.get_by_role("checkbox", name="We talked about this"))
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    type_into(page, social.get_by_role("textbox", name="What they said (optional)"), "Lonely since her husband died")
    type_into(
        page, page.get_by_role("textbox", name="What matters to them, in their own words"), "Having people to talk to"
    )
    press(page, page.get_by_role("button", name="Save the conversation"))
    expect_told(page, "The conversation is recorded.")
    expect_heading(page, "What matters and the plan")
    assert_accessible(page)
    press(page, page.get_by_role("link", name="Add a goal"))
    expect_heading(page, "Add a goal")
    assert_accessible(page)
    type_into(
        page, page.get_by_role("textbox", name="The goal, in their own words"), "Get out of the house twice a week"
    )
    press(page, page.get_by_role("button", name="Add the goal"))
    expect_told(page, "The goal is added to the plan.")
    press(page, page.get_by_role("link", name="Back to the case"))
    expect_heading(page, name)

    # Referring on needs their consent to share: the search says so and leads to where it is recorded.
    press(page, page.get_by_role("link", name="Refer to a service"))
    expect_heading(page, "Find a service to refer them to")
    expect(page.get_by_text("No consent to share")).to_be_visible()
    assert_accessible(page)
    press(page, page.get_by_role("link", name="Record their consent decisions"))
    expect_heading(page, "Record consent decisions")
    assert_accessible(page)
    sharing = page.get_by_role("group", name="Sharing details with community groups and services")
    choose(page, sharing.get_by_label("Not asked this time"), sharing.get_by_label("Given"))
    method = page.get_by_role("group", name="How did they tell you?")
    choose(page, method.get_by_label("In person"), method.get_by_label("In person"))
    press(page, page.get_by_role("button", name="Save the decisions"))
    expect_told(page, "Consent decisions recorded.")
    expect(page.locator("#case-consent-to-share")).to_contain_text("Given on")

    refer_to(page, "befriending", BEFRIENDING, "Lonely since being widowed; would like a regular visitor")
    refer_to(page, "stroll", WALKING, "Would like to walk with others")
    expect(page.locator("#onward-referrals")).to_contain_text(BEFRIENDING)
    expect(page.locator("#onward-referrals")).to_contain_text(WALKING)
    assert_accessible(page)

    # The walking group's organiser accepts in their inbox, in a session of their own.
    provider_context = browser.new_context(base_url=live_server.url)
    provider_context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    provider_page = provider_context.new_page()
    try:
        sign_in_by_keyboard(provider_page, PROVIDER, DEMO_PASSWORD)
        press(provider_page, menu_link(provider_page, "Referrals to us"))
        expect_heading(provider_page, "Referrals to us")
        assert_accessible(provider_page)
        press(provider_page, provider_page.get_by_role("link", name=referral.reference))
        expect_heading(provider_page, f"Referral {referral.reference}")
        assert_accessible(provider_page)
        press(provider_page, provider_page.locator("summary", has_text="Accept the referral"))
        type_into(provider_page, provider_page.locator("#id_accept-note"), "See you on Wednesday at the bandstand")
        press(provider_page, provider_page.get_by_role("button", name="Accept referral"))
        expect_told(provider_page, "You have accepted the referral.")
        expect(provider_page.locator("#referral-status")).to_have_text("Accepted")
        assert_accessible(provider_page)

        # The befriending group has no accounts: it confirms she came through the link in its email.
        provider_context.clear_cookies()
        provider_page.goto(attended_link_path())
        expect_heading(provider_page, "Did they come along?")
        assert_accessible(provider_page)
        press(provider_page, provider_page.get_by_role("button", name="Confirm they came"))
        expect(provider_page.get_by_role("heading", level=1)).to_contain_text("Thank you for confirming")
        assert_accessible(provider_page)
    finally:
        provider_context.close()

    # Back with the link worker: told of both answers by email, and both are on the case.
    told = {sent.subject for sent in mail.outbox if sent.to == [WORKER]}
    assert f"{WALKING} accepted referral {referral.reference}" in told
    assert f"Referral {referral.reference}: the person has started at {BEFRIENDING}" in told
    press(page, menu_link(page, "Caseload"))
    expect_heading(page, "Caseload")
    assert_accessible(page)
    press(page, page.get_by_role("link", name=name))
    referrals_on = page.locator("#onward-referrals")
    expect(referrals_on.locator("li", has_text=WALKING)).to_contain_text("Accepted")
    expect(referrals_on.locator("li", has_text=WALKING)).to_contain_text("See you on Wednesday at the bandstand")
    expect(referrals_on.locator("li", has_text=BEFRIENDING)).to_contain_text("Started")
    assert_accessible(page)

    # A follow-up phone call.
    press(page, page.get_by_role("link", name="Record a contact"))
    expect_heading(page, "Record a contact")
    assert_accessible(page)
    choose(page, page.get_by_label("Face to face"), page.get_by_label("Phone", exact=True))
    choose(page, page.get_by_label("Yes, contact made"), page.get_by_label("Yes, contact made"))
    type_into(page, page.get_by_label("How long did it take, in minutes?"), "15")
    type_into(page, page.get_by_label("Short note (optional)"), "Follow-up call: enjoying the walks and the visits")
    press(page, page.get_by_role("button", name="Save the contact"))
    expect_told(page, "Contact recorded.")

    # Discharge, found from the end of the page, and the message back to print.
    shift_tab_to(page, page.get_by_role("link", name=f"Discharge {name}"))
    page.keyboard.press("Enter")
    expect_heading(page, f"Discharge {name}")
    assert_accessible(page)
    choose(page, page.get_by_label("Goals met"), page.get_by_label("Goals met"))
    type_into(
        page,
        page.get_by_label("Summary for the GP and referrer"),
        "Goes walking on Wednesdays and has a befriender; feels less alone.",
    )
    press(page, page.get_by_role("button", name="Discharge and write the message back"))
    expect_told(page, "The person has been discharged.")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{referral.person.given_name} {referral.person.family_name}"
    )
    letter = page.locator("main")
    for said in (WALKING, BEFRIENDING, "Having people to talk to", "Goals met", "871731000000106"):
        expect(letter).to_contain_text(said)
    assert_accessible(page)

    page.emulate_media(media="print")
    expect(page.locator("header").first).to_be_hidden()
    expect(page.locator("footer").first).to_be_hidden()
    expect(page.get_by_text("use your browser's print command")).to_be_hidden()
    expect(page.get_by_role("heading", name="The referral")).to_be_visible()

    case = Case.objects.get(referral=referral)
    assert case.status == CaseStatus.DISCHARGED
    assert dict(OnwardReferral.objects.filter(case=case).values_list("service__name", "status")) == {
        WALKING: OnwardStatus.ACCEPTED,
        BEFRIENDING: OnwardStatus.STARTED,
    }
    agreed = current_consent(case.person)[ConsentPurpose.SHARE_WITH_PROVIDERS]
    assert agreed is not None
    assert agreed.decision == ConsentDecision.GIVEN

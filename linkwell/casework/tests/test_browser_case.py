"""A link worker, using the keyboard only, opens their caseload, opens a case and adds a note; a team lead sees
the whole team's caseload and the form to give a case away. axe checks every page."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from linkwell.accounts.demo import DEMO_PASSWORD, load_accounts
from linkwell.accounts.models import Team, User
from linkwell.casework.models import Case
from linkwell.core.tests.browser import assert_accessible, press, sign_in, sign_in_by_keyboard
from linkwell.people.actions import PersonDetails
from linkwell.people.models import ConsentDecision, ConsentMethod, ConsentPurpose
from linkwell.referrals.actions import allocate, change_status, receive_referral
from linkwell.referrals.models import ReferralChannel, ReferralSource, ReferralStatus, Urgency

pytestmark = pytest.mark.browser


def case_for(team: Team, worker: User, given_name: str, nhs_number: str) -> Case:
    """A referral received, allocated to the worker, contacted and accepted: the case opens."""
    referral = receive_referral(
        person_details=PersonDetails(
            given_name=given_name, family_name="Fieldfare", date_of_birth=date(1958, 4, 2), nhs_number=nhs_number
        ),
        team=team,
        source=ReferralSource.GP,
        channel=ReferralChannel.STAFF,
        reasons=["loneliness"],
        reason_text="Would like company",
        urgency=Urgency.URGENT,
        by=None,
        referrer_name="Dr Ada Example",
        consents=[(ConsentPurpose.SUPPORT, ConsentDecision.GIVEN, ConsentMethod.BY_REFERRER)],
    )
    lead = User.objects.get(email="priya.shah@example.org")
    allocate(referral=referral, to=worker, by=lead)
    change_status(referral=referral, to_status=ReferralStatus.IN_CONTACT, by=worker)
    change_status(referral=referral, to_status=ReferralStatus.ACCEPTED, by=worker)
    return Case.objects.get(referral=referral)


def test_a_link_worker_opens_a_case_from_the_caseload_and_adds_a_note_by_keyboard(page: Page):
    load_accounts()
    team = Team.objects.get(slug="chelmsford-link-workers")
    jo = User.objects.get(email="jo.hughes@example.org")
    case_for(team, jo, "Marnie", "9990000018")

    sign_in_by_keyboard(page, "jo.hughes@example.org", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    press(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Caseload"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Caseload")
    expect(page.locator("#caseload-counts")).to_contain_text("1 open case, 0 overdue follow-ups")
    expect(page.get_by_role("cell", name="Urgent referral")).to_be_visible()
    assert_accessible(page)

    press(page, page.get_by_role("link", name="Marnie Fieldfare"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Marnie Fieldfare")
    expect(page.locator("#case-link-worker")).to_have_text("Jo Hughes")
    assert_accessible(page)

    # An empty note is explained, and the summary leads back to the box.
    press(page, page.get_by_role("button", name="Add the note"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter the note")
    expect(page).to_have_title("Error: Marnie Fieldfare – case – Linkwell")
    assert_accessible(page)
    press(page, summary.get_by_role("link", name="Enter the note"))
    expect(page.get_by_label("Add a note")).to_be_focused()

    page.keyboard.type("Rang Marnie: she would like to try the walking group.")
    press(page, page.get_by_role("button", name="Add the note"))
    expect(page.get_by_role("status").first).to_contain_text("Your note is added to the timeline.")
    timeline = page.get_by_role("list", name="Timeline")
    expect(timeline.get_by_role("listitem").first).to_contain_text("she would like to try the walking group")
    assert_accessible(page)


def test_a_team_lead_sees_the_teams_caseload_and_the_form_to_give_a_case_away(page: Page):
    load_accounts()
    team = Team.objects.get(slug="chelmsford-link-workers")
    case_for(team, User.objects.get(email="jo.hughes@example.org"), "Oswin", "9990000026")

    sign_in(page, "priya.shah@example.org", DEMO_PASSWORD)
    page.goto("/cases/")
    expect(page.get_by_role("cell", name="Jo Hughes")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Whose cases").select_option(label="My cases")
    page.get_by_role("button", name="Show cases").click()
    expect(page.get_by_text("No open cases match these choices.")).to_be_visible()
    assert_accessible(page)

    page.goto("/cases/")
    page.get_by_role("link", name="Oswin Fieldfare").click()
    page.get_by_text("Give the case to another link worker").click()
    page.get_by_role("button", name="Give the case").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose the link worker to give the case to")
    assert_accessible(page)

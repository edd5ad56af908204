"""A link worker, by keyboard only, records a baseline ONS4 from the case page, where it shows as due; the
person answers a measure through the link they were sent. axe checks every page."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwell.accounts.demo import DEMO_PASSWORD, load_accounts
from linkwell.accounts.models import Team, User
from linkwell.casework.tests.test_browser_case import case_for
from linkwell.core.tests.browser import assert_accessible, press, sign_in_by_keyboard, tab_to
from linkwell.outcomes.measure_links import send_measure_link, token_for
from linkwell.outcomes.models import AnswerMode, MeasureResponse, Timepoint
from linkwell.outcomes.tests.builders import made_contact
from linkwell.people.actions import record_consent
from linkwell.people.models import ConsentDecision, ConsentMethod, ConsentPurpose

pytestmark = pytest.mark.browser


def choose(page: Page, first_radio_id: str, presses_right: int) -> None:
    """Tab into a set of radios, check the first with Space, then move along with the arrow keys."""
    tab_to(page, page.locator(f"#{first_radio_id}"))
    page.keyboard.press("Space")
    for _ in range(presses_right):
        page.keyboard.press("ArrowRight")


def test_a_link_worker_records_a_due_baseline_ons4_by_keyboard(page: Page):
    load_accounts()
    jo = User.objects.get(email="jo.hughes@example.org")
    case = case_for(Team.objects.get(slug="chelmsford-link-workers"), jo, "Marnie", "9990000018")
    made_contact(case, timezone.localdate())

    sign_in_by_keyboard(page, "jo.hughes@example.org", DEMO_PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    due = page.locator("#measure-due")
    expect(due).to_contain_text("Measure due")
    assert_accessible(page)

    press(page, due.get_by_role("link", name="Record baseline ONS personal wellbeing (ONS4)"))
    expect(page.get_by_role("heading", level=1)).to_have_text("ONS personal wellbeing (ONS4)")
    assert_accessible(page)

    # A question left out is named, and nothing is saved.
    choose(page, "id_life_satisfaction", 7)
    press(page, page.get_by_role("button", name="Save the answers"))
    expect(page.get_by_role("alert")).to_contain_text("Choose an answer for “Worthwhile”")
    assert_accessible(page)
    assert not MeasureResponse.objects.exists()

    choose(page, "id_worthwhile", 8)
    choose(page, "id_happiness", 6)
    choose(page, "id_anxiety", 3)
    press(page, page.get_by_role("button", name="Save the answers"))

    expect(page.get_by_role("status").first).to_contain_text("ONS personal wellbeing (ONS4) recorded.")
    expect(page.get_by_role("heading", level=1)).to_have_text("ONS personal wellbeing (ONS4)")
    assert_accessible(page)
    measure = MeasureResponse.objects.get()
    assert measure.answers == {"life_satisfaction": 7, "worthwhile": 8, "happiness": 6, "anxiety": 3}
    assert (measure.timepoint, measure.mode, measure.completed_on) == (
        Timepoint.BASELINE,
        AnswerMode.ASSISTED,
        timezone.localdate(),
    )

    press(page, page.get_by_role("link", name="Back to the case"))
    expect(page.locator("#measure-due")).to_have_count(0)
    expect(page.get_by_role("link", name="All measures and change since baseline")).to_be_visible()
    assert_accessible(page)

    press(page, page.get_by_role("link", name="All measures and change since baseline"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wellbeing measures")
    assert_accessible(page)
    # Without consent to contact by email or text, the sending page says why instead of offering to send.
    page.goto(f"/cases/{case.pk}/measures/send/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_the_person_answers_through_the_link_they_were_sent(page: Page):
    load_accounts()
    jo = User.objects.get(email="jo.hughes@example.org")
    case = case_for(Team.objects.get(slug="chelmsford-link-workers"), jo, "Oswin", "9990000026")
    case.person.email = "oswin@example.org"
    case.person.save(update_fields=["email"])
    record_consent(
        person=case.person,
        purpose=ConsentPurpose.CONTACT_DIGITAL,
        decision=ConsentDecision.GIVEN,
        method=ConsentMethod.IN_PERSON,
        by=jo,
        by_label="Jo Hughes",
    )
    link = send_measure_link(
        case=case, instrument_id="loneliness", timepoint=Timepoint.BASELINE, channel="email", by=jo
    )

    page.goto(f"/m/{token_for(link)}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Oswin")
    expect(page.get_by_text("Fieldfare")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose an answer for “Feeling lonely”")
    assert_accessible(page)

    for question, answer in (
        ("How often do you feel that you lack companionship?", "Some of the time"),
        ("How often do you feel left out?", "Hardly ever or never"),
        ("How often do you feel isolated from others?", "Some of the time"),
        ("How often do you feel lonely?", "Occasionally"),
    ):
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert_accessible(page)
    measure = MeasureResponse.objects.get()
    assert measure.scores == {"ucla_total": 5, "direct": "occasionally"}
    assert measure.recorded_by is None

    page.goto(f"/m/{token_for(link)}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You have already answered these questions")
    assert_accessible(page)

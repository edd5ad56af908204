"""A link worker, using the keyboard only, searches the directory from a case, refers the person to a walking
group, sees the referral on the case, signposts them to a drop-in and records that they started going.
axe checks every page, including the error and no-consent states."""

import pytest
from playwright.sync_api import Page, expect

from linkwell.accounts.demo import DEMO_PASSWORD, load_accounts
from linkwell.casework.models import OnwardReferral, OnwardStatus, Signposting
from linkwell.casework.tests.builders import case_held_by_jo
from linkwell.casework.tests.onward_builders import consent_to_share, referable_service
from linkwell.core.tests.browser import assert_accessible, press, sign_in, tab_to
from linkwell.directory.models import ReferralMethod
from linkwell.people.models import ContactMethod
from linkwell.referrals.tests.factories import PersonFactory

pytestmark = pytest.mark.browser


def test_a_link_worker_refers_and_signposts_from_a_case_by_keyboard(page: Page):
    load_accounts()
    person = PersonFactory.create(
        given_name="Marnie",
        family_name="Fieldfare",
        postcode="CM1 1AA",
        phone="07700 900123",
        preferred_contact_method=ContactMethod.PHONE,
    )
    case = case_held_by_jo(person=person)
    consent_to_share(person)
    referable_service("Chelmer walking group", description="A gentle walk by the river")
    referable_service("Chelmer drop-in café", description="Drop in for a cuppa", method=ReferralMethod.SIGNPOST)

    sign_in(page, "jo.hughes@example.org", DEMO_PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Marnie Fieldfare")
    assert_accessible(page)

    # Search from the case: it starts around the person's postcode.
    press(page, page.get_by_role("link", name="Refer to a service"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a service to refer them to")
    expect(page.locator("#results-heading")).to_contain_text("2 services within 10 km of CM1 1AA")
    assert_accessible(page)
    tab_to(page, page.get_by_label("What are you looking for?"))
    page.keyboard.type("walking")
    page.keyboard.press("Enter")
    expect(page.locator("#results-heading")).to_contain_text("1 service within 10 km of CM1 1AA")

    # Refer: the confirm page shows what the provider receives.
    press(page, page.get_by_role("link", name="Refer to Chelmer walking group"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer to Chelmer walking group")
    expect(page.locator("#shared-details")).to_contain_text("07700 900123")
    assert_accessible(page)
    press(page, page.get_by_role("button", name="Send referral"))
    expect(page.get_by_role("alert")).to_contain_text("Say why you are referring the person")
    assert_accessible(page)
    tab_to(page, page.get_by_label("Why you are referring them"))
    page.keyboard.type("Would like company on walks")
    press(page, page.get_by_role("button", name="Send referral"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Marnie Fieldfare")
    expect(page.get_by_role("status").first).to_contain_text("Referral sent to Chelmer walking group.")
    expect(page.locator("#onward-referrals")).to_contain_text("Chelmer walking group")
    expect(page.locator("#onward-referrals")).to_contain_text("Answer due by")
    assert_accessible(page)

    # Signpost to the drop-in.
    press(page, page.get_by_role("link", name="Refer to a service"))
    press(page, page.get_by_role("link", name="Signpost to Chelmer drop-in café"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Signpost to Chelmer drop-in café")
    assert_accessible(page)
    tab_to(page, page.get_by_label("Note (optional)"))
    page.keyboard.type("Gave them the leaflet")
    press(page, page.get_by_role("button", name="Record signposting"))
    expect(page.get_by_role("status").first).to_contain_text("Signposting to Chelmer drop-in café recorded.")
    expect(page.locator("#onward-signpostings")).to_contain_text("Gave them the leaflet")
    assert_accessible(page)

    # Record what the person said on the referral's own page.
    press(page, page.locator("#onward-referrals").get_by_role("link", name="Chelmer walking group"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral to Chelmer walking group")
    assert_accessible(page)
    press(page, page.locator("summary", has_text="Record that they started"))
    tab_to(page, page.get_by_label("Note (optional)").first)
    page.keyboard.type("Went on Tuesday")
    press(page, page.get_by_role("button", name="Record that they started"))
    expect(page.locator("#onward-status")).to_have_text("Started")
    expect(page.locator("#onward-history")).to_contain_text("Went on Tuesday")
    assert_accessible(page)

    onward = OnwardReferral.objects.get(case=case)
    assert onward.status == OnwardStatus.STARTED
    assert Signposting.objects.get(case=case).note == "Gave them the leaflet"


def test_without_consent_the_confirm_page_explains_and_offers_signposting(page: Page):
    load_accounts()
    case = case_held_by_jo(person=PersonFactory.create(postcode="CM1 1AA"))
    service = referable_service("Chelmer walking group")

    sign_in(page, "jo.hughes@example.org", DEMO_PASSWORD)
    page.goto(f"/cases/{case.pk}/refer-on/{service.pk}/")

    expect(page.get_by_role("button", name="Send referral")).to_have_count(0)
    expect(page.locator("#consent")).to_contain_text("You cannot refer")
    assert_accessible(page)
    press(page, page.get_by_role("link", name="signpost them to Chelmer walking group"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Signpost to Chelmer walking group")

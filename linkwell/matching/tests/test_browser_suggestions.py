"""A link worker sees "Suggested services" on a case, and one click on a suggestion takes them to the onward
referral's confirm page for that service; the same suggestions head the onward search, and a waiting referral in
the inbox previews them. axe checks every page."""

import pytest
from playwright.sync_api import Page, expect

from linkwell.accounts.demo import DEMO_PASSWORD, load_accounts
from linkwell.casework.models import OnwardReferral
from linkwell.casework.tests.builders import case_held_by_jo
from linkwell.casework.tests.onward_builders import consent_to_share, referable_service
from linkwell.core.tests.browser import assert_accessible, press, sign_in
from linkwell.directory.models import CapacityStatus
from linkwell.people.models import ContactMethod
from linkwell.referrals.tests.factories import PersonFactory, ReferralFactory

pytestmark = pytest.mark.browser

BEREAVEMENT = (("Bereavement support groups", "Bereavement"),)


def test_a_link_worker_goes_from_a_suggested_service_to_the_confirm_page(page: Page):
    load_accounts()
    person = PersonFactory.create(
        given_name="Marnie",
        family_name="Fieldfare",
        postcode="CM1 1AA",
        phone="07700 900123",
        preferred_contact_method=ContactMethod.PHONE,
    )
    case = case_held_by_jo(
        person=person, reasons=["bereavement"], reason_text="Lonely since her husband died in the spring"
    )
    consent_to_share(person)
    referable_service(
        "Chelmer widows and widowers group", description="Support after someone dies.", categories=BEREAVEMENT
    )
    referable_service(
        "Chelmer grief circle",
        description="Support after someone dies.",
        categories=BEREAVEMENT,
        capacity=CapacityStatus.WAITLIST,
    )

    sign_in(page, "jo.hughes@example.org", DEMO_PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    suggestions = page.locator("#suggestions")
    expect(suggestions.get_by_role("heading", level=2)).to_have_text("Suggested services")
    expect(suggestions).to_contain_text("matches: bereavement")
    expect(suggestions).to_contain_text("Waiting list")
    assert_accessible(page)

    press(page, suggestions.get_by_role("link", name="Refer Marnie Fieldfare to Chelmer widows and widowers group"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Refer to Chelmer widows and widowers group")
    expect(page.locator("#shared-details")).to_contain_text("07700 900123")
    assert_accessible(page)
    # Nothing is sent until the link worker confirms.
    assert not OnwardReferral.objects.filter(case=case).exists()

    page.goto(f"/cases/{case.pk}/refer-on/")
    expect(page.locator("#suggestions")).to_contain_text("Chelmer grief circle")
    assert_accessible(page)

    waiting = ReferralFactory.create(
        team=case.team, reasons=["bereavement"], reason_text="His wife died", person=PersonFactory.create()
    )
    page.goto(f"/inbox/{waiting.pk}/")
    preview = page.locator("#suggestions")
    expect(preview).to_contain_text("From the referral alone.")
    expect(preview.get_by_role("link", name="Chelmer widows and widowers group")).to_be_visible()
    assert_accessible(page)

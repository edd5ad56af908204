"""A member of the public finds their social prescribing team by postcode, using only the keyboard."""

import pytest
from playwright.sync_api import Page, expect

from linkwell.accounts.models import OrganisationKind, TeamPostcodeDistrict
from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory
from linkwell.core.tests.browser import assert_accessible, tab_to

pytestmark = pytest.mark.browser


def _enter(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_person_finds_their_team_by_postcode_and_goes_on_to_refer_themselves(page: Page):
    scheme = OrganisationFactory.create(kind=OrganisationKind.SCHEME, name="Chelmer Valley Community Connect")
    team = TeamFactory.create(
        scheme=scheme, name="Chelmsford Link Workers", contact_phone="01632 960 001", contact_email="lw@example.org"
    )
    TeamPostcodeDistrict.objects.create(team=team, district="CM1")

    page.goto("/find-your-service/")
    assert_accessible(page)
    postcode = page.get_by_label("Your postcode")

    tab_to(page, postcode)
    page.keyboard.type("ZZ99 3VZ")
    _enter(page)
    expect(page.get_by_role("alert")).to_contain_text("Postcodes starting ZZ99 do not show where you live")
    assert_accessible(page)

    tab_to(page, postcode)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("cm1 1aa")
    _enter(page)
    expect(page.get_by_role("heading", name="The social prescribing team for CM1 1AA")).to_be_visible()
    expect(page.get_by_role("heading", name="Chelmsford Link Workers")).to_be_visible()
    expect(page.get_by_role("link", name="01632 960 001")).to_have_attribute("href", "tel:01632960001")
    expect(page.get_by_role("link", name="lw@example.org")).to_have_attribute("href", "mailto:lw@example.org")
    assert_accessible(page)

    tab_to(page, page.get_by_role("button", name="Refer yourself"))
    _enter(page)
    expect(page.get_by_role("heading", name="Refer yourself to a link worker")).to_be_visible()

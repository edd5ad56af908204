"""Find your social prescribing service, through the views: a postcode or a GP practice in, the team out."""

import pytest
from django.test import Client

from linkwell.accounts.models import Organisation, OrganisationKind, Team, TeamPostcodeDistrict
from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory
from linkwell.referrals.find_service_forms import PSEUDO_POSTCODE_MESSAGE

pytestmark = pytest.mark.django_db
PAGE = "/find-your-service/"


@pytest.fixture
def pcn() -> Organisation:
    return OrganisationFactory.create(kind=OrganisationKind.PCN, name="Riverside PCN", ods_code="U99001")


@pytest.fixture
def practice(pcn: Organisation) -> Organisation:
    return OrganisationFactory.create(
        kind=OrganisationKind.GP_PRACTICE, name="Mill Lane Surgery", ods_code="Z99001", parent=pcn
    )


def _team(*covered: Organisation, districts: tuple[str, ...] = (), **fields: str) -> Team:
    scheme = OrganisationFactory.create(kind=OrganisationKind.SCHEME, name="Riverside Community Connect")
    team: Team = TeamFactory.create(scheme=scheme, **fields)
    team.covered_organisations.add(*covered)
    for district in districts:
        TeamPostcodeDistrict.objects.create(team=team, district=district)
    return team


def _find(**query: str) -> tuple[int, str]:
    response = Client().get(PAGE, query)
    return response.status_code, response.content.decode()


def test_the_page_explains_social_prescribing_and_offers_both_searches(practice):
    status, page = _find()

    assert status == 200
    assert "Find your social prescribing service" in page
    assert "Social prescribing is free support from a link worker" in page
    assert 'name="postcode"' in page
    assert f'<option value="{practice.pk}">Mill Lane Surgery</option>' in page
    assert "There is a problem" not in page


def test_a_postcode_finds_the_team_for_its_district_with_contact_links_and_self_referral():
    _team(
        districts=("CM1",),
        name="Chelmsford Link Workers",
        contact_phone="01632 960 001",
        contact_email="lw@example.org",
    )

    status, page = _find(postcode="cm1 1aa")

    assert status == 200
    assert "The social prescribing team for CM1 1AA" in page
    assert "Chelmsford Link Workers" in page
    assert "Riverside Community Connect" in page
    assert '<a href="tel:01632960001">01632 960 001</a>' in page
    assert '<a href="mailto:lw@example.org">lw@example.org</a>' in page
    assert 'href="/refer-yourself/"' in page
    assert "A GP, nurse or other professional" in page


def test_a_team_without_contact_details_says_so_and_shows_no_empty_links():
    _team(districts=("CM1",))

    _, page = _find(postcode="CM1 1AA")

    assert "has not given a phone number or email address" in page
    assert 'href="tel:' not in page
    assert 'href="mailto:' not in page


def test_a_practice_chosen_from_the_list_finds_the_team_covering_it(practice):
    team = _team(practice, districts=("CM2",))

    status, page = _find(practice=str(practice.pk))

    assert status == 200
    assert "The social prescribing team for Mill Lane Surgery" in page
    assert team.name in page


def test_a_practice_can_be_linked_to_by_its_ods_code_in_any_case(practice):
    team = _team(practice)

    status, page = _find(practice=" z99001 ")

    assert status == 200
    assert team.name in page
    assert f'<option value="{practice.pk}" selected>Mill Lane Surgery</option>' in page


def test_a_practice_finds_the_team_covering_its_primary_care_network(practice, pcn):
    team = _team(pcn)

    _, page = _find(practice=str(practice.pk))

    assert team.name in page


@pytest.mark.parametrize(
    ("field", "searched_for"),
    [("postcode", "SW1A 1AA"), ("practice", "Mill Lane Surgery")],
    ids=["postcode", "practice"],
)
def test_with_no_team_the_page_says_so_plainly_and_suggests_the_gp_practice(practice, field, searched_for):
    _team(districts=("CM1",))

    status, page = _find(**{field: str(practice.pk) if field == "practice" else searched_for})

    assert status == 200
    assert f"No social prescribing team found for {searched_for}" in page
    assert "Ask your GP practice about social prescribing" in page
    assert 'href="/refer-yourself/"' not in page


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("ZZ99 3VZ", PSEUDO_POSTCODE_MESSAGE),
        ("zz993cz", PSEUDO_POSTCODE_MESSAGE),
        ("not a postcode", "Enter a real postcode, like CM1 1AA"),
        ("CM1 1A", "Enter a real postcode, like CM1 1AA"),
        ("C" * 5000, "Enter a real postcode, like CM1 1AA"),
        ("", "Enter your postcode, or choose your GP practice"),
        ("CM1\x001AA", "Enter a real postcode, like CM1 1AA"),
    ],
)
def test_a_postcode_that_places_nobody_is_a_field_error_in_the_error_summary(postcode, message):
    _team(districts=("ZZ99", "CM1"))

    status, page = _find(postcode=postcode)

    assert status == 400
    assert "<title>Error: Find your social prescribing service" in page
    assert "There is a problem" in page
    assert '<a href="#id_postcode">' in page
    assert f'<span class="nhsuk-u-visually-hidden">Error: </span>{message}' in page.replace("&#39;", "'")
    assert "social prescribing team for" not in page


@pytest.mark.parametrize("chosen", ["abc", "-1", "99999999999999999999999", "1.5", "Z99404", "", "x" * 5000])
def test_a_practice_not_on_the_list_is_a_field_error_never_a_failure(practice, chosen):
    status, page = _find(practice=chosen)

    assert status == 400
    assert '<a href="#id_practice">' in page
    assert 'id="id_practice-error"' in page


def test_a_bad_practice_is_reported_even_when_no_practices_are_listed():
    status, page = _find(practice="7")

    assert status == 400
    assert '<a href="#id_practice">' in page
    assert 'id="id_practice"' in page


def test_team_and_scheme_names_are_escaped(practice):
    scheme = OrganisationFactory.create(kind=OrganisationKind.SCHEME, name="<b>Bold</b> Scheme")
    team = TeamFactory.create(
        scheme=scheme, name='<script>alert("team")</script> Link Workers', contact_phone='"><img src=x>'
    )
    team.covered_organisations.add(practice)

    _, page = _find(practice=str(practice.pk))

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;team&#34;)&lt;/script&gt; Link Workers" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; Scheme" in page
    assert "<img src=x>" not in page


def test_a_search_by_practice_takes_a_fixed_number_of_queries(practice, pcn, django_assert_max_num_queries):
    _team(pcn)
    for number in range(20):
        OrganisationFactory.create(kind=OrganisationKind.GP_PRACTICE, name=f"Other Surgery {number}")

    # The practice list, the teams covering the practice or its network, and the team's scheme.
    with django_assert_max_num_queries(3):
        status, _ = _find(practice=str(practice.pk))

    assert status == 200


def test_a_search_by_postcode_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    _team(districts=("CM1",))

    # The practice list, the team for the district, and the team's scheme.
    with django_assert_max_num_queries(3):
        status, _ = _find(postcode="CM1 1AA")

    assert status == 200


def test_only_get_is_allowed():
    assert Client().post(PAGE, {"postcode": "CM1 1AA"}).status_code == 405


def test_the_home_page_and_the_self_referral_start_page_link_here():
    for path in ("/", "/refer-yourself/"):
        assert f'href="{PAGE}"' in Client().get(path).content.decode()

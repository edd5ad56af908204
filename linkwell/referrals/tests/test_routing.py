import pytest

from linkwell.accounts.models import OrganisationKind, TeamPostcodeDistrict
from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory
from linkwell.referrals.routing import route

pytestmark = pytest.mark.django_db


@pytest.fixture
def pcn():
    return OrganisationFactory.create(kind=OrganisationKind.PCN, name="Riverside PCN", ods_code="U99001")


@pytest.fixture
def practice(pcn):
    return OrganisationFactory.create(
        kind=OrganisationKind.GP_PRACTICE, name="Mill Lane Surgery", ods_code="Z99001", parent=pcn
    )


def covering(*places, districts=()):
    team = TeamFactory.create()
    team.covered_organisations.add(*places)
    for district in districts:
        TeamPostcodeDistrict.objects.create(team=team, district=district)
    return team


def test_a_team_covering_the_practice_itself_gets_the_referral(practice):
    team = covering(practice)
    assert route(practice=practice) == team


def test_a_practice_can_be_given_by_its_ods_code_in_any_case(practice):
    team = covering(practice)
    assert route(practice_ods_code=" z99001 ") == team


def test_a_team_covering_the_practices_network_gets_the_referral(practice, pcn):
    team = covering(pcn)
    assert route(practice=practice) == team


def test_a_team_covering_the_practice_wins_over_one_covering_its_network(practice, pcn):
    covering(pcn)
    practice_team = covering(practice)
    assert route(practice=practice) == practice_team


def test_with_no_team_for_the_practice_the_postcode_district_decides(practice):
    team = covering(districts=["CM1"])
    assert route(practice=practice, postcode="cm1 1aa") == team
    assert route(practice_ods_code="Z99404", postcode="CM1 1AA") == team


def test_the_practice_wins_over_the_postcode(practice):
    practice_team = covering(practice)
    covering(districts=["CM1"])
    assert route(practice=practice, postcode="CM1 1AA") == practice_team


def test_a_pseudo_postcode_routes_nowhere_by_postcode():
    covering(districts=["ZZ99"])
    assert route(postcode="ZZ99 3VZ") is None


def test_an_unknown_practice_and_an_uncovered_or_invalid_postcode_route_nowhere(practice):
    covering(districts=["CM1"])
    assert route(practice=practice, postcode="SW1A 1AA") is None
    assert route(postcode="not a postcode") is None
    assert route() is None


def test_when_several_teams_match_the_first_team_set_up_wins(practice):
    first, second = covering(practice, districts=["CM2"]), covering(practice, districts=["CM2"])
    second.name = "AAA renamed to sort first"
    second.save()
    assert route(practice=practice) == first
    assert route(postcode="CM2 9AB") == first


def test_routing_takes_at_most_three_queries(practice, pcn, django_assert_max_num_queries):
    team = covering(districts=["CM1"])
    with django_assert_max_num_queries(3):
        found = route(practice_ods_code="Z99001", postcode="CM1 1AA")
        assert found is not None
        assert found.name == team.name

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


def team_for(**asked):
    routed = route(**asked)
    assert routed is not None
    return routed.team


def covering(*places, districts=()):
    team = TeamFactory.create()
    team.covered_organisations.add(*places)
    for district in districts:
        TeamPostcodeDistrict.objects.create(team=team, district=district)
    return team


def test_a_team_covering_the_practice_itself_gets_the_referral(practice):
    team = covering(practice)
    assert team_for(practice=practice) == team


def test_a_practice_can_be_given_by_its_ods_code_in_any_case(practice):
    team = covering(practice)
    assert team_for(practice_ods_code=" z99001 ") == team


def test_a_team_covering_the_practices_network_gets_the_referral(practice, pcn):
    team = covering(pcn)
    assert team_for(practice=practice) == team


def test_a_team_covering_the_practice_wins_over_one_covering_its_network(practice, pcn):
    covering(pcn)
    practice_team = covering(practice)
    assert team_for(practice=practice) == practice_team


def test_with_no_team_for_the_practice_the_postcode_district_decides(practice):
    team = covering(districts=["CM1"])
    assert team_for(practice=practice, postcode="cm1 1aa") == team
    assert team_for(practice_ods_code="Z99404", postcode="CM1 1AA") == team


def test_the_practice_wins_over_the_postcode(practice):
    practice_team = covering(practice)
    covering(districts=["CM1"])
    assert team_for(practice=practice, postcode="CM1 1AA") == practice_team


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
    assert team_for(practice=practice) == first
    assert team_for(postcode="CM2 9AB") == first


def test_routing_takes_one_query_whichever_step_decides(practice, pcn, django_assert_num_queries):
    by_district = covering(districts=["CM1"])
    with django_assert_num_queries(1):
        found = route(practice_ods_code="Z99001", postcode="CM1 1AA")
    assert found is not None
    assert found.team.name == by_district.name
    assert found.practice == practice
    by_network = covering(pcn)
    with django_assert_num_queries(1):
        assert team_for(practice_ods_code="Z99001", postcode="CM1 1AA") == by_network
    with django_assert_num_queries(1):
        assert team_for(practice=practice) == by_network


def test_the_practice_found_by_its_code_comes_back_with_the_team(practice):
    team = covering(practice)
    routed = route(practice_ods_code="z99001")
    assert routed is not None
    assert routed.team == team
    assert routed.practice == practice
    assert routed.practice is not None
    assert routed.practice.name == "Mill Lane Surgery"


def test_an_empty_code_never_matches_organisations_without_one(pcn):
    # Organisations with no ODS code store "", which must not count as the practice asked about.
    no_code = OrganisationFactory.create(kind=OrganisationKind.GP_PRACTICE, ods_code="")
    covering(no_code)
    assert route(practice_ods_code="  ") is None
    assert route(practice_ods_code="", postcode="CM1 1AA") is None

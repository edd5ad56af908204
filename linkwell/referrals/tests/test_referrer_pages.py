"""My referrals and the referral status page: a referrer follows their own referrals, status only."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from linkwell.accounts.models import Organisation, OrganisationKind, Team, User
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory, user_with_role
from linkwell.conftest import client_for
from linkwell.referrals import actions
from linkwell.referrals.models import Referral, ReferralStatus, ReferralTransition
from linkwell.referrals.tests.factories import PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice() -> Organisation:
    return OrganisationFactory.create(kind=OrganisationKind.GP_PRACTICE, name="Chelmer Bridge Surgery")


@pytest.fixture
def team() -> Team:
    team: Team = TeamFactory.create(name="Chelmsford link workers")
    return team


@pytest.fixture
def referrer(practice: Organisation) -> User:
    return user_with_role(Role.REFERRER, organisation=practice)


@pytest.fixture
def team_lead(team: Team) -> User:
    return user_with_role(Role.TEAM_LEAD, team=team)


def referral_by(user: User | None, team: Team, given_name: str = "Bramwell", **fields: object) -> Referral:
    person = PersonFactory.create(given_name=given_name, family_name="Testington", date_of_birth=date(1958, 3, 15))
    referral: Referral = ReferralFactory.create(person=person, team=team, referred_by=user, **fields)
    ReferralTransition.objects.create(
        referral=referral, from_status="", to_status=ReferralStatus.RECEIVED, at=referral.received_at, by_label="x"
    )
    return referral


def test_a_referrer_sees_their_referrals_newest_first(referrer, team):
    now = timezone.now()
    older = referral_by(referrer, team, "Older", received_at=now - timedelta(days=3))
    newer = referral_by(referrer, team, "Newer", received_at=now)

    response = client_for(referrer).get("/referrals/")

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [newer, older]
    page = response.content.decode()
    assert older.reference in page
    assert "Chelmsford link workers" in page
    assert 'class="nhsuk-tag nhsuk-tag--blue">Received' in page


def test_a_champion_sees_their_referrals(team):
    champion = user_with_role(Role.CHAMPION)
    mine = referral_by(champion, team)
    assert list(client_for(champion).get("/referrals/").context["page"].object_list) == [mine]


def test_my_referrals_never_lists_other_peoples_referrals(referrer, team, team_lead):
    referral_by(user_with_role(Role.REFERRER), team, "Someone")
    referral_by(team_lead, team, "Teams")
    referral_by(None, team, "Online")
    mine = referral_by(referrer, team)
    assert list(client_for(referrer).get("/referrals/").context["page"].object_list) == [mine]


def test_my_referrals_filters_by_status(referrer, team):
    received = referral_by(referrer, team)
    referral_by(referrer, team, status=ReferralStatus.TRIAGED)
    response = client_for(referrer).get("/referrals/", {"status": "received"})
    assert list(response.context["page"].object_list) == [received]


def test_an_unknown_status_filter_shows_a_problem_and_no_referrals(referrer, team):
    referral_by(referrer, team)
    response = client_for(referrer).get("/referrals/", {"status": "lost"})
    assert response.status_code == 400
    assert list(response.context["page"].object_list) == []


def test_my_referrals_is_paginated_with_the_filter_kept(referrer, team):
    for _ in range(26):
        referral_by(referrer, team)
    response = client_for(referrer).get("/referrals/", {"status": "received"})
    assert len(response.context["page"].object_list) == 25
    assert "?status=received&amp;page=2" in response.content.decode()


def test_my_referrals_takes_a_fixed_number_of_queries(referrer, team, django_assert_max_num_queries):
    for _ in range(20):
        referral_by(referrer, team)
    client = client_for(referrer)
    with django_assert_max_num_queries(8):
        assert client.get("/referrals/").status_code == 200


@pytest.mark.parametrize("path", ["/referrals/", "/referrals/{id}/", "/referrals/{id}/sent/"])
@pytest.mark.parametrize("role", [Role.PROVIDER, Role.COMMISSIONER, Role.DIRECTORY_EDITOR])
def test_people_who_do_not_refer_are_refused(team, path: str, role: Role):
    referral = referral_by(None, team)
    assert client_for(user_with_role(role)).get(path.format(id=referral.pk)).status_code == 403


@pytest.mark.parametrize("path", ["/referrals/", "/referrals/{id}/", "/referrals/{id}/sent/"])
def test_anonymous_visitors_are_sent_to_sign_in(team, path: str):
    response = Client().get(path.format(id=referral_by(None, team).pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize("path", ["/referrals/{id}/", "/referrals/{id}/sent/"])
def test_a_referrer_and_a_champion_open_their_own_referrals(team, path: str):
    for role in [Role.REFERRER, Role.CHAMPION]:
        user = user_with_role(role)
        assert client_for(user).get(path.format(id=referral_by(user, team).pk)).status_code == 200


@pytest.mark.parametrize("path", ["/referrals/{id}/", "/referrals/{id}/sent/"])
def test_another_referrers_referral_is_as_missing_as_one_that_does_not_exist(referrer, team, path: str):
    theirs = referral_by(user_with_role(Role.REFERRER), team)
    client = client_for(referrer)
    assert client.get(path.format(id=theirs.pk)).status_code == 404
    assert client.get(path.format(id="0b4ad9f5-54d4-4a49-9f53-2b1d1b0c1c1c")).status_code == 404


def test_a_team_lead_sees_the_status_of_a_referral_they_made_but_not_the_teams_others_here(team, team_lead):
    assert client_for(team_lead).get(f"/referrals/{referral_by(team_lead, team).pk}/").status_code == 200
    # The team's other referrals belong in the inbox, not on the referrer's pages.
    other = referral_by(user_with_role(Role.REFERRER), team)
    assert client_for(team_lead).get(f"/referrals/{other.pk}/").status_code == 404


def test_link_workers_have_no_my_referrals_list():
    assert client_for(user_with_role(Role.LINK_WORKER)).get("/referrals/").status_code == 403


def test_the_status_page_explains_the_status_and_shows_the_history(referrer, team, team_lead):
    referral = referral_by(referrer, team)
    actions.change_status(
        referral=referral, to_status=ReferralStatus.TRIAGED, by=team_lead, reason="Spoke to the GP about her son"
    )
    actions.mark_not_appropriate(referral=referral, by=team_lead, reason="Needs a mental health crisis team")

    page = client_for(referrer).get(f"/referrals/{referral.pk}/").content.decode()

    assert referral.reference in page
    assert "Bramwell Testington" in page
    assert "15 March 1958" in page
    assert "social prescribing is not the right support" in page
    assert page.count("Needs a mental health crisis team") == 2
    assert "Triaged" in page
    assert "Received" in page
    # A reason on a working status may hold case details, so the referrer never sees it.
    assert "her son" not in page


def test_the_status_page_never_shows_case_notes_or_other_person_details(referrer, team):
    referral = referral_by(
        referrer, team, known_risks="Dog in the house", reason_text="Private detail", status_reason="Internal note"
    )
    person = referral.person
    person.nhs_number = "9992345675"
    person.phone = "01632 960 555"
    person.save(update_fields=["nhs_number", "phone"])

    page = client_for(referrer).get(f"/referrals/{referral.pk}/").content.decode()

    for hidden in ["Dog in the house", "Private detail", "Internal note", "999 234 5675", "9992345675", "960 555"]:
        assert hidden not in page


def test_names_and_reasons_are_escaped_on_the_pages(referrer, team, team_lead):
    script = "<script>alert(1)</script>"
    referral = referral_by(referrer, team, script)
    actions.withdraw(referral=referral, by=team_lead, reason=script)
    client = client_for(referrer)
    for path in ["/referrals/", f"/referrals/{referral.pk}/", f"/referrals/{referral.pk}/sent/"]:
        page = client.get(path).content.decode()
        assert script not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_link_worker_can_follow_a_referral_they_made_to_another_team():
    from linkwell.referrals.access import get_referral_for_user

    worker = user_with_role(Role.LINK_WORKER)
    referral = referral_by(worker, TeamFactory.create())

    assert get_referral_for_user(worker, referral.pk).pk == referral.pk
    assert client_for(worker).get(f"/referrals/{referral.pk}/").status_code == 200

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from linkwell.accounts.models import Membership, OrganisationKind
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory, user_with_role
from linkwell.conftest import client_for
from linkwell.referrals.models import ReferralSource, ReferralStatus, Urgency
from linkwell.referrals.tests.factories import PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db
INBOX = reverse("inbox:list")


@pytest.fixture
def team():
    return TeamFactory.create()


@pytest.fixture
def lead(team):
    return user_with_role(Role.TEAM_LEAD, team=team, full_name="Priya Lead")


def references(response) -> list[str]:
    return [row.referral.reference for row in response.context["rows"]]


def test_team_members_see_their_teams_waiting_referrals(team):
    mine = ReferralFactory.create(team=team)
    theirs = ReferralFactory.create()
    for role in (Role.LINK_WORKER, Role.TEAM_LEAD):
        response = client_for(user_with_role(role, team=team)).get(INBOX)
        assert response.status_code == 200
        assert references(response) == [mine.reference]
        assert theirs.reference not in response.content.decode()


def test_another_teams_member_does_not_see_the_referral_in_their_inbox(team):
    referral = ReferralFactory.create(team=team)
    stranger = user_with_role(Role.LINK_WORKER)
    response = client_for(stranger).get(INBOX, {"status": "all"})
    assert referral.reference not in response.content.decode()


@pytest.mark.parametrize("role", [Role.REFERRER, Role.CHAMPION, Role.PROVIDER, Role.COMMISSIONER])
def test_people_without_a_team_inbox_are_refused(role):
    assert client_for(user_with_role(role)).get(INBOX).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in():
    response = Client().get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_urgent_referrals_come_first_then_the_oldest(team, lead):
    now = timezone.now()
    old = ReferralFactory.create(team=team, received_at=now - timedelta(days=9))
    new = ReferralFactory.create(team=team, received_at=now - timedelta(days=1))
    urgent = ReferralFactory.create(team=team, urgency=Urgency.URGENT, received_at=now)
    assert references(client_for(lead).get(INBOX)) == [urgent.reference, old.reference, new.reference]


def test_each_row_says_how_many_days_the_referral_has_waited(team, lead):
    ReferralFactory.create(team=team, received_at=timezone.now() - timedelta(days=6))
    assert "Waiting 6 days" in client_for(lead).get(INBOX).content.decode()


def test_the_status_filter_shows_each_group_and_counts_it(team, lead):
    worker = user_with_role(Role.LINK_WORKER, team=team)
    ReferralFactory.create(team=team)
    ReferralFactory.create(team=team, urgency=Urgency.URGENT, status=ReferralStatus.TRIAGED)
    allocated = ReferralFactory.create(team=team, status=ReferralStatus.ALLOCATED, allocated_to=worker)
    closed = ReferralFactory.create(team=team, status=ReferralStatus.WITHDRAWN)
    client = client_for(lead)

    waiting = client.get(INBOX)
    assert (waiting.context["counts"].total, waiting.context["counts"].urgent) == (2, 1)
    assert "2 waiting" in waiting.content.decode()
    assert "1 urgent" in waiting.content.decode()
    assert references(client.get(INBOX, {"status": "allocated"})) == [allocated.reference]
    assert references(client.get(INBOX, {"status": "closed"})) == [closed.reference]
    assert len(references(client.get(INBOX, {"status": "all"}))) == 4


def test_filters_by_source_urgency_practice_reason_and_age(team, lead):
    practice = OrganisationFactory.create(kind=OrganisationKind.GP_PRACTICE, name="Riverside Surgery")
    today = timezone.localdate()
    child = ReferralFactory.create(
        team=team,
        source=ReferralSource.SELF,
        person=PersonFactory.create(date_of_birth=today.replace(year=today.year - 10), gp_practice=practice),
        reasons=["debt", "housing"],
    )
    older = ReferralFactory.create(
        team=team,
        urgency=Urgency.URGENT,
        person=PersonFactory.create(date_of_birth=date(1940, 1, 1)),
        reasons=["loneliness"],
    )
    adult = ReferralFactory.create(team=team, person=PersonFactory.create(date_of_birth=date(1990, 6, 1)))
    client = client_for(lead)

    assert references(client.get(INBOX, {"source": "self"})) == [child.reference]
    assert references(client.get(INBOX, {"urgency": "urgent"})) == [older.reference]
    assert references(client.get(INBOX, {"practice": practice.pk})) == [child.reference]
    assert references(client.get(INBOX, {"reason": "housing"})) == [child.reference]
    assert references(client.get(INBOX, {"age_band": "under_18"})) == [child.reference]
    assert references(client.get(INBOX, {"age_band": "18_64"})) == [adult.reference]
    assert references(client.get(INBOX, {"age_band": "65_plus"})) == [older.reference]


def test_an_unknown_filter_value_is_an_error_not_a_crash(lead):
    response = client_for(lead).get(INBOX, {"urgency": "yesterday"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_people_in_several_teams_see_all_of_them_and_can_filter_by_team(team, lead):
    other = TeamFactory.create()
    Membership.objects.create(user=lead, role=Role.LINK_WORKER, team=other)
    here, there = ReferralFactory.create(team=team), ReferralFactory.create(team=other)
    client = client_for(lead)
    response = client.get(INBOX)
    assert set(references(response)) == {here.reference, there.reference}
    assert "team" in response.context["form"].fields
    assert references(client.get(INBOX, {"team": other.pk})) == [there.reference]


def test_a_single_team_member_is_not_asked_to_choose_a_team(team, lead):
    ReferralFactory.create(team=team)
    assert "team" not in client_for(lead).get(INBOX).context["form"].fields


def test_names_and_reasons_are_escaped(team, lead):
    ReferralFactory.create(team=team, person=PersonFactory.create(given_name="<script>alert(1)</script>"))
    content = client_for(lead).get(INBOX).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content


def test_the_list_takes_the_same_number_of_queries_however_many_rows(team, lead):
    worker = user_with_role(Role.LINK_WORKER, team=team)

    def add_referrals(count: int) -> None:
        for _ in range(count):
            practice = OrganisationFactory.create(kind=OrganisationKind.GP_PRACTICE)
            ReferralFactory.create(
                team=team,
                status=ReferralStatus.ALLOCATED,
                allocated_to=worker,
                person=PersonFactory.create(gp_practice=practice),
            )

    def queries_for_list() -> int:
        client = client_for(lead)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(INBOX, {"status": "all"}).status_code == 200
        return len(queries)

    add_referrals(1)
    one = queries_for_list()
    add_referrals(14)
    assert queries_for_list() == one
    assert one <= 12

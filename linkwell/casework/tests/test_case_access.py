"""Who reaches the caseload, the case page and its two forms: the case's team (and administrators) only;
another team's case is as missing as one that does not exist; other roles are refused; visitors sign in."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from linkwell.accounts.models import OrganisationKind
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.models import Case, CaseNote
from linkwell.casework.tests.builders import open_case
from linkwell.conftest import client_for

pytestmark = pytest.mark.django_db

# (route, method, form data) for every page that shows or changes one case.
CASE_ENDPOINTS = [
    ("casework:case", "get", {}),
    ("casework:case-note-add", "post", {"note-text": "A note"}),
    ("casework:case-reassign", "post", {"reassign-link_worker": "1"}),
]


@pytest.fixture
def case():
    scheme = OrganisationFactory.create(kind=OrganisationKind.SCHEME)
    return open_case(team=TeamFactory.create(scheme=scheme))


def call(client: Client, route: str, method: str, data: dict[str, str], case_id):
    url = reverse(route, kwargs={"case_id": case_id})
    return client.get(url) if method == "get" else client.post(url, data)


@pytest.mark.parametrize(("route", "method", "data"), CASE_ENDPOINTS)
def test_another_teams_case_is_as_missing_as_one_that_does_not_exist(case, route, method, data):
    for role in (Role.LINK_WORKER, Role.TEAM_LEAD):
        # Another team in the same scheme is still another team.
        stranger = client_for(user_with_role(role, team=TeamFactory.create(scheme=case.team.scheme)))
        theirs = call(stranger, route, method, data, case.pk)
        missing = call(stranger, route, method, data, uuid.uuid4())
        assert theirs.status_code == missing.status_code == 404
        assert theirs.content == missing.content
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED).exists()
    assert not CaseNote.objects.exists()


@pytest.mark.parametrize(("route", "method", "data"), CASE_ENDPOINTS)
@pytest.mark.parametrize(
    "role", [Role.REFERRER, Role.CHAMPION, Role.PROVIDER, Role.COMMISSIONER, Role.DIRECTORY_EDITOR]
)
def test_roles_that_keep_no_case_records_are_refused(case, route, method, data, role):
    response = call(client_for(user_with_role(role)), route, method, data, case.pk)
    assert response.status_code == 403


@pytest.mark.parametrize(("route", "method", "data"), CASE_ENDPOINTS)
def test_anonymous_visitors_are_sent_to_sign_in(case, route, method, data):
    response = call(Client(), route, method, data, case.pk)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_the_referrer_who_made_the_referral_does_not_see_the_case():
    referrer = user_with_role(Role.REFERRER)
    case = open_case(referred_by=referrer)
    assert client_for(referrer).get(reverse("casework:case", kwargs={"case_id": case.pk})).status_code == 403


def test_everyone_in_the_team_reads_and_notes_the_case_and_each_read_is_audited(case):
    for user in (
        case.link_worker,
        user_with_role(Role.LINK_WORKER, team=case.team),
        user_with_role(Role.TEAM_LEAD, team=case.team),
        user_with_role(Role.TEAM_LEAD, organisation=case.team.scheme),
        user_with_role(Role.ADMIN),
    ):
        client = client_for(user)
        assert client.get(reverse("casework:case", kwargs={"case_id": case.pk})).status_code == 200
        assert AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED, actor_id=user.pk).count() == 1
        response = client.post(reverse("casework:case-note-add", kwargs={"case_id": case.pk}), {"note-text": "Seen"})
        assert response.status_code == 302
    assert CaseNote.objects.filter(case=case).count() == 5


def test_a_scheme_team_lead_gives_away_cases_in_all_the_schemes_teams(case):
    lead = user_with_role(Role.TEAM_LEAD, organisation=case.team.scheme)
    colleague = user_with_role(Role.LINK_WORKER, team=case.team)
    response = client_for(lead).post(
        reverse("casework:case-reassign", kwargs={"case_id": case.pk}), {"reassign-link_worker": colleague.pk}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).link_worker == colleague


def test_an_administrator_reads_but_does_not_give_cases_away(case):
    colleague = user_with_role(Role.LINK_WORKER, team=case.team)
    response = client_for(user_with_role(Role.ADMIN)).post(
        reverse("casework:case-reassign", kwargs={"case_id": case.pk}), {"reassign-link_worker": colleague.pk}
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).link_worker == case.link_worker


def test_the_forms_take_posts_only(case):
    client = client_for(case.link_worker)
    for route in ("casework:case-note-add", "casework:case-reassign"):
        assert client.get(reverse(route, kwargs={"case_id": case.pk})).status_code == 405
    assert client.post(reverse("casework:case", kwargs={"case_id": case.pk})).status_code == 405


# --- The caseload --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "role", [Role.REFERRER, Role.CHAMPION, Role.PROVIDER, Role.COMMISSIONER, Role.DIRECTORY_EDITOR]
)
def test_the_caseload_refuses_roles_that_keep_no_case_records(role):
    assert client_for(user_with_role(role)).get(reverse("casework:caseload")).status_code == 403


def test_the_caseload_sends_anonymous_visitors_to_sign_in():
    response = Client().get(reverse("casework:caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_another_teams_cases_never_reach_the_caseload_whatever_is_asked(case):
    lead = user_with_role(Role.TEAM_LEAD, team=TeamFactory.create(scheme=case.team.scheme))
    client = client_for(lead)
    for params in ({}, {"worker": "team"}, {"worker": str(case.link_worker_id)}):
        response = client.get(reverse("casework:caseload"), params)
        assert case.person.family_name not in response.content.decode()

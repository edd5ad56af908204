"""Who reaches the measure pages: the case's team (and administrators); another team's case is as missing as
one that does not exist; roles that keep no case records are refused; visitors are sent to sign in."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from linkwell.accounts.models import OrganisationKind
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory, user_with_role
from linkwell.casework.tests.builders import open_case
from linkwell.conftest import client_for
from linkwell.outcomes.models import MeasureLink, MeasureResponse
from linkwell.outcomes.tests.builders import stored_measure

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("outcomes:measures", "get", {}),
    ("outcomes:measure-new", "get", {}),
    ("outcomes:measure-new", "post", {"life_satisfaction": "5"}),
    ("outcomes:measure-send", "get", {}),
    ("outcomes:measure-send", "post", {"instrument": "ons4", "timepoint": "baseline", "channel": "email"}),
    ("outcomes:measure", "get", {}),
]


@pytest.fixture
def case():
    scheme = OrganisationFactory.create(kind=OrganisationKind.SCHEME)
    case = open_case(team=TeamFactory.create(scheme=scheme))
    stored_measure(case)
    return case


def call(client: Client, route: str, method: str, data: dict[str, str], case_id, measure_id=None):
    kwargs = {"case_id": case_id}
    if route == "outcomes:measure":
        kwargs["measure_id"] = measure_id or uuid.uuid4()
    url = reverse(route, kwargs=kwargs) + ("?instrument=ons4" if route == "outcomes:measure-new" else "")
    return client.get(url) if method == "get" else client.post(url, data)


@pytest.mark.parametrize(("route", "method", "data"), ENDPOINTS)
def test_the_cases_team_and_administrators_reach_every_page(case, route, method, data):
    measure = MeasureResponse.objects.get()
    for user in (case.link_worker, user_with_role(Role.TEAM_LEAD, team=case.team), user_with_role(Role.ADMIN)):
        response = call(client_for(user), route, method, data, case.pk, measure.pk)
        # A post with missing answers is refused with the form, not a server error.
        assert response.status_code == (400 if method == "post" else 200)


@pytest.mark.parametrize(("route", "method", "data"), ENDPOINTS)
def test_another_teams_case_is_as_missing_as_one_that_does_not_exist(case, route, method, data):
    measure = MeasureResponse.objects.get()
    stranger = client_for(user_with_role(Role.LINK_WORKER, team=TeamFactory.create(scheme=case.team.scheme)))
    theirs = call(stranger, route, method, data, case.pk, measure.pk)
    missing = call(stranger, route, method, data, uuid.uuid4(), measure.pk)
    assert theirs.status_code == missing.status_code == 404
    assert theirs.content == missing.content
    assert MeasureResponse.objects.count() == 1
    assert not MeasureLink.objects.exists()


def test_a_measure_is_only_found_through_its_own_case(case):
    measure = MeasureResponse.objects.get()
    other_case = open_case(team=case.team, worker=case.link_worker)
    response = client_for(case.link_worker).get(
        reverse("outcomes:measure", kwargs={"case_id": other_case.pk, "measure_id": measure.pk})
    )
    assert response.status_code == 404


@pytest.mark.parametrize(("route", "method", "data"), ENDPOINTS)
@pytest.mark.parametrize("role", [Role.REFERRER, Role.PROVIDER, Role.COMMISSIONER, Role.DIRECTORY_EDITOR])
def test_roles_that_keep_no_case_records_are_refused(case, route, method, data, role):
    measure = MeasureResponse.objects.get()
    assert call(client_for(user_with_role(role)), route, method, data, case.pk, measure.pk).status_code == 403


@pytest.mark.parametrize(("route", "method", "data"), ENDPOINTS)
def test_anonymous_visitors_are_sent_to_sign_in(case, route, method, data):
    measure = MeasureResponse.objects.get()
    response = call(Client(), route, method, data, case.pk, measure.pk)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))

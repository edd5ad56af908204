"""POST /api/v1/recommendations: who may call it, what it answers, and the clear 4xx for every kind of bad input."""

import json
import uuid
from datetime import time

import pytest
from django.test import Client
from django.utils.crypto import get_random_string

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, user_with_role
from linkwell.audit.models import AuditEvent
from linkwell.casework.tests.onward_builders import referable_service
from linkwell.clients.actions import create_api_client, revoke_api_client
from linkwell.conftest import client_for
from linkwell.directory.models import CapacityStatus, Service

pytestmark = pytest.mark.django_db

URL = "/api/v1/recommendations"
SOUTHEND = (51.5459, 0.7077)
BEREAVEMENT = (("Bereavement support groups", "Bereavement"),)
WIDOW_TEXT = "Lonely since her husband died, scared of falling, doesn't use a computer"


@pytest.fixture
def token():
    _, token = create_api_client(organisation=OrganisationFactory.create(), label="GP system", by=None)
    return token


@pytest.fixture
def directory():
    """Bereavement support around Chelmsford, and the ways a service can be one the person cannot use."""
    return {
        "group": referable_service(
            "Chelmer widows and widowers group",
            description="A friendly bereavement group for people who have lost a husband, wife or partner.",
            categories=BEREAVEMENT,
            wheelchair=True,
            byday="WE",
            opens=time(14, 0),
            closes=time(16, 0),
        ),
        "online": referable_service(
            "Grief chat online", description="Bereavement support online.", categories=BEREAVEMENT, at=None, online=True
        ),
        "far": referable_service(
            "Southend bereavement café", description="Bereavement café.", categories=BEREAVEMENT, at=SOUTHEND
        ),
        "full": referable_service(
            "Chelmsford bereavement circle",
            description="Bereavement support group.",
            categories=BEREAVEMENT,
            capacity=CapacityStatus.FULL,
        ),
        "steps": referable_service(
            "Upstairs bereavement group", description="Bereavement group up a flight of stairs.", categories=BEREAVEMENT
        ),
    }


def post(body, *, token=None, client=None, **headers):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return (client or Client()).post(URL, data=data, content_type="application/json", **headers)


def problems(response):
    return {problem["field"]: problem["message"] for problem in response.json()["detail"]}


def widow(**changes):
    body = {
        "text": WIDOW_TEXT,
        "location": {"postcode": "CM1 1AA"},
        "person": {"age": 81, "gender": "female"},
        "preferences": {"max_distance_km": 8, "wheelchair_access": True, "no_online": True, "free_only": False},
        "limit": 10,
    }
    body.update(changes)
    return body


# --- What it answers ----------------------------------------------------------------------------
def test_an_api_client_gets_services_that_fit_with_reasons_and_nothing_the_person_cannot_use(token, directory):
    response = post(widow(), token=token)

    assert response.status_code == 200
    body = response.json()
    by_id = {result["service_id"]: result for result in body["results"]}
    group = by_id[str(directory["group"].pk)]
    assert group["name"] == "Chelmer widows and widowers group"
    assert "bereavement" in group["needs"]
    assert group["reasons"]
    assert group["distance_km"] is not None
    assert group["distance_km"] < 8
    assert group["waitlisted"] is False
    assert isinstance(group["score"], float)
    assert group["url"] == f"http://testserver/services/{directory['group'].pk}/"
    for unusable in ("online", "far", "full", "steps"):
        assert str(directory[unusable].pk) not in by_id, unusable
    assert "bereavement" in [need["code"] for need in body["needs"]]
    assert all(set(need) == {"code", "label", "evidence"} for need in body["needs"])


def test_missing_fields_are_no_constraint(token, directory):
    response = post({"text": "Her husband died last year"}, token=token)

    assert response.status_code == 200
    returned = {result["service_id"] for result in response.json()["results"]}
    # No place, no access needs and no internet problem given, so the far and online groups may be suggested.
    assert {str(directory["far"].pk), str(directory["online"].pk)} & returned


def test_an_empty_body_object_is_a_question_with_no_constraints(token, directory):
    response = post({}, token=token)

    assert response.status_code == 200
    assert set(response.json()) == {"results", "needs"}


def test_a_place_can_be_given_as_latitude_and_longitude(token, directory):
    near_southend = {"latitude": SOUTHEND[0], "longitude": SOUTHEND[1]}
    response = post(widow(location=near_southend, preferences={"max_distance_km": 5}), token=token)

    assert response.status_code == 200
    returned = {result["service_id"] for result in response.json()["results"]}
    assert str(directory["far"].pk) in returned
    assert str(directory["group"].pk) not in returned


def test_the_limit_caps_the_number_of_results(token):
    for number in range(4):
        referable_service(f"Bereavement group {number}", description="Bereavement group.", categories=BEREAVEMENT)

    response = post({"text": "Her husband died", "limit": 2}, token=token)

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2


def test_a_waitlisted_service_is_marked(token):
    service = referable_service(
        "Chelmer grief group",
        description="Bereavement group.",
        categories=BEREAVEMENT,
        capacity=CapacityStatus.WAITLIST,
    )

    response = post({"text": "Her husband died"}, token=token)

    result = next(result for result in response.json()["results"] if result["service_id"] == str(service.pk))
    assert result["waitlisted"] is True


def test_the_text_is_not_stored_or_audited(token, directory):
    before = AuditEvent.objects.count()

    post(widow(text="Lonely since Mr Quillfeather died"), token=token)

    assert AuditEvent.objects.count() == before


def test_the_queries_do_not_grow_with_the_directory(token, directory, django_assert_max_num_queries):
    with django_assert_max_num_queries(30) as few:
        post(widow(), token=token)
    for number in range(15):
        referable_service(f"Bereavement group {number}", description="Bereavement group.", categories=BEREAVEMENT)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = post(widow(), token=token)
    assert response.status_code == 200


# --- Who may call it ----------------------------------------------------------------------------
def test_a_call_without_credentials_is_told_to_authenticate():
    response = post(widow())

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in problems(response)[None]


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer ", "bearer " + "x" * 43])
def test_an_unknown_token_is_refused(header, directory):
    response = post(widow(), HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.json()["detail"][0]["field"] is None


def test_a_revoked_clients_token_is_refused(directory):
    client, token = create_api_client(organisation=OrganisationFactory.create(), label="Old system", by=None)
    assert post(widow(), token=token).status_code == 200

    revoke_api_client(client=client, by=None)

    response = post(widow(), token=token)
    assert response.status_code == 401
    assert "revoked" in problems(response)[None]


def test_a_bad_token_is_refused_even_with_a_session(link_worker):
    """A client that sends a token means to act as that client, never as whoever is signed in."""
    response = post(widow(), client=client_for(link_worker), HTTP_AUTHORIZATION="Bearer not-a-token")

    assert response.status_code == 401


def _csrf_client(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.parametrize("role", [Role.REFERRER, Role.CHAMPION, Role.LINK_WORKER, Role.TEAM_LEAD])
def test_staff_who_refer_people_may_call_it_signed_in_with_the_csrf_token(role, directory):
    client = _csrf_client(user_with_role(role))
    secret = get_random_string(32)
    client.cookies["csrftoken"] = secret

    response = post(widow(), client=client, HTTP_X_CSRFTOKEN=secret)

    assert response.status_code == 200
    assert str(directory["group"].pk) in {result["service_id"] for result in response.json()["results"]}


def test_a_signed_in_call_without_the_csrf_token_is_refused(link_worker):
    response = post(widow(), client=_csrf_client(link_worker))

    assert response.status_code == 403
    assert "CSRF" in problems(response)[None]


def test_a_bearer_call_needs_no_csrf_token(token):
    response = post(widow(), token=token, client=Client(enforce_csrf_checks=True))

    assert response.status_code == 200


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.DIRECTORY_EDITOR, Role.COMMISSIONER])
def test_signed_in_users_who_do_not_refer_people_are_forbidden(role):
    response = post(widow(), client=client_for(user_with_role(role)))

    assert response.status_code == 403
    assert "for people who make referrals" in problems(response)[None]


# --- Bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"limit": 0}, "limit", "greater than or equal to 1"),
        ({"limit": 51}, "limit", "less than or equal to 50"),
        ({"limit": "ten"}, "limit", "valid integer"),
        ({"text": "x" * 5001}, "text", "at most 5000 characters"),
        ({"text": 5}, "text", "valid string"),
        ({"location": {"postcode": "CM1 1AA", "latitude": 51.7}}, "location", "not both"),
        ({"location": {"latitude": 51.7}}, "location.longitude", "Give the longitude"),
        ({"location": {"longitude": 0.47}}, "location.latitude", "Give the latitude"),
        ({"location": {"latitude": 91, "longitude": 0.47}}, "location.latitude", "less than or equal to 90"),
        ({"location": {"postcode": "TR19 7AA"}}, "location.postcode", "could not find"),
        ({"location": {"postcode": "ZZ99 3VZ"}}, "location.postcode", "pseudo-postcode"),
        ({"location": {"postcode": "not a postcode 1"}}, "location.postcode", ""),
        ({"location": "CM1 1AA"}, "location", ""),
        ({"person": {"age": -1}}, "person.age", "greater than or equal to 0"),
        ({"person": {"age": 200}}, "person.age", "less than or equal to 130"),
        ({"person": {"gender": "x" * 51}}, "person.gender", "at most 50 characters"),
        ({"preferences": {"max_distance_km": 0}}, "preferences.max_distance_km", "greater than 0"),
        ({"preferences": {"free_only": "perhaps"}}, "preferences.free_only", "valid boolean"),
        ({"preferences": {"availability": ["nights"]}}, "preferences.availability.0", "'weekday_daytime'"),
        ({"needs": ["happiness"]}, "needs.0", "'loneliness'"),
        ({"max_distance": 8}, "max_distance", "no such field"),
        ({"preferences": {"wheelchair": True}}, "preferences.wheelchair", "no such field"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(token, changes, field, words):
    response = post(widow(**changes), token=token)

    assert response.status_code == 422
    found = problems(response)
    assert field in found, found
    assert words in found[field]


def test_several_problems_are_all_named_at_once(token):
    response = post(widow(limit=0, person={"age": -5}), token=token)

    assert response.status_code == 422
    assert {"limit", "person.age"} <= set(problems(response))


def test_a_body_that_is_not_json_is_refused_with_a_json_answer(token):
    response = post("{not json", token=token)

    assert response.status_code == 400
    assert response.json()["detail"][0]["field"] is None


def test_a_body_that_is_not_an_object_is_refused(token):
    response = post([1, 2], token=token)

    assert response.status_code == 422


def test_a_body_too_big_to_be_a_request_is_refused_unread(token):
    response = post({"text": "x" * 70_000}, token=token)

    assert response.status_code == 413
    assert "64 KB" in problems(response)[None]


def test_only_post_is_allowed(token):
    response = Client().get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 405


# --- The OpenAPI document -----------------------------------------------------------------------
def test_the_openapi_document_describes_the_endpoint_its_schemas_and_both_ways_in():
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    operation = document["paths"]["/api/v1/recommendations"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/RecommendationIn")
    assert set(operation["responses"]) >= {"200", "401", "403", "413", "422"}
    schemas = document["components"]["schemas"]
    assert set(schemas["RecommendationIn"]["properties"]) == {
        "text",
        "needs",
        "location",
        "person",
        "preferences",
        "limit",
    }
    assert set(schemas["ResultOut"]["properties"]) == {
        "service_id",
        "name",
        "score",
        "distance_km",
        "needs",
        "reasons",
        "waitlisted",
        "url",
    }
    assert set(schemas["PreferencesIn"]["properties"]) == {
        "max_distance_km",
        "wheelchair_access",
        "no_online",
        "free_only",
        "availability",
    }
    assert document["components"]["securitySchemes"] == {
        "ClientToken": {"type": "http", "scheme": "bearer"},
        "StaffSession": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
    }


def test_there_is_no_docs_page_that_would_load_scripts_from_elsewhere():
    assert Client().get("/api/v1/docs").status_code == 404


def test_every_service_id_in_an_answer_is_a_directory_services_id(token, directory):
    response = post(widow(), token=token)

    for result in response.json()["results"]:
        assert Service.objects.filter(pk=uuid.UUID(result["service_id"])).exists()

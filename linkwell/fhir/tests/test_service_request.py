import json
from datetime import UTC
from typing import Any

import pytest
from django.test import Client

from linkwell.accounts.actions import create_organisation, create_team
from linkwell.accounts.models import OrganisationKind
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.clients.actions import create_api_client, revoke_api_client
from linkwell.people.models import Consent, Person
from linkwell.referrals.actions import change_status
from linkwell.referrals.models import Referral, ReferralChannel, ReferralSource, ReferralStatus, Urgency

pytestmark = pytest.mark.django_db

NHS_NUMBER = "9992345675"
OTHER_NHS_NUMBER = "9990000018"
FHIR = "application/fhir+json"


@pytest.fixture
def setting():
    scheme = create_organisation(name="Mid Essex Connect", slug="mid-essex", kind=OrganisationKind.SCHEME, by=None)
    practice = create_organisation(
        name="Riverside Surgery", slug="riverside", kind=OrganisationKind.GP_PRACTICE, ods_code="F81001", by=None
    )
    practice_team = create_team(
        scheme=scheme,
        name="Practice team",
        slug="practice-team",
        covered_organisations=[practice],
        postcode_districts=[],
        by=None,
    )
    postcode_team = create_team(
        scheme=scheme,
        name="Town team",
        slug="town-team",
        covered_organisations=[],
        postcode_districts=["CM2"],
        by=None,
    )
    council = create_organisation(name="Chelmsford Council", slug="council", kind=OrganisationKind.COUNCIL, by=None)
    api_client, token = create_api_client(organisation=council, label="Council case system", by=None)
    return {
        "practice": practice,
        "practice_team": practice_team,
        "postcode_team": postcode_team,
        "client": api_client,
        "token": token,
        "council": council,
    }


def _patient(nhs_number=NHS_NUMBER, ods="F81001", postcode="CM1 1AA"):
    return {
        "resourceType": "Patient",
        "id": "patient",
        "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": nhs_number}],
        "name": [{"given": ["Ada"], "family": "Testperson"}],
        "birthDate": "1950-03-04",
        "address": [{"line": ["1 Mill Lane"], "city": "Chelmsford", "postalCode": postcode}],
        "generalPractitioner": [
            {"identifier": {"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": ods}}
        ],
    }


CONSENT = {
    "resourceType": "Consent",
    "id": "consent",
    "status": "active",
    "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "treatment"}]},
    "category": [
        {"coding": [{"system": "https://linkwell.example/fhir/CodeSystem/consent-purpose", "code": "support"}]}
    ],
    "provision": {"type": "permit"},
}


def _service_request(patient=None, **changes):
    resource = {
        "resourceType": "ServiceRequest",
        "contained": [patient or _patient(), CONSENT],
        "status": "active",
        "intent": "order",
        "priority": "urgent",
        "subject": {"reference": "#patient"},
        "requester": {"display": "Dr Jane Example"},
        "reasonCode": [
            {"coding": [{"system": "https://linkwell.example/fhir/CodeSystem/need", "code": "loneliness"}]},
            {"coding": [{"system": "http://snomed.info/sct", "code": "73595000"}]},
        ],
        "note": [{"text": "Lives alone since <b>bereavement</b> & rarely goes out"}],
        "supportingInfo": [{"reference": "#consent"}],
        "authoredOn": "2026-11-20",
    }
    resource.update(changes)
    return resource


def _post(token, body, content_type=FHIR):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return Client().post(
        "/fhir/ServiceRequest", data=data, content_type=content_type, HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def _issues(response):
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    return {tuple(issue.get("expression", [""])): issue for issue in body["issue"]}


def test_a_service_request_with_a_contained_patient_creates_a_routed_referral(setting):
    response = _post(setting["token"], _service_request())
    assert response.status_code == 201
    assert response["Content-Type"] == FHIR
    referral = Referral.objects.get()
    assert response["Location"] == f"/fhir/ServiceRequest/{referral.pk}"
    assert referral.team == setting["practice_team"]
    assert referral.api_client == setting["client"]
    assert referral.channel == ReferralChannel.FHIR
    assert referral.source == ReferralSource.OTHER_AGENCY
    assert referral.urgency == Urgency.SOON
    assert referral.reasons == ["loneliness", "stress"]
    assert referral.referrer_name == "Dr Jane Example"
    assert referral.referrer_organisation == setting["council"]
    assert referral.person.nhs_number == NHS_NUMBER
    # Named by its ODS code alone, the practice is linked, so reports count the person under it.
    assert referral.person.gp_practice == setting["practice"]
    assert referral.person.gp_practice_ods_code == "F81001"
    assert Consent.objects.filter(person=referral.person, purpose="support", decision="given").exists()
    body = response.json()
    assert body["id"] == str(referral.pk)
    assert body["identifier"][0]["value"] == referral.reference
    assert body["status"] == "active"
    assert body["subject"]["identifier"]["value"] == NHS_NUMBER
    # Stored and returned as text: escaping is the reader's business, and nothing was interpreted.
    assert body["note"][0]["text"] == "Lives alone since <b>bereavement</b> & rarely goes out"


def test_a_bundle_creates_a_referral_routed_by_postcode_when_the_practice_is_unknown(setting):
    service_request = _service_request(subject={"reference": "urn:uuid:1"})
    service_request["contained"] = [CONSENT]
    service_request["requester"] = {"reference": "urn:uuid:2"}
    role = {
        "resourceType": "PractitionerRole",
        "practitioner": {"display": "Dr Sam Sample"},
        "code": [
            {
                "coding": [
                    {
                        "system": "https://linkwell.example/fhir/CodeSystem/referral-source",
                        "code": "gp",
                        "display": "GP",
                    }
                ]
            }
        ],
    }
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": "urn:uuid:1", "resource": _patient(ods="Y99999", postcode="CM2 9AB")},
            {"fullUrl": "urn:uuid:2", "resource": role},
            {"fullUrl": "urn:uuid:3", "resource": service_request},
        ],
    }
    response = _post(setting["token"], bundle)
    assert response.status_code == 201, response.content
    referral = Referral.objects.get()
    assert referral.team == setting["postcode_team"]
    assert referral.source == ReferralSource.GP
    assert referral.referrer_name == "Dr Sam Sample"
    assert referral.referrer_role == "GP"


def test_a_second_referral_with_the_same_nhs_number_attaches_to_the_same_person(setting):
    assert _post(setting["token"], _service_request()).status_code == 201
    assert _post(setting["token"], _service_request()).status_code == 201
    assert Person.objects.count() == 1
    assert Referral.objects.filter(person=Person.objects.get()).count() == 2


@pytest.mark.parametrize(
    ("authored_on", "expected"),
    [
        ("2026-11-20", "2026-11-20T00:00:00+00:00"),
        ("2026-11-20T09:15:00+01:00", "2026-11-20T08:15:00+00:00"),
    ],
)
def test_when_the_referrer_wrote_the_referral_is_kept_and_returned(setting, authored_on, expected):
    referral_id = _post(setting["token"], _service_request(authoredOn=authored_on)).json()["id"]
    referral = Referral.objects.get(pk=referral_id)
    assert referral.authored_at is not None
    assert referral.authored_at.astimezone(UTC).isoformat() == expected
    assert referral.authored_at < referral.received_at
    own = Client().get(f"/fhir/ServiceRequest/{referral_id}", HTTP_AUTHORIZATION=f"Bearer {setting['token']}")
    assert own.json()["authoredOn"] == referral.authored_at.isoformat()


def test_without_authored_on_the_time_received_stands_in(setting):
    body = _service_request()
    del body["authoredOn"]
    referral = Referral.objects.get(pk=_post(setting["token"], body).json()["id"])
    assert referral.authored_at is None
    own = Client().get(f"/fhir/ServiceRequest/{referral.pk}", HTTP_AUTHORIZATION=f"Bearer {setting['token']}")
    assert own.json()["authoredOn"] == referral.received_at.isoformat()


@pytest.mark.parametrize("authored_on", ["2099-01-01", "2026"])
def test_a_future_or_imprecise_authored_on_is_a_problem_and_nothing_is_saved(setting, authored_on):
    response = _post(setting["token"], _service_request(authoredOn=authored_on))
    assert response.status_code == 422
    assert ("ServiceRequest.authoredOn",) in _issues(response)
    assert Referral.objects.count() == 0


def test_every_problem_is_reported_at_once_and_nothing_is_saved(setting):
    patient = _patient(nhs_number="9992345670", ods="Y99999", postcode="NOT A POSTCODE")
    patient["name"] = [{"family": "Testperson"}]
    patient["birthDate"] = "2999-01-01"
    body = _service_request(
        patient=patient,
        reasonCode=[{"coding": [{"system": "http://snomed.info/sct", "code": "1234"}]}],
        supportingInfo=[],
        requester={"reference": "#nobody"},
    )
    counts = (Person.objects.count(), Referral.objects.count(), Consent.objects.count())
    response = _post(setting["token"], body)
    assert response.status_code == 422
    issues = _issues(response)
    for expression in [
        ("Patient.name.given",),
        ("Patient.identifier",),
        ("Patient.birthDate",),
        ("Patient.address.postalCode",),
        ("ServiceRequest.reasonCode",),
        ("ServiceRequest.supportingInfo",),
        ("ServiceRequest.requester",),
    ]:
        assert expression in issues, expression
    assert all(issue["severity"] == "error" and issue["diagnostics"] for issue in issues.values())
    assert (Person.objects.count(), Referral.objects.count(), Consent.objects.count()) == counts


def test_our_own_rules_alone_still_stop_the_referral(setting):
    body = _service_request(reasonCode=[{"coding": [{"system": "http://snomed.info/sct", "code": "1234"}]}])
    response = _post(setting["token"], body)
    assert response.status_code == 422
    assert ("ServiceRequest.reasonCode",) in _issues(response)
    assert Referral.objects.count() == 0
    assert Person.objects.count() == 0


def test_a_missing_nhs_number_is_a_problem(setting):
    patient = _patient()
    patient["identifier"] = []
    response = _post(setting["token"], _service_request(patient=patient))
    assert response.status_code == 422
    assert ("Patient.identifier",) in _issues(response)


@pytest.mark.parametrize(
    "body",
    ["{not json", "[]", {"resourceType": "Patient"}, {"resourceType": "ServiceRequest", "status": "active"}],
)
def test_malformed_json_or_a_wrong_resource_is_a_bad_request(setting, body):
    response = _post(setting["token"], body)
    assert response.status_code == 400
    assert response["Content-Type"] == FHIR
    assert response.json()["issue"][0]["code"] == "structure"
    assert Referral.objects.count() == 0


def test_an_oversized_body_is_refused(setting):
    body = _service_request(note=[{"text": "x" * 70_000}])
    response = _post(setting["token"], body)
    assert response.status_code == 413
    assert response.json()["issue"][0]["code"] == "too-long"


def test_overlong_text_within_the_body_limit_is_a_business_rule_problem(setting):
    response = _post(setting["token"], _service_request(note=[{"text": "x" * 6000}]))
    assert response.status_code == 422
    assert ("ServiceRequest.note",) in _issues(response)


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", "revoked"])
def test_requests_without_a_valid_token_are_unauthorised(setting, authorization):
    headers: dict[str, Any] = {}
    if authorization == "revoked":
        revoke_api_client(client=setting["client"], by=None)
        headers["HTTP_AUTHORIZATION"] = f"Bearer {setting['token']}"
    elif authorization:
        headers["HTTP_AUTHORIZATION"] = authorization
    client = Client()
    for response in [
        client.post("/fhir/ServiceRequest", data=json.dumps(_service_request()), content_type=FHIR, **headers),
        client.get("/fhir/Task?focus=ServiceRequest/1", **headers),
        client.get("/fhir/ServiceRequest/1", **headers),
    ]:
        assert response.status_code == 401
        assert response["Content-Type"] == FHIR
        assert response.json()["issue"][0]["code"] == "login"
    assert Referral.objects.count() == 0


def test_a_client_reads_its_own_service_request_but_not_another_clients(setting):
    referral_id = _post(setting["token"], _service_request()).json()["id"]
    own = Client().get(f"/fhir/ServiceRequest/{referral_id}", HTTP_AUTHORIZATION=f"Bearer {setting['token']}")
    assert own.status_code == 200
    assert own.json()["id"] == referral_id
    _, other_token = create_api_client(organisation=setting["council"], label="Another system", by=None)
    for path in [
        f"/fhir/ServiceRequest/{referral_id}",
        "/fhir/ServiceRequest/not-a-uuid",
        "/fhir/ServiceRequest/00000000-0000-0000-0000-000000000000",
    ]:
        response = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {other_token}")
        assert response.status_code == 404
        assert response.json()["issue"][0]["code"] == "not-found"
    tasks = Client().get(f"/fhir/Task?focus=ServiceRequest/{referral_id}", HTTP_AUTHORIZATION=f"Bearer {other_token}")
    assert tasks.json()["total"] == 0


def _task_status(token, referral_id):
    response = Client().get(f"/fhir/Task?focus=ServiceRequest/{referral_id}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response["Content-Type"] == FHIR
    bundle = response.json()
    assert bundle["type"] == "searchset"
    assert bundle["total"] == 1
    return bundle["entry"][0]["resource"]


def test_the_task_follows_the_referral_to_acceptance(setting):
    token = setting["token"]
    referral_id = _post(token, _service_request()).json()["id"]
    referral = Referral.objects.get(pk=referral_id)
    lead = user_with_role(Role.TEAM_LEAD, team=setting["practice_team"])
    worker = user_with_role(Role.LINK_WORKER, team=setting["practice_team"])
    task = _task_status(token, referral_id)
    assert task["status"] == "requested"
    assert task["focus"]["reference"] == f"ServiceRequest/{referral_id}"
    for to_status, expected in [
        (ReferralStatus.TRIAGED, "requested"),
        (ReferralStatus.ALLOCATED, "accepted"),
        (ReferralStatus.IN_CONTACT, "accepted"),
        (ReferralStatus.ACCEPTED, "in-progress"),
    ]:
        change_status(
            referral=referral,
            to_status=to_status,
            by=lead,
            allocate_to=worker if to_status == ReferralStatus.ALLOCATED else None,
        )
        assert _task_status(token, referral_id)["status"] == expected
    accepted = Client().get(f"/fhir/ServiceRequest/{referral_id}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert accepted["code"]["coding"][0]["code"] == "871731000000106"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ([ReferralStatus.NOT_APPROPRIATE], "rejected"),
        ([ReferralStatus.WITHDRAWN], "cancelled"),
        ([ReferralStatus.ALLOCATED, ReferralStatus.UNABLE_TO_CONTACT], "failed"),
        ([ReferralStatus.ALLOCATED, ReferralStatus.IN_CONTACT, ReferralStatus.DECLINED_BY_PERSON], "rejected"),
    ],
)
def test_the_task_reports_an_unsuccessful_end_with_its_reason(setting, path, expected):
    token = setting["token"]
    referral_id = _post(token, _service_request()).json()["id"]
    referral = Referral.objects.get(pk=referral_id)
    lead = user_with_role(Role.TEAM_LEAD, team=setting["practice_team"])
    worker = user_with_role(Role.LINK_WORKER, team=setting["practice_team"])
    for to_status in path:
        change_status(
            referral=referral,
            to_status=to_status,
            by=lead,
            reason="No longer needed",
            allocate_to=worker if to_status == ReferralStatus.ALLOCATED else None,
        )
    task = _task_status(token, referral_id)
    assert task["status"] == expected
    assert task["statusReason"]["text"] == "No longer needed"


def test_metadata_is_public_and_describes_the_consent_rule():
    response = Client().get("/fhir/metadata")
    assert response.status_code == 200
    assert response["Content-Type"] == FHIR
    body = response.json()
    assert body["resourceType"] == "CapabilityStatement"
    documentation = body["rest"][0]["resource"][0]["documentation"]
    assert "consent-purpose|support" in documentation


def test_the_patients_current_phone_and_email_are_kept_a_mobile_first(setting):
    patient = _patient()
    patient["telecom"] = [
        {"system": "phone", "value": "01245 000999", "use": "home"},
        {"system": "email", "value": "old@example.org", "use": "old"},
        {"system": "phone", "value": "07700 900001", "use": "mobile"},
        {"system": "email", "value": "ada@example.org", "use": "home"},
        {"system": "phone", "value": "07700 900002", "use": "old"},
    ]
    assert _post(setting["token"], _service_request(patient)).status_code == 201
    person = Referral.objects.get().person
    assert (person.phone, person.email) == ("07700 900001", "ada@example.org")


def test_a_malformed_patient_email_is_named_and_nothing_is_saved(setting):
    patient = _patient()
    patient["telecom"] = [{"system": "email", "value": "not an address"}]
    response = _post(setting["token"], _service_request(patient))
    assert response.status_code == 422
    assert ("Patient.telecom",) in _issues(response)
    assert not Referral.objects.exists()


def test_a_patient_who_agreed_to_texts_is_told_their_referral_arrived(
    setting, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_SMS_BACKEND = "file"
    settings.NOTIFICATIONS_FILE_DIR = tmp_path
    patient = _patient()
    patient["telecom"] = [{"system": "phone", "value": "07700 900001", "use": "mobile"}]
    texts_agreed = {
        **CONSENT,
        "id": "texts",
        "category": [
            {
                "coding": [
                    {"system": "https://linkwell.example/fhir/CodeSystem/consent-purpose", "code": "contact_digital"}
                ]
            }
        ],
    }
    resource = _service_request(patient, supportingInfo=[{"reference": "#consent"}, {"reference": "#texts"}])
    resource["contained"].append(texts_agreed)
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(setting["token"], resource).status_code == 201
    [text] = [json.loads(line) for line in (tmp_path / "sms.jsonl").read_text().splitlines()]
    assert text["to"] == "07700 900001"
    assert Referral.objects.get().reference in text["body"]

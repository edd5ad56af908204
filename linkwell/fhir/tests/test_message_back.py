import json

import pytest
from django.test import Client
from fhir.resources.R4B.bundle import Bundle

from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory
from linkwell.casework.discharge import discharge_case
from linkwell.casework.models import DischargeReason
from linkwell.casework.tests.test_discharge import a_full_case
from linkwell.clients.actions import create_api_client
from linkwell.fhir.resources import task
from linkwell.referrals.models import ReferralStatus
from linkwell.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sender():
    return create_api_client(organisation=OrganisationFactory.create(), label="Practice system", by=None)


def _get(path, token):
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_message_back_is_a_valid_document_bundle_once_the_person_is_discharged(sender):
    api_client, token = sender
    case = a_full_case()
    case.referral.api_client = api_client
    case.referral.save(update_fields=["api_client"])
    path = f"/fhir/ServiceRequest/{case.referral_id}/$message-back"

    assert _get(path, token).status_code == 404
    discharge_case(case=case, reason=DischargeReason.GOALS_MET, summary="Walking <weekly>.", by=case.link_worker)
    response = _get(path, token)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    document = json.loads(response.content)
    Bundle.model_validate(document)  # structurally valid FHIR
    composition, patient, service_request, closed_task = (entry["resource"] for entry in document["entry"])
    assert document["type"] == "document"
    assert composition["resourceType"] == "Composition"
    assert composition["section"][0]["code"]["coding"][0]["code"] == "871731000000106"
    titles = [section["title"] for section in composition["section"]]
    assert titles == ["Referral outcome", "What matters to me", "Goals", "Support offered", "How support ended"]
    assert "Walking &lt;weekly&gt;." in composition["section"][-1]["text"]["div"]
    assert patient["resourceType"] == "Patient"
    assert service_request["resourceType"] == "ServiceRequest"
    assert closed_task["status"] == "completed"


def test_a_declined_referral_carries_the_declined_code(sender):
    api_client, token = sender
    referral = ReferralFactory.create(status=ReferralStatus.DECLINED_BY_PERSON, api_client=api_client)

    document = json.loads(_get(f"/fhir/ServiceRequest/{referral.pk}/$message-back", token).content)

    Bundle.model_validate(document)
    composition = document["entry"][0]["resource"]
    assert composition["section"][0]["code"]["coding"][0]["code"] == "871711000000103"
    assert [section["title"] for section in composition["section"]] == ["Referral outcome"]


def test_only_the_sending_client_reads_the_message_back(sender):
    api_client, _ = sender
    _, other_token = create_api_client(organisation=OrganisationFactory.create(), label="Someone else", by=None)
    referral = ReferralFactory.create(status=ReferralStatus.DECLINED_BY_PERSON, api_client=api_client)

    assert _get(f"/fhir/ServiceRequest/{referral.pk}/$message-back", other_token).status_code == 404
    assert Client().get(f"/fhir/ServiceRequest/{referral.pk}/$message-back").status_code == 401


def test_the_task_is_in_progress_while_supported_and_completed_after_discharge():
    case = a_full_case()
    assert task(case.referral)["status"] == "in-progress"

    discharge_case(case=case, reason=DischargeReason.MOVED_AWAY, summary="Moved", by=case.link_worker)

    assert task(case.referral)["status"] == "completed"


def test_a_referral_still_waiting_has_a_requested_task():
    assert task(ReferralFactory.create(team=TeamFactory.create()))["status"] == "requested"

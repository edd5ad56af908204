from io import StringIO

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from linkwell.accounts.models import OrganisationKind
from linkwell.accounts.tests.factories import OrganisationFactory
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.clients import auth
from linkwell.clients.actions import ApiClientProblem, create_api_client, revoke_api_client
from linkwell.clients.auth import authenticate_bearer
from linkwell.clients.models import ApiClient
from linkwell.clients.tokens import generate_token, hash_token, verify_token

pytestmark = pytest.mark.django_db


def _request(authorization: str | None):
    headers = {} if authorization is None else {"Authorization": authorization}
    return RequestFactory().get("/fhir/Task", headers=headers)


def test_a_token_verifies_against_its_hash_and_no_other():
    token = generate_token()
    assert len(token) >= 43
    assert verify_token(token, hash_token(token))
    assert not verify_token(token + "x", hash_token(token))


def test_creating_a_client_stores_only_the_hash_and_is_audited():
    organisation = OrganisationFactory.create(kind=OrganisationKind.COUNCIL)
    client, token = create_api_client(organisation=organisation, label="Council case system", by=None)
    assert client.token_hash == hash_token(token)
    assert client.token_prefix == token[:8]
    assert token not in str(ApiClient.objects.values().get(pk=client.pk))
    assert AuditEvent.objects.filter(action=AuditAction.API_CLIENT_CREATED, object_id=str(client.pk)).exists()


def test_a_bearer_token_authenticates_its_client_and_records_its_use():
    client, token = create_api_client(organisation=OrganisationFactory.create(), label="GP system", by=None)
    assert authenticate_bearer(_request(f"Bearer {token}")) == client
    client.refresh_from_db()
    assert client.last_used_at is not None


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer wrong-token", "Basic abc"])
def test_a_missing_or_wrong_token_authenticates_nobody(header):
    create_api_client(organisation=OrganisationFactory.create(), label="GP system", by=None)
    assert authenticate_bearer(_request(header)) is None


def test_a_revoked_client_is_refused_and_revoking_twice_is_an_error():
    client, token = create_api_client(organisation=OrganisationFactory.create(), label="GP system", by=None)
    revoke_api_client(client=client, by=None)
    assert authenticate_bearer(_request(f"Bearer {token}")) is None
    assert AuditEvent.objects.filter(action=AuditAction.API_CLIENT_REVOKED, object_id=str(client.pk)).exists()
    with pytest.raises(ApiClientProblem):
        revoke_api_client(client=client, by=None)


def test_the_create_command_prints_a_token_that_then_authenticates():
    organisation = OrganisationFactory.create(slug="mid-essex-council")
    out = StringIO()
    call_command("create_api_client", organisation="mid-essex-council", name="Case system", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert "shown only once" in out.getvalue()
    client = authenticate_bearer(_request(f"Bearer {lines[-1]}"))
    assert client is not None
    assert client.organisation == organisation


def test_the_revoke_command_revokes_by_id():
    client, token = create_api_client(organisation=OrganisationFactory.create(), label="GP system", by=None)
    call_command("revoke_api_client", str(client.pk), stdout=StringIO())
    assert authenticate_bearer(_request(f"Bearer {token}")) is None


def test_a_client_is_read_once_then_remembered_for_a_moment(django_assert_num_queries):
    client, token = create_api_client(organisation=OrganisationFactory.create(), label="GP system", by=None)
    assert authenticate_bearer(_request(f"Bearer {token}")) == client
    with django_assert_num_queries(0):
        remembered = authenticate_bearer(_request(f"Bearer {token}"))
    assert remembered == client
    assert remembered is not None
    assert remembered.organisation == client.organisation


def test_revoking_refuses_a_remembered_token_at_once():
    client, token = create_api_client(organisation=OrganisationFactory.create(), label="GP system", by=None)
    assert authenticate_bearer(_request(f"Bearer {token}")) == client
    revoke_api_client(client=client, by=None)
    assert authenticate_bearer(_request(f"Bearer {token}")) is None


def test_a_revocation_by_another_process_takes_effect_within_the_moment(monkeypatch):
    client, token = create_api_client(organisation=OrganisationFactory.create(), label="GP system", by=None)
    clock = [1000.0]
    monkeypatch.setattr(auth, "monotonic", lambda: clock[0])
    assert authenticate_bearer(_request(f"Bearer {token}")) == client
    # Another process revokes: this one does not hear of it, so it reads the row again once the moment is up.
    ApiClient.objects.filter(pk=client.pk).update(revoked_at=timezone.now())
    clock[0] += auth.REMEMBER_CLIENT_SECONDS / 2
    assert authenticate_bearer(_request(f"Bearer {token}")) == client
    clock[0] += auth.REMEMBER_CLIENT_SECONDS
    assert authenticate_bearer(_request(f"Bearer {token}")) is None
    assert authenticate_bearer(_request(f"Bearer {token}")) is None

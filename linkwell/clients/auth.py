"""Who is calling: the API client named by an `Authorization: Bearer …` header."""

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from linkwell.accounts.models import Organisation
from linkwell.clients.models import ApiClient
from linkwell.clients.tokens import hash_token, verify_token
from linkwell.lib import rows

# last_used_at is for spotting idle clients, so minute precision is plenty and spares a write per request.
_LAST_USED_GRANULARITY = timedelta(minutes=1)


def authenticate_bearer(request: HttpRequest) -> ApiClient | None:
    """The live client whose token the request carries, or None for a missing, unknown or revoked token."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    client = _client_with_hash(hash_token(token))
    if client is None or client.is_revoked or not verify_token(token, client.token_hash):
        return None
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > _LAST_USED_GRANULARITY:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client


def _client_with_hash(token_hash: str) -> ApiClient | None:
    """The client and its organisation in one read, without the ORM's query building: every FHIR and API
    request starts here (docs/adr/0011-intake-throughput.md)."""
    found = rows.fetch(
        ApiClient,
        f"FROM {rows.table(ApiClient)} c JOIN {rows.table(Organisation)} o ON o.id = c.organisation_id"
        " WHERE c.token_hash = %s",
        [token_hash],
        alias="c",
        related=[("organisation", Organisation, "o")],
    )
    return found[0] if found else None

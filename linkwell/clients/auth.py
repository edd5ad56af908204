"""Who is calling: the API client named by an `Authorization: Bearer …` header."""

from datetime import timedelta
from time import monotonic

from django.http import HttpRequest
from django.utils import timezone

from linkwell.accounts.models import Organisation
from linkwell.clients.models import ApiClient
from linkwell.clients.tokens import hash_token, verify_token
from linkwell.lib import rows

# last_used_at is for spotting idle clients, so minute precision is plenty and spares a write per request.
_LAST_USED_GRANULARITY = timedelta(minutes=1)

# Who holds a token, remembered by each process for a second: a busy client sends many requests a second, and
# reading its row was a round trip and a twentieth of each referral's CPU (docs/adr/0012-intake-round-trips.md).
# Revoking forgets at once in the process that revoked; every other process reads the row again within
# REMEMBER_CLIENT_SECONDS. Only live clients are kept, and there are few of those.
REMEMBER_CLIENT_SECONDS = 1.0
_MAX_REMEMBERED = 256
_remembered: dict[str, tuple[float, ApiClient]] = {}


def authenticate_bearer(request: HttpRequest) -> ApiClient | None:
    """The live client whose token the request carries, or None for a missing, unknown or revoked token."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    client = _live_client_with_hash(hash_token(token))
    if client is None or not verify_token(token, client.token_hash):
        return None
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > _LAST_USED_GRANULARITY:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client


def forget_clients() -> None:
    """Read every client afresh on its next request (after a revocation, say)."""
    _remembered.clear()


def _live_client_with_hash(token_hash: str) -> ApiClient | None:
    now = monotonic()
    kept = _remembered.get(token_hash)
    if kept is not None and now - kept[0] < REMEMBER_CLIENT_SECONDS:
        return kept[1]
    client = _client_with_hash(token_hash)
    if client is None or client.is_revoked:
        _remembered.pop(token_hash, None)
        return None
    if len(_remembered) >= _MAX_REMEMBERED:
        _remembered.clear()
    _remembered[token_hash] = (now, client)
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

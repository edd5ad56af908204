"""Creating and revoking API clients, audited in the same transaction."""

from django.db import transaction
from django.utils import timezone

from linkwell.accounts.models import Organisation, User
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.clients.auth import forget_clients
from linkwell.clients.models import ApiClient
from linkwell.clients.tokens import generate_token, hash_token, token_prefix


class ApiClientProblem(ValueError):
    """str() is a message for the administrator."""


@transaction.atomic
def create_api_client(*, organisation: Organisation, label: str, by: User | None) -> tuple[ApiClient, str]:
    """The new client and its token. The token is returned this once and never stored."""
    label = label.strip()
    if not label:
        raise ApiClientProblem("Give the API client a name")
    if len(label) > ApiClient._meta.get_field("label").max_length:  # type: ignore[operator]
        raise ApiClientProblem("Keep the API client's name to 200 characters or fewer")
    token = generate_token()
    client = ApiClient.objects.create(
        organisation=organisation, label=label, token_hash=hash_token(token), token_prefix=token_prefix(token)
    )
    record(
        by=by,
        action=AuditAction.API_CLIENT_CREATED,
        obj=client,
        detail={"label": label, "organisation": organisation.slug, "token_prefix": client.token_prefix},
    )
    return client, token


@transaction.atomic
def revoke_api_client(*, client: ApiClient, by: User | None) -> None:
    if client.is_revoked:
        raise ApiClientProblem(f"{client} was already revoked")
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at"])
    # This process stops accepting the token at once; the others within auth.REMEMBER_CLIENT_SECONDS.
    forget_clients()
    record(by=by, action=AuditAction.API_CLIENT_REVOKED, obj=client, detail={"label": client.label})

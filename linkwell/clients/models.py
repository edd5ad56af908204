"""Machine clients (GP systems, other agencies' case-management software) that call the FHIR API."""

import uuid

from django.db import models
from django.utils import timezone

from linkwell.accounts.models import Organisation


class ApiClient(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Referrals the client sends come from this organisation.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="api_clients")
    label = models.CharField(max_length=200)
    # Only the SHA-256 of the token is kept, so a copy of the database gives nobody a working token.
    token_hash = models.CharField(max_length=64, unique=True)
    # Lets an administrator tell which token a client holds without seeing it.
    token_prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return f"{self.label} ({self.token_prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

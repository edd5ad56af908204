"""Writing the audit log. Actions call record() inside their transaction; views call record_read()."""

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.http import HttpRequest

from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.lib.http import client_ip

if TYPE_CHECKING:
    from linkwell.accounts.models import User


SYSTEM_ACTOR = "system"
ANONYMOUS_ACTOR = "anonymous"


def _object_type(obj: models.Model) -> str:
    return obj._meta.label_lower


@transaction.atomic
def record(
    *,
    by: "User | AnonymousUser | None",
    action: AuditAction,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    person_id: str | int = "",
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Joins the caller's transaction, so the event commits or rolls back with the change.

    `by=None` means the system itself (a management command or background task).
    """
    if obj is not None:
        object_type = object_type or _object_type(obj)
        object_id = object_id or obj.pk
    if by is None:
        actor_id, actor_label = None, SYSTEM_ACTOR
    elif not by.is_authenticated:
        actor_id, actor_label = None, ANONYMOUS_ACTOR
    else:
        actor_id, actor_label = by.pk, by.email
    return AuditEvent.objects.create(
        actor_id=actor_id,
        actor_label=actor_label,
        action=AuditAction(action).value,
        object_type=object_type,
        object_id=str(object_id),
        person_id=str(person_id),
        ip=client_ip(request) if request is not None else None,
        detail=detail or {},
    )


def record_read(
    request: HttpRequest,
    *,
    action: AuditAction,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    person_id: str | int = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that the signed-in user viewed person-identifiable or otherwise sensitive information."""
    return record(
        by=request.user,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        person_id=person_id,
        request=request,
        detail={"path": request.path, **(detail or {})},
    )

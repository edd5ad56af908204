"""Writing the audit log. Actions call record() inside their transaction; views call record_read()."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.db.transaction import TransactionManagementError
from django.http import HttpRequest

from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.lib import rows
from linkwell.lib.http import client_ip

if TYPE_CHECKING:
    from linkwell.accounts.models import User


SYSTEM_ACTOR = "system"
ANONYMOUS_ACTOR = "anonymous"


def _object_type(obj: models.Model) -> str:
    return obj._meta.label_lower


# The events of the batched() block under way in this thread or task, if any.
_batch: ContextVar[list[AuditEvent] | None] = ContextVar("audit_batch", default=None)


@contextmanager
def batched() -> Iterator[None]:
    """Events recorded inside the block are written together, in one INSERT, when it ends without an error;
    for an action that records several events in one transaction (receiving a referral records three).

    Only for a block inside a transaction whose steps take no savepoint they recover from: an event recorded
    before an error that the block itself caught and carried on from would still be written."""
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError("batched() audit events must be written inside a transaction")
    if _batch.get() is not None:
        # Already batching: the outer block writes these too.
        yield
        return
    events: list[AuditEvent] = []
    token = _batch.set(events)
    try:
        yield
    finally:
        _batch.reset(token)
    rows.insert(events)


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
    """Append one event. Joins the caller's transaction, so the event commits or rolls back with the change
    (no savepoint of its own: a failure to write it fails the whole change). Inside batched() the event is
    written at the end of the block.

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
    event = AuditEvent(
        actor_id=actor_id,
        actor_label=actor_label,
        action=AuditAction(action).value,
        object_type=object_type,
        object_id=str(object_id),
        person_id=str(person_id),
        ip=client_ip(request) if request is not None else None,
        detail=detail or {},
    )
    batch = _batch.get()
    if batch is not None:
        batch.append(event)
        return event
    with transaction.atomic(savepoint=False):
        rows.insert([event])
    return event


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

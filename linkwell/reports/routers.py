"""Reports may read from a PostgreSQL read replica (DATABASE_REPLICA_URL), so heavy aggregate queries do
not compete with casework on the primary. Writes, migrations and everything else stay on "default".

Two kinds of read go to the replica when one is configured: the reports app's own models (the report facts)
wherever they are read, and any model read inside `report_reads()`, which report pages wrap around their
figures so that the onward-referral and outcome queries they also make go to the same copy of the data."""

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import models

REPLICA = "replica"
DEFAULT = "default"
REPORTS_APP = "reports"

_reading_reports = contextvars.ContextVar("reading_reports", default=False)


@contextmanager
def report_reads() -> Iterator[None]:
    """Send every read inside this block to the replica, when there is one."""
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReportReplicaRouter:
    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        if not replica_configured():
            return None
        if model._meta.app_label == REPORTS_APP or _reading_reports.get():
            return REPLICA
        return None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str:
        return DEFAULT

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool | None:
        # The replica is a copy of the primary: an object read from one may refer to one read from the other.
        databases = {obj1._state.db, obj2._state.db}
        return True if databases <= {DEFAULT, REPLICA} else None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        # The replica receives the schema from the primary by replication, never by migrating it itself.
        return db != REPLICA

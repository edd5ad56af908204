"""Writes the report pages make: only audit events. Figures leave Linkwell in exported files, so who took
which table, with which filters, is on the record."""

from django.db import transaction

from linkwell.accounts.models import User
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record


@transaction.atomic
def record_export(
    *, by: User, report: str, table_key: str, file_format: str, description: list[tuple[str, str]]
) -> None:
    record(
        by=by,
        action=AuditAction.REPORT_EXPORTED,
        object_type="report",
        object_id=report,
        detail={"table": table_key, "format": file_format, "filters": dict(description)},
    )

"""No lost edits: records several people may edit at once carry a version number. A form sends back the
version it was drawn from; the save succeeds only if the record still has that version, and bumps it.
Otherwise StaleEdit is raised and the caller shows the newer record beside the user's unsaved text."""

from typing import Any

from django.db import models
from django.db.models import F


class StaleEdit(Exception):
    """Someone else saved this record after the user opened it. str() is a message to show the user."""

    def __init__(self, what: str = "this record") -> None:
        super().__init__(
            f"Someone else changed {what} while you were editing it. Your changes have not been saved: "
            "they are still in the form below. Check the latest version, then save again."
        )


def save_if_current(instance: models.Model, *, expected_version: int, fields: dict[str, Any], what: str) -> None:
    """Write `fields` to the row only if its version is still `expected_version`; bump the version. The
    instance is updated to match. One UPDATE, so two saves racing cannot both win."""
    model = type(instance)
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        **fields, version=F("version") + 1
    )
    if updated != 1:
        raise StaleEdit(what)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.version = expected_version + 1  # type: ignore[attr-defined]

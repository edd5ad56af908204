"""Bulk writing for the synthetic data generator: PostgreSQL `COPY`, SQLite `executemany`.

Rows arrive as tuples of text (or None for NULL) in the order of the columns the generator names; every
other column of the table gets its model default, worked out once. That keeps the generator working when
someone adds a nullable or defaulted field to one of the tables, and fails loudly (at start-up, not after an
hour) when a new required field has no default.

The text forms are ones both databases read the same way: UUIDs as 32 hex digits, datetimes as
"YYYY-MM-DD HH:MM:SS" in UTC (Django sets the PostgreSQL session to UTC), booleans as 1/0, JSON as text.
"""

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models

Row = tuple[str | None, ...]


class MissingColumnValue(Exception):
    """A generated row does not fit its table (a column without a default left out, or a column the table
    lacks): a bug in the generator, not in the data."""


def _constant_default(field: models.Field[Any, Any]) -> str | None:
    if field.null:
        return None
    if isinstance(field, models.JSONField):
        return json.dumps(field.get_default())
    # Django's own default when none is given: "" for text fields, None (no default) for the rest.
    value = None if field.has_default() and callable(field.default) else field.get_default()
    if value is None:
        raise MissingColumnValue(
            f"{field.model.__name__}.{field.name} has no constant default; the synthetic generator must supply it."
        )
    value = field.get_db_prep_save(value, connection)
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


class TableWriter:
    """Writes rows of one model: `columns` (attnames) from the generator, the rest defaulted."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        fields = {field.attname: field for field in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise MissingColumnValue(f"{model.__name__} has no column {', '.join(sorted(unknown))}.")
        auto_pk = isinstance(model._meta.pk, models.AutoField) and model._meta.pk.attname not in columns
        self.model = model
        self.table = model._meta.db_table
        self.given = list(columns)
        self.defaulted = [
            (attname, _constant_default(field))
            for attname, field in fields.items()
            if attname not in columns and not (auto_pk and field is model._meta.pk)
        ]
        self.column_names = [fields[name].column for name in self.given] + [
            fields[name].column for name, _ in self.defaulted
        ]
        self.default_values: Row = tuple(value for _, value in self.defaulted)

    def write(self, rows: list[Row]) -> None:
        if not rows:
            return
        if connection.vendor == "postgresql":
            self._copy(rows)
        else:
            self._executemany(rows)

    def _copy(self, rows: list[Row]) -> None:
        quoted = ", ".join(connection.ops.quote_name(name) for name in self.column_names)
        tail = self.default_values
        # Our values never hold tabs, newlines or backslashes, so the text format needs no escaping.
        lines = "".join("\t".join("\\N" if value is None else value for value in (*row, *tail)) + "\n" for row in rows)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {connection.ops.quote_name(self.table)} ({quoted}) FROM STDIN") as copy:
                copy.write(lines)

    def _executemany(self, rows: list[Row]) -> None:
        quoted = ", ".join(connection.ops.quote_name(name) for name in self.column_names)
        placeholders = ", ".join("?" for _ in self.column_names)
        tail = self.default_values
        # Table and column names come from model metadata; every value is a parameter.
        sql = f"INSERT INTO {connection.ops.quote_name(self.table)} ({quoted}) VALUES ({placeholders})"  # noqa: S608
        connection.ensure_connection()
        raw_cursor = connection.connection.cursor()
        try:
            raw_cursor.executemany(sql, [(*row, *tail) for row in rows] if tail else rows)
        finally:
            raw_cursor.close()

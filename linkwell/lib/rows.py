"""Model rows written and read with SQL made once per shape, for the few hot paths where building the ORM's
query on every call is most of the cost (FHIR referral intake: docs/adr/0011-intake-throughput.md).

On PostgreSQL the statements go through a cursor that binds values on the server, so psycopg can keep
them prepared on the connection (after a few runs: `prepare_threshold` in settings): PostgreSQL then skips
parsing and planning them. The rest of Django keeps its client-side binding.

Values still pass through each field's own conversions (`pre_save` and `get_db_prep_save` on the way in,
the backend's and the field's converters on the way out), so a row is exactly what the ORM would write and
read. Nothing here sends signals or calls `save()`: Linkwell keeps no logic in either.
"""

# The SQL is built from table and column names in model metadata; every value is a parameter.
# ruff: noqa: S608

import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, TypeVar, cast

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import NOT_PROVIDED, AutoField, Field, Model
from django.db.models.expressions import Col

M = TypeVar("M", bound=Model)
Converter = Callable[[Any, Any, Any], Any]


def quoted(name: str) -> str:
    # SQLite and PostgreSQL, the two databases Linkwell runs on, both quote identifiers this way.
    return f'"{name}"'


def table(model: type[Model]) -> str:
    return quoted(model._meta.db_table)


@cache
def _fields(model: type[Model]) -> tuple[Field[Any, Any], ...]:
    fields = tuple(model._meta.concrete_fields)
    for field in fields:
        if field.generated or field.db_default is not NOT_PROVIDED:
            # Not needed so far; the ORM's own insert knows to leave these to the database.
            raise TypeError(f"{model.__name__}.{field.name}: generated and db_default fields are not supported here")
    return fields


@cache
def _insert_plan(model: type[Model], rows: int, on_conflict: str) -> tuple[str, tuple[Field[Any, Any], ...], bool]:
    """The INSERT for `rows` rows, the fields it writes in order, and whether it returns a generated key."""
    auto_pk = isinstance(model._meta.pk, AutoField)
    # An auto-increment key is the database's to choose.
    fields = tuple(field for field in _fields(model) if not (auto_pk and field is model._meta.pk))
    one_row = f"({', '.join(['%s'] * len(fields))})"
    sql = (
        f"INSERT INTO {table(model)} ({', '.join(quoted(field.column) for field in fields)})"
        f" VALUES {', '.join([one_row] * rows)}"
    )
    if on_conflict:
        sql += f" ON CONFLICT {on_conflict} DO NOTHING"
    if auto_pk:
        sql += f" RETURNING {quoted(model._meta.pk.column)}"
    return sql, fields, auto_pk


def insert(instances: Sequence[M], *, on_conflict: str = "", using: str = DEFAULT_DB_ALIAS) -> int:
    """Write new instances of one model in one INSERT; return how many rows were written. An auto-increment
    primary key comes back onto each instance.

    `on_conflict` (one instance only) is a conflict target such as "(reference)": an instance that would
    break that unique constraint is not written (ON CONFLICT … DO NOTHING) and 0 is returned, so the caller
    learns of the clash without a savepoint. Any other constraint still raises IntegrityError."""
    if not instances:
        return 0
    model = type(instances[0])
    if any(type(instance) is not model for instance in instances):
        raise TypeError("insert() writes instances of one model at a time")
    if on_conflict and len(instances) != 1:
        raise ValueError("insert() with on_conflict writes one instance, so the count says which was skipped")
    connection = connections[using]
    sql, fields, returns_key = _insert_plan(model, len(instances), on_conflict)
    params = [
        field.get_db_prep_save(field.pre_save(instance, True), connection) for instance in instances for field in fields
    ]
    with statements(using) as cursor:
        cursor.execute(sql, params)
        if returns_key:
            keys = cursor.fetchall()
            for instance, (key,) in zip(instances, keys, strict=False):
                instance.pk = key
            written = len(keys)
        else:
            written = cursor.rowcount if on_conflict else len(instances)
    for instance in instances[:written]:
        instance._state.adding = False
        instance._state.db = using
    return written


@contextmanager
def statements(using: str = DEFAULT_DB_ALIAS) -> Iterator[CursorWrapper]:
    """A cursor for statements run many times over, on the connection (and so in the transaction) the ORM
    uses: on PostgreSQL it binds values on the server, which lets psycopg prepare the statements."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    # Not closed after use: the cursor is kept for the connection's next statements.
    yield _server_binding_cursor(connection)


# One server-binding cursor per driver connection, made once: making a psycopg cursor (its adapters, its
# state) for each statement cost more than sending it. A connection belongs to one thread at a time.
_server_cursors: "weakref.WeakKeyDictionary[psycopg.Connection[Any], psycopg.Cursor[Any]]" = weakref.WeakKeyDictionary()


def _server_binding_cursor(connection: BaseDatabaseWrapper) -> CursorWrapper:
    # What connection.cursor() does, with psycopg's server-binding cursor in place of the client-binding one
    # Django's connections make; wrapped the same way, so errors map to Django's and queries are counted and
    # logged as usual.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    driver_connection = connection.connection
    cursor = _server_cursors.get(driver_connection)
    if cursor is None or cursor.closed:
        with connection.wrap_database_errors:
            cursor = _server_cursors[driver_connection] = psycopg.Cursor(driver_connection)
    if connection.queries_logged:
        return _LoggedStatements(cursor, connection)
    # The stubs name the wrapper's own type as the argument; Django passes the driver's cursor, as here.
    return connection.make_cursor(cast(Any, cursor))


class _LoggedStatements(CursorDebugWrapper):
    """Counts and logs each statement with its values in place, as Django logs its own queries. Django's
    wrapper reads the statement back from psycopg, which keeps no text for a prepared one."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return super(CursorDebugWrapper, self).execute(sql, params)


def columns(model: type[Model], alias: str) -> str:
    """The model's columns qualified by `alias`, in the order fetch() reads them."""
    return ", ".join(f"{alias}.{quoted(field.column)}" for field in _fields(model))


@cache
def _converters(model: type[Model], vendor: str) -> tuple[tuple[tuple[Converter, Col], ...], ...]:
    """Per column, the converters the ORM would apply to it. The backends' converters keep no state, so
    they are looked up once per database kind, not per connection."""
    connection = next(c for c in connections.all() if c.vendor == vendor)
    found = []
    for field in _fields(model):
        column = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        found.append(tuple((converter, column) for converter in converters))
    return tuple(found)


def fetch(
    model: type[M],
    query: str,
    params: Sequence[Any],
    *,
    alias: str,
    related: Sequence[tuple[str, type[Model], str]] = (),
    using: str = DEFAULT_DB_ALIAS,
) -> list[M]:
    """Instances of `model` read by `SELECT <its columns, then each related model's> <query>`, where
    `query` is the rest of the statement (FROM … WHERE … ORDER BY …) and names the model's table `alias`.

    `related` lists (foreign key name, its model, the alias of its table in `query`): each is attached to
    its instance as select_related would, or None when an outer join found no row."""
    shapes: list[tuple[type[Model], str]] = [(model, alias), *((other, alias) for _, other, alias in related)]
    select = ", ".join(columns(shape, shape_alias) for shape, shape_alias in shapes)
    with statements(using) as cursor:
        cursor.execute(f"SELECT {select} {query}", list(params))
        rows = cursor.fetchall()
    found: list[M] = []
    for row in rows:
        made = []
        start = 0
        for shape, _ in shapes:
            end = start + width(shape)
            made.append(instance_of(shape, row[start:end], using=using))
            start = end
        instance = made[0]
        if not isinstance(instance, model):
            raise ValueError(f"fetch() read a row of {model.__name__} with every column NULL")
        for (name, _, _), other in zip(related, made[1:], strict=True):
            setattr(instance, name, other)
        found.append(instance)
    return found


def width(model: type[Model]) -> int:
    """How many columns columns() selects for the model."""
    return len(_fields(model))


def instance_of(model: type[M], values: Sequence[Any], *, using: str = DEFAULT_DB_ALIAS) -> M | None:
    """The instance whose columns (in columns() order) were read as `values`, or None when they are all NULL
    (an outer join that found no row)."""
    if all(value is None for value in values):
        return None
    connection = connections[using]
    converted = list(values)
    for index, converters in enumerate(_converters(model, connection.vendor)):
        for converter, column in converters:
            converted[index] = converter(converted[index], column, connection)
    return model.from_db(using, _attnames(model), converted)


@cache
def _attnames(model: type[Model]) -> list[str]:
    return [field.attname for field in _fields(model)]

"""Bulk loading on PostgreSQL: the indexes and constraints that slow a load are set aside while millions of
rows are copied in, then made again from the definitions the catalog held.

With them in place every row was checked against its foreign keys and added to a dozen indexes one by one,
most of them keyed on random UUIDs, which kept the generator to a few thousand rows a second. Building an
index once over the finished table is one sort, and adding a constraint back checks every row in one pass
(an anti-join for a foreign key, the index build for a primary key or unique constraint), so every row is
still checked, once. Set aside: the tables' foreign keys and the other tables' foreign keys that point at
them, their primary keys and unique constraints, and their plain indexes. Kept: check constraints (cheap)
and indexes with a WHERE clause or expressions, because PostgreSQL prints those back in an equivalent but
different form, and making them again would change their recorded definitions. Keeping them cost nothing
measurable.

All of it happens inside the caller's transaction, and PostgreSQL's DDL is transactional: if the load fails,
the rollback brings back every index and constraint as it was. Making them again in a `finally` would not
work: after a database error the transaction accepts nothing but the rollback. Until the transaction ends,
the tables and those their foreign keys join are locked against other sessions."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection

# Memory to sort each index in one go and to hash foreign-key checks and whole-table aggregates; the defaults
# (64 MB, 4 MB) send sorts and hashes of millions of rows to temporary files. JIT compilation, off for the
# application's connections (settings.py), is PostgreSQL's default again here: a bulk statement runs for
# minutes, and the rebuilds measured in docs/performance.md ran with it.
BULK_SETTINGS = {"maintenance_work_mem": "1GB", "work_mem": "256MB", "jit": "on"}


def use_bulk_settings() -> None:
    """BULK_SETTINGS on PostgreSQL until the end of the current transaction (SET LOCAL)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for setting, value in BULK_SETTINGS.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [setting, value])


# Each query gives (the statement that drops it, the statement that makes it again), names quoted by
# PostgreSQL's format(), definitions from pg_get_constraintdef / pg_get_indexdef.
_CONSTRAINTS = """
    SELECT format('ALTER TABLE %%I.%%I DROP CONSTRAINT %%I', n.nspname, t.relname, c.conname),
           format('ALTER TABLE %%I.%%I ADD CONSTRAINT %%I ', n.nspname, t.relname, c.conname)
           || pg_get_constraintdef(c.oid)
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
"""
_FOREIGN_KEYS = f"""{_CONSTRAINTS}
    JOIN pg_class referenced ON referenced.oid = c.confrelid
    WHERE c.contype = 'f' AND n.nspname = current_schema()
      AND (t.relname = ANY(%(tables)s) OR (referenced.relnamespace = n.oid AND referenced.relname = ANY(%(tables)s)))
    ORDER BY t.relname, c.conname
"""
_KEYS = f"""{_CONSTRAINTS}
    WHERE c.contype IN ('p', 'u') AND n.nspname = current_schema() AND t.relname = ANY(%(tables)s)
    ORDER BY t.relname, c.conname
"""
# A constraint's own index goes and comes back with the constraint. Unique indexes go only with the keys.
_INDEXES = """
    SELECT format('DROP INDEX %%I.%%I', n.nspname, ix.relname), pg_get_indexdef(i.indexrelid)
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_class ix ON ix.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema() AND t.relname = ANY(%(tables)s)
      AND i.indpred IS NULL AND i.indexprs IS NULL AND (%(keys)s OR NOT i.indisunique)
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid)
    ORDER BY t.relname, ix.relname
"""


@dataclass
class SetAside:
    # (drop, create) statements, each list in the order the catalog gave them.
    foreign_keys: list[tuple[str, str]] = field(default_factory=list)
    keys: list[tuple[str, str]] = field(default_factory=list)
    indexes: list[tuple[str, str]] = field(default_factory=list)


def read_set_aside(*, tables: Sequence[str], keys: bool = True) -> SetAside:
    """What setting the tables' indexes and constraints aside drops, and the statements that make each again;
    without `keys`, only their indexes that are not unique."""
    with connection.cursor() as cursor:

        def statements(sql: str) -> list[tuple[str, str]]:
            cursor.execute(sql, {"tables": list(tables), "keys": keys})
            return [(drop, create) for drop, create in cursor.fetchall()]

        if not keys:
            return SetAside(indexes=statements(_INDEXES))
        return SetAside(foreign_keys=statements(_FOREIGN_KEYS), keys=statements(_KEYS), indexes=statements(_INDEXES))


@contextmanager
def indexes_and_constraints_set_aside(
    *, tables: Sequence[str], active: bool = True, keys: bool = True
) -> Iterator[None]:
    """Drop the tables' indexes and constraints for the body and make them again after it, checking every row.
    `keys=False` keeps the keys, unique indexes and foreign keys, for a body that needs them (an upsert).
    Does nothing on SQLite or when not `active`."""
    if not active or connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("Indexes and constraints are only set aside inside a transaction, which restores them.")
    set_aside = read_set_aside(tables=tables, keys=keys)
    with connection.cursor() as cursor:
        # Foreign keys first: they depend on the keys they point at.
        for drop, _ in (*set_aside.foreign_keys, *set_aside.keys, *set_aside.indexes):
            cursor.execute(drop)
    # No `finally`: when the body fails, the rollback restores them (see above).
    yield
    with connection.cursor() as cursor:
        for _, create in (*set_aside.indexes, *set_aside.keys, *set_aside.foreign_keys):
            cursor.execute(create)

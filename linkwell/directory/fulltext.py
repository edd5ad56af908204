"""Full-text search on the database's own index: SQLite FTS5 or PostgreSQL tsvector + GIN.

Each service's words live in Service.search_document (kept current by directory.indexing).
SQLite: a separate FTS5 table whose rowid we store on the service (search_rowid). It is not an
external-content table because Django rebuilds SQLite tables on some migrations, which would renumber
the rows it points at. PostgreSQL: a generated tsvector column with a GIN index.
"""

import re

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet

FTS_TABLE = "directory_service_fts"
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12

INSTALL = {
    "sqlite": [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "search_document, tokenize = 'porter unicode61 remove_diacritics 2')",
    ],
    "postgresql": [
        "ALTER TABLE directory_service ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('english', coalesce(search_document, ''))) STORED",
        "CREATE INDEX IF NOT EXISTS directory_service_search_vector ON directory_service USING GIN (search_vector)",
    ],
}
REMOVE = {
    "sqlite": [f"DROP TABLE IF EXISTS {FTS_TABLE}"],
    "postgresql": [
        "DROP INDEX IF EXISTS directory_service_search_vector",
        "ALTER TABLE directory_service DROP COLUMN IF EXISTS search_vector",
    ],
}


def install(conn: BaseDatabaseWrapper) -> None:
    with conn.cursor() as cursor:
        for statement in INSTALL[conn.vendor]:
            cursor.execute(statement)


def remove(conn: BaseDatabaseWrapper) -> None:
    with conn.cursor() as cursor:
        for statement in REMOVE[conn.vendor]:
            cursor.execute(statement)


def words_of(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text)][:MAX_WORDS]


def index_document(*, search_rowid: int | None, document: str) -> int | None:
    """SQLite: replace the service's FTS row and return its new rowid. PostgreSQL indexes by itself."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        if search_rowid is not None:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [search_rowid])
        cursor.execute(f"INSERT INTO {FTS_TABLE} (search_document) VALUES (%s)", [document])
        return int(cursor.lastrowid)


def forget_document(search_rowid: int | None) -> None:
    if connection.vendor == "sqlite" and search_rowid is not None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [search_rowid])


def _sqlite_query(words: list[str]) -> str:
    # Every word must match, each also as a prefix ("walk" finds "walking"); quoting stops FTS syntax injection.
    return " ".join(f'"{word}"*' for word in words)


def _postgres_query(words: list[str]) -> str:
    return " & ".join(f"{word}:*" for word in words)


def matching(services: QuerySet, text: str, *, ranked: bool) -> QuerySet:  # type: ignore[type-arg]
    """Keep services whose words match; with `ranked`, annotate `text_rank` (lower is better)."""
    words = words_of(text)
    if not words:
        return services
    if connection.vendor == "sqlite":
        query = _sqlite_query(words)
        if ranked:
            return services.extra(
                tables=[FTS_TABLE],
                where=[f"{FTS_TABLE}.rowid = directory_service.search_rowid", f"{FTS_TABLE} MATCH %s"],
                params=[query],
                select={"text_rank": f"{FTS_TABLE}.rank"},
            )
        return services.extra(
            where=[f"directory_service.search_rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"],
            params=[query],
        )
    query = _postgres_query(words)
    services = services.extra(where=["directory_service.search_vector @@ to_tsquery('english', %s)"], params=[query])
    if ranked:
        services = services.extra(
            select={"text_rank": "-ts_rank(directory_service.search_vector, to_tsquery('english', %s))"},
            select_params=[query],
        )
    return services

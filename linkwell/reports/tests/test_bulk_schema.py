"""On PostgreSQL the generator sets the indexes and constraints of the tables it fills aside while it writes,
and makes them again after: these tests hold that they all come back exactly as they were, that the rows
are still checked against them, and that a failure midway leaves the schema untouched."""

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from linkwell.casework.models import Case
from linkwell.people.models import Person
from linkwell.referrals.models import Referral
from linkwell.reports import facts, synthetic, synthetic_rows
from linkwell.reports.bulk_schema import read_set_aside, use_bulk_settings
from linkwell.reports.facts import FACT_MODELS
from linkwell.reports.synthetic import TABLES, generate
from linkwell.reports.synthetic_writer import Row, TableWriter

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL sets indexes aside"),
]

FILLED = [model._meta.db_table for _, model, _ in TABLES]


@pytest.fixture(autouse=True)
def _set_aside_at_any_size(monkeypatch):
    monkeypatch.setattr(synthetic, "SET_ASIDE_FROM_REFERRALS", 1)


def schema() -> set[tuple[object, ...]]:
    """Every constraint and index of the schema, as the catalog defines it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid), convalidated,"
            " condeferrable, condeferred FROM pg_constraint WHERE connamespace = current_schema()::regnamespace"
        )
        constraints = {("constraint", *row) for row in cursor.fetchall()}
        cursor.execute(
            "SELECT indrelid::regclass::text, indexrelid::regclass::text, pg_get_indexdef(indexrelid), indisunique,"
            " indisprimary, indimmediate, indisvalid FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
            " WHERE t.relnamespace = current_schema()::regnamespace"
        )
        indexes = {("index", *row) for row in cursor.fetchall()}
    return constraints | indexes


def test_the_indexes_and_constraints_set_aside_are_the_filled_tables_keys_and_the_foreign_keys_into_them():
    set_aside = read_set_aside(tables=FILLED)

    creates = [create for _, create in (*set_aside.foreign_keys, *set_aside.keys, *set_aside.indexes)]
    assert "ALTER TABLE public.referrals_referral ADD CONSTRAINT referrals_referral_pkey PRIMARY KEY (id)" in creates
    assert any("REFERENCES referrals_referral(id) DEFERRABLE INITIALLY DEFERRED" in create for create in creates)
    # Another table's foreign key into a filled table goes too, or the primary key could not.
    assert any(create.startswith("ALTER TABLE public.referrals_referraltransition ") for create in creates)
    assert "CREATE INDEX case_team_status ON public.casework_case USING btree (team_id, status)" in creates
    # Partial indexes stay: PostgreSQL would print their predicates back differently.
    assert not any("case_one_open_per_person_per_scheme" in create for create in creates)


def test_the_facts_rebuild_sets_aside_only_the_fact_tables_lookup_indexes():
    set_aside = read_set_aside(tables=[model._meta.db_table for model in FACT_MODELS], keys=False)

    creates = [create for _, create in set_aside.indexes]
    assert "CREATE INDEX fact_scheme_received ON public.reports_referralfact USING btree (scheme_id, received_on)" in (
        creates
    )
    # The rebuild's upserts name the keys and unique indexes, so they stay.
    assert not set_aside.foreign_keys
    assert not set_aside.keys
    assert not any("UNIQUE" in create for create in creates)


def test_after_generation_every_index_and_constraint_is_back_exactly_as_it_was(monkeypatch):
    before = schema()
    during: list[set[tuple[object, ...]]] = []
    write = TableWriter.write

    def write_and_look(writer: TableWriter, rows: list[Row]) -> None:
        if not during:
            during.append(schema())
        write(writer, rows)

    monkeypatch.setattr(TableWriter, "write", write_and_look)

    result = generate(people=60, referrals=80, seed=2, months=12)

    assert schema() == before
    assert "indexes and constraints made again" in dict(result.stages)
    set_aside = before - during[0]
    assert len(set_aside) > 100
    assert ("index", "casework_contact", "contact_case_at") in {entry[:3] for entry in set_aside}
    assert Referral.objects.count() == 80


@pytest.mark.usefixtures("reference_data")
@pytest.mark.django_db(transaction=True)
def test_a_failure_midway_rolls_back_the_rows_and_leaves_the_schema_as_it_was(monkeypatch):
    """A real top-level transaction (no test wrapper around it) that fails after rows were written."""
    generate(people=10, referrals=10, seed=1, months=12)
    before = schema()
    write = TableWriter.write
    calls = 0

    def write_then_fail(writer: TableWriter, rows: list[Row]) -> None:
        nonlocal calls
        calls += 1
        if calls > len(TABLES):
            raise RuntimeError("the disk is full")
        write(writer, rows)

    monkeypatch.setattr(synthetic, "PEOPLE_PER_BATCH", 20)
    monkeypatch.setattr(TableWriter, "write", write_then_fail)

    with pytest.raises(RuntimeError, match="the disk is full"):
        generate(people=50, referrals=60, seed=3, months=12)

    assert schema() == before
    assert Referral.objects.count() == 10
    assert Person.objects.count() == 10


def test_a_failing_facts_rebuild_leaves_the_fact_tables_indexes_as_they_were(monkeypatch):
    before = schema()

    def cancelled() -> int:
        raise RuntimeError("cancelled")

    monkeypatch.setattr(facts, "rebuild_facts", cancelled)

    with pytest.raises(RuntimeError, match="cancelled"):
        generate(people=5, referrals=5, seed=1, months=12)

    assert schema() == before


def test_rows_that_break_a_unique_constraint_fail_when_it_is_made_again(monkeypatch):
    before = schema()
    monkeypatch.setattr(synthetic_rows.RowMaker, "_reference", lambda self: "LW-SAME-SAME")

    with pytest.raises(IntegrityError, match="referral_reference_unique"):
        generate(people=5, referrals=5, seed=1, months=12)

    assert schema() == before
    assert not Referral.objects.exists()


def test_rows_that_break_a_foreign_key_fail_when_it_is_made_again(monkeypatch):
    before = schema()
    referral = synthetic_rows.RowMaker.referral

    def referral_of_nobody(self, batch, team, person_id, *args, **kwargs):
        referral(self, batch, team, "0" * 32, *args, **kwargs)

    monkeypatch.setattr(synthetic_rows.RowMaker, "referral", referral_of_nobody)

    with pytest.raises(IntegrityError, match=r'violates foreign key constraint ".*_person_id_.*_fk_people_person_id"'):
        generate(people=5, referrals=5, seed=1, months=12)

    assert schema() == before
    assert not Case.objects.exists()


def test_a_few_referrals_added_to_a_bigger_database_keep_the_indexes_in_place():
    generate(people=40, referrals=40, seed=1, months=12)
    filled_drops = {drop for drop, _ in (*read_set_aside(tables=FILLED).keys, *read_set_aside(tables=FILLED).indexes)}

    with CaptureQueriesContext(connection) as queries:
        generate(people=10, referrals=10, seed=2, months=12)

    assert filled_drops
    assert filled_drops.isdisjoint(query["sql"] for query in queries.captured_queries)
    assert Referral.objects.count() == 50


def test_a_small_generation_keeps_the_indexes_in_place(monkeypatch):
    monkeypatch.setattr(synthetic, "SET_ASIDE_FROM_REFERRALS", 2_000)

    with CaptureQueriesContext(connection) as queries:
        generate(people=30, referrals=30, seed=2, months=12)

    assert not any("DROP" in query["sql"] for query in queries.captured_queries)
    assert Referral.objects.count() == 30


def _jit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        return str(cursor.fetchone()[0])


def test_the_applications_connections_never_jit_compile_but_a_bulk_rebuild_may():
    # Compiling cost a report's queries more than it saved (docs/performance.md, Reports at 5M).
    assert _jit() == "off"
    use_bulk_settings()  # until the end of the transaction
    assert _jit() == "on"

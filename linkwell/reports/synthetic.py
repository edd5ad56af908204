"""Generating a synthetic dataset for the reports: `linkwell generate_synthetic` and the demo's history.

All the generated rows are written in one transaction, in batches of people (PostgreSQL `COPY`, SQLite
`executemany`), with one audit event for the whole generation; then the report facts are rebuilt. On
PostgreSQL the tables' indexes and constraints are set aside for the writing and made again after it, in the
same transaction (reports.bulk_schema). The people are fictional (invented family names, NHS numbers from the
999 test range that pass Modulus 11, or none once that range is used up: it holds about 900,000 numbers)."""

import datetime as dt
import queue
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.casework.models import Case, Contact, Discharge, OnwardReferral, Plan
from linkwell.outcomes.instruments import get_instrument
from linkwell.outcomes.models import MeasureResponse, UnmetNeed, UsageRecord
from linkwell.people.models import Consent, Person
from linkwell.people.nhs_numbers import check_digit
from linkwell.referrals.models import Referral
from linkwell.reports import synthetic_rows as rows
from linkwell.reports.bulk_schema import indexes_and_constraints_set_aside, use_bulk_settings
from linkwell.reports.facts import rebuild_facts_in_bulk, vacuum_report_tables
from linkwell.reports.synthetic_names import FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES
from linkwell.reports.synthetic_world import World, chosen_world, generated_world
from linkwell.reports.synthetic_writer import TableWriter

# 999 000 000 to 999 099 999 is left to the demo and to tests, which number their people from the bottom.
NHS_NUMBER_FIRST = 999_100_000
PEOPLE_PER_BATCH = 10_000
# Below this, setting the indexes and constraints aside gains nothing (docs/performance.md) and would lock the
# tables for no reason: the demo's history and the tests write a few hundred referrals.
SET_ASIDE_FROM_REFERRALS = 2_000

# (batch field, model, columns), in an order that writes every row after the rows it refers to.
TABLES: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("people", Person, rows.PERSON_COLUMNS),
    ("consents", Consent, rows.CONSENT_COLUMNS),
    ("referrals", Referral, rows.REFERRAL_COLUMNS),
    ("cases", Case, rows.CASE_COLUMNS),
    ("plans", Plan, rows.PLAN_COLUMNS),
    ("contacts", Contact, rows.CONTACT_COLUMNS),
    ("discharges", Discharge, rows.DISCHARGE_COLUMNS),
    ("onward", OnwardReferral, rows.ONWARD_COLUMNS),
    ("measures", MeasureResponse, rows.MEASURE_COLUMNS),
    ("usage", UsageRecord, rows.USAGE_COLUMNS),
    ("unmet", UnmetNeed, rows.UNMET_COLUMNS),
)

Progress = Callable[[int, int], None]


@dataclass
class Generated:
    people: int
    referrals: int
    rows: dict[str, int]
    # (stage, seconds) in the order they ran.
    stages: list[tuple[str, float]] = field(default_factory=list)
    facts: int = 0


def _fictional_names() -> list[tuple[str, str]]:
    return [(given, family) for given, family in zip(FEMALE_NAMES + MALE_NAMES, FAMILY_NAMES * 2, strict=False)]


def free_test_nhs_numbers(count: int) -> list[str]:
    """Up to `count` Modulus-11-valid 999-range numbers no person holds yet, in ascending order."""
    taken = set(Person.objects.filter(nhs_number__startswith="999").values_list("nhs_number", flat=True))
    numbers: list[str] = []
    for stem in range(NHS_NUMBER_FIRST, 1_000_000_000):
        if len(numbers) >= count:
            break
        digit = check_digit(str(stem))
        if digit is not None and (number := f"{stem}{digit}") not in taken:
            numbers.append(number)
    return numbers


def _score(instrument: str, answers: dict[str, object]) -> dict[str, object]:
    return dict(get_instrument(instrument).score(answers))


def _referral_counts(rng: random.Random, people: int, referrals: int) -> "list[int]":
    """How many referrals each person has: one each, the rest spread at random (a few people come back)."""
    counts = [1] * people
    for _ in range(referrals - people):
        counts[rng.randrange(people)] += 1
    return counts


def _batches_made_alongside(
    maker: rows.RowMaker, world: World, counts: list[int], rng: random.Random
) -> Iterator[tuple[rows.Batch, int]]:
    """Batches of rows, made in a second thread while this one writes the previous batch: making rows is
    Python work and writing them mostly waits on the database, so the two overlap. Making rows touches no
    database (NHS numbers and instruments are looked up before), so the thread needs no connection."""
    ready: queue.Queue[tuple[rows.Batch, int] | BaseException | None] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def hand_over(item: tuple[rows.Batch, int] | BaseException | None) -> None:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def make() -> None:
        try:
            for first in range(0, len(counts), PEOPLE_PER_BATCH):
                batch = rows.Batch()
                batch_counts = counts[first : first + PEOPLE_PER_BATCH]
                for count in batch_counts:
                    maker.person(batch, rng.choice(world.teams), count)
                hand_over((batch, sum(batch_counts)))
            hand_over(None)
        except BaseException as error:  # handed to the writing thread, which raises it
            hand_over(error)

    maker_thread = threading.Thread(target=make, name="synthetic-rows", daemon=True)
    maker_thread.start()
    try:
        while (item := ready.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        maker_thread.join()


def _write(batches: Iterator[tuple[rows.Batch, int]], *, result: Generated, progress: Progress | None) -> float:
    """Write every batch, counting its rows into `result`; return the seconds spent writing."""
    writers = {name: TableWriter(model, columns) for name, model, columns in TABLES}
    writing = 0.0
    done_referrals = 0
    for batch, batch_referrals in batches:
        began = time.perf_counter()
        for name, _, _ in TABLES:
            table_rows = getattr(batch, name)
            writers[name].write(table_rows)
            result.rows[name] += len(table_rows)
        writing += time.perf_counter() - began
        done_referrals += batch_referrals
        if progress:
            progress(done_referrals, result.referrals)
    return writing


def generate(
    *,
    people: int,
    referrals: int,
    seed: int = 1,
    months: int = 60,
    scheme_slugs: list[str] | None = None,
    settled: bool = False,
    label: str = "",
    progress: Progress | None = None,
) -> Generated:
    """Write `referrals` synthetic referrals for `people` people into the real tables, then rebuild the
    report facts. `scheme_slugs` puts them in existing schemes' teams; otherwise a synthetic ICB, schemes,
    teams and practices are made (or found from an earlier run)."""
    if people < 1 or referrals < people:
        raise ValueError("Give at least one person, and at least as many referrals as people.")
    if months < 1:
        raise ValueError("The history must cover at least one month.")
    rng = random.Random(seed)  # noqa: S311 - fictional data, reproducible from the seed; no secret in it
    result = Generated(people=people, referrals=referrals, rows=dict.fromkeys((name for name, _, _ in TABLES), 0))
    clock = time.perf_counter()

    def stage(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.stages.append((name, now - clock))
        clock = now

    now = timezone.now()
    start = now - dt.timedelta(days=round(months * 365.25 / 12))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Foreign keys still in place are checked statement by statement, not queued by the million
                # for the commit.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            use_bulk_settings()
        names = _fictional_names()
        world: World = (
            chosen_world(scheme_slugs=scheme_slugs, referrals=referrals, months=months, rng=rng, names=names)
            if scheme_slugs
            else generated_world(referrals=referrals, months=months, rng=rng, names=names)
        )
        stage("teams, workers, postcodes and services")
        numbers = free_test_nhs_numbers(people)
        numbers.reverse()  # handed out from the end of the list, lowest first
        stage("NHS numbers")
        existing_referrals = Referral.objects.count()
        maker = rows.RowMaker(
            rng=rng,
            world=world,
            start=start,
            now=now,
            reference_start=existing_referrals,
            nhs_numbers=numbers,
            score=_score,
            options=rows.Options(settled=settled),
        )
        batches = _batches_made_alongside(maker, world, _referral_counts(rng, people, referrals), rng)
        # Making an index again costs a pass over the whole table, so adding a few rows to a big database is
        # quicker with the indexes kept.
        setting_aside = connection.vendor == "postgresql" and referrals >= max(
            existing_referrals, SET_ASIDE_FROM_REFERRALS
        )
        with indexes_and_constraints_set_aside(
            tables=[model._meta.db_table for _, model, _ in TABLES], active=setting_aside
        ):
            writing = _write(batches, result=result, progress=progress)
            stage("making and writing rows, side by side")
            result.stages.append(("  of which writing (COPY / executemany)", writing))
            clock = time.perf_counter()
        if setting_aside:
            stage("indexes and constraints made again")
        record(
            by=None,
            action=AuditAction.SYNTHETIC_DATA_GENERATED,
            object_type="reports.synthetic",
            detail={"label": label, "seed": seed, "months": months, "schemes": scheme_slugs or [], **result.rows},
        )
    stage("commit")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh planner statistics, so the first report queries are planned for the new volume.
            cursor.execute("ANALYZE")
        stage("ANALYZE")
    result.facts = rebuild_facts_in_bulk(set_aside=existing_referrals + referrals >= SET_ASIDE_FROM_REFERRALS)
    stage("rebuilding report facts")
    if connection.vendor == "postgresql":
        vacuum_report_tables()
        stage("VACUUM report tables")
    return result

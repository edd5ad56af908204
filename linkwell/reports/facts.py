"""Keeping the report facts (reports.models.ReferralFact and ReferralFactNeed, and the area facts of
reports.facts_areas) current, with set-based SQL
only: one INSERT … SELECT … ON CONFLICT DO UPDATE for the rows, however many there are, so a rebuild over
millions of referrals never loops in Python (docs/adr/0009-report-data.md). Where the database keeps monthly
summaries (reports.summaries; PostgreSQL), they change in the same transaction.

- `refresh_facts()` recomputes the referrals touched since the last refresh: found by the timestamps every
  write that matters leaves (the referral's status change and transitions, the case opening, closing and
  transitions, contacts recorded, the plan saved, the discharge, the person's details changed, onward
  referrals sent or answered, measures, healthcare use and consent decisions recorded), plus every referral
  of a scheme whose substantive-contacts setting changed, and every other referral of the people queued.
  The summaries lose the queued referrals' old contributions before their facts are replaced and gain the
  new ones after, so the cost follows the referrals touched.
- `rebuild_facts()` recomputes every row the same way, and the summaries from the facts.
- `ensure_fresh_facts()` refreshes when the facts are older than FRESH_FOR and something changed, before a
  dashboard read.

The SQL is written once; the few expressions SQLite and PostgreSQL spell differently (dates, ages, JSON)
come from `reports.fact_sql.Dialect`. Both need an SQLite of 3.24 or later for the upsert."""

# The SQL is assembled from table names in model metadata and fixed fragments; every value is a parameter.
# ruff: noqa: S608

import datetime as dt

from django.db import connections, router, transaction
from django.db.models import Model
from django.utils import timezone

from linkwell.accounts.models import Organisation, Team
from linkwell.casework.models import (
    DEFAULT_SUBSTANTIVE_CONTACTS,
    Case,
    CaseTransition,
    Contact,
    Discharge,
    OnwardReferral,
    Plan,
    SchemeSettings,
)
from linkwell.directory.models import Postcode
from linkwell.outcomes.models import MeasureResponse, UsageRecord
from linkwell.people.models import Consent, Person
from linkwell.referrals.models import Referral, ReferralStatus, ReferralTransition
from linkwell.reports.bulk_schema import indexes_and_constraints_set_aside, use_bulk_settings
from linkwell.reports.fact_sql import Dialect, table
from linkwell.reports.facts_areas import AREA_FACTS, write_area_facts
from linkwell.reports.models import (
    FactRefreshQueue,
    FactRefreshState,
    ReferralFact,
    ReferralFactNeed,
    ReportSummary,
    summaries_kept,
)
from linkwell.reports.summaries import apply_new_contributions, rebuild_summaries, record_old_contributions

# The tables a rebuild refills; their lookup indexes are made once after a bulk rebuild.
FACT_MODELS = (ReferralFact, ReferralFactNeed, *AREA_FACTS)
# How stale the facts may be before a dashboard read refreshes them first.
FRESH_FOR = dt.timedelta(minutes=1)
# Changes are looked for from a little before the last refresh, so a transaction that stamped its rows
# just before the watermark but committed just after is still picked up. Recomputing a row twice is harmless.
OVERLAP = dt.timedelta(minutes=2)

# (upper age limit exclusive, label); the last band is open-ended.
AGE_BANDS: tuple[tuple[int | None, str], ...] = (
    (18, "0-17"),
    (25, "18-24"),
    (35, "25-34"),
    (45, "35-44"),
    (55, "45-54"),
    (65, "55-64"),
    (75, "65-74"),
    (85, "75-84"),
    (None, "85+"),
)


FACT_COLUMNS = (
    "referral_id",
    "received_on",
    "received_month",
    "scheme_id",
    "team_id",
    "practice_id",
    "pcn_id",
    "icb_id",
    "source",
    "channel",
    "urgency",
    "age_band",
    "stated_gender",
    "ethnic_category",
    "imd_decile",
    "status",
    "first_contact_on",
    "days_to_first_contact",
    "contacts_made",
    "supported",
    "plan_agreed",
    "substantive_threshold",
    "substantive",
    "case_id",
    "case_status",
    "discharged_on",
    "discharge_reason",
    "link_worker_id",
    "refreshed_at",
)


def _age_band_sql(age: str) -> str:
    branches = " ".join(
        f"WHEN {age} < {limit} THEN '{label}'" if limit is not None else f"ELSE '{label}'" for limit, label in AGE_BANDS
    )
    return f"CASE WHEN {age} IS NULL THEN '' {branches} END"


def _upsert_sql(dialect: Dialect, *, only_queued: bool) -> str:
    """Compute the fact rows of every referral (or only those in the refresh queue) and write them, in order
    of the day received, as every fact table is written: a report reads a range of days, and a rebuild that
    left them scattered had a report read about one page per row (500,000 referrals: 7,258 pages for the
    12,018 reasons of the days either side of a year's whole months)."""
    queue = table(FactRefreshQueue)
    queued_referrals = f"(SELECT referral_id FROM {queue})"
    # A refresh starts from the queue: with a dozen joins the planner keeps the written order, and a filter
    # on the queue at the end read every referral and person first (0.8 s for 400 of 300,000).
    referrals = f"{queue} q JOIN {table(Referral)} r ON r.id = q.referral_id" if only_queued else f"{table(Referral)} r"
    transition_filter = f"AND referral_id IN {queued_referrals}" if only_queued else ""
    contact_filter = (
        f"AND case_id IN (SELECT id FROM {table(Case)} WHERE referral_id IN {queued_referrals})" if only_queued else ""
    )
    first_contact = (
        "CASE WHEN tr.first_at IS NULL THEN ct.first_at"
        " WHEN ct.first_at IS NULL OR tr.first_at < ct.first_at THEN tr.first_at ELSE ct.first_at END"
    )
    contacts_made = "COALESCE(ct.made, 0)"
    threshold = f"COALESCE(ss.substantive_contacts, {int(DEFAULT_SUBSTANTIVE_CONTACTS)})"
    plan_agreed = "(pl.agreed_on IS NOT NULL)"
    rows = f"""
        SELECT
            b.id,
            {dialect.date("b.received_at")},
            {dialect.month_start("b.received_at")},
            b.scheme_id, b.team_id, b.practice_id, b.pcn_id, b.icb_id,
            b.source, b.channel, b.urgency,
            {_age_band_sql("b.age")},
            b.stated_gender, b.ethnic_category, b.imd_decile, b.status,
            {dialect.date("b.first_contact_at")},
            {dialect.days_between("b.first_contact_at", "b.received_at")},
            b.contacts_made,
            (b.contacts_made >= 1),
            b.plan_agreed,
            b.threshold,
            (b.plan_agreed OR b.contacts_made >= b.threshold),
            b.case_id, b.case_status,
            {dialect.date("b.discharged_at")},
            b.discharge_reason, b.link_worker_id, %s
        FROM (
            SELECT
                r.id, r.received_at, tm.scheme_id, r.team_id,
                p.gp_practice_id AS practice_id, practice.parent_id AS pcn_id, pcn.parent_id AS icb_id,
                r.source, r.channel, r.urgency,
                {dialect.age_in_years("r.received_at", "p.date_of_birth")} AS age,
                p.stated_gender, p.ethnic_category, pc.imd_decile, r.status,
                {first_contact} AS first_contact_at,
                {contacts_made} AS contacts_made,
                {plan_agreed} AS plan_agreed,
                {threshold} AS threshold,
                c.id AS case_id, COALESCE(c.status, '') AS case_status,
                d.at AS discharged_at, COALESCE(d.reason, '') AS discharge_reason,
                COALESCE(c.link_worker_id, r.allocated_to_id) AS link_worker_id
            FROM {referrals}
            JOIN {table(Team)} tm ON tm.id = r.team_id
            JOIN {table(Person)} p ON p.id = r.person_id
            LEFT JOIN {table(Organisation)} practice ON practice.id = p.gp_practice_id
            LEFT JOIN {table(Organisation)} pcn ON pcn.id = practice.parent_id
            LEFT JOIN {table(Postcode)} pc ON pc.postcode = p.postcode
            LEFT JOIN {table(SchemeSettings)} ss ON ss.scheme_id = tm.scheme_id
            LEFT JOIN (
                SELECT referral_id, MIN(at) AS first_at FROM {table(ReferralTransition)}
                WHERE to_status = %s {transition_filter}
                GROUP BY referral_id
            ) tr ON tr.referral_id = r.id
            LEFT JOIN {table(Case)} c ON c.referral_id = r.id
            LEFT JOIN (
                SELECT case_id, COUNT(*) AS made, MIN(at) AS first_at FROM {table(Contact)}
                WHERE made {contact_filter}
                GROUP BY case_id
            ) ct ON ct.case_id = c.id
            LEFT JOIN {table(Plan)} pl ON pl.case_id = c.id
            LEFT JOIN {table(Discharge)} d ON d.case_id = c.id
        ) b
        WHERE 1 = 1
        ORDER BY b.received_at
    """
    updates = ", ".join(f"{column} = excluded.{column}" for column in FACT_COLUMNS if column != "referral_id")
    return (
        f"INSERT INTO {table(ReferralFact)} ({', '.join(FACT_COLUMNS)}) {rows}"
        f" ON CONFLICT (referral_id) DO UPDATE SET {updates}"
    )


def _needs_sql(dialect: Dialect, *, only_queued: bool) -> str:
    source, value = dialect.needs_of("r")
    referral_filter = f"WHERE r.id IN (SELECT referral_id FROM {table(FactRefreshQueue)})" if only_queued else ""
    scope = ("received_on", "scheme_id", "team_id", "practice_id", "pcn_id", "icb_id")
    return (
        f"INSERT INTO {table(ReferralFactNeed)} (fact_id, need, {', '.join(scope)})"
        f" SELECT DISTINCT r.id, {value}, {', '.join(f'f.{column}' for column in scope)}"
        f" FROM {table(Referral)} r JOIN {table(ReferralFact)} f ON f.referral_id = r.id CROSS JOIN {source}"
        f" {referral_filter} ORDER BY f.received_on"
    )


def _touched_sources() -> list[str]:
    """One SELECT of referral ids per kind of write that changes a figure, each taking a time (`%s`, once or
    twice) from which to look. Every timestamp here is indexed, so looking costs little when nothing changed."""
    return [
        f"SELECT id FROM {table(Referral)} WHERE status_changed_at >= %s OR received_at >= %s",
        f"SELECT referral_id FROM {table(ReferralTransition)} WHERE at >= %s",
        f"SELECT referral_id FROM {table(Case)} WHERE opened_at >= %s OR closed_at >= %s",
        f"SELECT c.referral_id FROM {table(CaseTransition)} t JOIN {table(Case)} c ON c.id = t.case_id"
        " WHERE t.at >= %s",
        f"SELECT c.referral_id FROM {table(Contact)} x JOIN {table(Case)} c ON c.id = x.case_id"
        " WHERE x.recorded_at >= %s",
        f"SELECT c.referral_id FROM {table(Plan)} x JOIN {table(Case)} c ON c.id = x.case_id WHERE x.updated_at >= %s",
        f"SELECT c.referral_id FROM {table(Discharge)} x JOIN {table(Case)} c ON c.id = x.case_id WHERE x.at >= %s",
        f"SELECT r.id FROM {table(Referral)} r JOIN {table(Person)} p ON p.id = r.person_id WHERE p.updated_at >= %s",
        # A provider's answer changes the status too.
        f"SELECT c.referral_id FROM {table(OnwardReferral)} x JOIN {table(Case)} c ON c.id = x.case_id"
        " WHERE x.status_changed_at >= %s",
        f"SELECT c.referral_id FROM {table(MeasureResponse)} x JOIN {table(Case)} c ON c.id = x.case_id"
        " WHERE x.recorded_at >= %s",
        # Healthcare use is paired per person, so a new count touches every referral of the person.
        f"SELECT r.id FROM {table(UsageRecord)} x JOIN {table(Referral)} r ON r.person_id = x.person_id"
        " WHERE x.recorded_at >= %s",
        # A decision on evaluation consent adds or takes away the person's outcome and usage pairs (a decision
        # for another purpose queues them too, harmlessly: the index is on the time alone).
        f"SELECT r.id FROM {table(Consent)} x JOIN {table(Referral)} r ON r.person_id = x.person_id"
        " WHERE x.decided_at >= %s",
    ]


def _touched_sql() -> tuple[str, int]:
    """Queue every referral something was written to at or after a time; return the SQL and how many times
    it takes that time as a parameter."""
    sources = _touched_sources()
    sql = f"INSERT INTO {table(FactRefreshQueue)} (referral_id) {' UNION '.join(sources)}"
    return sql, sum(source.count("%s") for source in sources)


def _same_person_sql() -> str:
    """Queue every other referral of the people already queued: a person's healthcare-use pair belongs to
    one of their referrals (reports.facts_areas), which a change to another of them can move."""
    queue, referrals = table(FactRefreshQueue), table(Referral)
    # Driven from the queue, so it reads the queued people's referrals by index, not every referral.
    return (
        f"INSERT INTO {queue} (referral_id) SELECT DISTINCT r.id FROM {queue} q"
        f" JOIN {referrals} queued ON queued.id = q.referral_id"
        f" JOIN {referrals} r ON r.person_id = queued.person_id"
        f" WHERE NOT EXISTS (SELECT 1 FROM {queue} x WHERE x.referral_id = r.id)"
    )


def _changed_sql() -> tuple[str, int]:
    """One row when anything was written at or after a time, none otherwise: each source stops at its first
    row, so with nothing changed it is a handful of index probes."""
    sources = _touched_sources()
    checks = " OR ".join(f"EXISTS ({source})" for source in sources)
    return f"SELECT 1 WHERE {checks}", sum(source.count("%s") for source in sources)


def _current_thresholds() -> dict[str, int]:
    return {
        str(scheme_id): threshold
        for scheme_id, threshold in SchemeSettings.objects.values_list("scheme_id", "substantive_contacts")
    }


def _changed_schemes(before: dict[str, int], now: dict[str, int]) -> list[int]:
    """Schemes whose substantive-contacts setting differs from the one the facts were computed with (a
    scheme with no settings row uses the default)."""
    schemes = set(before) | set(now)
    return [
        int(scheme)
        for scheme in schemes
        if before.get(scheme, DEFAULT_SUBSTANTIVE_CONTACTS) != now.get(scheme, DEFAULT_SUBSTANTIVE_CONTACTS)
    ]


def _locked_state(using: str) -> FactRefreshState:
    FactRefreshState.objects.using(using).get_or_create(pk=1)
    return FactRefreshState.objects.using(using).select_for_update().get(pk=1)


def _write_database() -> str:
    return router.db_for_write(ReferralFact)


def rebuild_facts_in_bulk(*, set_aside: bool = True) -> int:
    """rebuild_facts() as a bulk load, for `refresh_report_facts --rebuild` and generated data: on PostgreSQL
    with memory to sort and hash whole tables, and (with `set_aside`) the fact tables' lookup indexes made
    once after the rows instead of row by row. Their keys and unique indexes stay: the upserts name them. The
    rebuild empties the fact tables (TRUNCATE) and so holds them to itself until it commits anyway."""
    with transaction.atomic(using=_write_database()):
        use_bulk_settings()
        with indexes_and_constraints_set_aside(
            tables=[model._meta.db_table for model in FACT_MODELS], active=set_aside, keys=False
        ):
            return rebuild_facts()


def _derived_tables(summarised: bool) -> tuple[type[Model], ...]:
    return (*AREA_FACTS, ReferralFactNeed, ReferralFact, *([ReportSummary] if summarised else []))


def vacuum_report_tables() -> None:
    """VACUUM the tables a rebuild rewrote (and ANALYZEd), on PostgreSQL, outside a transaction (VACUUM
    cannot run in one). Their rows' visibility is recorded once here rather than by the first reports to read
    each page, which at 500,000 referrals wrote 7,000 pages while reading one month's reasons; and index-only
    scans become possible. Autovacuum would get there too, some minutes later."""
    using = _write_database()
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = ", ".join(table(model) for model in _derived_tables(summaries_kept(connection)))
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {tables}")


def rebuild_facts() -> int:
    """Recompute every fact row from the records; return how many referrals the facts now hold."""
    using = _write_database()
    connection = connections[using]
    dialect = Dialect(connection.vendor)
    started = timezone.now()
    with transaction.atomic(using=using):
        state = _locked_state(using)
        with connection.cursor() as cursor:
            summarised = summaries_kept(connection)
            derived = _derived_tables(summarised)
            if connection.vendor == "postgresql":
                cursor.execute(f"TRUNCATE {', '.join(table(model) for model in derived)}")
            else:
                cursor.execute(f"DELETE FROM {table(ReferralFactNeed)}")
                cursor.execute(f"DELETE FROM {table(ReferralFact)}")
            stamp = connection.ops.adapt_datetimefield_value(started)
            cursor.execute(_upsert_sql(dialect, only_queued=False), [stamp, ReferralStatus.IN_CONTACT.value])
            written: int = cursor.rowcount
            cursor.execute(_needs_sql(dialect, only_queued=False))
            write_area_facts(cursor, dialect, only_queued=False)
            if summarised:
                rebuild_summaries(cursor)
            if connection.vendor == "postgresql":
                # Fresh statistics for the refilled tables, so the next refresh's plans use their indexes.
                cursor.execute(f"ANALYZE {', '.join(table(model) for model in derived)}")
        state.refreshed_through = started
        state.rebuilt_at = started
        state.thresholds = _current_thresholds()
        state.save(using=using)
    return written


def refresh_facts() -> int:
    """Recompute the fact rows of the referrals changed since the last refresh (all of them, the first
    time); return how many rows were recomputed."""
    using = _write_database()
    connection = connections[using]
    dialect = Dialect(connection.vendor)
    started = timezone.now()
    with transaction.atomic(using=using):
        state = _locked_state(using)
        if state.refreshed_through is None:
            return rebuild_facts()
        since = connection.ops.adapt_datetimefield_value(state.refreshed_through - OVERLAP)
        thresholds = _current_thresholds()
        changed_schemes = _changed_schemes(state.thresholds, thresholds)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table(FactRefreshQueue)}")
            touched_sql, times = _touched_sql()
            cursor.execute(touched_sql, [since] * times)
            if changed_schemes:
                # Referrals already queued above are skipped by the NOT IN; the rest of the scheme joins them.
                cursor.execute(
                    f"INSERT INTO {table(FactRefreshQueue)} (referral_id)"
                    f" SELECT referral_id FROM {table(ReferralFact)}"
                    f" WHERE scheme_id IN ({', '.join(['%s'] * len(changed_schemes))})"
                    f" AND referral_id NOT IN (SELECT referral_id FROM {table(FactRefreshQueue)})",
                    changed_schemes,
                )
            if connection.vendor == "postgresql":
                # Without statistics the planner takes the queue for thousands of rows and reads whole tables
                # (the summaries' share of a refresh of 400 referrals at 300,000: 0.85 s; 0.06 s with them).
                cursor.execute(f"ANALYZE {table(FactRefreshQueue)}")
            cursor.execute(_same_person_sql())
            summarised = summaries_kept(connection)
            if summarised:
                record_old_contributions(cursor)
            stamp = connection.ops.adapt_datetimefield_value(started)
            cursor.execute(_upsert_sql(dialect, only_queued=True), [stamp, ReferralStatus.IN_CONTACT.value])
            written: int = cursor.rowcount
            cursor.execute(
                f"DELETE FROM {table(ReferralFactNeed)}"
                f" WHERE fact_id IN (SELECT referral_id FROM {table(FactRefreshQueue)})"
            )
            cursor.execute(_needs_sql(dialect, only_queued=True))
            write_area_facts(cursor, dialect, only_queued=True)
            if summarised:
                apply_new_contributions(cursor)
            cursor.execute(f"DELETE FROM {table(FactRefreshQueue)}")
        state.refreshed_through = started
        state.thresholds = thresholds
        state.save(using=using)
    return written


def facts_refreshed_through() -> dt.datetime | None:
    state = FactRefreshState.objects.using(router.db_for_read(FactRefreshState)).filter(pk=1).first()
    return state.refreshed_through if state else None


def changed_since(since: dt.datetime) -> bool:
    """Whether anything that changes a figure was written at or after `since`."""
    connection = connections[_write_database()]
    sql, times = _changed_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(since)] * times)
        return cursor.fetchone() is not None


def ensure_fresh_facts() -> None:
    """Refresh first when the facts are more than FRESH_FOR old and something has changed since, so a
    dashboard is never far behind even where nobody scheduled the refresh command. A page view never pays
    for a refresh with nothing to do: one small query when the facts are fresh, three when nothing changed.
    A change in the overlap before the last refresh is refreshed again, harmlessly, until it is older."""
    using = _write_database()
    state = FactRefreshState.objects.using(using).filter(pk=1).first()
    if state is None or state.refreshed_through is None:
        refresh_facts()
        return
    if timezone.now() - state.refreshed_through <= FRESH_FOR:
        return
    if changed_since(state.refreshed_through - OVERLAP) or _changed_schemes(state.thresholds, _current_thresholds()):
        refresh_facts()

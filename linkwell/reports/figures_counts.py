"""The referral counts behind the dashboard's tables: the funnel, and referrals by each dimension (month,
source, age band, …), from the summary's whole months and the facts of the rest (reports.summary_reads).
On PostgreSQL one query with GROUPING SETS reads the facts once for all of them; elsewhere (SQLite: small
installations) one GROUP BY each. Chosen by measurement: at 1M referrals, a whole ICB's year took about 5×
less as one query (ADR 0009)."""

# The SQL wraps the ORM's own query for the period and adds fixed fragments; every value is a parameter.
# ruff: noqa: S608

from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Count, Q, QuerySet

from linkwell.reports.models import ReferralFact
from linkwell.reports.summary_reads import ReportSources, SummaryTotals

# Dimension → the fact column counted, and the facts it counts ("" for all of them).
DIMENSIONS: dict[str, tuple[str, str]] = {
    "received_month": ("received_month", ""),
    "source": ("source", ""),
    "age_band": ("age_band", ""),
    "stated_gender": ("stated_gender", ""),
    "ethnic_category": ("ethnic_category", ""),
    "imd_decile": ("imd_decile", ""),
    # Referrals with a first contact, by days waited.
    "waits": ("days_to_first_contact", "days_to_first_contact IS NOT NULL"),
    "discharge_reason": ("discharge_reason", "case_status = 'discharged'"),
    # People supported, by contacts made.
    "contacts": ("contacts_made", "supported"),
    "link_worker": ("link_worker_id", "link_worker_id IS NOT NULL"),
}
# Dimensions whose values are numbers (the summary keeps every value as text, and none as empty).
NUMBER_DIMENSIONS = frozenset({"imd_decile", "waits", "contacts", "link_worker"})
# Funnel stage → the facts it counts ("" for all of them).
FUNNEL: dict[str, str] = {
    "referred": "",
    "supported": "supported",
    "substantive": "substantive",
    "discharged": "case_status = 'discharged'",
}


@dataclass(frozen=True)
class FactCounts:
    funnel: dict[str, int]
    # Dimension → value → referrals.
    by: dict[str, dict[Any, int]]


def referral_counts(sources: ReportSources) -> FactCounts:
    counts = _summary_counts(sources.summary)
    for facts, sign in sources.fact_parts(ReferralFact):
        counts = _added(counts, fact_counts(facts), sign)
    return counts


def fact_counts(facts: QuerySet[ReferralFact]) -> FactCounts:
    if connections[facts.db].vendor == "postgresql":
        return _in_one_query(facts)
    return _one_query_each(facts)


def _summary_counts(summary: SummaryTotals) -> FactCounts:
    funnel = dict.fromkeys(FUNNEL, 0)
    by: dict[str, dict[Any, int]] = {dimension: {} for dimension in DIMENSIONS}
    for month, stages in summary.funnel_by_month.items():
        for stage, count in stages.items():
            funnel[stage] += count
        by["received_month"][month] = stages.get("referred", 0)
    for dimension in DIMENSIONS:
        for (key, _), cell in summary.area(dimension).items():
            value = (int(key) if key else None) if dimension in NUMBER_DIMENSIONS else key
            by[dimension][value] = cell.n
    return FactCounts(funnel=funnel, by=by)


def _added(one: FactCounts, other: FactCounts, sign: int) -> FactCounts:
    """`one` plus (sign 1) or less (sign -1) `other`; values left with no referrals are dropped."""
    funnel = {stage: one.funnel[stage] + sign * other.funnel[stage] for stage in FUNNEL}
    by = {dimension: dict(values) for dimension, values in one.by.items()}
    for dimension, values in other.by.items():
        for value, count in values.items():
            total = by[dimension].get(value, 0) + sign * count
            if total:
                by[dimension][value] = total
            else:
                by[dimension].pop(value, None)
    return FactCounts(funnel=funnel, by=by)


def _one_query_each(facts: QuerySet[ReferralFact]) -> FactCounts:
    funnel = facts.aggregate(
        referred=Count("pk"),
        supported=Count("pk", filter=Q(supported=True)),
        substantive=Count("pk", filter=Q(substantive=True)),
        discharged=Count("pk", filter=Q(case_status="discharged")),
    )
    conditions = {
        "waits": Q(days_to_first_contact__isnull=False),
        "discharge_reason": Q(case_status="discharged"),
        "contacts": Q(supported=True),
        "link_worker": Q(link_worker__isnull=False),
    }
    by = {}
    for dimension, (column, _) in DIMENSIONS.items():
        scoped = facts.filter(conditions.get(dimension, Q()))
        by[dimension] = {row[column]: row["n"] for row in scoped.values(column).annotate(n=Count("pk")).order_by()}
    return FactCounts(funnel=funnel, by=by)


def _in_one_query(facts: QuerySet[ReferralFact]) -> FactCounts:
    # Each dimension counts only its own facts: the others are grouped under NULL and left out below.
    keyed = [
        f"CASE WHEN {condition} THEN {column} END AS d{index}" if condition else f"{column} AS d{index}"
        for index, (column, condition) in enumerate(DIMENSIONS.values())
    ]
    names = [f"d{index}" for index in range(len(DIMENSIONS))]
    inner_sql, params = (
        facts.values(*{column for column, _ in DIMENSIONS.values()}, "supported", "substantive", "case_status")
        .order_by()
        .query.sql_with_params()
    )
    sql = (
        f"SELECT {', '.join(f'GROUPING({name})' for name in names)}, {', '.join(names)},"
        " COUNT(*), COUNT(*) FILTER (WHERE supported), COUNT(*) FILTER (WHERE substantive),"
        " COUNT(*) FILTER (WHERE case_status = 'discharged')"
        f" FROM (SELECT {', '.join(keyed)}, supported, substantive, case_status FROM ({inner_sql}) period) f"
        f" GROUP BY GROUPING SETS ({', '.join(f'({name})' for name in names)}, ())"
    )
    dimensions = list(DIMENSIONS)
    conditional = {dimension for dimension, (_, condition) in DIMENSIONS.items() if condition}
    by: dict[str, dict[Any, int]] = {dimension: {} for dimension in dimensions}
    funnel = dict.fromkeys(FUNNEL, 0)
    stages = list(FUNNEL)
    with connections[facts.db].cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            grouped, values, totals = row[: len(names)], row[len(names) : 2 * len(names)], row[2 * len(names) :]
            if all(grouped):
                funnel = dict(zip(stages, totals, strict=True))
                continue
            index = grouped.index(0)
            dimension, value = dimensions[index], values[index]
            if value is None and dimension in conditional:
                continue
            by[dimension][value] = totals[0]
    return FactCounts(funnel=funnel, by=by)

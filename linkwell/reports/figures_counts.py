"""The referral counts behind the dashboard's tables, from the report facts of a period: the funnel, and
referrals by each dimension (month, source, age band, …). On PostgreSQL one query with GROUPING SETS reads
the period's facts once for all of them; elsewhere (SQLite: small installations) one GROUP BY each.
Chosen by measurement: at 1M referrals, a whole ICB's year took about 5× less as one query (ADR 0009)."""

# The SQL wraps the ORM's own query for the period and adds fixed fragments; every value is a parameter.
# ruff: noqa: S608

from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Count, Q, QuerySet

from linkwell.reports.models import ReferralFact

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
FUNNEL = ("referred", "supported", "substantive", "discharged")


@dataclass(frozen=True)
class FactCounts:
    funnel: dict[str, int]
    # Dimension → value → referrals.
    by: dict[str, dict[Any, int]]


def fact_counts(facts: QuerySet[ReferralFact]) -> FactCounts:
    if connections[facts.db].vendor == "postgresql":
        return _in_one_query(facts)
    return _one_query_each(facts)


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
    with connections[facts.db].cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            grouped, values, totals = row[: len(names)], row[len(names) : 2 * len(names)], row[2 * len(names) :]
            if all(grouped):
                funnel = dict(zip(FUNNEL, totals, strict=True))
                continue
            index = grouped.index(0)
            dimension, value = dimensions[index], values[index]
            if value is None and dimension in conditional:
                continue
            by[dimension][value] = totals[0]
    return FactCounts(funnel=funnel, by=by)

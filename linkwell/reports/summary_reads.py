"""Where a report's figures are read from (docs/adr/0010-report-summaries.md): when the database keeps
summaries and one grain carries every filter the report gives, the whole calendar months of the period come
from the summary in one query and the days of a part month at either end from the facts; otherwise all of
the period comes from the facts. Every figure module adds the two parts up the same way."""

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from django.db import connections, router
from django.db.models import BigIntegerField, Case, DateField, Model, Q, QuerySet, Sum, When
from django.db.models.functions import Cast
from django.utils import timezone

from linkwell.reports.filters import ReportFilters
from linkwell.reports.models import (
    GRAIN_COLUMNS,
    SUMMARY_SCOPE_COLUMNS,
    FactRefreshState,
    ReportSummary,
    SummaryGrain,
    summaries_kept,
)

FactModel = TypeVar("FactModel", bound=Model)
# Cheapest first: the grain with the fewest cells that carries the filters is read.
GRAIN_ORDER = (SummaryGrain.ALL, SummaryGrain.ICB, SummaryGrain.SCHEME, SummaryGrain.TEAM, SummaryGrain.PCN)
FUNNEL_AREA = "funnel"
# Summary reads kept per process (_cached_summary below).
RECENT_SUMMARY_READS = 8


@dataclass(frozen=True)
class Cell:
    n: int
    # s1 … s5 of reports.models.ReportSummary.
    sums: tuple[float, ...]


@dataclass
class SummaryTotals:
    """The summary's cells added up over the months read: area → (key, key2) → cell; the funnel by month
    (month → stage → referrals), as the table of referrals by month needs it."""

    cells: dict[str, dict[tuple[str, str], Cell]] = field(default_factory=dict)
    funnel_by_month: dict[dt.date, dict[str, int]] = field(default_factory=dict)

    def area(self, name: str) -> dict[tuple[str, str], Cell]:
        return self.cells.get(name, {})


@dataclass(frozen=True)
class ReportSources:
    """Where a report's figures come from: the summary totals of its months (empty when none are read), a
    filter for the facts to add (the days of a part month read from the facts; None when there are none),
    and one for the facts to take away (the days outside the period of a part month read from the summary)."""

    grain: SummaryGrain | None
    fact_filter: Q | None
    summary: SummaryTotals
    taken_away_filter: Q | None = None

    @property
    def path(self) -> str:
        if self.grain is None:
            return "facts"
        facts = self.fact_filter is not None or self.taken_away_filter is not None
        return f"summary ({self.grain.value})" + (" + facts" if facts else "")

    def fact_parts(self, model: type[FactModel]) -> list[tuple[QuerySet[FactModel], int]]:
        """The facts of `model` (ReferralFact or one carrying its filter columns) to read besides the summary,
        each with its sign: +1 to add to the summary's totals, -1 to take away from them."""
        parts = ((self.fact_filter, 1), (self.taken_away_filter, -1))
        return [(model._default_manager.filter(condition), sign) for condition, sign in parts if condition is not None]


def grain_for(filters: ReportFilters) -> SummaryGrain | None:
    """The cheapest grain carrying every filter column given; None when there is none (a practice, or a
    scheme with a PCN)."""
    given = {column for column, ids in filters.scope().items() if ids}
    return next((grain for grain in GRAIN_ORDER if given <= set(GRAIN_COLUMNS[grain])), None)


def _month_after(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def whole_months(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first days of the first and last calendar months lying wholly within [start, end], if any."""
    first = start if start.day == 1 else _month_after(start)
    after_end = end + dt.timedelta(days=1)
    last_end = after_end.replace(day=1)  # the first day after the last whole month
    if last_end <= first:
        return None
    return first, (last_end - dt.timedelta(days=1)).replace(day=1)


def report_sources(filters: ReportFilters, *, today: dt.date | None = None) -> ReportSources:
    """Plan the period's reads and read the summary part (one query, or the totals kept; none when the facts
    answer alone). A part month at either end is read from the facts for its days in the period, or, when
    fewer referrals lie on its other days, from the summary for the whole month less the facts of those
    days: "365 days to today" then reads a few days at each end instead of a month's worth."""
    grain = grain_for(filters) if summaries_kept(connections[router.db_for_read(ReportSummary)]) else None
    months = whole_months(filters.start, filters.end) if grain is not None else None
    if grain is None or months is None:
        return ReportSources(None, filters.fact_filter(), SummaryTotals())
    # Referral dates are UTC days, none after today's; the local day is never earlier.
    today = today or timezone.localdate()
    first, last = months
    day = dt.timedelta(days=1)
    # (the part month, its days in the period, its other days)
    part_months: list[tuple[dt.date, tuple[dt.date, dt.date], tuple[dt.date, dt.date]]] = []
    if filters.start < first:
        month = filters.start.replace(day=1)
        part_months.append((month, (filters.start, first - day), (month, filters.start - day)))
    if filters.end >= _month_after(last):
        month = filters.end.replace(day=1)
        part_months.append((month, (month, filters.end), (filters.end + day, _month_after(month) - day)))
    added: list[tuple[dt.date, dt.date]] = []
    taken_away: list[tuple[dt.date, dt.date]] = []
    for month, inside, outside in part_months:
        if _days_with_referrals(outside, today) < _days_with_referrals(inside, today):
            taken_away.append(outside)
            first, last = min(first, month), max(last, month)
        else:
            added.append(inside)
    return ReportSources(
        grain,
        filters.fact_filter(days=added) if added else None,
        _cached_summary(filters, grain, (first, last)),
        filters.fact_filter(days=taken_away) if taken_away else None,
    )


def _days_with_referrals(days: tuple[dt.date, dt.date], today: dt.date) -> int:
    """The days of the range on which referrals can have come in (none after today)."""
    return max(0, (min(days[1], today) - days[0]).days + 1)


def _cached_summary(filters: ReportFilters, grain: SummaryGrain, months: tuple[dt.date, dt.date]) -> SummaryTotals:
    """The summary totals, kept in this process until the next refresh: the summary changes only in a
    refresh, which moves the refresh stamp in the same transaction (every refresh moves it, whether or not
    anything changed; the scheduled one runs every five minutes). A page, its exports, the evaluation
    report and the commissioner view of one period read the same totals, which at 5M referrals took 100–170 ms
    to add up for a whole ICB's year (docs/performance.md). Kept as objects, not in Django's cache: unpickling
    those totals took 94 ms.

    The stamp is read before the summary: a refresh committing between the two reads leaves new totals
    under the old stamp, which no one asks for again; the other order could keep old totals under the new."""
    alias = router.db_for_read(ReportSummary)
    stamp = FactRefreshState.objects.using(alias).values_list("refreshed_through", flat=True).first()
    scope = tuple(filters.scope().items())
    if stamp is None:
        return _read_summary(alias, grain, months, scope)
    return _kept_summary(alias, stamp, grain, months, scope)


Scope = tuple[tuple[str, tuple[int, ...]], ...]


@lru_cache(maxsize=RECENT_SUMMARY_READS)
def _kept_summary(
    alias: str, stamp: dt.datetime, grain: SummaryGrain, months: tuple[dt.date, dt.date], scope: Scope
) -> SummaryTotals:
    """_read_summary(), kept under the refresh stamp too (a whole ICB's year is about 4 MB of objects)."""
    return _read_summary(alias, grain, months, scope)


def forget_summary_reads() -> None:
    """For tests and benchmarks: read the summary again."""
    _kept_summary.cache_clear()


def _read_summary(alias: str, grain: SummaryGrain, months: tuple[dt.date, dt.date], scope: Scope) -> SummaryTotals:
    ids = dict(scope)
    carried = GRAIN_COLUMNS[grain]
    # The columns a grain does not carry are empty in its cells; saying so lets the index be read by equality.
    conditions: dict[str, Any] = {
        f"{column}__isnull": True for column in SUMMARY_SCOPE_COLUMNS if column not in carried
    } | {f"{column}__in": ids[column] for column in carried if ids[column]}
    cells = (
        ReportSummary.objects.using(alias)
        .filter(grain=grain, month__range=months, **conditions)
        .annotate(bucket=Case(When(area=FUNNEL_AREA, then="month"), output_field=DateField()))
        .values_list("area", "key", "key2", "bucket")
        # The count's sum as a bigint, not PostgreSQL's numeric: psycopg would make each a Decimal.
        .annotate(
            n_sum=Cast(Sum("n"), BigIntegerField()),
            s1_sum=Sum("s1"),
            s2_sum=Sum("s2"),
            s3_sum=Sum("s3"),
            s4_sum=Sum("s4"),
            s5_sum=Sum("s5"),
        )
        .order_by()
    )
    # Thousands of rows: read as the driver gives them, without the ORM's conversions per value.
    sql, params = cells.query.sql_with_params()
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    totals = SummaryTotals()
    for area, key, key2, month, n, *sums in rows:
        if area == FUNNEL_AREA:
            totals.funnel_by_month.setdefault(month, {})[key] = n
        else:
            totals.cells.setdefault(area, {})[(key, key2)] = Cell(n, tuple(sums))
    return totals

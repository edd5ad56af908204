"""Where a report's figures are read from (docs/adr/0010-report-summaries.md): when the database keeps
summaries and one grain carries every filter the report gives, the whole calendar months of the period come
from the summary in one query and the days of a part month at either end from the facts; otherwise all of
the period comes from the facts. Every figure module adds the two parts up the same way."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connections, router
from django.db.models import Case, DateField, Model, Q, QuerySet, Sum, When

from linkwell.reports.filters import ReportFilters
from linkwell.reports.models import GRAIN_COLUMNS, SUMMARY_SCOPE_COLUMNS, ReportSummary, SummaryGrain, summaries_kept

FactModel = TypeVar("FactModel", bound=Model)
# Cheapest first: the grain with the fewest cells that carries the filters is read.
GRAIN_ORDER = (SummaryGrain.ALL, SummaryGrain.ICB, SummaryGrain.SCHEME, SummaryGrain.TEAM, SummaryGrain.PCN)
FUNNEL_AREA = "funnel"


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
    """Where a report's figures come from: the summary totals of its whole months (empty when none are read)
    and a filter for the facts of the rest (None when the summary covers the whole period)."""

    grain: SummaryGrain | None
    fact_filter: Q | None
    summary: SummaryTotals

    @property
    def path(self) -> str:
        if self.grain is None:
            return "facts"
        return f"summary ({self.grain.value})" + (" + facts" if self.fact_filter is not None else "")

    def facts(self, model: type[FactModel]) -> QuerySet[FactModel] | None:
        """The facts of `model` (ReferralFact or one carrying its filter columns) the summary leaves to read."""
        if self.fact_filter is None:
            return None
        return model._default_manager.filter(self.fact_filter)


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


def report_sources(filters: ReportFilters) -> ReportSources:
    """Plan the period's reads and read the summary part (one query; none when the facts answer alone)."""
    grain = grain_for(filters) if summaries_kept(connections[router.db_for_read(ReportSummary)]) else None
    months = whole_months(filters.start, filters.end) if grain is not None else None
    if grain is None or months is None:
        return ReportSources(None, filters.fact_filter(), SummaryTotals())
    first, last = months
    edges = [
        (start, end)
        for start, end in ((filters.start, first - dt.timedelta(days=1)), (_month_after(last), filters.end))
        if start <= end
    ]
    fact_filter = filters.fact_filter(days=edges) if edges else None
    return ReportSources(grain, fact_filter, _read_summary(filters, grain, months))


def _read_summary(filters: ReportFilters, grain: SummaryGrain, months: tuple[dt.date, dt.date]) -> SummaryTotals:
    scope = filters.scope()
    carried = GRAIN_COLUMNS[grain]
    # The columns a grain does not carry are empty in its cells; saying so lets the index be read by equality.
    conditions: dict[str, Any] = {
        f"{column}__isnull": True for column in SUMMARY_SCOPE_COLUMNS if column not in carried
    } | {f"{column}__in": scope[column] for column in carried if scope[column]}
    cells = (
        ReportSummary.objects.filter(grain=grain, month__range=months, **conditions)
        .annotate(bucket=Case(When(area=FUNNEL_AREA, then="month"), output_field=DateField()))
        .values_list("area", "key", "key2", "bucket")
        .annotate(Sum("n"), Sum("s1"), Sum("s2"), Sum("s3"), Sum("s4"), Sum("s5"))
        .order_by()
    )
    # Thousands of rows: read as the driver gives them, without the ORM's conversions per value.
    sql, params = cells.query.sql_with_params()
    with connections[cells.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    totals = SummaryTotals()
    for area, key, key2, month, n, *sums in rows:
        if area == FUNNEL_AREA:
            totals.funnel_by_month.setdefault(month, {})[key] = int(n)
        else:
            totals.cells.setdefault(area, {})[(key, key2)] = Cell(int(n), tuple(float(value) for value in sums))
    return totals

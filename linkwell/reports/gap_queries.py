"""The gap report's figures: unmet needs (a link worker found no suitable service) counted by why, over time,
by need, by area, by team and by the service that fell short. Counts only: no names, no notes, no rows about
one person. Each table comes out suppressed (reports.suppression), so the page and the exports never show a
count from 1 to 4, nor one that could be worked out from the totals.

Who sees which records: commissioners and directory editors look at provision across the whole area, so
they see every scheme's unmet needs (aggregated, suppressed); team leads see their own schemes' (through
reports.scope); administrators see everything."""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncQuarter

from linkwell.accounts.models import Team, User
from linkwell.accounts.permissions import has_permission, roles_of
from linkwell.accounts.roles import Permission, Role
from linkwell.directory.models import Service
from linkwell.outcomes.models import UnmetNeed, UnmetReason
from linkwell.referrals.needs import Need
from linkwell.reports.scope import ReportScope, report_scope
from linkwell.reports.suppression import suppress
from linkwell.reports.tables import Cell, Column, Table, table_by_key

MONTH, QUARTER = "month", "quarter"
NO_AREA = "Not known"
AREA_NOTE = (
    "Area is the postcode district of the person's address when the need was recorded. “Not known” covers "
    "people with no fixed abode or no postcode."
)
REASON_NOTE = "Each unmet need is counted once, under the one reason the link worker gave."
# Short headings for the reasons, in the order the form offers them.
REASON_HEADINGS = {
    UnmetReason.NONE_EXISTS: "No such service",
    UnmetReason.FULL: "Full",
    UnmetReason.TOO_FAR: "Too far",
    UnmetReason.COST: "Cost",
    UnmetReason.ACCESS: "Not accessible",
    UnmetReason.TIMING: "Wrong times",
}


def gap_scope(user: User | AnonymousUser) -> ReportScope | None:
    """The schemes whose unmet needs the user's gap report covers, or None when they may not see it."""
    if not isinstance(user, User) or not user.is_active:
        return None
    if has_permission(user, Permission.EDIT_DIRECTORY) or Role.COMMISSIONER in roles_of(user):
        return ReportScope(everything=True, scheme_ids=frozenset())
    return report_scope(user, Permission.VIEW_COMMISSIONER_REPORTS)


@dataclass(frozen=True)
class GapFilters:
    start: dt.date
    end: dt.date  # inclusive
    grouping: str = MONTH
    need: str = ""
    district: str = ""
    team_id: int | None = None


def unmet_in_scope(scope: ReportScope) -> QuerySet[UnmetNeed]:
    needs = UnmetNeed.objects.all()
    return needs if scope.everything else needs.filter(case__scheme_id__in=scope.scheme_ids)


def chosen(scope: ReportScope, filters: GapFilters) -> QuerySet[UnmetNeed]:
    condition = Q(recorded_on__gte=filters.start, recorded_on__lte=filters.end)
    if filters.need:
        condition &= Q(need=filters.need)
    if filters.district:
        condition &= Q(postcode_district="" if filters.district == NO_AREA else filters.district)
    if filters.team_id is not None:
        condition &= Q(case__team_id=filters.team_id)
    return unmet_in_scope(scope).filter(condition)


def districts_in(scope: ReportScope) -> list[str]:
    """The areas the scope's unmet needs come from, for the area filter; "Not known" last."""
    districts = set(unmet_in_scope(scope).values_list("postcode_district", flat=True).distinct())
    return sorted(district for district in districts if district) + ([NO_AREA] if "" in districts else [])


def _reason_columns(first: Column, reasons: Iterable[UnmetReason] = UnmetReason) -> list[Column]:
    keys = [reason.value for reason in reasons]
    return [
        first,
        *(Column(key, REASON_HEADINGS[UnmetReason(key)], is_count=True) for key in keys),
        Column("total", "Total", is_count=True, sum_of=tuple(keys)),
    ]


def _table(
    *,
    key: str,
    title: str,
    label: Column,
    labels: Sequence[tuple[object, str]],
    counts: dict[tuple[object, str], int],
    notes: list[str],
    reasons: Iterable[UnmetReason] = UnmetReason,
) -> Table:
    """One row per (value, label) in `labels`, a column per reason and a total, from counts keyed by
    (value, reason); then suppressed."""
    columns = _reason_columns(label, reasons)
    reason_keys = [column.key for column in columns[1:-1]]
    rows: list[list[Cell]] = []
    for value, text in labels:
        row_counts = [counts.get((value, reason), 0) for reason in reason_keys]
        rows.append([text, *row_counts, sum(row_counts)])
    total_row: list[Cell] = ["Total", *(sum(int(row[index] or 0) for row in rows) for index in range(1, len(columns)))]
    table = Table(
        key=key,
        title=title,
        columns=columns,
        rows=rows,
        total_row=total_row,
        notes=[REASON_NOTE, *notes],
        label_column=label.key,
    )
    return suppress(table)


def _counts_by(needs: QuerySet[UnmetNeed], field: str) -> dict[tuple[object, str], int]:
    return {
        (row[field], row["reason"]): row["n"]
        for row in needs.values(field, "reason").annotate(n=Count("id")).order_by()
    }


def _periods(filters: GapFilters) -> list[tuple[dt.date, str]]:
    """Every month (or quarter) the period touches, as (first day, label), so empty ones show as 0."""
    step = 3 if filters.grouping == QUARTER else 1
    first_month = (filters.start.month - 1) // step * step + 1
    current = dt.date(filters.start.year, first_month, 1)
    periods = []
    while current <= filters.end:
        label = f"{current:%B} to {_add_months(current, 2):%B %Y}" if step == 3 else f"{current:%B %Y}"
        periods.append((current, label))
        current = _add_months(current, step)
    return periods


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def over_time(needs: QuerySet[UnmetNeed], filters: GapFilters) -> Table:
    truncate: Callable[[str], TruncMonth | TruncQuarter] = TruncQuarter if filters.grouping == QUARTER else TruncMonth
    counts: dict[tuple[object, str], int] = defaultdict(int)
    for row in (
        needs.annotate(period=truncate("recorded_on")).values("period", "reason").annotate(n=Count("id")).order_by()
    ):
        period = row["period"]
        # SQLite returns the truncated date as a date, PostgreSQL may return a datetime.
        start = period.date() if isinstance(period, dt.datetime) else period
        counts[(start, row["reason"])] += row["n"]
    noun = "Quarter" if filters.grouping == QUARTER else "Month"
    return _table(
        key="over-time",
        title=f"Unmet needs by {noun.lower()} and reason",
        label=Column("period", noun),
        labels=_periods(filters),
        counts=counts,
        notes=["Counted by the date the unmet need was recorded."],
    )


def by_need(needs: QuerySet[UnmetNeed]) -> Table:
    counts = _counts_by(needs, "need")
    present = {value for value, _ in counts}
    return _table(
        key="by-need",
        title="Unmet needs by need and reason",
        label=Column("need", "Need"),
        labels=[(need.value, str(need.label)) for need in Need if need.value in present],
        counts=counts,
        notes=[],
    )


def by_area(needs: QuerySet[UnmetNeed]) -> Table:
    counts = _counts_by(needs, "postcode_district")
    present = {value for value, _ in counts}
    labels: list[tuple[object, str]] = [(district, str(district)) for district in sorted(present, key=str) if district]
    if "" in present:
        labels.append(("", NO_AREA))
    return _table(
        key="by-area",
        title="Unmet needs by area (postcode district) and reason",
        label=Column("area", "Area"),
        labels=labels,
        counts=counts,
        notes=[AREA_NOTE],
    )


def by_team(needs: QuerySet[UnmetNeed]) -> Table:
    counts = _counts_by(needs, "case__team_id")
    teams = Team.objects.filter(pk__in={value for value, _ in counts}).select_related("scheme").order_by("name")
    return _table(
        key="by-team",
        title="Unmet needs by team and reason",
        label=Column("team", "Team (scheme)"),
        labels=[(team.pk, f"{team.name} ({team.scheme.name})") for team in teams],
        counts=counts,
        notes=["The team whose link worker recorded the unmet need."],
    )


def by_service(needs: QuerySet[UnmetNeed]) -> Table:
    """The services link workers tried that fell short; 'No such service' has none, so it has no column."""
    counts = _counts_by(needs.filter(service__isnull=False), "service_id")
    services = (
        Service.objects.filter(pk__in={value for value, _ in counts}).select_related("organization").order_by("name")
    )
    return _table(
        key="by-service",
        title="Services that were full or out of reach",
        label=Column("service", "Service (organisation)"),
        labels=[(service.pk, f"{service.name} ({service.organization.name})") for service in services],
        counts=counts,
        notes=["Only unmet needs where the link worker named a service they tried."],
        reasons=[reason for reason in UnmetReason if reason != UnmetReason.NONE_EXISTS],
    )


@dataclass(frozen=True)
class GapFigures:
    tables: list[Table]

    def table(self, key: str) -> Table:
        return table_by_key(self.tables, key)


def gap_figures(scope: ReportScope, filters: GapFilters) -> GapFigures:
    needs = chosen(scope, filters)
    return GapFigures(
        tables=[over_time(needs, filters), by_need(needs), by_area(needs), by_team(needs), by_service(needs)]
    )

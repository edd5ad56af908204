"""`linkwell bench_reports`: how long the report pages' queries take, next to a DuckDB floor.

For each filter set it times, through the real code:
- the dashboard: `reports.figures.compute_figures()`, every query the page makes;
- the commissioner view: `reports.commissioner_figures.publishable_figures()`, the same figures with
  small-number suppression;
- the onward and outcome parts of the dashboard (`onward_tables`, `outcome_tables`), so that the rest, the
  referral counts and the summary read, can be set against the floor;
and says where the figures were read from: the monthly summary (and which grain), the facts, or both (the
summary for whole months, the facts for the days of a part month).

"Cold" is the first run on a new database connection (PostgreSQL: a new backend process, after
`DISCARD ALL`, so no cached plans or session state) with no summary reads kept in the process; the
operating system's and PostgreSQL's shared buffers are not dropped, which needs a server restart. "Warm" is
the next runs, reported as p50/p95: they find the summary totals kept by the first run (as a page's exports
and the commissioner view of the same period do); "read afresh" times them reading the summary every time.

The floor exports the report fact rows (and their reasons) to CSV, has DuckDB turn them into Parquet, and
times DuckDB computing the same fact aggregates (funnel, months, sources, reasons, age, gender, ethnicity,
deprivation, waits, discharge reasons, contacts per person, caseload) for the same filters.
"""

# The floor's SQL is built from fixed fragments and integer ids; dates are parameters.
# ruff: noqa: S608

import csv
import datetime as dt
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import duckdb
from django.db import connection, connections
from django.db.models import Count
from django.utils import timezone

from linkwell.reports.commissioner_figures import publishable_figures
from linkwell.reports.facts import changed_since, refresh_facts
from linkwell.reports.figures import compute_figures
from linkwell.reports.figures_onward import onward_tables
from linkwell.reports.figures_outcomes import outcome_tables
from linkwell.reports.filters import ReportFilters, last_full_months
from linkwell.reports.models import ReferralFact, ReferralFactNeed
from linkwell.reports.routers import report_reads
from linkwell.reports.summary_reads import forget_summary_reads, report_sources

FLOOR_COLUMNS = (
    "referral_id", "received_on", "received_month", "scheme_id", "team_id", "practice_id", "pcn_id", "icb_id",
    "source", "age_band", "stated_gender", "ethnic_category", "imd_decile", "days_to_first_contact",
    "contacts_made", "supported", "substantive", "case_status", "discharge_reason", "link_worker_id",
)  # fmt: skip
FILTER_COLUMNS = {
    "scheme_ids": "scheme_id",
    "team_ids": "team_id",
    "pcn_ids": "pcn_id",
    "practice_ids": "practice_id",
    "icb_ids": "icb_id",
}


@dataclass(frozen=True)
class FilterSet:
    name: str
    filters: ReportFilters


@dataclass
class Timing:
    cold: float
    warm: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.warm)

    @property
    def p95(self) -> float:
        ordered = sorted(self.warm)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@dataclass
class Result:
    filter_set: FilterSet
    referrals: int
    # Where the figures were read from: "facts", or "summary (grain)" with "+ facts" for part months.
    path: str
    dashboard: Timing
    # The dashboard with the summary read again every time, as the first view of a period after a refresh.
    dashboard_afresh: Timing
    commissioner: Timing
    onward: Timing
    outcomes: Timing
    floor: Timing
    floor_matches: bool

    @property
    def fact_part_p50(self) -> float:
        return max(0.0, self.dashboard.p50 - self.onward.p50 - self.outcomes.p50)


def _months_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _most_common(field: str, since: dt.date) -> int | None:
    row = (
        ReferralFact.objects.filter(received_on__gte=since, **{f"{field}__isnull": False})
        .values(field)
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return None if row is None else int(row[field])


def filter_sets(today: dt.date | None = None) -> list[FilterSet]:
    """Whole ICB for 12 months, the busiest scheme and PCN for 12 months, the busiest practice for 3 months,
    each up to today (so starting and ending part-way through a month); then the whole ICB and the busiest
    scheme for the last 12 full months, the dashboard's default period."""
    today = today or timezone.localdate()
    year_ago = today - dt.timedelta(days=365)
    quarter_ago = today - dt.timedelta(days=91)
    full_start, full_end = last_full_months(today)
    sets = []
    for name, field, start, end in (
        ("whole ICB, 12 months", "icb_id", year_ago, today),
        ("one scheme, 12 months", "scheme_id", year_ago, today),
        ("one PCN, 12 months", "pcn_id", year_ago, today),
        ("one practice, 3 months", "practice_id", quarter_ago, today),
        ("whole ICB, 12 full months", "icb_id", full_start, full_end),
        ("one scheme, 12 full months", "scheme_id", full_start, full_end),
    ):
        chosen = _most_common(field, start)
        if chosen is not None:
            sets.append(
                FilterSet(name, ReportFilters(start=start, end=end, **{field.replace("_id", "_ids"): (chosen,)}))
            )
    return sets


def _time_django(call: Callable[[], object], runs: int) -> Timing:
    """The first run on a new connection, then `runs` more on the same one."""
    for alias in connections:
        connections[alias].close()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DISCARD ALL")
    forget_summary_reads()
    began = time.perf_counter()
    with report_reads():
        call()
    cold = time.perf_counter() - began
    warm = []
    for _ in range(runs):
        began = time.perf_counter()
        with report_reads():
            call()
        warm.append(time.perf_counter() - began)
    return Timing(cold, warm)


# --- the DuckDB floor -------------------------------------------------------------------------------
def export_facts(directory: Path) -> tuple[Path, Path]:
    """The fact rows and their reasons as CSV files (PostgreSQL streams them with COPY)."""
    facts_csv, needs_csv = directory / "facts.csv", directory / "needs.csv"
    fact_table, need_table = ReferralFact._meta.db_table, ReferralFactNeed._meta.db_table
    fact_select = f"SELECT {', '.join(FLOOR_COLUMNS)} FROM {fact_table}"
    need_select = f"SELECT fact_id, need FROM {need_table}"
    with connection.cursor() as cursor:
        for select, path, header in (
            (fact_select, facts_csv, FLOOR_COLUMNS),
            (need_select, needs_csv, ("fact_id", "need")),
        ):
            if connection.vendor == "postgresql":
                with (
                    path.open("wb") as out,
                    cursor.cursor.copy(f"COPY ({select}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy,
                ):
                    for data in copy:
                        out.write(data)
            else:
                cursor.execute(select)
                with path.open("w", newline="", encoding="utf-8") as out:
                    writer = csv.writer(out)
                    writer.writerow(header)
                    while chunk := cursor.fetchmany(50_000):
                        writer.writerows(chunk)
    return facts_csv, needs_csv


def to_parquet(facts_csv: Path, needs_csv: Path, directory: Path) -> tuple[Path, Path]:
    facts_parquet, needs_parquet = directory / "facts.parquet", directory / "needs.parquet"
    with duckdb.connect() as duck:
        for source, target in ((facts_csv, facts_parquet), (needs_csv, needs_parquet)):
            duck.execute(
                f"COPY (SELECT * FROM read_csv('{source}', header = true, auto_detect = true))"
                f" TO '{target}' (FORMAT parquet)"
            )
    return facts_parquet, needs_parquet


def _floor_where(filters: ReportFilters) -> str:
    conditions = [f"received_on BETWEEN DATE '{filters.start.isoformat()}' AND DATE '{filters.end.isoformat()}'"]
    for attribute, column in FILTER_COLUMNS.items():
        ids = getattr(filters, attribute)
        if ids:
            conditions.append(f"{column} IN ({', '.join(str(int(i)) for i in ids)})")
    return " AND ".join(conditions)


def floor_figures(duck: duckdb.DuckDBPyConnection, facts: Path, needs: Path, filters: ReportFilters) -> dict[str, Any]:
    """The fact aggregates of the dashboard, in DuckDB over Parquet."""
    where = _floor_where(filters)
    scoped = f"(SELECT * FROM read_parquet('{facts}') WHERE {where})"
    figures: dict[str, Any] = {}
    figures["funnel"] = duck.execute(
        f"SELECT count(*), count(*) FILTER (WHERE supported), count(*) FILTER (WHERE substantive),"
        f" count(*) FILTER (WHERE case_status = 'discharged') FROM {scoped}"
    ).fetchall()
    for field in (
        "days_to_first_contact",
        "received_month",
        "source",
        "age_band",
        "stated_gender",
        "ethnic_category",
        "imd_decile",
    ):
        figures[field] = duck.execute(f"SELECT {field}, count(*) FROM {scoped} GROUP BY 1").fetchall()
    figures["discharge_reason"] = duck.execute(
        f"SELECT discharge_reason, count(*) FROM {scoped} WHERE case_status = 'discharged' GROUP BY 1"
    ).fetchall()
    figures["contacts_made"] = duck.execute(
        f"SELECT contacts_made, count(*) FROM {scoped} WHERE supported GROUP BY 1"
    ).fetchall()
    figures["caseload"] = duck.execute(
        f"SELECT link_worker_id, count(*) FROM {scoped} WHERE link_worker_id IS NOT NULL GROUP BY 1"
    ).fetchall()
    figures["reasons"] = duck.execute(
        f"SELECT n.need, count(*) FROM read_parquet('{needs}') n"
        f" JOIN {scoped} f ON f.referral_id = n.fact_id GROUP BY 1"
    ).fetchall()
    return figures


def _time_floor(facts: Path, needs: Path, filters: ReportFilters, runs: int) -> tuple[Timing, dict[str, Any]]:
    with duckdb.connect() as duck:
        began = time.perf_counter()
        figures = floor_figures(duck, facts, needs, filters)
        cold = time.perf_counter() - began
        warm = []
        for _ in range(runs):
            began = time.perf_counter()
            floor_figures(duck, facts, needs, filters)
            warm.append(time.perf_counter() - began)
    return Timing(cold, warm), figures


def floor_agrees(figures: dict[str, Any], filters: ReportFilters) -> bool:
    """The floor computes the same numbers as the dashboard: checked on the funnel and the reasons."""
    dashboard = compute_figures(filters)
    funnel = [row[1] for row in dashboard.table("funnel").rows]
    referred, supported, substantive, discharged = figures["funnel"][0]
    reasons_floor = Counter(dict(figures["reasons"]))
    reasons_page = sum(int(row[1] or 0) for row in dashboard.table("reasons").rows)
    return funnel == [referred, supported, substantive, discharged] and reasons_page == sum(reasons_floor.values())


def _figures_read_afresh(filters: ReportFilters) -> None:
    forget_summary_reads()
    compute_figures(filters)


def time_refresh(runs: int) -> Timing:
    """`refresh_facts()` when nothing has changed: what the scheduled `refresh_report_facts` pays."""
    return _time_django(refresh_facts, runs)


def time_change_check(runs: int) -> Timing:
    """The check a page view makes when its facts are over a minute old (`ensure_fresh_facts`): whether
    anything changed since the last refresh. Timed from a day ahead, so that it finds nothing and looks at
    every source, its slowest case (synthetic records are stamped up to the end of today, so from the last
    refresh it would stop at the first of them)."""
    return _time_django(partial(changed_since, timezone.now() + dt.timedelta(days=1)), runs)


def run(runs: int, report: Callable[[str], None]) -> list[Result]:
    sets = filter_sets()
    results = []
    with tempfile.TemporaryDirectory(prefix="linkwell-bench-reports-") as workdir:
        directory = Path(workdir)
        began = time.perf_counter()
        facts_csv, needs_csv = export_facts(directory)
        exported = time.perf_counter()
        facts, needs = to_parquet(facts_csv, needs_csv, directory)
        report(
            f"Exported {ReferralFact.objects.count():,} fact rows to CSV in {exported - began:.1f} s, "
            f"converted to Parquet in {time.perf_counter() - exported:.1f} s."
        )
        for filter_set in sets:
            filters = filter_set.filters
            report(f"Timing {filter_set.name} …")
            floor, floor_numbers = _time_floor(facts, needs, filters, runs)
            # The parts are timed from the summary totals already read, as the page passes them on.
            sources = report_sources(filters)
            results.append(
                Result(
                    filter_set=filter_set,
                    referrals=ReferralFact.objects.filter(filters.fact_filter()).count(),
                    path=sources.path,
                    dashboard=_time_django(partial(compute_figures, filters), runs),
                    dashboard_afresh=_time_django(partial(_figures_read_afresh, filters), runs),
                    commissioner=_time_django(partial(publishable_figures, filters), runs),
                    onward=_time_django(partial(onward_tables, sources), runs),
                    outcomes=_time_django(partial(outcome_tables, sources), runs),
                    floor=floor,
                    floor_matches=floor_agrees(floor_numbers, filters),
                )
            )
    return results

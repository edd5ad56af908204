"""The scheme's figures for a period (issue 6 §4) as report tables: what the dashboard shows, what the
commissioner view suppresses and the evaluation report prints. Each area adds up the monthly summary's whole
months and the facts of the rest (reports.summary_reads): referral figures (reports.figures_counts), onward
referrals, measures and healthcare use (reports.figures_onward, reports.figures_outcomes). A fixed number of
queries, however many referrals."""

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, router
from django.db.models import Count

from linkwell.accounts.models import User
from linkwell.casework.models import DischargeReason
from linkwell.people.models import EthnicCategory, StatedGender
from linkwell.referrals.models import ReferralSource
from linkwell.referrals.needs import Need
from linkwell.reports.fact_sql import table
from linkwell.reports.facts import AGE_BANDS
from linkwell.reports.figures_counts import referral_counts
from linkwell.reports.figures_onward import onward_tables
from linkwell.reports.figures_outcomes import outcome_tables
from linkwell.reports.filters import ReportFilters
from linkwell.reports.models import ReferralFactNeed
from linkwell.reports.routers import report_reads
from linkwell.reports.statistics import percentile_of_counts
from linkwell.reports.summary_reads import ReportSources, report_sources
from linkwell.reports.tables import Column, Table, table_by_key

# The NHS England guide: a full-time link worker supports 200 to 250 people a year.
CASELOAD_GUIDE = (200, 250)
NOT_KNOWN = "Not known"
COUNT = Column("count", "Referrals", is_count=True)


@dataclass(frozen=True)
class Headline:
    label: str
    value: int | float | None
    # How to show it: "count", "days".
    kind: str = "count"


@dataclass
class ReportFigures:
    filters: ReportFilters
    headlines: list[Headline]
    tables: list[Table]

    def table(self, key: str) -> Table:
        return table_by_key(self.tables, key)


def compute_figures(filters: ReportFilters) -> ReportFigures:
    """Every figure of the period; all reads go to the report replica when there is one."""
    with report_reads():
        return _figures(filters)


def _figures(filters: ReportFilters) -> ReportFigures:
    sources = report_sources(filters)
    counts = referral_counts(sources)
    funnel, by = counts.funnel, counts.by
    waits = by["waits"]
    median_wait = percentile_of_counts(waits, 0.5)
    p90_wait = percentile_of_counts(waits, 0.9)
    headlines = [
        Headline("Referred", funnel["referred"]),
        Headline("Supported (at least one contact)", funnel["supported"]),
        Headline("Substantive engagement", funnel["substantive"]),
        Headline("Discharged", funnel["discharged"]),
        Headline("Median wait to first contact", median_wait, kind="days"),
        Headline("90th percentile wait to first contact", p90_wait, kind="days"),
    ]
    tables = [
        _by_month(by["received_month"], filters),
        _grouped("by-source", "Referrals by source", "Source", by["source"], ReferralSource),
        _reasons(sources),
        _age_bands(by["age_band"]),
        _grouped("gender", "Stated gender", "Stated gender", by["stated_gender"], StatedGender),
        _grouped("ethnicity", "Ethnic category", "Ethnic category", by["ethnic_category"], EthnicCategory),
        _deprivation(by["imd_decile"]),
        _waiting(waits, median_wait, p90_wait),
        _funnel(funnel),
        _grouped("discharge-reasons", "Discharge reasons", "Reason", by["discharge_reason"], DischargeReason),
        _contacts_per_person(by["contacts"]),
        _caseload(by["link_worker"], filters),
        *onward_tables(sources),
        *outcome_tables(sources),
    ]
    return ReportFigures(filters=filters, headlines=headlines, tables=tables)


def _count_table(key: str, title: str, label: str, rows: Iterable[tuple[str, int]], notes: Iterable[str] = ()) -> Table:
    rows = list(rows)
    return Table(
        key=key,
        title=title,
        columns=[Column("label", label), COUNT],
        rows=[[name, count] for name, count in rows],
        total_row=["Total", sum(count for _, count in rows)],
        notes=list(notes),
        label_column="label",
    )


def _grouped(key: str, title: str, label: str, counts: dict[Any, int], choices: type[models.TextChoices]) -> Table:
    """Counts in the order of the choices, then anything not recorded as "Not known"."""
    rows = [(choice.label, counts[choice.value]) for choice in choices if counts.get(choice.value)]
    unknown = sum(count for value, count in counts.items() if value not in choices.values)
    if unknown:
        rows.append((NOT_KNOWN, unknown))
    return _count_table(key, title, label, rows)


def _by_month(counts: dict[Any, int], filters: ReportFilters) -> Table:
    month = filters.start.replace(day=1)
    rows = []
    while month <= filters.end:
        rows.append((month.strftime("%B %Y"), counts.get(month, 0)))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return _count_table("by-month", "Referrals by month", "Month", rows)


def _reasons(sources: ReportSources) -> Table:
    counts: Counter[str] = Counter({need: cell.n for (need, _), cell in sources.summary.area("reason").items()})
    for facts, sign in sources.fact_parts(ReferralFactNeed):
        for need, count in facts.values_list("need").annotate(count=Count("pk")).order_by():
            counts[need] += sign * count
    counts = +counts  # without the reasons left with none
    rows = sorted(
        ((Need(need).label if need in Need.values else need, count) for need, count in counts.items()),
        key=lambda row: (-row[1], row[0]),
    )
    table = _count_table(
        "reasons",
        "Reasons for referral",
        "Reason",
        rows,
        notes=["A referral may give several reasons, so the reasons add up to more than the referrals."],
    )
    table.total_row = None
    return table


def _age_bands(counts: dict[Any, int]) -> Table:
    rows = [(label, counts[label]) for _, label in AGE_BANDS if counts.get(label)]
    if counts.get(""):
        rows.append((NOT_KNOWN, counts[""]))
    return _count_table("age", "Age at referral", "Age band", rows)


def _deprivation(counts: dict[Any, int]) -> Table:
    rows = [(f"Decile {decile}", counts[decile]) for decile in range(1, 11) if counts.get(decile)]
    if counts.get(None):
        rows.append((NOT_KNOWN, counts[None]))
    return _count_table(
        "deprivation",
        "Deprivation (Index of Multiple Deprivation decile)",
        "Decile",
        rows,
        notes=[
            "Decile 1 is the most deprived tenth of areas in England, from the person's postcode. "
            "“Not known” counts postcodes that are missing or not in the loaded postcode file."
        ],
    )


def _waiting(waits: dict[Any, int], median_wait: float | None, p90_wait: float | None) -> Table:
    n = sum(waits.values())
    return Table(
        key="waiting",
        title="Wait from referral to first contact",
        columns=[
            Column("measure", "Measure"),
            Column("days", "Days", is_number=True, decimals=1, n_column="n"),
            Column("n", "Referrals with a first contact", is_count=True),
        ],
        rows=[["Median", median_wait, n], ["90th percentile", p90_wait, n]],
        notes=[
            "First contact is the earlier of the referral moving to “in contact” and the first contact that "
            "reached the person; days are whole calendar days (UTC). Referrals never contacted are left out "
            "and counted in n only when contacted. Percentiles by linear interpolation between ranks."
        ],
        label_column="measure",
    )


def _funnel(funnel: dict[str, int]) -> Table:
    referred = funnel["referred"]
    stages = [
        ("Referred", referred),
        ("Supported (at least one contact)", funnel["supported"]),
        ("Substantive engagement", funnel["substantive"]),
        ("Discharged", funnel["discharged"]),
    ]
    return Table(
        key="funnel",
        title="From referral to discharge",
        columns=[
            Column("stage", "Stage"),
            COUNT,
            Column("percent", "% of referred", is_number=True, decimals=0, derived_from=("count",)),
        ],
        rows=[[stage, count, 100 * count / referred if referred else None] for stage, count in stages],
        notes=[
            "Substantive engagement: a personal plan agreed, or at least the scheme's set number of contacts "
            "(3 unless the scheme chose otherwise). Each stage counts referrals received in the period, "
            "wherever they are now."
        ],
        label_column="stage",
    )


CONTACT_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (1, 1, "1"),
    (2, 2, "2"),
    (3, 3, "3"),
    (4, 5, "4 to 5"),
    (6, 10, "6 to 10"),
    (11, None, "11 or more"),
)


def _contacts_per_person(counts: dict[Any, int]) -> Table:
    rows = []
    for low, high, label in CONTACT_BANDS:
        rows.append(
            (label, sum(n for contacts, n in counts.items() if contacts >= low and (high is None or contacts <= high)))
        )
    median = percentile_of_counts(counts, 0.5)
    return _count_table(
        "contacts",
        "Contacts per person supported",
        "Contacts made",
        rows,
        notes=[
            "People with at least one contact that reached them; attempts that did not reach the person are "
            f"not counted. Median: {median if median is not None else 'none'}."
        ],
    )


def _worker_names(ids: Collection[int]) -> dict[int, str]:
    connection = connections[router.db_for_read(User)]
    if connection.vendor != "postgresql":
        return dict(User.objects.filter(pk__in=ids).values_list("pk", "full_name"))
    # One array parameter: a whole ICB has thousands of link workers, and an IN list of thousands of
    # placeholders took longer to write out and parse (60 ms at 4,400) than the read itself.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, full_name FROM {table(User)} WHERE id = ANY(%s)", [list(ids)])  # noqa: S608
        return dict(cursor.fetchall())


def _caseload(counts: dict[Any, int], filters: ReportFilters) -> Table:
    names = _worker_names(counts.keys())
    workers = sorted(((names.get(worker, ""), count) for worker, count in counts.items()), key=lambda row: row[0])
    per_year = 365 / filters.days
    low, high = CASELOAD_GUIDE
    return Table(
        key="caseload",
        title="Caseload per link worker",
        columns=[
            Column("worker", "Link worker"),
            Column("count", "People in the period", is_count=True),
            Column("per_year", "A year at this rate", is_number=True, decimals=0, derived_from=("count",)),
        ],
        rows=[[name, count, count * per_year] for name, count in workers],
        notes=[
            f"Referrals received in the period that each link worker holds (or held when the case closed), "
            f"scaled to a year. The NHS England guide is {low} to {high} people a year for a full-time "
            "link worker; part-time workers should be compared pro rata."
        ],
        label_column="worker",
    )

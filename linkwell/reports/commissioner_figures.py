"""The dashboard's figures made fit for people outside the scheme: aggregated only and suppressed.

Nothing here names a person or a link worker, and no free text is carried: the tables are those of
reports.figures (already counts, codes and organisation names), the caseload-per-worker table becomes the
distribution of workers' caseloads against the guide, and every table goes through small-number suppression.
Headline counts follow the same rule as the tables they summarise."""

from dataclasses import dataclass, replace

from linkwell.reports.figures import CASELOAD_GUIDE, Headline, ReportFigures, compute_figures
from linkwell.reports.filters import ReportFilters
from linkwell.reports.suppression import HIDDEN, SMALL_NUMBER, SMALLEST_SHOWN, suppress
from linkwell.reports.tables import TOTAL_ROW, Column, Table, table_by_key

REFERRED = "Referred"
CASELOAD_KEY = "caseload"
FUNNEL_KEY = "funnel"
WAITING_KEY = "waiting"
CONTACTS_KEY = "contacts"
MEDIAN_IN_NOTE = "Median:"


@dataclass(frozen=True)
class ShownHeadline:
    label: str
    # A number, or "<5" / "hidden" where it is suppressed, or None where there is none yet.
    value: int | float | str | None
    kind: str = "count"


@dataclass
class PublishedFigures:
    filters: ReportFilters
    headlines: list[ShownHeadline]
    tables: list[Table]

    def table(self, key: str) -> Table:
        return table_by_key(self.tables, key)


def publishable_figures(filters: ReportFilters) -> PublishedFigures:
    return publish(compute_figures(filters))


def publish(figures: ReportFigures) -> PublishedFigures:
    tables = [suppress(_without_people(table)) for table in figures.tables]
    referred = next((headline.value for headline in figures.headlines if headline.label == REFERRED), None)
    if _a_total_of_referrals_is_hidden(figures.tables, tables, referred):
        # The referrals in the period are the total of every breakdown of them (by month, source, age…);
        # where a breakdown had to hide its total to protect a "<5", printing it above would undo that.
        tables = [_without_referred(table) if table.key == FUNNEL_KEY else table for table in tables]
        headlines = [_hidden_if(headline, headline.label == REFERRED) for headline in figures.headlines]
    else:
        headlines = [_hidden_if(headline, False) for headline in figures.headlines]
    waiting_n = _first_count(figures, WAITING_KEY, "n")
    headlines = [
        ShownHeadline(headline.label, HIDDEN, headline.kind)
        if headline.kind == "days" and headline.value is not None and (waiting_n or 0) < SMALLEST_SHOWN
        else headline
        for headline in headlines
    ]
    return PublishedFigures(filters=figures.filters, headlines=headlines, tables=tables)


def _hidden_if(headline: Headline, hide: bool) -> ShownHeadline:
    value = headline.value
    if headline.kind == "count" and isinstance(value, int):
        if 1 <= value < SMALLEST_SHOWN:
            return ShownHeadline(headline.label, SMALL_NUMBER, headline.kind)
        if hide:
            return ShownHeadline(headline.label, HIDDEN, headline.kind)
    return ShownHeadline(headline.label, value, headline.kind)


def _first_count(figures: ReportFigures, table_key: str, column_key: str) -> int | None:
    try:
        table = figures.table(table_key)
    except KeyError:
        return None
    keys = [column.key for column in table.columns]
    if not table.rows or column_key not in keys:
        return None
    value = table.rows[0][keys.index(column_key)]
    return value if isinstance(value, int) else None


def _a_total_of_referrals_is_hidden(originals: list[Table], published: list[Table], referred: object) -> bool:
    for original, shown in zip(originals, published, strict=True):
        if original.total_row is None:
            continue
        for column, value in zip(original.columns, original.total_row, strict=True):
            if column.is_count and value == referred and (TOTAL_ROW, column.key) in shown.suppressed:
                return True
    return False


def _without_referred(funnel: Table) -> Table:
    """The funnel with its "Referred" count hidden, and the percentages of it, which would give it back."""
    keys = [column.key for column in funnel.columns]
    rows = [list(row) for row in funnel.rows]
    suppressed = set(funnel.suppressed)
    for index, row in enumerate(rows):
        for position, column in enumerate(funnel.columns):
            hide_count = index == 0 and column.is_count and row[position] != SMALL_NUMBER
            if hide_count or (column.is_number and row[position] is not None and not column.is_count):
                row[position] = HIDDEN
                suppressed.add((index, keys[position]))
    notes = [*funnel.notes, "The number referred is hidden here because a breakdown had to hide it."]
    return Table(
        key=funnel.key,
        title=funnel.title,
        columns=funnel.columns,
        rows=rows,
        total_row=funnel.total_row,
        notes=notes,
        label_column=funnel.label_column,
        suppressed=suppressed,
    )


def _without_people(table: Table) -> Table:
    if table.key == CASELOAD_KEY:
        return _caseload_distribution(table)
    if table.key == CONTACTS_KEY and _total_below_5(table):
        # Its note gives the median number of contacts, which over fewer than 5 people describes them.
        return replace(table, notes=[note for note in table.notes if MEDIAN_IN_NOTE not in note])
    return table


def _total_below_5(table: Table) -> bool:
    if table.total_row is None:
        return False
    totals = [value for column, value in zip(table.columns, table.total_row, strict=True) if column.is_count]
    return any(isinstance(value, int) and value < SMALLEST_SHOWN for value in totals)


def _caseload_distribution(per_worker: Table) -> Table:
    """How many link workers carry a caseload below, within and above the guide: never one row per worker."""
    low, high = CASELOAD_GUIDE
    keys = [column.key for column in per_worker.columns]
    yearly = [row[keys.index("per_year")] for row in per_worker.rows]
    bands = [
        (f"Under {low} a year", sum(1 for value in yearly if isinstance(value, int | float) and value < low)),
        (
            f"{low} to {high} a year",
            sum(1 for value in yearly if isinstance(value, int | float) and low <= value <= high),
        ),
        (f"Over {high} a year", sum(1 for value in yearly if isinstance(value, int | float) and value > high)),
    ]
    return Table(
        key=CASELOAD_KEY,
        title="Link workers' caseloads against the guide",
        columns=[Column("band", "Caseload at this period's rate"), Column("workers", "Link workers", is_count=True)],
        rows=[[label, count] for label, count in bands],
        total_row=["Total", sum(count for _, count in bands)],
        notes=[
            f"People each link worker holds from the referrals in the period, scaled to a year, against the "
            f"NHS England guide of {low} to {high} people a year for a full-time link worker. Shown as a "
            "distribution: no figure for any one worker."
        ],
        label_column="band",
    )

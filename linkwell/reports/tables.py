"""A report table as every report area shares it: the dashboard renders it, the commissioner view
suppresses it, exports write it. Keeping one shape means one renderer, one exporter and one suppressor."""

from collections.abc import Iterable
from dataclasses import dataclass, field

Cell = int | float | str | None

# The row index `Table.suppressed` uses for cells of `total_row`.
TOTAL_ROW = -1


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    # Counts of people or events: what small-number suppression applies to.
    is_count: bool = False
    # Any other number (median, mean, percentage, CI bound): shown with `decimals` places.
    is_number: bool = False
    decimals: int = 0
    # For suppression. A count column that is the sum, row by row, of these count columns (a "Total" column).
    sum_of: tuple[str, ...] = ()
    # A number worked out from these count columns of the same row (a percentage, a rate): hidden when any of
    # them is. A number column that names neither this nor `n_column` is treated as resting on every count
    # in its row, which is safe but hides more.
    derived_from: tuple[str, ...] = ()
    # A statistic (mean, median, CI bound) over the people counted in this column: hidden when n is below 5.
    n_column: str = ""


@dataclass
class Table:
    key: str  # a slug, unique within a report; names the CSV/XLSX file and the HTML id
    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    # The sum of each count column over the rows, when the rows partition a whole (None where not a sum).
    total_row: list[Cell] | None = None
    # Method notes shown under the table and written into exports ("Paired analysis: …; 95% CI by t").
    notes: list[str] = field(default_factory=list)
    # The column (key) whose values label each row, for charts and for screen readers.
    label_column: str = ""
    # Set by suppression: (row index, column key) pairs shown as "<5" or hidden to protect another cell.
    suppressed: set[tuple[int, str]] = field(default_factory=set)


def table_by_key(tables: Iterable[Table], key: str) -> Table:
    """The table named `key` (KeyError when there is none, which export views turn into a 404)."""
    for table in tables:
        if table.key == key:
            return table
    raise KeyError(key)

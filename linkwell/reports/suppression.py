"""Small-number suppression: what makes a report table safe to publish outside the team.

Primary suppression: a count from 1 to 4 is shown as "<5". A zero is shown as it is: it describes nobody, and
a group small enough for a zero to say something about its members ("none of the 3 people from X improved")
has a total of 1 to 4, which is itself suppressed.

Secondary suppression: a table also shows totals (the total row, and "Total" columns that are the sum of
others), and a reader who knows the rule knows every "<5" lies between 1 and 4. So we hide more cells until no
hidden number can be worked out exactly from what is shown:
1. In every line (a column with its total, or a row with its "Total" column) with exactly one hidden cell,
   hide the smallest other number in the line (or the line's total when there is none); repeat to a fixed
   point across rows and columns.
2. Then check as a reader would: every hidden count is given the range they know ("<5" is 1 to 4, any other
   hidden count is 5 or more, as only counts of 5 or more are chosen in step 1), and the ranges are narrowed
   through every sum the table shows until nothing changes (and each end of a range is tried, and dropped when
   the sums cannot then be met). A hidden number whose range has closed to one value could be worked out: we
   hide one more number in a line through it and go back to step 1.
Numbers derived from counts (percentages, rates) are hidden when a count they rest on is hidden; statistics
over people (means, medians, confidence intervals) are hidden when the number of people is under 5 or hidden.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from linkwell.reports.tables import TOTAL_ROW, Cell, Column, Table

SMALL_NUMBER = "<5"
HIDDEN = "hidden"
SMALLEST_SHOWN = 5

PRIMARY_NOTE = 'Numbers from 1 to 4 are shown as "<5", so nobody can be identified.'
SECONDARY_NOTE = 'Numbers shown as "hidden" are withheld so that a "<5" cannot be worked out from the totals.'
DERIVED_NOTE = (
    'Percentages, averages and confidence intervals are shown as "hidden" where they rest on fewer than 5 '
    "people or on a hidden number."
)

CellRef = tuple[int, str]


@dataclass(frozen=True)
class _Line:
    """Cells that add up to `total`: a column over the rows, or a row over the columns a total column sums."""

    members: tuple[CellRef, ...]
    total: CellRef


def suppress(table: Table) -> Table:
    """A copy of `table` safe to publish: small counts shown as "<5", other cells hidden where they would
    reveal one. The input is left untouched."""
    counts = _count_cells(table)
    primary = {ref for ref, value in counts.items() if 1 <= value < SMALLEST_SHOWN}
    lines = _lines(table, counts)
    hidden = _protect(counts, primary, lines)
    hidden |= _hidden_derived(table, counts, hidden)

    def shown(ref: CellRef, value: Cell) -> Cell:
        if ref in primary:
            return SMALL_NUMBER
        if ref in hidden:
            return HIDDEN
        return value

    rows = [
        [shown((index, column.key), value) for column, value in zip(table.columns, row, strict=True)]
        for index, row in enumerate(table.rows)
    ]
    total_row = (
        [shown((TOTAL_ROW, column.key), value) for column, value in zip(table.columns, table.total_row, strict=True)]
        if table.total_row is not None
        else None
    )
    notes = list(table.notes)
    if primary:
        notes.append(PRIMARY_NOTE)
    if (hidden - primary) & set(counts):
        notes.append(SECONDARY_NOTE)
    if hidden - set(counts):
        notes.append(DERIVED_NOTE)
    return replace(
        table, rows=rows, total_row=total_row, notes=notes, suppressed=set(table.suppressed) | primary | hidden
    )


def _cells(table: Table) -> Iterable[tuple[CellRef, Column, Cell]]:
    for index, row in enumerate(table.rows):
        for column, value in zip(table.columns, row, strict=True):
            yield (index, column.key), column, value
    if table.total_row is not None:
        for column, value in zip(table.columns, table.total_row, strict=True):
            yield (TOTAL_ROW, column.key), column, value


def _count_cells(table: Table) -> dict[CellRef, int]:
    """The count cells that hold a number (an empty cell is unknown, not zero, and is in no sum)."""
    return {
        ref: int(value)
        for ref, column, value in _cells(table)
        if column.is_count and isinstance(value, int | float) and not isinstance(value, bool)
    }


def _lines(table: Table, counts: dict[CellRef, int]) -> list[_Line]:
    lines = []
    row_indexes = [*range(len(table.rows)), TOTAL_ROW]
    for column in table.columns:
        total = (TOTAL_ROW, column.key)
        if column.is_count and total in counts:
            members = tuple((index, column.key) for index in range(len(table.rows)))
            lines.append(_Line(tuple(ref for ref in members if ref in counts), total))
        if column.sum_of:
            for index in row_indexes:
                if (index, column.key) in counts:
                    members = tuple((index, key) for key in column.sum_of if (index, key) in counts)
                    lines.append(_Line(members, (index, column.key)))
    # A total that is not the exact sum of its line (a person counted under two reasons) gives nothing away
    # exactly, so it constrains nothing here; every other cell is still protected by its own lines.
    return [line for line in lines if sum(counts[ref] for ref in line.members) == counts[line.total]]


def _protect(counts: dict[CellRef, int], primary: set[CellRef], lines: list[_Line]) -> set[CellRef]:
    """The hidden count cells: `primary` and enough others that none of them can be worked out."""
    hidden = set(primary)
    while True:
        _hide_lone_cells(counts, hidden, lines)
        exposed = _exposed_cells(counts, primary, hidden, lines)
        if not exposed:
            return hidden
        protector = _protector_for(exposed[0], counts, hidden, lines)
        if protector is None:
            # Nothing left to hide around it: only possible when every cell in its lines is hidden already,
            # which leaves no sum to work it out from; kept as a guard against looping for ever.
            return hidden
        hidden.add(protector)


def _hide_lone_cells(counts: dict[CellRef, int], hidden: set[CellRef], lines: list[_Line]) -> None:
    changed = True
    while changed:
        changed = False
        for line in lines:
            cells = (*line.members, line.total)
            if sum(ref in hidden for ref in cells) == 1:
                protector = _smallest_shown(line, counts, hidden)
                if protector is not None:
                    hidden.add(protector)
                    changed = True


def _smallest_shown(line: _Line, counts: dict[CellRef, int], hidden: set[CellRef]) -> CellRef | None:
    """The cell to hide next in `line`: its smallest shown member of 5 or more, else its total if shown."""
    candidates = [ref for ref in line.members if ref not in hidden and counts[ref] >= SMALLEST_SHOWN]
    if candidates:
        return min(candidates, key=lambda ref: (counts[ref], ref[0] == TOTAL_ROW, ref))
    if line.total not in hidden and counts[line.total] >= SMALLEST_SHOWN:
        return line.total
    return None


def _protector_for(
    exposed: CellRef, counts: dict[CellRef, int], hidden: set[CellRef], lines: list[_Line]
) -> CellRef | None:
    """The smallest shown cell in a line through `exposed`; when those lines are all hidden, in a line through
    their hidden cells, and so on outwards (a hidden total can be pinned by the line it is a member of)."""
    reached = {exposed}
    unused = list(lines)
    while unused:
        touching = [line for line in unused if reached & {*line.members, line.total}]
        if not touching:
            return None
        options = [ref for line in touching for ref in [_smallest_shown(line, counts, hidden)] if ref is not None]
        if options:
            return min(options, key=lambda ref: (counts[ref], ref[0] == TOTAL_ROW, ref))
        reached |= {ref for line in touching for ref in (*line.members, line.total)}
        unused = [line for line in unused if line not in touching]
    return None


Bounds = dict[CellRef, tuple[float, float]]


def reader_bounds(
    counts: dict[CellRef, int], primary: set[CellRef], hidden: set[CellRef], lines: list[_Line]
) -> Bounds | None:
    """What a reader can work out about each hidden count: a range, narrowed through every sum shown.
    None when the sums cannot be met at all (never for a real table; used when trying a range's ends)."""
    bounds: Bounds = {ref: (1, SMALLEST_SHOWN - 1) if ref in primary else (SMALLEST_SHOWN, math.inf) for ref in hidden}
    return _narrow(bounds, counts, lines)


def _narrow(bounds: Bounds, counts: dict[CellRef, int], lines: list[_Line]) -> Bounds | None:
    def low(ref: CellRef) -> float:
        return bounds[ref][0] if ref in bounds else counts[ref]

    def high(ref: CellRef) -> float:
        return bounds[ref][1] if ref in bounds else counts[ref]

    changed = True
    while changed:
        changed = False
        for line in lines:
            members_low = sum(low(ref) for ref in line.members)
            members_high = sum(high(ref) for ref in line.members)
            narrowed = {line.total: (max(low(line.total), members_low), min(high(line.total), members_high))}
            for ref in line.members:
                others_low = members_low - low(ref)
                others_high = members_high - high(ref)
                narrowed[ref] = (
                    max(low(ref), low(line.total) - others_high),
                    min(high(ref), high(line.total) - others_low),
                )
            for ref, (new_low, new_high) in narrowed.items():
                if ref not in bounds:
                    if new_low > new_high:
                        return None
                    continue
                if new_low > new_high:
                    return None
                if (new_low, new_high) != bounds[ref]:
                    bounds[ref] = (new_low, new_high)
                    changed = True
    return bounds


def _exposed_cells(
    counts: dict[CellRef, int], primary: set[CellRef], hidden: set[CellRef], lines: list[_Line]
) -> list[CellRef]:
    bounds = reader_bounds(counts, primary, hidden, lines)
    if bounds is None:
        raise ValueError("The table's totals do not add up, so it cannot be checked for disclosure.")
    _try_range_ends(bounds, counts, lines)
    return sorted(
        (ref for ref, (low, high) in bounds.items() if low == high),
        key=lambda ref: (counts[ref], ref[0] == TOTAL_ROW, ref),
    )


def _try_range_ends(bounds: Bounds, counts: dict[CellRef, int], lines: list[_Line]) -> None:
    """Narrow each finite range further by trying its ends: a value the sums cannot then meet is impossible.
    Sums alone leave some values open that the other cells' ranges rule out together."""
    changed = True
    while changed:
        changed = False
        for ref in sorted(bounds):
            low, high = bounds[ref]
            for end in (low, high):
                if math.isinf(end) or low == high:
                    continue
                trial = _narrow({**bounds, ref: (end, end)}, counts, lines)
                if trial is None:
                    low, high = (low + 1, high) if end == low else (low, high - 1)
                    bounds[ref] = (low, high)
                    narrowed = _narrow(bounds, counts, lines)
                    if narrowed is None:
                        raise ValueError("The table's totals do not add up, so it cannot be checked for disclosure.")
                    bounds.update(narrowed)
                    changed = True
                    break


def _hidden_derived(table: Table, counts: dict[CellRef, int], hidden: set[CellRef]) -> set[CellRef]:
    """The other numbers to hide: those derived from a hidden count, and statistics over fewer than 5."""
    count_keys = [column.key for column in table.columns if column.is_count]
    hidden_totals = {key for index, key in hidden if index == TOTAL_ROW}
    derived: set[CellRef] = set()
    for ref, column, value in _cells(table):
        if column.is_count or not column.is_number or value is None:
            continue
        index = ref[0]
        if column.n_column:
            n_ref = (index, column.n_column)
            if n_ref in hidden or n_ref not in counts or counts[n_ref] < SMALLEST_SHOWN:
                derived.add(ref)
            continue
        sources = column.derived_from or tuple(count_keys)
        # A share of a column's total would give the total away (total = count / share), so it goes too.
        if any((index, key) in hidden or key in hidden_totals for key in sources):
            derived.add(ref)
    return derived

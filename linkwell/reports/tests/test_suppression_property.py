"""The reader's attack on a suppressed table, tried on many random tables: knowing the rule ("<5" is 1 to 4,
any other hidden count is 5 or more) and every number and total shown, search for every hidden count's
possible values. Suppression works when no hidden count comes out at one value.

The search is exact (an integer search over the hidden cells, with the sums as constraints), and written apart
from the suppressor, so that a shortcut in one is not repeated in the other."""

import random
from collections.abc import Iterator

import pytest

from linkwell.reports.suppression import HIDDEN, SMALL_NUMBER, suppress
from linkwell.reports.tables import TOTAL_ROW, Cell, Column, Table

Ref = tuple[int, str]


def random_table(rng: random.Random) -> Table:
    """A table of counts with a total row and, half the time, a "Total" column summing the others; small
    numbers are common, as they are in a scheme's figures broken down by month or practice."""
    keys = [f"c{number}" for number in range(rng.randint(1, 4))]
    with_total_column = rng.random() < 0.5
    columns = [Column("label", "Group"), *(Column(key, key.upper(), is_count=True) for key in keys)]
    if with_total_column:
        columns.append(Column("total", "Total", is_count=True, sum_of=tuple(keys)))
    rows: list[list[Cell]] = []
    for index in range(rng.randint(1, 5)):
        values: list[int] = [rng.choice([0, 1, 2, 3, 4, rng.randint(5, 9), rng.randint(5, 30)]) for _ in keys]
        rows.append([f"Group {index}", *values, *([sum(values)] if with_total_column else [])])
    total_row: list[Cell] = ["Total"]
    total_row += [sum(int(row[position] or 0) for row in rows) for position in range(1, len(columns))]
    return Table("random", "Random", columns, rows, total_row=total_row, label_column="label")


def constraints_of(original: Table) -> list[tuple[list[Ref], Ref]]:
    """The sums a reader sees in the table: each column into its total, each row into its Total column."""
    keys = [column.key for column in original.columns if column.is_count and not column.sum_of]
    sums: list[tuple[list[Ref], Ref]] = []
    for column in original.columns:
        if column.is_count:
            sums.append(([(index, column.key) for index in range(len(original.rows))], (TOTAL_ROW, column.key)))
    if any(column.sum_of for column in original.columns):
        for index in [*range(len(original.rows)), TOTAL_ROW]:
            sums.append(([(index, key) for key in keys], (index, "total")))
    return sums


def shown_values(table: Table) -> dict[Ref, int | str]:
    cells: dict[Ref, int | str] = {}
    rows = [*enumerate(table.rows), *([(TOTAL_ROW, table.total_row)] if table.total_row else [])]
    for index, row in rows:
        for column, value in zip(table.columns, row, strict=True):
            if column.is_count:
                assert isinstance(value, int | str)
                cells[(index, column.key)] = value
    return cells


class Attack:
    """Every value each hidden cell could take, given what the published table shows."""

    def __init__(self, published: Table, sums: list[tuple[list[Ref], Ref]], ceiling: int) -> None:
        shown = shown_values(published)
        self.known = {ref: value for ref, value in shown.items() if isinstance(value, int)}
        self.domains = {
            ref: range(1, 5) if value == SMALL_NUMBER else range(5, ceiling + 1)
            for ref, value in shown.items()
            if isinstance(value, str)
        }
        assert set(shown.values()) - {SMALL_NUMBER, HIDDEN} <= {v for v in shown.values() if isinstance(v, int)}
        self.sums = sums

    def _consistent(self, assignment: dict[Ref, int]) -> bool:
        for members, total in self.sums:
            cells = [*members, total]
            values = {ref: self.known.get(ref, assignment.get(ref)) for ref in cells}
            open_refs = [ref for ref in cells if values[ref] is None]
            members_known = sum(values[ref] or 0 for ref in members)
            total_value = values[total]
            if not open_refs:
                if members_known != total_value:
                    return False
                continue
            # Bounds on what is still open must allow the sum.
            low = sum(self.domains[ref].start for ref in open_refs if ref in members)
            high = sum(self.domains[ref].stop - 1 for ref in open_refs if ref in members)
            if total_value is None:
                total_range = self.domains[total]
                if members_known + low > total_range.stop - 1 or members_known + high < total_range.start:
                    return False
                continue
            if not members_known + low <= total_value <= members_known + high:
                return False
        return True

    def solutions_exist(self, fixed: dict[Ref, int], excluded: tuple[Ref, int] | None = None) -> bool:
        order = sorted(self.domains, key=lambda ref: len(self.domains[ref]))

        def search(position: int, assignment: dict[Ref, int]) -> bool:
            if position == len(order):
                return True
            ref = order[position]
            values: Iterator[int] | list[int] = [fixed[ref]] if ref in fixed else iter(self.domains[ref])
            for value in values:
                if excluded is not None and excluded == (ref, value):
                    continue
                assignment[ref] = value
                if self._consistent(assignment) and search(position + 1, assignment):
                    return True
                del assignment[ref]
            return False

        return search(0, {})

    def pinned_cells(self, truth: dict[Ref, int]) -> list[Ref]:
        """The hidden cells whose true value is the only one the shown numbers allow."""
        assert self.solutions_exist({}), "the true values must be possible"
        return [ref for ref in self.domains if not self.solutions_exist({}, excluded=(ref, truth[ref]))]


@pytest.mark.parametrize("seed", range(5))
def test_no_hidden_count_in_a_random_table_can_be_worked_out(seed):
    rng = random.Random(20261122 + seed)
    tables_with_small_numbers = 0
    for _ in range(50):
        original = random_table(rng)
        published = suppress(original)
        truth = {ref: value for ref, value in shown_values(original).items() if isinstance(value, int)}
        # The reader is even told no count exceeds the largest by more than 5: a stronger reader, a faster search.
        ceiling = max(truth.values(), default=0) + 5
        attack = Attack(published, constraints_of(original), ceiling)
        if attack.domains:
            tables_with_small_numbers += 1
        assert attack.pinned_cells(truth) == [], (original, published)
        for ref, value in truth.items():
            shown = shown_values(published)[ref]
            assert shown == value or (shown == SMALL_NUMBER and 1 <= value <= 4) or (shown == HIDDEN and value >= 5)
    assert tables_with_small_numbers > 25


def test_the_attack_finds_a_small_number_left_next_to_its_total():
    """The attack itself can fail a table: a lone "<5" beside a shown total is found at once."""
    original = Table(
        "t",
        "T",
        [Column("label", "Group"), Column("n", "People", is_count=True)],
        [["A", 3], ["B", 12]],
        total_row=["Total", 15],
    )
    naive = Table(original.key, original.title, original.columns, [["A", SMALL_NUMBER], ["B", 12]], ["Total", 15])
    attack = Attack(naive, constraints_of(original), 40)
    assert attack.pinned_cells({(0, "n"): 3, (1, "n"): 12, (TOTAL_ROW, "n"): 15}) == [(0, "n")]


def test_the_attack_finds_two_small_numbers_whose_sum_gives_them_away():
    """Two "<5" with a shown sum of 2 can only be 1 and 1: hiding the pair is not enough by itself."""
    original = Table(
        "t",
        "T",
        [Column("label", "Group"), Column("n", "People", is_count=True)],
        [["A", 1], ["B", 1], ["C", 20]],
        total_row=["Total", 22],
    )
    naive = Table(
        original.key,
        original.title,
        original.columns,
        [["A", SMALL_NUMBER], ["B", SMALL_NUMBER], ["C", 20]],
        ["Total", 22],
    )
    attack = Attack(naive, constraints_of(original), 60)
    truth = {(0, "n"): 1, (1, "n"): 1, (2, "n"): 20, (TOTAL_ROW, "n"): 22}
    assert sorted(attack.pinned_cells(truth)) == [(0, "n"), (1, "n")]
    assert Attack(suppress(original), constraints_of(original), 60).pinned_cells(truth) == []

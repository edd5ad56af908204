import copy

from linkwell.reports.suppression import (
    DERIVED_NOTE,
    HIDDEN,
    PRIMARY_NOTE,
    SECONDARY_NOTE,
    SMALL_NUMBER,
    suppress,
)
from linkwell.reports.tables import TOTAL_ROW, Column, Table

LABEL = Column("label", "Group")
PEOPLE = Column("people", "People", is_count=True)


def one_column(values, total=None):
    return Table(
        "people",
        "People by group",
        [LABEL, PEOPLE],
        [[f"Group {index}", value] for index, value in enumerate(values)],
        total_row=["Total", sum(values) if total is None else total],
        label_column="label",
    )


def people_column(table):
    return [row[1] for row in table.rows]


def test_counts_from_1_to_4_are_shown_as_under_5_and_zero_and_5_are_shown():
    table = Table("t", "T", [LABEL, PEOPLE], [["A", 0], ["B", 1], ["C", 4], ["D", 5], ["E", 40]])

    published = suppress(table)

    assert people_column(published) == [0, SMALL_NUMBER, SMALL_NUMBER, 5, 40]
    assert published.suppressed == {(1, "people"), (2, "people")}
    assert published.notes == [PRIMARY_NOTE]


def test_the_table_given_is_left_untouched():
    table = one_column([3, 12, 20])
    before = copy.deepcopy(table)

    suppress(table)

    assert table == before


def test_a_table_without_small_numbers_comes_back_as_it_was():
    table = one_column([5, 12, 20])

    published = suppress(table)

    assert published.rows == table.rows
    assert published.total_row == table.total_row
    assert published.suppressed == set()
    assert published.notes == []


def test_a_lone_small_number_beside_a_total_takes_the_next_smallest_count_with_it():
    published = suppress(one_column([3, 20, 12, 40]))

    assert people_column(published) == [SMALL_NUMBER, 20, HIDDEN, 40]
    assert published.total_row == ["Total", 75]
    assert published.notes == [PRIMARY_NOTE, SECONDARY_NOTE]


def test_two_small_numbers_that_add_up_to_2_are_protected_by_a_third_cell():
    """With the total shown, "<5" and "<5" adding to 2 could only be 1 and 1."""
    published = suppress(one_column([1, 1, 20, 30]))

    assert people_column(published) == [SMALL_NUMBER, SMALL_NUMBER, HIDDEN, 30]


def test_two_small_numbers_that_add_up_to_8_are_protected_too():
    published = suppress(one_column([4, 4, 9, 30]))

    assert people_column(published) == [SMALL_NUMBER, SMALL_NUMBER, HIDDEN, 30]


def test_two_small_numbers_that_leave_doubt_need_no_more():
    published = suppress(one_column([2, 3, 9, 30]))

    assert people_column(published) == [SMALL_NUMBER, SMALL_NUMBER, 9, 30]


def test_a_total_from_1_to_4_is_itself_shown_as_under_5():
    published = suppress(one_column([0, 3, 0]))

    assert published.total_row == ["Total", SMALL_NUMBER]
    assert (TOTAL_ROW, "people") in published.suppressed


def test_when_only_small_numbers_make_up_a_total_that_gives_them_away_the_total_is_hidden():
    published = suppress(one_column([4, 4]))

    assert people_column(published) == [SMALL_NUMBER, SMALL_NUMBER]
    assert published.total_row == ["Total", HIDDEN]


def months_by_source(rows):
    gp = Column("gp", "GP", is_count=True)
    self_referral = Column("self", "Self", is_count=True)
    total = Column("total", "Total", is_count=True, sum_of=("gp", "self"))
    body = [[label, gp_count, self_count, gp_count + self_count] for label, gp_count, self_count in rows]
    total_row = ["Total", *(sum(row[position] for row in body) for position in (1, 2, 3))]
    return Table(
        "by-month", "Referrals by month", [LABEL, gp, self_referral, total], body, total_row, label_column="label"
    )


def test_protection_runs_across_rows_and_columns_until_nothing_changes():
    published = suppress(months_by_source([("Jan", 1, 30), ("Feb", 20, 25), ("Mar", 40, 50)]))

    # Jan's 1 is protected in its row (by Jan's self-referrals) and its column (by Feb's GP referrals); each of
    # those needs a partner in its other line, so Feb's self-referrals go too: a rectangle of four.
    assert published.rows[0][1:] == [SMALL_NUMBER, HIDDEN, 31]
    assert published.rows[1][1:] == [HIDDEN, HIDDEN, 45]
    assert published.rows[2][1:] == [40, 50, 90]
    assert published.total_row == ["Total", 61, 105, 166]


def test_a_rectangle_whose_corners_pin_each_other_is_widened():
    """1 and 4 on a diagonal, with 10s beside them: each sum allows only the true values, so more is hidden."""
    published = suppress(months_by_source([("Jan", 1, 10), ("Feb", 10, 4), ("Mar", 30, 30)]))

    hidden_counts = {ref for ref in published.suppressed if ref[1] != "label"}
    assert hidden_counts - {(0, "gp"), (0, "self"), (1, "gp"), (1, "self")}, published.rows


def test_percentages_from_a_hidden_count_are_hidden_and_others_stay():
    share = Column("share", "Share (%)", is_number=True, decimals=1, derived_from=("people",))
    table = Table(
        "t",
        "T",
        [LABEL, PEOPLE, share],
        [["A", 3, 5.0], ["B", 20, 33.3], ["C", 37, 61.7]],
        total_row=["Total", 60, 100.0],
    )

    published = suppress(table)

    assert published.rows == [["A", SMALL_NUMBER, HIDDEN], ["B", HIDDEN, HIDDEN], ["C", 37, 61.7]]
    assert published.total_row == ["Total", 60, 100.0]
    assert DERIVED_NOTE in published.notes


def test_statistics_over_fewer_than_5_people_or_a_hidden_number_are_hidden():
    n = Column("n", "People with both measures", is_count=True)
    mean = Column("mean", "Mean change", is_number=True, decimals=2, n_column="n")
    low = Column("low", "95% CI from", is_number=True, decimals=2, n_column="n")
    table = Table(
        "change",
        "Change",
        [LABEL, n, mean, low],
        [["Life satisfaction", 4, 1.5, 0.2], ["Anxiety", 0, None, None], ["Happiness", 12, 0.8, 0.1]],
    )

    published = suppress(table)

    assert published.rows == [
        ["Life satisfaction", SMALL_NUMBER, HIDDEN, HIDDEN],
        ["Anxiety", 0, None, None],
        ["Happiness", 12, 0.8, 0.1],
    ]


def test_a_number_column_that_names_no_source_is_hidden_when_any_count_in_its_row_is():
    median = Column("median", "Median days", is_number=True)
    table = Table("t", "T", [LABEL, PEOPLE, median], [["A", 2, 9.0], ["B", 30, 14.0]])

    published = suppress(table)

    assert published.rows == [["A", SMALL_NUMBER, HIDDEN], ["B", 30, 14.0]]


def test_a_total_that_is_not_the_sum_of_its_rows_constrains_nothing_and_breaks_nothing():
    """People may be referred for several reasons, so a "people" total can be less than the rows' sum."""
    published = suppress(one_column([3, 20, 12], total=30))

    assert people_column(published) == [SMALL_NUMBER, 20, 12]
    assert published.total_row == ["Total", 30]


def test_empty_cells_are_left_empty():
    published = suppress(Table("t", "T", [LABEL, PEOPLE], [["A", None], ["B", 2]]))

    assert people_column(published) == [None, SMALL_NUMBER]

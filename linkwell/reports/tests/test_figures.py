"""The dashboard's figures on a small scheme worked out by hand (reports.tests.builders.build_scheme)."""

import datetime as dt

import pytest

from linkwell.reports.figures import compute_figures
from linkwell.reports.filters import ReportFilters, last_full_months
from linkwell.reports.tables import Table
from linkwell.reports.tests.builders import PROVIDER_NAME, build_scheme

pytestmark = pytest.mark.django_db

FIRST_HALF = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))


@pytest.fixture
def figures():
    scheme = build_scheme()
    start, end = FIRST_HALF
    return compute_figures(ReportFilters(start=start, end=end, scheme_ids=(scheme.team.scheme_id,)))


def rows_by_label(table: Table) -> dict[object, dict[str, object]]:
    label = next(index for index, column in enumerate(table.columns) if column.key == table.label_column)
    return {
        row[label]: {column.key: value for column, value in zip(table.columns, row, strict=True)} for row in table.rows
    }


def test_the_funnel_counts_referred_supported_substantive_and_discharged(figures):
    funnel = rows_by_label(figures.table("funnel"))

    assert [funnel[stage]["count"] for stage in funnel] == [5, 3, 2, 1]
    assert funnel["Supported (at least one contact)"]["percent"] == pytest.approx(60)
    assert [headline.value for headline in figures.headlines[:4]] == [5, 3, 2, 1]


def test_the_wait_to_first_contact_has_its_median_and_90th_percentile(figures):
    waiting = rows_by_label(figures.table("waiting"))

    # Waits of 1, 2, 4 and 5 days: median 3; 90th percentile at rank 2.7, between 4 and 5.
    assert waiting["Median"]["days"] == pytest.approx(3.0)
    assert waiting["90th percentile"]["days"] == pytest.approx(4.7)
    assert waiting["Median"]["n"] == 4


def test_referrals_by_month_cover_every_month_of_the_period(figures):
    by_month = rows_by_label(figures.table("by-month"))

    assert by_month == {
        "January 2026": {"label": "January 2026", "count": 0},
        "February 2026": {"label": "February 2026", "count": 2},
        "March 2026": {"label": "March 2026", "count": 2},
        "April 2026": {"label": "April 2026", "count": 1},
        "May 2026": {"label": "May 2026", "count": 0},
        "June 2026": {"label": "June 2026", "count": 0},
    }
    assert figures.table("by-month").total_row == ["Total", 5]


def test_reasons_count_each_reason_given(figures):
    reasons = rows_by_label(figures.table("reasons"))

    assert {label: row["count"] for label, row in reasons.items()} == {
        "Feeling lonely": 4,
        "Debt": 4,
        "Housing problems": 1,
    }


def test_contacts_per_person_and_discharge_reasons(figures):
    contacts = rows_by_label(figures.table("contacts"))
    assert (contacts["1"]["count"], contacts["3"]["count"], contacts["2"]["count"]) == (2, 1, 0)
    assert rows_by_label(figures.table("discharge-reasons"))["Goals met"]["count"] == 1


def test_caseload_is_annualised_from_the_period(figures):
    caseload = rows_by_label(figures.table("caseload"))

    assert caseload["Wren Worker"]["count"] == 4
    assert caseload["Wren Worker"]["per_year"] == pytest.approx(4 * 365 / 181)


def test_onward_referrals_convert_by_provider_with_response_times(figures):
    provider = rows_by_label(figures.table("onward-by-provider"))[PROVIDER_NAME]
    assert (provider["sent"], provider["accepted"], provider["started"], provider["completed"]) == (2, 1, 1, 1)
    response = rows_by_label(figures.table("provider-response"))[PROVIDER_NAME]
    assert (response["median_days"], response["answered"]) == (pytest.approx(3.0), 2)


def test_wellbeing_change_is_paired_with_a_t_interval_and_leaves_out_withdrawn_consent(figures):
    table = figures.table("wellbeing-change")
    rows = rows_by_label(table)
    [ucla] = [row for label, row in rows.items() if "UCLA loneliness score" in str(label)]

    # Changes -3, 0, -2 (the fourth pair withdrew consent): mean -5/3, s² = 7/3, t(0.975, 2) = 4.3027.
    assert ucla["n"] == 3
    assert ucla["mean_change"] == pytest.approx(-5 / 3)
    assert ucla["ci_lower"] == pytest.approx(-5 / 3 - 4.3027 * (7 / 9) ** 0.5, abs=1e-3)
    assert ucla["ci_upper"] == pytest.approx(-5 / 3 + 4.3027 * (7 / 9) ** 0.5, abs=1e-3)
    assert ucla["improved"] == pytest.approx(200 / 3)
    assert ucla["better"] == "Lower"
    # The ONS4 baseline has no follow-up, so no ONS4 row.
    assert not [label for label in rows if "Life satisfaction" in str(label)]
    assert any("Paired analysis only" in note for note in table.notes)
    assert any("refused" in note and "withdrawn" in note for note in table.notes)


def test_healthcare_use_change_counts_only_people_with_both_counts(figures):
    gp = rows_by_label(figures.table("usage-change"))["GP appointments"]

    assert gp["n"] == 2
    assert (gp["before"], gp["after"], gp["change"]) == (pytest.approx(5), pytest.approx(3), pytest.approx(-40))
    lower, upper = gp["ci_lower"], gp["ci_upper"]
    assert isinstance(lower, float)
    assert isinstance(upper, float)
    assert lower < -40 < upper


def test_a_filter_on_the_scheme_leaves_other_schemes_out():
    scheme = build_scheme()
    start, end = FIRST_HALF

    everything = compute_figures(ReportFilters(start=start, end=end))
    other = compute_figures(
        ReportFilters(start=start, end=end, scheme_ids=(scheme.other_scheme_referral.team.scheme_id,))
    )

    assert everything.headlines[0].value == 6
    assert other.headlines[0].value == 1


def test_computing_the_figures_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    scheme = build_scheme()
    start, end = FIRST_HALF
    with django_assert_max_num_queries(20):
        compute_figures(ReportFilters(start=start, end=end, scheme_ids=(scheme.team.scheme_id,)))


def test_the_default_period_is_the_last_twelve_full_months():
    assert last_full_months(dt.date(2026, 11, 22)) == (dt.date(2025, 11, 1), dt.date(2026, 10, 31))
    assert last_full_months(dt.date(2026, 1, 5)) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))

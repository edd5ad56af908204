"""The report statistics against values computed independently (SciPy and NumPy, worked out once and
written here, since neither is a dependency of Linkwell)."""

import pytest

from linkwell.reports.statistics import (
    mean_with_interval,
    median,
    paired_ratio_of_means,
    percentile,
    percentile_of_counts,
    t_975,
)


@pytest.mark.parametrize(
    ("degrees_of_freedom", "expected"),
    [(1, 12.7062), (10, 2.2281), (30, 2.0423), (35, 2.0301), (45, 2.0141), (90, 1.9867), (200, 1.9719), (1000, 1.9623)],
)
def test_the_t_quantile_is_within_a_thousandth_of_the_exact_value(degrees_of_freedom, expected):
    assert t_975(degrees_of_freedom) == pytest.approx(expected, abs=0.001)


def test_a_t_quantile_needs_a_degree_of_freedom():
    with pytest.raises(ValueError, match="degree of freedom"):
        t_975(0)


def test_percentiles_interpolate_between_the_closest_ranks():
    assert percentile(list(range(1, 11)), 0.9) == pytest.approx(9.1)
    assert median(list(range(1, 11))) == pytest.approx(5.5)
    assert percentile([3, 1, 2, 10], 0.9) == pytest.approx(7.9)
    assert median([4]) == 4
    assert median([]) is None


def test_the_interval_of_a_mean_uses_t_with_n_minus_one_degrees_of_freedom():
    result = mean_with_interval([2, -1, 3, 0, 4, 1, 2])

    assert result is not None
    assert result.n == 7
    assert result.mean == pytest.approx(1.5714286)
    assert result.lower == pytest.approx(-0.0176871, abs=1e-4)
    assert result.upper == pytest.approx(3.1605442, abs=1e-4)


def test_one_value_has_a_mean_but_no_interval_and_none_has_neither():
    single = mean_with_interval([3])
    assert single is not None
    assert (single.mean, single.lower, single.upper) == (3, None, None)
    assert mean_with_interval([]) is None


def test_the_ratio_of_paired_means_has_a_delta_method_interval_on_the_log_scale():
    result = paired_ratio_of_means(before=[4, 6, 2, 8, 5], after=[2, 3, 1, 5, 2])

    assert result is not None
    assert result.ratio == pytest.approx(0.52)
    assert result.percent_change == pytest.approx(-48.0)
    assert result.lower == pytest.approx(0.4361588, abs=1e-6)
    assert result.upper == pytest.approx(0.6199577, abs=1e-6)
    interval = result.percent_change_interval
    assert interval is not None
    assert interval[0] == pytest.approx(-56.38412, abs=1e-4)


def test_a_ratio_is_undefined_without_any_use_before():
    assert paired_ratio_of_means(before=[0, 0], after=[1, 2]) is None
    assert paired_ratio_of_means(before=[], after=[]) is None


def test_paired_values_must_pair_up():
    with pytest.raises(ValueError, match="pairs"):
        paired_ratio_of_means(before=[1, 2], after=[1])


def test_percentiles_of_counted_values_match_percentiles_of_the_values_written_out():
    values = [0, 0, 1, 1, 1, 2, 5, 5, 9, 30, 30]
    counts = {value: values.count(value) for value in set(values)}

    for fraction in (0.1, 0.5, 0.9, 1.0):
        assert percentile_of_counts(counts, fraction) == pytest.approx(percentile(values, fraction))
    assert percentile_of_counts({}, 0.5) is None

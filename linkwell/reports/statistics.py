"""The statistics the reports need, written out so each method can be named in the method notes and
checked against published values (no scipy: a few dozen lines do not justify a large dependency).

- Percentiles by linear interpolation between the closest ranks (Hyndman and Fan type 7, the default of R,
  NumPy and spreadsheet PERCENTILE.INC).
- 95% confidence interval of a mean: mean ± t(0.975, n − 1) × s / √n, with t from Student's t table
  interpolated linearly in 1 / degrees of freedom (within 0.001 of the exact quantile).
- 95% confidence interval of a ratio of paired means (healthcare use after / before): the delta method,
  normal approximation, on the log of the ratio, so the interval stays positive and is not symmetric.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Two-sided 95% critical values of Student's t by degrees of freedom (standard tables, 4 decimals).
T_975: dict[int, float] = {
    1: 12.7062,
    2: 4.3027,
    3: 3.1824,
    4: 2.7764,
    5: 2.5706,
    6: 2.4469,
    7: 2.3646,
    8: 2.3060,
    9: 2.2622,
    10: 2.2281,
    11: 2.2010,
    12: 2.1788,
    13: 2.1604,
    14: 2.1448,
    15: 2.1314,
    16: 2.1199,
    17: 2.1098,
    18: 2.1009,
    19: 2.0930,
    20: 2.0860,
    21: 2.0796,
    22: 2.0739,
    23: 2.0687,
    24: 2.0639,
    25: 2.0595,
    26: 2.0555,
    27: 2.0518,
    28: 2.0484,
    29: 2.0452,
    30: 2.0423,
    40: 2.0211,
    60: 2.0003,
    120: 1.9799,
}
Z_975 = 1.959964


def t_975(degrees_of_freedom: int) -> float:
    """The 97.5th percentile of Student's t: the multiplier of a two-sided 95% interval."""
    if degrees_of_freedom < 1:
        raise ValueError("A t quantile needs at least one degree of freedom")
    if degrees_of_freedom in T_975:
        return T_975[degrees_of_freedom]
    known = sorted(T_975)
    # Beyond the table, interpolate towards the normal value (1/df = 0).
    lower = max(df for df in known if df < degrees_of_freedom)
    upper = min((df for df in known if df > degrees_of_freedom), default=None)
    upper_inverse, upper_value = (1 / upper, T_975[upper]) if upper else (0.0, Z_975)
    lower_inverse, lower_value = 1 / lower, T_975[lower]
    share = (1 / degrees_of_freedom - upper_inverse) / (lower_inverse - upper_inverse)
    return upper_value + share * (lower_value - upper_value)


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The `fraction` (0–1) percentile, by linear interpolation between the closest ranks; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def median(values: Sequence[float]) -> float | None:
    return percentile(values, 0.5)


@dataclass(frozen=True)
class MeanWithInterval:
    n: int
    mean: float
    # None when there are too few values for an interval (fewer than two).
    lower: float | None
    upper: float | None


def mean_with_interval(values: Sequence[float]) -> MeanWithInterval | None:
    """The mean and its 95% t interval; None for no values."""
    return mean_with_interval_of_sums(len(values), math.fsum(values), math.fsum(value * value for value in values))


def mean_with_interval_of_sums(n: int, total: float, total_of_squares: float) -> MeanWithInterval | None:
    """`mean_with_interval` from the count, sum and sum of squares of the values, as a database adds them up."""
    if n == 0:
        return None
    centre = total / n
    if n < 2:
        return MeanWithInterval(n=1, mean=centre, lower=None, upper=None)
    variance = max(total_of_squares - total * total / n, 0.0) / (n - 1)
    half_width = t_975(n - 1) * math.sqrt(variance / n)
    return MeanWithInterval(n=n, mean=centre, lower=centre - half_width, upper=centre + half_width)


@dataclass(frozen=True)
class RatioWithInterval:
    n: int
    before_mean: float
    after_mean: float
    ratio: float
    lower: float | None
    upper: float | None

    @property
    def percent_change(self) -> float:
        return (self.ratio - 1) * 100

    @property
    def percent_change_interval(self) -> tuple[float, float] | None:
        if self.lower is None or self.upper is None:
            return None
        return (self.lower - 1) * 100, (self.upper - 1) * 100


@dataclass(frozen=True)
class PairedSums:
    """What a database adds up over paired values (before b, after a) for `paired_ratio_of_sums`."""

    n: int
    before: float
    after: float
    before_squares: float
    after_squares: float
    products: float


def paired_ratio_of_means(before: Sequence[float], after: Sequence[float]) -> RatioWithInterval | None:
    """after-mean / before-mean over the same people, with a 95% interval (see `paired_ratio_of_sums`)."""
    if len(before) != len(after):
        raise ValueError("Paired values come in pairs")
    return paired_ratio_of_sums(
        PairedSums(
            n=len(before),
            before=math.fsum(before),
            after=math.fsum(after),
            before_squares=math.fsum(value * value for value in before),
            after_squares=math.fsum(value * value for value in after),
            products=math.fsum(b * a for b, a in zip(before, after, strict=True)),
        )
    )


def paired_ratio_of_sums(sums: PairedSums) -> RatioWithInterval | None:
    """after-mean / before-mean over the same people, with a 95% interval by the delta method on the log
    ratio: Var(log R) ≈ (s²ₐ/ā² + s²ᵦ/b̄² − 2·sₐᵦ/(ā·b̄)) / n. None when there is nothing to compare (no
    people, or no use at all before or after, when the ratio or its logarithm is undefined)."""
    n = sums.n
    if n == 0:
        return None
    before_mean, after_mean = sums.before / n, sums.after / n
    if before_mean == 0 or after_mean == 0:
        return None
    ratio = after_mean / before_mean
    if n < 2:
        return RatioWithInterval(n, before_mean, after_mean, ratio, None, None)
    after_variance = (sums.after_squares - sums.after * after_mean) / (n - 1)
    before_variance = (sums.before_squares - sums.before * before_mean) / (n - 1)
    covariance = (sums.products - sums.before * after_mean) / (n - 1)
    log_variance = (
        after_variance / after_mean**2 + before_variance / before_mean**2 - 2 * covariance / (after_mean * before_mean)
    ) / n
    half_width = Z_975 * math.sqrt(max(log_variance, 0.0))
    return RatioWithInterval(
        n, before_mean, after_mean, ratio, ratio * math.exp(-half_width), ratio * math.exp(half_width)
    )


def percentile_of_counts(counts: Mapping[int, int], fraction: float) -> float | None:
    """`percentile` over values given as value → how many times it occurs, as the database counts them, so
    a median over millions of rows needs only the few hundred distinct values."""
    ordered = sorted((value, count) for value, count in counts.items() if count > 0)
    total = sum(count for _, count in ordered)
    if total == 0:
        return None
    position = (total - 1) * fraction
    below_rank = math.floor(position)

    def value_at(rank: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if rank < seen:
                return value
        return ordered[-1][0]

    below = value_at(below_rank)
    above = value_at(min(below_rank + 1, total - 1))
    return below + (above - below) * (position - below_rank)

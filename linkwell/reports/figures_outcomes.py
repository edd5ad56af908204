"""What changed for the people a report covers: wellbeing measures and healthcare use, before and after,
analysed in pairs only (the same person at baseline and at follow-up), never comparing different groups of
people. People whose newest decision on evaluation consent is "refused" or "withdrawn" have no pairs in the
facts (reports.facts_areas leaves them out when it writes them). The summary's whole months and the facts
of the rest are added up (counts, sums, sums of squares and products; reports.summary_reads) and the
statistics are worked out from those sums: no query of its own, or two when the facts are read."""

from dataclasses import astuple

from django.db.models import Count, F, Q, Sum

from linkwell.outcomes.instrument_types import ScoreKey
from linkwell.outcomes.instruments import all_instruments
from linkwell.outcomes.models import USAGE_COUNT_FIELDS
from linkwell.reports.models import OutcomeFact, UsageFact
from linkwell.reports.statistics import PairedSums, mean_with_interval_of_sums, paired_ratio_of_sums
from linkwell.reports.summary_reads import ReportSources
from linkwell.reports.tables import Cell, Column, Table

CONSENT_NOTE = (
    "People whose latest decision on the use of their information for evaluation is “refused” or "
    "“withdrawn” are left out, as the decisions stood when the figures were last brought up to date."
)
USAGE_LABELS = {
    "gp_appointments": "GP appointments",
    "prescriptions": "Prescriptions",
    "ae_attendances": "A&E attendances",
    "outpatient_appointments": "Outpatient appointments",
    "social_care_contacts": "Social care contacts",
}


# The keys of `_measure_sums`' values, in the order of the summary's sums.
MEASURE_SUMS = ("total", "squares", "improved")


def outcome_tables(sources: ReportSources) -> list[Table]:
    return [_measure_change(_measure_sums(sources)), _usage_change(_usage_sums(sources))]


def _measure_sums(sources: ReportSources) -> dict[tuple[str, str], dict[str, float]]:
    """(instrument, score key) → n, the sum of the changes (follow-up minus baseline), of their squares, and
    how many improved meaningfully."""
    sums: dict[tuple[str, str], dict[str, float]] = {}
    for (instrument, score_key), cell in sources.summary.area("outcome").items():
        sums[(instrument, score_key)] = {"n": cell.n, **dict(zip(MEASURE_SUMS, cell.sums, strict=False))}
    change = F("follow_up") - F("baseline")
    for facts, sign in sources.fact_parts(OutcomeFact):
        rows = (
            facts.values("instrument", "score_key")
            .annotate(
                n=Count("pk"),
                total=Sum(change),
                squares=Sum(change * change),
                improved=Count("pk", filter=Q(improved_meaningfully=True)),
            )
            .order_by()
        )
        for row in rows:
            found = sums.setdefault((row["instrument"], row["score_key"]), dict.fromkeys(("n", *MEASURE_SUMS), 0.0))
            for name in ("n", *MEASURE_SUMS):
                found[name] += sign * row[name]
    # Scores left with no pairs once a part month's other days are taken away.
    return {score: values for score, values in sums.items() if values["n"]}


def _measure_row(instrument_name: str, score_key: ScoreKey, sums: dict[str, float] | None) -> list[Cell] | None:
    if sums is None:
        return None
    summary = mean_with_interval_of_sums(int(sums["n"]), float(sums["total"]), float(sums["squares"]))
    if summary is None:
        return None
    percent_improved = 100 * sums["improved"] / summary.n if score_key.meaningful_change is not None else None
    return [
        f"{instrument_name}: {score_key.label}",
        "Higher" if score_key.higher_is_better else "Lower",
        summary.n,
        summary.mean,
        summary.lower,
        summary.upper,
        percent_improved,
    ]


def _measure_change(sums: dict[tuple[str, str], dict[str, float]]) -> Table:
    rows: list[list[Cell]] = []
    thresholds: list[str] = []
    for instrument in all_instruments():
        for score_key in instrument.score_keys:
            if not score_key.paired or score_key.categories:
                continue
            row = _measure_row(instrument.name, score_key, sums.get((instrument.id, score_key.key)))
            if row is not None:
                rows.append(row)
                if score_key.meaningful_change is not None:
                    thresholds.append(
                        f"{score_key.label}: {score_key.meaningful_change:g} points "
                        f"({score_key.meaningful_change_note})"
                    )
    return Table(
        key="wellbeing-change",
        title="Change in wellbeing measures",
        columns=[
            Column("measure", "Measure"),
            Column("better", "Better when"),
            Column("n", "People (paired)", is_count=True),
            Column("mean_change", "Mean change", is_number=True, decimals=2, n_column="n"),
            Column("ci_lower", "95% CI lower", is_number=True, decimals=2, n_column="n"),
            Column("ci_upper", "95% CI upper", is_number=True, decimals=2, n_column="n"),
            Column("improved", "% improved meaningfully", is_number=True, decimals=0, n_column="n"),
        ],
        rows=rows,
        notes=[
            "Paired analysis only: each person's first baseline against their latest review or discharge "
            "measure of the same instrument in the same episode of support; people with only one are left out. "
            "Mean change is follow-up minus baseline, in the measure's points.",
            "95% confidence interval of the mean change by Student's t with n − 1 degrees of freedom; none "
            "when n is 1.",
            "Improved meaningfully: changed in the better direction by at least the threshold. "
            + ("Thresholds: " + "; ".join(thresholds) + "." if thresholds else ""),
            CONSENT_NOTE,
        ],
        label_column="measure",
    )


def _usage_sums(sources: ReportSources) -> dict[str, PairedSums]:
    """Measure → the sums over the people with both counts (each person's pair is in the facts once)."""
    sums = {measure: PairedSums(cell.n, *cell.sums) for (measure, _), cell in sources.summary.area("usage").items()}
    baseline, follow_up = F("baseline"), F("follow_up")
    for facts, sign in sources.fact_parts(UsageFact):
        rows = (
            facts.values_list("measure")
            .annotate(
                n=Count("pk"),
                before=Sum(baseline),
                after=Sum(follow_up),
                before_squares=Sum(baseline * baseline),
                after_squares=Sum(follow_up * follow_up),
                products=Sum(baseline * follow_up),
            )
            .order_by()
        )
        for measure, n, *totals in rows:
            from_facts = PairedSums(n, *(float(total) for total in totals))
            sums[measure] = _added(sums.get(measure, NO_PAIRS), from_facts, sign)
    # Measures left with no pairs once a part month's other days are taken away.
    return {measure: paired for measure, paired in sums.items() if paired.n}


NO_PAIRS = PairedSums(0, 0.0, 0.0, 0.0, 0.0, 0.0)


def _added(one: PairedSums, other: PairedSums, sign: int) -> PairedSums:
    return PairedSums(*(a + sign * b for a, b in zip(astuple(one), astuple(other), strict=True)))


def _usage_change(sums: dict[str, PairedSums]) -> Table:
    """Per measure, over the people with both a baseline and a follow-up count of it: the change in mean use."""
    rows: list[list[Cell]] = []
    for field in USAGE_COUNT_FIELDS:
        measure = sums.get(field)
        result = paired_ratio_of_sums(measure) if measure else None
        interval = result.percent_change_interval if result else None
        rows.append(
            [
                USAGE_LABELS[field],
                measure.n if measure else 0,
                result.before_mean if result else None,
                result.after_mean if result else None,
                result.percent_change if result else None,
                interval[0] if interval else None,
                interval[1] if interval else None,
            ]
        )
    return Table(
        key="usage-change",
        title="Change in use of health and care services",
        columns=[
            Column("measure", "Service"),
            Column("n", "People (paired)", is_count=True),
            Column("before", "Mean before (6 months)", is_number=True, decimals=2, n_column="n"),
            Column("after", "Mean after (6 months)", is_number=True, decimals=2, n_column="n"),
            Column("change", "% change", is_number=True, decimals=0, n_column="n"),
            Column("ci_lower", "95% CI lower (%)", is_number=True, decimals=0, n_column="n"),
            Column("ci_upper", "95% CI upper (%)", is_number=True, decimals=0, n_column="n"),
        ],
        rows=rows,
        notes=[
            "Paired analysis only: for each service, the people with a count both for the 6 months before "
            "support (their earliest baseline) and for a later 6 months (their latest follow-up); an unknown "
            "count is left out, never taken as none.",
            "% change is the ratio of the mean after to the mean before, minus 1. 95% confidence interval by "
            "the delta method on the log of the ratio (normal approximation); none when there is no use "
            "before or after, or n is 1.",
            CONSENT_NOTE,
        ],
        label_column="measure",
    )

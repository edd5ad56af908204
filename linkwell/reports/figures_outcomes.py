"""What changed for the people a report covers: wellbeing measures and healthcare use, before and after,
analysed in pairs only (the same person at baseline and at follow-up), never comparing different groups of
people. People whose current decision on evaluation consent is "refused" or "withdrawn" are left out.
Read from the measure and usage tables (small next to the referrals): four queries."""

import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from linkwell.casework.models import Case
from linkwell.outcomes.instrument_types import ScoreKey
from linkwell.outcomes.instruments import all_instruments
from linkwell.outcomes.models import USAGE_COUNT_FIELDS, MeasureResponse, Timepoint, UsageRecord, UsageTimepoint
from linkwell.people.models import Consent, ConsentDecision, ConsentPurpose
from linkwell.reports.filters import ReportFilters
from linkwell.reports.models import ReferralFact
from linkwell.reports.statistics import mean_with_interval, paired_ratio_of_means
from linkwell.reports.tables import Cell, Column, Table

CONSENT_NOTE = (
    "People whose current decision on the use of their information for evaluation is “refused” or "
    "“withdrawn” are left out."
)
FOLLOW_UP_TIMEPOINTS = (Timepoint.REVIEW, Timepoint.DISCHARGE)
USAGE_LABELS = {
    "gp_appointments": "GP appointments",
    "prescriptions": "Prescriptions",
    "ae_attendances": "A&E attendances",
    "outpatient_appointments": "Outpatient appointments",
    "social_care_contacts": "Social care contacts",
}


def outcome_tables(filters: ReportFilters) -> list[Table]:
    cases = Case.objects.filter(
        referral_id__in=ReferralFact.objects.filter(filters.fact_filter()).values("referral_id")
    )
    excluded = _refused_evaluation(cases)
    return [_measure_change(cases, excluded), _usage_change(cases, excluded)]


def _refused_evaluation(cases: QuerySet[Case]) -> set[uuid.UUID]:
    """People whose newest evaluation-consent decision is not "given" (no decision at all does not exclude:
    evaluation of anonymised figures is the scheme's lawful basis unless the person objects)."""
    newest: dict[uuid.UUID, str] = {}
    decisions = (
        Consent.objects.filter(purpose=ConsentPurpose.EVALUATION, person_id__in=cases.values("person_id"))
        .order_by("person_id", "-decided_at")
        .values_list("person_id", "decision")
    )
    for person_id, decision in decisions:
        newest.setdefault(person_id, decision)
    return {
        person_id
        for person_id, decision in newest.items()
        if decision in (ConsentDecision.REFUSED, ConsentDecision.WITHDRAWN)
    }


@dataclass
class _Pair:
    baseline: MeasureResponse | None = None
    follow_up: MeasureResponse | None = None


Paired = tuple[MeasureResponse, MeasureResponse]


def _pairs(cases: QuerySet[Case], excluded: set[uuid.UUID]) -> dict[str, list[Paired]]:
    """Instrument id → one pair per case: the first baseline, and the latest review or discharge after it."""
    pairs: dict[tuple[uuid.UUID, str], _Pair] = defaultdict(_Pair)
    responses = (
        MeasureResponse.objects.filter(case__in=cases)
        .exclude(case__person_id__in=excluded)
        .only("case_id", "instrument", "timepoint", "completed_on", "scores")
        .order_by("completed_on", "recorded_at")
    )
    for response in responses:
        pair = pairs[(response.case_id, response.instrument)]
        if response.timepoint == Timepoint.BASELINE:
            pair.baseline = pair.baseline or response
        elif response.timepoint in FOLLOW_UP_TIMEPOINTS:
            pair.follow_up = response
    by_instrument: dict[str, list[Paired]] = defaultdict(list)
    for (_, instrument), pair in pairs.items():
        if (
            pair.baseline is not None
            and pair.follow_up is not None
            and pair.follow_up.completed_on >= pair.baseline.completed_on
        ):
            by_instrument[instrument].append((pair.baseline, pair.follow_up))
    return by_instrument


def _measure_row(instrument_name: str, score_key: ScoreKey, pairs: list[Paired]) -> list[Cell] | None:
    changes: list[float] = []
    improved = 0
    for baseline, follow_up in pairs:
        before = baseline.scores.get(score_key.key)
        after = follow_up.scores.get(score_key.key)
        if not isinstance(before, int | float) or not isinstance(after, int | float):
            continue
        changes.append(float(after) - float(before))
        improved += score_key.is_meaningful_improvement(before, after)
    summary = mean_with_interval(changes)
    if summary is None:
        return None
    percent_improved = 100 * improved / summary.n if score_key.meaningful_change is not None else None
    return [
        f"{instrument_name}: {score_key.label}",
        "Higher" if score_key.higher_is_better else "Lower",
        summary.n,
        summary.mean,
        summary.lower,
        summary.upper,
        percent_improved,
    ]


def _measure_change(cases: QuerySet[Case], excluded: set[uuid.UUID]) -> Table:
    pairs = _pairs(cases, excluded)
    rows: list[list[Cell]] = []
    thresholds: list[str] = []
    for instrument in all_instruments():
        for score_key in instrument.score_keys:
            if not score_key.paired or score_key.categories:
                continue
            row = _measure_row(instrument.name, score_key, pairs.get(instrument.id, []))
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


def _usage_change(cases: QuerySet[Case], excluded: set[uuid.UUID]) -> Table:
    """Per measure, over the people with both a baseline and a follow-up count of it: the change in mean use."""
    earliest_baseline: dict[uuid.UUID, UsageRecord] = {}
    latest_follow_up: dict[uuid.UUID, UsageRecord] = {}
    records = (
        UsageRecord.objects.filter(person_id__in=cases.values("person_id"))
        .exclude(person_id__in=excluded)
        .order_by("period_end", "recorded_at")
    )
    for record in records:
        if record.timepoint == UsageTimepoint.BASELINE:
            earliest_baseline.setdefault(record.person_id, record)
        else:
            latest_follow_up[record.person_id] = record
    rows: list[list[Cell]] = []
    for field in USAGE_COUNT_FIELDS:
        before: list[float] = []
        after: list[float] = []
        for person_id, baseline in earliest_baseline.items():
            follow_up = latest_follow_up.get(person_id)
            if follow_up is None or follow_up.period_end <= baseline.period_end:
                continue
            was, now = getattr(baseline, field), getattr(follow_up, field)
            if was is not None and now is not None:
                before.append(was)
                after.append(now)
        result = paired_ratio_of_means(before, after)
        interval = result.percent_change_interval if result else None
        rows.append(
            [
                USAGE_LABELS[field],
                len(before),
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

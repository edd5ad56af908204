"""The facts of the smaller report areas, derived from the referral facts with set-based SQL, so a report
aggregates them with a plain GROUP BY over its filter columns (docs/adr/0009-report-data.md):

- `OutcomeFact`: per case, instrument and numeric score, the first baseline and the latest review or
  discharge on or after it, and whether the change is a meaningful improvement;
- `UsageFact`: per person and healthcare-use count, their earliest baseline and latest later follow-up,
  under the person's earliest referral that has a case, so a person counts once wherever the report looks;
- `OnwardFact`: per onward referral, its status now and the days the provider took to answer.

Outcome and usage pairs are not written for people whose newest evaluation-consent decision is "refused" or
"withdrawn": the reports leave them out, and the monthly summaries could not leave them out when read.

Each is written after the referral facts (they give the filter columns), for every referral in a rebuild or
the queued ones in a refresh: their old rows are deleted and the new ones inserted. A refresh queues every
referral of a person together (reports.facts), so a person's usage pair moves with the attribution."""

# The SQL is assembled from table names in model metadata and fixed fragments; every value is a parameter.
# ruff: noqa: S608

from typing import Any

from linkwell.casework.models import Case, OnwardReferral
from linkwell.outcomes.instruments import all_instruments
from linkwell.outcomes.models import USAGE_COUNT_FIELDS, MeasureResponse, Timepoint, UsageRecord, UsageTimepoint
from linkwell.people.models import Consent, ConsentDecision, ConsentPurpose
from linkwell.referrals.models import Referral
from linkwell.reports.fact_sql import Dialect, table
from linkwell.reports.models import FactRefreshQueue, OnwardFact, OutcomeFact, ReferralFact, UsageFact

SCOPE_COLUMNS = ("referral_id", "received_on", "scheme_id", "team_id", "practice_id", "pcn_id", "icb_id")
AREA_FACTS = (OutcomeFact, UsageFact, OnwardFact)


def _scope(alias: str) -> str:
    return ", ".join(f"{alias}.{column}" for column in SCOPE_COLUMNS)


def _queued(alias: str, only_queued: bool) -> str:
    return f"AND {alias}.referral_id IN (SELECT referral_id FROM {table(FactRefreshQueue)})" if only_queued else ""


def _queued_cases(only_queued: bool) -> str:
    """Keeps a refresh's ranking of measures to the queued referrals' cases, not every measure there is."""
    if not only_queued:
        return ""
    return (
        f"AND case_id IN (SELECT id FROM {table(Case)}"
        f" WHERE referral_id IN (SELECT referral_id FROM {table(FactRefreshQueue)}))"
    )


def _queued_people(only_queued: bool) -> str:
    if not only_queued:
        return ""
    return (
        f"AND person_id IN (SELECT person_id FROM {table(Referral)}"
        f" WHERE id IN (SELECT referral_id FROM {table(FactRefreshQueue)}))"
    )


def _evaluation_refused(person: str) -> tuple[str, list[Any]]:
    """Whether the person's newest evaluation-consent decision is "refused" or "withdrawn" (no decision at
    all does not exclude: evaluation of anonymised figures is the scheme's lawful basis unless the person
    objects). Index probes on (person, purpose, decided_at)."""
    consents = table(Consent)
    sql = (
        f"EXISTS (SELECT 1 FROM {consents} cx WHERE cx.person_id = {person} AND cx.purpose = %s"
        " AND cx.decision IN (%s, %s)"
        f" AND NOT EXISTS (SELECT 1 FROM {consents} cy WHERE cy.person_id = cx.person_id"
        " AND cy.purpose = cx.purpose AND cy.decided_at > cx.decided_at))"
    )
    return sql, [ConsentPurpose.EVALUATION.value, ConsentDecision.REFUSED.value, ConsentDecision.WITHDRAWN.value]


def _score_keys() -> tuple[str, list[Any]]:
    """A derived table of the paired numeric scores of every instrument: instrument, score key, the sign
    that makes a better change positive, and the meaningful-change threshold (NULL for none)."""
    rows: list[str] = []
    params: list[Any] = []
    for instrument in all_instruments():
        for score_key in instrument.score_keys:
            if score_key.paired and not score_key.categories:
                rows.append("SELECT %s AS instrument, %s AS score_key, %s AS sign, %s AS threshold")
                params += [
                    instrument.id,
                    score_key.key,
                    1 if score_key.higher_is_better else -1,
                    score_key.meaningful_change,
                ]
    return " UNION ALL ".join(rows), params


def outcome_sql(dialect: Dialect, *, only_queued: bool) -> tuple[str, list[Any]]:
    score_keys, params = _score_keys()
    refused, refused_params = _evaluation_refused("x.person_id")
    before = dialect.json_number("b.scores", "k.score_key")
    after = dialect.json_number("u.scores", "k.score_key")
    measures = table(MeasureResponse)
    follow_ups = ", ".join(["%s"] * 2)
    sql = f"""
        INSERT INTO {table(OutcomeFact)}
            ({", ".join(SCOPE_COLUMNS)}, case_id, person_id, instrument, score_key, baseline, follow_up,
             improved_meaningfully)
        SELECT {_scope("x")}, x.case_id, x.person_id, x.instrument, x.score_key, x.baseline, x.follow_up,
            (x.threshold IS NOT NULL AND x.sign * (x.follow_up - x.baseline) >= x.threshold)
        FROM (
            SELECT {_scope("f")}, f.case_id, c.person_id, b.instrument, k.score_key, k.sign, k.threshold,
                {before} AS baseline, {after} AS follow_up
            FROM {table(ReferralFact)} f
            JOIN {table(Case)} c ON c.id = f.case_id
            JOIN {measures} b ON b.case_id = c.id AND b.timepoint = %s
            JOIN (
                SELECT case_id, instrument, completed_on, scores, ROW_NUMBER() OVER (
                    PARTITION BY case_id, instrument ORDER BY completed_on DESC, recorded_at DESC
                ) AS newest
                FROM {measures} WHERE timepoint IN ({follow_ups}) {_queued_cases(only_queued)}
            ) u ON u.case_id = c.id AND u.instrument = b.instrument AND u.newest = 1
                AND u.completed_on >= b.completed_on
            JOIN ({score_keys}) k ON k.instrument = b.instrument
            WHERE 1 = 1 {_queued("f", only_queued)}
        ) x
        WHERE x.baseline IS NOT NULL AND x.follow_up IS NOT NULL AND NOT {refused}
        ORDER BY x.received_on
    """
    # The baseline is one per case and instrument (a database constraint), so it needs no ranking.
    return sql, [Timepoint.BASELINE.value, Timepoint.REVIEW.value, Timepoint.DISCHARGE.value, *params, *refused_params]


def usage_sql(*, only_queued: bool) -> tuple[str, list[Any]]:
    records = table(UsageRecord)
    counts = ", ".join(USAGE_COUNT_FIELDS)
    measures = " UNION ALL ".join(["SELECT %s AS measure"] * len(USAGE_COUNT_FIELDS))

    def chosen(alias: str) -> str:
        branches = " ".join(f"WHEN '{field}' THEN {alias}.{field}" for field in USAGE_COUNT_FIELDS)
        return f"CASE k.measure {branches} END"

    refused, refused_params = _evaluation_refused("x.person_id")
    # Each person's earliest referral with a case carries their pair: ranked over the person's referrals,
    # all of which a refresh queues together.
    sql = f"""
        INSERT INTO {table(UsageFact)} ({", ".join(SCOPE_COLUMNS)}, person_id, measure, baseline, follow_up)
        SELECT {_scope("x")}, x.person_id, x.measure, x.baseline, x.follow_up
        FROM (
            SELECT {_scope("a")}, a.person_id, k.measure, {chosen("b")} AS baseline, {chosen("u")} AS follow_up
            FROM (
                SELECT {_scope("f")}, c.person_id, ROW_NUMBER() OVER (
                    PARTITION BY c.person_id ORDER BY r.received_at, r.id
                ) AS nth
                FROM {table(ReferralFact)} f
                JOIN {table(Case)} c ON c.id = f.case_id
                JOIN {table(Referral)} r ON r.id = f.referral_id
                WHERE 1 = 1 {_queued("f", only_queued)}
            ) a
            JOIN (
                SELECT person_id, period_end, {counts}, ROW_NUMBER() OVER (
                    PARTITION BY person_id ORDER BY period_end, recorded_at
                ) AS nth
                FROM {records} WHERE timepoint = %s {_queued_people(only_queued)}
            ) b ON b.person_id = a.person_id AND b.nth = 1
            JOIN (
                SELECT person_id, period_end, {counts}, ROW_NUMBER() OVER (
                    PARTITION BY person_id ORDER BY period_end DESC, recorded_at DESC
                ) AS nth
                FROM {records} WHERE timepoint <> %s {_queued_people(only_queued)}
            ) u ON u.person_id = a.person_id AND u.nth = 1 AND u.period_end > b.period_end
            CROSS JOIN ({measures}) k
            WHERE a.nth = 1
        ) x
        WHERE x.baseline IS NOT NULL AND x.follow_up IS NOT NULL AND NOT {refused}
        ORDER BY x.received_on
    """
    return sql, [UsageTimepoint.BASELINE.value, UsageTimepoint.BASELINE.value, *USAGE_COUNT_FIELDS, *refused_params]


def onward_sql(dialect: Dialect, *, only_queued: bool) -> tuple[str, list[Any]]:
    days = dialect.days_between_times("o.first_response_at", "o.sent_at")
    sql = f"""
        INSERT INTO {table(OnwardFact)}
            ({", ".join(SCOPE_COLUMNS)}, onward_referral_id, service_id, status, days_to_answer)
        SELECT {_scope("f")}, o.id, o.service_id, o.status, {days}
        FROM {table(ReferralFact)} f
        JOIN {table(OnwardReferral)} o ON o.case_id = f.case_id
        WHERE 1 = 1 {_queued("f", only_queued)}
        ORDER BY f.received_on
    """
    return sql, []


def write_area_facts(cursor: Any, dialect: Dialect, *, only_queued: bool) -> None:
    """Replace the area facts of every referral (or of the queued ones) from the referral facts just written."""
    for model in AREA_FACTS:
        if only_queued:
            cursor.execute(
                f"DELETE FROM {table(model)} WHERE referral_id IN (SELECT referral_id FROM {table(FactRefreshQueue)})"
            )
        else:
            cursor.execute(f"DELETE FROM {table(model)}")
    for sql, params in (
        outcome_sql(dialect, only_queued=only_queued),
        usage_sql(only_queued=only_queued),
        onward_sql(dialect, only_queued=only_queued),
    ):
        cursor.execute(sql, params)

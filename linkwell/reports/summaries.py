"""Keeping the monthly report summaries (reports.models.ReportSummary) in step with the report facts, with
set-based SQL only (docs/adr/0010-report-summaries.md).

Every fact row contributes to a few cells: a referral fact to its funnel stages and to one value of each
counted dimension, a reason to its need, an onward referral to its (service, status) and, once answered, to
its (service, tenth of a day) bin, a paired outcome or healthcare-use count to its sums. Each contribution
goes to every grain at once (`GROUPING SETS`), under the month the referral came in.

- `rebuild_summaries()` writes every cell from every fact, after `rebuild_facts()`.
- `record_old_contributions()`, before the queued referrals' facts are replaced, notes what they contribute,
  negated, in reports.models.SummaryDelta; `apply_new_contributions()`, after, adds what they contribute
  now, nets the two, and applies only what changed to the cells of every grain, with upserts. So the cost
  follows the referrals touched (read through the facts' referral indexes), not the size of the cells, and a
  referral touched without a change to its figures writes nothing. Cells whose count falls to 0 are deleted.

Integer counts stay exact. The float sums (outcome changes, healthcare use) can carry rounding after many
deltas; a rebuild starts them afresh. PostgreSQL 15 or later only: elsewhere there is no summary table and the
reports read the facts (`reports.models.summaries_kept`)."""

# The SQL is assembled from table names in model metadata and fixed fragments; every value is a parameter.
# ruff: noqa: S608

from typing import Any

from linkwell.reports.fact_sql import table
from linkwell.reports.figures_counts import DIMENSIONS, FUNNEL
from linkwell.reports.models import (
    GRAIN_COLUMNS,
    SUMMARY_CELL,
    SUMMARY_SCOPE_COLUMNS,
    FactRefreshQueue,
    OnwardFact,
    OutcomeFact,
    ReferralFact,
    ReferralFactNeed,
    ReportSummary,
    SummaryDelta,
    UsageFact,
)

# A contribution before it is given a grain (as SummaryDelta keeps it), and a cell of the summary.
PLACE_COLUMNS = (*SUMMARY_SCOPE_COLUMNS, "month", "area", "key", "key2")
CELL_COLUMNS = ("grain", *PLACE_COLUMNS)
SUMS = ("n", "s1", "s2", "s3", "s4", "s5")
# How a provider's answer time is binned, here and on the facts path (reports.figures_onward.ANSWER_TENTHS):
# to the nearest tenth of a day.
ANSWER_TENTHS_SQL = "CAST(FLOOR(x.days_to_answer * 10 + 0.5) AS bigint)"
OUT_OF_STEP = "The report summaries are out of step with the facts: run `linkwell refresh_report_facts --rebuild`."


class SummaryOutOfStep(Exception):
    """The summaries lack a cell the facts say they hold: something changed the facts without them."""


def _month(alias: str) -> str:
    return f"CAST(date_trunc('month', {alias}.received_on) AS date)"


def _scope(alias: str) -> str:
    return ", ".join(f"{alias}.{column}" for column in SUMMARY_SCOPE_COLUMNS)


def _sums(*expressions: str) -> str:
    """The five sums of a contribution: those given, then zeros."""
    padded = [*expressions, *["0"] * (len(SUMS) - 1 - len(expressions))]
    return ", ".join(
        f"CAST({expression} AS double precision) AS {name}" for expression, name in zip(padded, SUMS[1:], strict=True)
    )


def _contributions(*, only_queued: bool) -> str:
    """One row per (fact, cell it adds to): the scope columns, month, area, key, key2, n and five sums."""
    queue = f"(SELECT referral_id FROM {table(FactRefreshQueue)})"

    def queued(column: str) -> str:
        return f"AND x.{column} IN {queue}" if only_queued else ""

    stages = [f"('funnel', '{stage}', {condition or 'TRUE'})" for stage, condition in FUNNEL.items()]
    dimensions = [
        f"('{dimension}', COALESCE(CAST({column} AS text), ''), {condition or 'TRUE'})"
        for dimension, (column, condition) in DIMENSIONS.items()
        # The month is the row's own.
        if dimension != "received_month"
    ]
    change = "(x.follow_up - x.baseline)"
    outcome_sums = _sums(change, f"{change} * {change}", "CASE WHEN x.improved_meaningfully THEN 1 ELSE 0 END")
    before, after = "CAST(x.baseline AS double precision)", "CAST(x.follow_up AS double precision)"
    usage_sums = _sums(before, after, f"{before} * {before}", f"{after} * {after}", f"{before} * {after}")
    return f"""
        SELECT {_scope("x")}, x.received_month AS month, d.area, d.key, CAST('' AS text) AS key2,
            1 AS n, {_sums()}
        FROM {table(ReferralFact)} x
        CROSS JOIN LATERAL (VALUES {", ".join(stages + dimensions)}) AS d(area, key, counted)
        WHERE d.counted {queued("referral_id")}
        UNION ALL
        SELECT {_scope("x")}, {_month("x")}, 'reason', x.need, '', 1, {_sums()}
        FROM {table(ReferralFactNeed)} x WHERE 1 = 1 {queued("fact_id")}
        UNION ALL
        SELECT {_scope("x")}, {_month("x")}, d.area, CAST(x.service_id AS text), d.key2, 1, {_sums()}
        FROM {table(OnwardFact)} x
        CROSS JOIN LATERAL (VALUES
            ('onward', CAST(x.status AS text), TRUE),
            ('answer', CAST({ANSWER_TENTHS_SQL} AS text), x.days_to_answer IS NOT NULL)
        ) AS d(area, key2, counted)
        WHERE d.counted {queued("referral_id")}
        UNION ALL
        SELECT {_scope("x")}, {_month("x")}, 'outcome', x.instrument, x.score_key, 1, {outcome_sums}
        FROM {table(OutcomeFact)} x WHERE 1 = 1 {queued("referral_id")}
        UNION ALL
        SELECT {_scope("x")}, {_month("x")}, 'usage', x.measure, '', 1, {usage_sums}
        FROM {table(UsageFact)} x WHERE 1 = 1 {queued("referral_id")}
    """


def _grain_case() -> str:
    """The grain of a grouped row, from which scope columns its grouping set left out (GROUPING's bits, in
    the order of SUMMARY_SCOPE_COLUMNS, are 1 for a column not grouped by)."""
    width = len(SUMMARY_SCOPE_COLUMNS)
    branches = []
    for grain, carried in GRAIN_COLUMNS.items():
        mask = sum(
            1 << (width - 1 - index) for index, column in enumerate(SUMMARY_SCOPE_COLUMNS) if column not in carried
        )
        branches.append(f"WHEN {mask} THEN '{grain.value}'")
    return f"CASE GROUPING({', '.join(SUMMARY_SCOPE_COLUMNS)}) {' '.join(branches)} END"


def _in_every_grain(rows: str, *, having: str = "") -> str:
    """Rows of PLACE_COLUMNS and SUMS added up into the cells of every grain."""
    sets = ", ".join(f"({', '.join(columns)})" for columns in GRAIN_COLUMNS.values())
    return f"""
        SELECT {_grain_case()} AS grain, {", ".join(PLACE_COLUMNS)},
            {", ".join(f"SUM({column}) AS {column}" for column in SUMS)}
        FROM ({rows}) c
        GROUP BY month, area, key, key2, GROUPING SETS ({sets}) {having}
    """


# The order of the cell's unique index (reports.models.ReportSummary), which every read goes through.
CELL_ORDER = ("grain", "team_id", "pcn_id", "scheme_id", "icb_id", "month", "area", "key", "key2")


def rebuild_summaries(cursor: Any) -> None:
    """Write every cell from the facts, into an emptied table, in the order of the cells' index: a report
    reads one grain's months, whose cells then sit together on a few thousand pages instead of scattered
    over the table (the whole ICB's year at 5M referrals: 32,000 pages read for 140,000 cells, unordered)."""
    columns = ", ".join((*CELL_COLUMNS, *SUMS))
    cursor.execute(
        f"INSERT INTO {table(ReportSummary)} ({columns})"
        f" SELECT * FROM ({_in_every_grain(_contributions(only_queued=False))}) cells"
        f" ORDER BY {', '.join(CELL_ORDER)}"
    )


def _record(cursor: Any, *, negated: bool) -> None:
    """The queued referrals' contributions, added up by place (not yet by grain) into SummaryDelta."""
    sign = "-" if negated else ""
    places = ", ".join(PLACE_COLUMNS)
    cursor.execute(
        f"INSERT INTO {table(SummaryDelta)} ({places}, {', '.join(SUMS)})"
        f" SELECT {places}, {', '.join(f'{sign}SUM({column})' for column in SUMS)}"
        f" FROM ({_contributions(only_queued=True)}) c GROUP BY {places}"
    )


def record_old_contributions(cursor: Any) -> None:
    """Before the queued referrals' facts are replaced: what they contribute as they stand, negated."""
    _record(cursor, negated=True)


def apply_new_contributions(cursor: Any) -> None:
    """After the queued referrals' facts are written: add what they contribute now, net it against the old
    per place, and apply the places that changed to the cells of every grain. Cells left empty are deleted.

    PostgreSQL checks the proposed row of an INSERT … ON CONFLICT against the CHECK constraints before it
    looks for the conflict, so a negative proposed count would break `summary_count_not_negative` even where
    it only updates: a fall is proposed as a positive amount and subtracted in the update. A fall must find
    its cell; one the statement would insert instead (`xmax` is 0 on a row it inserted) means the summaries
    are out of step with the facts, and the refresh stops."""
    _record(cursor, negated=False)
    delta, summary = table(SummaryDelta), table(ReportSummary)
    places, columns = ", ".join(PLACE_COLUMNS), ", ".join((*CELL_COLUMNS, *SUMS))
    changed = "HAVING " + " OR ".join(f"SUM({column}) <> 0" for column in SUMS)
    net = f"SELECT {places}, {', '.join(f'SUM({column}) AS {column}' for column in SUMS)} FROM {delta}"
    net += f" GROUP BY {places} {changed}"

    def upsert(operator: str) -> str:
        updates = ", ".join(f"{column} = cell.{column} {operator} excluded.{column}" for column in SUMS)
        return (
            f"ON CONFLICT ON CONSTRAINT {SUMMARY_CELL} DO UPDATE SET {updates}"
            " RETURNING cell.id, cell.n, cell.xmax = 0 AS inserted"
        )

    # A move within a scope (another team of the same scheme) nets out in the wider grains, hence HAVING twice.
    falls = ", ".join([*CELL_COLUMNS, *(f"-{column}" for column in SUMS)])
    cursor.execute(
        f"WITH cells AS MATERIALIZED ({_in_every_grain(net, having=changed)}),"
        f" rises AS (INSERT INTO {summary} AS cell ({columns}) SELECT * FROM cells WHERE n >= 0 {upsert('+')}),"
        f" falls AS (INSERT INTO {summary} AS cell ({columns}) SELECT {falls} FROM cells WHERE n < 0 {upsert('-')})"
        " SELECT id, FALSE FROM rises WHERE n = 0 UNION ALL SELECT id, inserted FROM falls WHERE n = 0 OR inserted"
    )
    rows = cursor.fetchall()
    if any(inserted for _, inserted in rows):
        raise SummaryOutOfStep(OUT_OF_STEP)
    if rows:
        cursor.execute(f"DELETE FROM {summary} WHERE id = ANY(%s) AND n = 0", [[cell_id for cell_id, _ in rows]])
    # Emptied without leaving dead rows behind; refreshes take turns (FactRefreshState is locked).
    cursor.execute(f"TRUNCATE {delta}")

"""The monthly summaries (reports.summaries, reports.summary_reads): which grain and months a report reads;
on PostgreSQL, that whole months from the summary and part months from the facts give exactly the figures of
the facts alone, for random data and filters; that a refresh applying deltas leaves the summaries as a
rebuild would, whatever changed; and that a page takes a small, fixed number of queries."""

import datetime as dt
import random
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from linkwell.accounts.models import Team
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.casework.models import Case, CaseStatus, Contact, ContactKind, OnwardReferral, OnwardStatus
from linkwell.outcomes.models import AnswerMode, MeasureResponse, Timepoint, UsageRecord, UsageSource, UsageTimepoint
from linkwell.people.actions import record_consent, resolve_possible_duplicate, withdraw_consent
from linkwell.people.models import ConsentDecision, ConsentMethod, ConsentPurpose, Person, PossibleDuplicate
from linkwell.referrals.models import Referral, ReferralStatus
from linkwell.reports import summary_reads
from linkwell.reports.facts import rebuild_facts, refresh_facts
from linkwell.reports.figures import ReportFigures, compute_figures
from linkwell.reports.filters import ReportFilters
from linkwell.reports.models import OutcomeFact, ReferralFact, ReportSummary, SummaryGrain, UsageFact
from linkwell.reports.summaries import SummaryOutOfStep
from linkwell.reports.summary_reads import grain_for, report_sources, whole_months
from linkwell.reports.synthetic import generate

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="Summaries are kept on PostgreSQL")

JANUARY = dt.date(2026, 1, 1)


# --- Which grain and months ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("scope", "grain"),
    [
        ({}, SummaryGrain.ALL),
        ({"icb_ids": (1,)}, SummaryGrain.ICB),
        ({"scheme_ids": (1, 2)}, SummaryGrain.SCHEME),
        ({"team_ids": (1,)}, SummaryGrain.TEAM),
        ({"scheme_ids": (1,), "team_ids": (1,)}, SummaryGrain.TEAM),
        ({"pcn_ids": (1,)}, SummaryGrain.PCN),
        ({"icb_ids": (1,), "pcn_ids": (1,)}, SummaryGrain.PCN),
        ({"scheme_ids": (1,), "pcn_ids": (1,)}, None),
        ({"icb_ids": (1,), "team_ids": (1,)}, None),
        ({"practice_ids": (1,)}, None),
    ],
)
def test_the_cheapest_grain_carrying_every_filter_given_is_read(scope, grain):
    assert grain_for(ReportFilters(start=JANUARY, end=JANUARY, **scope)) == grain


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ((2026, 1, 1), (2026, 12, 31), ((2026, 1, 1), (2026, 12, 1))),
        ((2026, 1, 15), (2026, 12, 31), ((2026, 2, 1), (2026, 12, 1))),
        ((2026, 1, 1), (2026, 12, 30), ((2026, 1, 1), (2026, 11, 1))),
        ((2025, 12, 7), (2026, 12, 7), ((2026, 1, 1), (2026, 11, 1))),
        ((2026, 2, 1), (2026, 2, 28), ((2026, 2, 1), (2026, 2, 1))),
        ((2026, 2, 2), (2026, 3, 30), None),
        ((2026, 2, 1), (2026, 2, 27), None),
    ],
)
def test_whole_calendar_months_within_the_period_come_from_the_summary(start, end, months):
    expected = None if months is None else tuple(dt.date(*month) for month in months)
    assert whole_months(dt.date(*start), dt.date(*end)) == expected


def _ranges(condition: Any) -> list[tuple[dt.date, dt.date]]:
    """The (first, last) day ranges of a fact filter built by ReportFilters.fact_filter."""
    if condition is None:
        return []
    found: list[tuple[dt.date, dt.date]] = []

    def walk(node: Any) -> None:
        bounds: dict[str, dt.date] = dict(child for child in node.children if isinstance(child, tuple))
        if "received_on__gte" in bounds:
            found.append((bounds["received_on__gte"], bounds["received_on__lte"]))
        for child in node.children:
            if not isinstance(child, tuple):
                walk(child)

    walk(condition)
    return sorted(found)


@on_postgresql
@pytest.mark.parametrize(
    ("start", "end", "added", "taken_away"),
    [
        # 365 days to today: the summary's whole first and last months, less six days and the future.
        ((2025, 12, 7), (2026, 12, 7), [], [((2025, 12, 1), (2025, 12, 6)), ((2026, 12, 8), (2026, 12, 31))]),
        # Few days of their months in the period: those days are added.
        ((2025, 1, 20), (2025, 3, 10), [((2025, 1, 20), (2025, 1, 31)), ((2025, 3, 1), (2025, 3, 10))], []),
        # One each way; as many days either way reads the days in the period.
        ((2025, 1, 5), (2025, 3, 10), [((2025, 3, 1), (2025, 3, 10))], [((2025, 1, 1), (2025, 1, 4))]),
        ((2025, 4, 16), (2025, 6, 30), [((2025, 4, 16), (2025, 4, 30))], []),
        ((2025, 1, 1), (2025, 12, 31), [], []),
    ],
)
def test_a_part_month_is_read_from_the_side_with_fewer_days_of_referrals(start, end, added, taken_away):
    filters = ReportFilters(start=dt.date(*start), end=dt.date(*end))
    sources = report_sources(filters, today=dt.date(2026, 12, 7))
    assert _ranges(sources.fact_filter) == _days(added)
    assert _ranges(sources.taken_away_filter) == _days(taken_away)


def _days(parts: list[tuple[tuple[int, int, int], tuple[int, int, int]]]) -> list[tuple[dt.date, dt.date]]:
    return [(dt.date(*first), dt.date(*last)) for first, last in parts]


# --- The same figures either way -------------------------------------------------------------------------------
def _facts_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary_reads, "summaries_kept", lambda _connection: False)


def _assert_same_value(summary: Any, facts: Any, where: str) -> None:
    if isinstance(summary, float) or isinstance(facts, float):
        assert summary is not None, where
        assert facts is not None, where
        assert summary == pytest.approx(facts, rel=1e-9, abs=1e-9), where
    else:
        assert summary == facts, where


def assert_same_figures(summary: ReportFigures, facts: ReportFigures, label: str) -> None:
    assert [headline.label for headline in summary.headlines] == [headline.label for headline in facts.headlines]
    for headline, other_headline in zip(summary.headlines, facts.headlines, strict=True):
        _assert_same_value(headline.value, other_headline.value, f"{label}: headline {headline.label}")
    assert [table.key for table in summary.tables] == [table.key for table in facts.tables]
    for table, other in zip(summary.tables, facts.tables, strict=True):
        where = f"{label}: {table.key}"
        assert table.notes == other.notes, where
        assert len(table.rows) == len(other.rows), f"{where}: {table.rows} != {other.rows}"
        rows = [*table.rows, table.total_row or []]
        for row, other_row in zip(rows, [*other.rows, other.total_row or []], strict=True):
            assert len(row) == len(other_row), where
            for value, other_value in zip(row, other_row, strict=True):
                _assert_same_value(value, other_value, f"{where}: {row} != {other_row}")


def _world() -> dict[str, list[Any]]:
    """The filter values the generated data offers."""
    facts = ReferralFact.objects.all()
    return {
        "schemes": sorted(set(facts.values_list("scheme_id", flat=True))),
        "teams": sorted(set(facts.values_list("scheme_id", "team_id"))),
        "pcns": sorted(set(facts.exclude(pcn_id=None).values_list("icb_id", "pcn_id"))),
        "icbs": sorted(set(facts.exclude(icb_id=None).values_list("icb_id", flat=True))),
        "practices": sorted(set(facts.exclude(practice_id=None).values_list("practice_id", flat=True))),
        "span": [min(facts.values_list("received_on", flat=True)), max(facts.values_list("received_on", flat=True))],
    }


def _random_filters(rng: random.Random, world: dict[str, list[Any]]) -> ReportFilters:
    first, last = world["span"]
    start = first + dt.timedelta(days=rng.randrange((last - first).days))
    if rng.random() < 0.4:
        start = start.replace(day=1)
    end = min(last, start + dt.timedelta(days=rng.randrange(20, 400)))
    if rng.random() < 0.4:
        end = (end.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    scheme, team = rng.choice(world["teams"])
    icb, pcn = rng.choice(world["pcns"])
    scopes: list[dict[str, tuple[int, ...]]] = [
        {},
        {"icb_ids": (icb,)},
        {"scheme_ids": (scheme,)},
        {"scheme_ids": tuple(rng.sample(world["schemes"], min(2, len(world["schemes"]))))},
        {"team_ids": (team,)},
        {"scheme_ids": (scheme,), "team_ids": (team,)},
        {"pcn_ids": (pcn,)},
        {"icb_ids": (icb,), "pcn_ids": (pcn,)},
        {"scheme_ids": (scheme,), "pcn_ids": (pcn,)},
        {"practice_ids": (rng.choice(world["practices"]),)},
    ]
    return ReportFilters(start=start, end=end, **rng.choice(scopes))


def _refuse_evaluation_for_some_people(rng: random.Random) -> None:
    """Some people with paired outcomes refuse evaluation, and some give and then withdraw consent."""
    people = sorted(set(OutcomeFact.objects.values_list("person_id", flat=True)))
    for number, person in enumerate(Person.objects.filter(pk__in=rng.sample(people, min(12, len(people))))):
        if number % 2:
            record_consent(
                person=person,
                purpose=ConsentPurpose.EVALUATION,
                decision=ConsentDecision.REFUSED,
                method=ConsentMethod.PHONE,
                by=None,
                by_label="test",
            )
        else:
            _withdraw_evaluation(person)


def _withdraw_evaluation(person: Person) -> None:
    evaluation, phone = ConsentPurpose.EVALUATION, ConsentMethod.PHONE
    given = ConsentDecision.GIVEN
    record_consent(person=person, purpose=evaluation, decision=given, method=phone, by=None, by_label="test")
    withdraw_consent(person=person, purpose=evaluation, method=phone, by=None, by_label="test")


@on_postgresql
@pytest.mark.parametrize("seed", [11, 12, 13])
def test_whole_months_from_the_summary_and_part_months_from_the_facts_give_the_figures_of_the_facts(seed, monkeypatch):
    rng = random.Random(seed)
    generate(people=150, referrals=190, seed=seed, months=20)
    _refuse_evaluation_for_some_people(rng)
    refresh_facts()
    world = _world()
    paths = set()
    fact_parts: set[int] = set()

    for attempt in range(40):
        filters = _random_filters(rng, world)
        sources = report_sources(filters)
        paths.add(re.sub(r" \(\w+\)", "", sources.path))
        fact_parts.update(sign for _, sign in sources.fact_parts(ReferralFact) if sources.grain is not None)
        with_summary = compute_figures(filters)
        with monkeypatch.context() as patched:
            _facts_only(patched)
            from_facts = compute_figures(filters)
        assert_same_figures(with_summary, from_facts, f"#{attempt} {filters} ({sources.path})")

    assert {"facts", "summary", "summary + facts"} <= paths
    # Part months read both ways: their days in the period added, and their other days taken away.
    assert fact_parts == {1, -1}


@on_postgresql
def test_the_summary_covers_every_grain_for_the_whole_months(monkeypatch):
    generate(people=120, referrals=150, seed=21, months=14)
    world = _world()
    start, end = world["span"][0], world["span"][1]
    start = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    end = end.replace(day=1) - dt.timedelta(days=1)
    scheme, team = world["teams"][0]
    icb, pcn = world["pcns"][0]
    for scope in (
        {},
        {"icb_ids": (icb,)},
        {"scheme_ids": (scheme,)},
        {"scheme_ids": (scheme,), "team_ids": (team,)},
        {"icb_ids": (icb,), "pcn_ids": (pcn,)},
    ):
        filters = ReportFilters(start=start, end=end, **scope)
        assert report_sources(filters).fact_filter is None
        with_summary = compute_figures(filters)
        with monkeypatch.context() as patched:
            _facts_only(patched)
            assert_same_figures(with_summary, compute_figures(filters), str(scope))


# --- A refresh's deltas against a rebuild ----------------------------------------------------------------------
def _summary_cells() -> dict[tuple[Any, ...], tuple[Any, ...]]:
    cell = ("grain", "scheme_id", "team_id", "icb_id", "pcn_id", "month", "area", "key", "key2")
    rows = ReportSummary.objects.values_list(*cell, "n", "s1", "s2", "s3", "s4", "s5")
    return {row[: len(cell)]: row[len(cell) :] for row in rows}


def _assert_same_cells(
    after_refresh: dict[tuple[Any, ...], tuple[Any, ...]], rebuilt: dict[tuple[Any, ...], tuple[Any, ...]]
) -> None:
    assert set(after_refresh) == set(rebuilt)
    for cell, (n, *sums) in rebuilt.items():
        refreshed_n, *refreshed_sums = after_refresh[cell]
        assert refreshed_n == n, cell
        assert refreshed_sums == pytest.approx(sums, rel=1e-9, abs=1e-9), cell


def _case_with(**conditions: Any) -> Case:
    return Case.objects.filter(**conditions).select_related("referral", "person", "link_worker").order_by("pk")[0]


def _move_a_referral_to_another_team_and_month() -> None:
    case = _case_with(status=CaseStatus.DISCHARGED)
    other = Team.objects.exclude(pk=case.referral.team_id).order_by("pk").first()
    Referral.objects.filter(pk=case.referral_id).update(
        team=other,
        received_at=case.referral.received_at - dt.timedelta(days=75),
        status_changed_at=timezone.now(),
    )


def _change_a_status() -> None:
    referral = Referral.objects.filter(status=ReferralStatus.ACCEPTED).order_by("pk").first()
    assert referral is not None
    Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.WITHDRAWN, status_changed_at=timezone.now())


def _record_a_contact() -> None:
    case = _case_with(status=CaseStatus.OPEN)
    Contact.objects.create(
        case=case, at=timezone.now(), kind=ContactKind.PHONE, made=True, recorded_by=case.link_worker
    )


def _record_a_measure() -> None:
    baseline = MeasureResponse.objects.filter(instrument="loneliness", timepoint=Timepoint.BASELINE).order_by("pk")[0]
    MeasureResponse.objects.create(
        case=baseline.case,
        instrument="loneliness",
        version=baseline.version,
        timepoint=Timepoint.REVIEW,
        completed_on=baseline.completed_on + dt.timedelta(days=400),
        mode=AnswerMode.ASSISTED,
        answers={},
        scores={"ucla_total": 3},
        recorded_by=baseline.case.link_worker,
    )


def _record_healthcare_use() -> None:
    baseline = UsageRecord.objects.filter(timepoint=UsageTimepoint.BASELINE).order_by("pk")[0]
    UsageRecord.objects.create(
        person=baseline.person,
        case=baseline.case,
        timepoint=UsageTimepoint.FOLLOW_UP,
        period_end=baseline.period_end + dt.timedelta(days=900),
        source=UsageSource.GP_RECORD,
        gp_appointments=1,
        prescriptions=2,
    )


def _answer_an_onward_referral() -> None:
    onward = OnwardReferral.objects.filter(status=OnwardStatus.SENT).order_by("pk").first() or (
        OnwardReferral.objects.order_by("pk").first()
    )
    assert onward is not None
    OnwardReferral.objects.filter(pk=onward.pk).update(
        status=OnwardStatus.ACCEPTED,
        first_response_at=onward.sent_at + dt.timedelta(days=1.234),
        status_changed_at=timezone.now(),
    )


def _withdraw_consent_to_evaluation() -> None:
    person_id = OutcomeFact.objects.order_by("pk").values_list("person_id", flat=True)[0]
    _withdraw_evaluation(Person.objects.get(pk=person_id))


def _merge_two_people() -> None:
    closed = (
        Person.objects.filter(cases__status=CaseStatus.DISCHARGED)
        .exclude(cases__status=CaseStatus.OPEN)
        .distinct()
        .order_by("pk")[:2]
    )
    older, newer = list(closed)
    Person.objects.filter(pk=newer.pk).update(nhs_number="")
    duplicate = PossibleDuplicate.objects.create(person=newer, other=older, score=90, reasons=["same name"])
    resolve_possible_duplicate(duplicate=duplicate, same_person=True, by=user_with_role(Role.TEAM_LEAD))


CHANGES: dict[str, Callable[[], None]] = {
    "a referral moves team and month": _move_a_referral_to_another_team_and_month,
    "a status change": _change_a_status,
    "a new contact": _record_a_contact,
    "a measure recorded": _record_a_measure,
    "healthcare use recorded": _record_healthcare_use,
    "an onward referral answered": _answer_an_onward_referral,
    "evaluation consent withdrawn": _withdraw_consent_to_evaluation,
    "two people merged": _merge_two_people,
}


@on_postgresql
@pytest.mark.parametrize("change", list(CHANGES))
def test_a_refresh_leaves_the_summaries_as_a_rebuild_would(change):
    generate(people=120, referrals=160, seed=31, months=18)
    refresh_facts()

    CHANGES[change]()
    refresh_facts()
    after_refresh = _summary_cells()
    rebuild_facts()

    _assert_same_cells(after_refresh, _summary_cells())


@on_postgresql
def test_withdrawn_evaluation_consent_leaves_the_persons_pairs_out_at_the_next_refresh():
    generate(people=120, referrals=160, seed=32, months=18)
    person_id = OutcomeFact.objects.order_by("pk").values_list("person_id", flat=True)[0]
    refresh_facts()

    _withdraw_evaluation(Person.objects.get(pk=person_id))
    assert OutcomeFact.objects.filter(person_id=person_id).exists()
    refresh_facts()

    assert not OutcomeFact.objects.filter(person_id=person_id).exists()
    assert not UsageFact.objects.filter(person_id=person_id).exists()


@on_postgresql
def test_a_refresh_stops_when_the_summaries_have_lost_a_cell_the_facts_hold():
    generate(people=30, referrals=30, seed=33, months=6)
    refresh_facts()
    ReportSummary.objects.filter(area="funnel").delete()
    # Its referrals now count in the month before: the funnel of their old month must fall.
    referral = Referral.objects.order_by("pk").first()
    assert referral is not None
    Referral.objects.filter(pk=referral.pk).update(
        received_at=referral.received_at - dt.timedelta(days=31), status_changed_at=timezone.now()
    )

    with pytest.raises(SummaryOutOfStep, match="--rebuild"):
        refresh_facts()


def _row_versions() -> dict[int, str]:
    """Each cell's physical row version: an update, even to the same values, writes a new one."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, CAST(ctid AS text) FROM reports_reportsummary")
        return dict(cursor.fetchall())


@on_postgresql
def test_a_referral_touched_without_a_change_to_its_figures_writes_no_cell():
    generate(people=30, referrals=30, seed=34, months=6)
    refresh_facts()
    before = _row_versions()
    touched = Referral.objects.order_by("pk").values("pk")[:5]
    Referral.objects.filter(pk__in=touched).update(status_changed_at=timezone.now())

    assert refresh_facts() >= 5

    assert _row_versions() == before


# --- Queries -------------------------------------------------------------------------------------------
def _queries(filters: ReportFilters) -> int:
    summary_reads.forget_summary_reads()
    with CaptureQueriesContext(connection) as queries:
        compute_figures(filters)
    return len(queries)


@on_postgresql
def test_a_page_takes_a_fixed_number_of_queries_on_each_path():
    generate(people=60, referrals=80, seed=41, months=14)
    scheme_id = ReferralFact.objects.values_list("scheme_id", flat=True)[0]
    # The busiest practice, so that every table has rows to look up names for.
    practice_id = (
        ReferralFact.objects.exclude(practice_id=None)
        .values_list("practice_id")
        .annotate(n=Count("pk"))
        .order_by("-n")[0][0]
    )
    months = ReportFilters(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31), scheme_ids=(scheme_id,))
    part_months = ReportFilters(start=dt.date(2025, 1, 9), end=dt.date(2025, 12, 20), scheme_ids=(scheme_id,))
    practice = ReportFilters(start=dt.date(2024, 1, 1), end=dt.date(2026, 12, 31), practice_ids=(practice_id,))

    # The refresh stamp, the summary, link workers' names, services' providers and categories, the
    # instruments' wording.
    assert _queries(months) == 6
    # … and the facts of the part months' other days, taken away from their whole months: counts, reasons,
    # onward statuses and answers, measures, use.
    assert _queries(part_months) == 12
    # One end's days added and the other's taken away: the six fact queries each way.
    both_ways = ReportFilters(start=dt.date(2025, 1, 5), end=dt.date(2025, 12, 10), scheme_ids=(scheme_id,))
    assert {sign for _, sign in report_sources(both_ways).fact_parts(ReferralFact)} == {1, -1}
    assert _queries(both_ways) == 18
    # The facts alone: the same six, and the names, providers, categories and wording.
    assert _queries(practice) == 10


# --- Summary reads kept until a refresh writes --------------------------------------------------------------
def _whole_months_of(world: dict[str, list[Any]]) -> ReportFilters:
    start, end = world["span"][0], world["span"][1]
    start = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return ReportFilters(start=start, end=end.replace(day=1) - dt.timedelta(days=1))


@on_postgresql
def test_a_periods_summary_is_read_once_and_again_after_a_refresh_that_writes(monkeypatch):
    generate(people=80, referrals=100, seed=31, months=14)
    filters = _whole_months_of(_world())
    first = compute_figures(filters)

    with CaptureQueriesContext(connection) as kept:
        again = compute_figures(filters)
    assert not [query for query in kept.captured_queries if "reports_reportsummary" in query["sql"]]
    assert_same_figures(again, first, "kept")

    # One referral of the period moved to before it: one fewer referred.
    moved = Referral.objects.filter(received_at__date__range=(filters.start, filters.end)).order_by("pk")[0]
    Referral.objects.filter(pk=moved.pk).update(
        received_at=moved.received_at - dt.timedelta(days=400), status_changed_at=timezone.now()
    )
    refresh_facts()
    with CaptureQueriesContext(connection) as refreshed:
        after = compute_figures(filters)
    assert [query for query in refreshed.captured_queries if "reports_reportsummary" in query["sql"]]
    with monkeypatch.context() as patched:
        _facts_only(patched)
        assert_same_figures(after, compute_figures(filters), "after the refresh")
    referred_before, referred_after = first.table("funnel").rows[0][1], after.table("funnel").rows[0][1]
    assert isinstance(referred_before, int)
    assert referred_after == referred_before - 1

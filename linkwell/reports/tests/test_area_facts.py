"""The onward, outcome and usage facts follow the records through a refresh; the page checks cheaply for
changes before refreshing; the counts read in one query on PostgreSQL agree with the separate queries."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.casework.models import Case, CaseTransition, Contact, ContactKind, OnwardReferral, OnwardStatus, Plan
from linkwell.outcomes.models import AnswerMode, MeasureResponse, Timepoint, UsageRecord
from linkwell.people.actions import record_consent
from linkwell.people.models import ConsentDecision, ConsentMethod, ConsentPurpose, Person
from linkwell.referrals.models import Referral, ReferralTransition
from linkwell.referrals.tests.factories import ReferralFactory
from linkwell.reports.facts import ensure_fresh_facts, refresh_facts
from linkwell.reports.figures import compute_figures
from linkwell.reports.figures_counts import _in_one_query, _one_query_each
from linkwell.reports.filters import ReportFilters
from linkwell.reports.models import FactRefreshState, OnwardFact, OutcomeFact, ReferralFact, UsageFact
from linkwell.reports.tests.builders import PROVIDER_NAME, Scheme, at, build_scheme
from linkwell.reports.tests.test_figures import rows_by_label

pytestmark = pytest.mark.django_db

FIRST_HALF = ReportFilters(start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))
LONG_AGO = timezone.now() - dt.timedelta(days=40)


def _case_of(referral: Referral) -> Case:
    return Case.objects.select_related("person", "link_worker", "team").get(referral=referral)


def _figures(scheme: Scheme):
    return compute_figures(
        ReportFilters(start=FIRST_HALF.start, end=FIRST_HALF.end, scheme_ids=(scheme.team.scheme_id,))
    )


def test_a_rebuild_pairs_measures_usage_and_onward_referrals_per_case():
    scheme = build_scheme()

    # Three UCLA pairs (the fourth person withdrew evaluation consent, so theirs is not written), two GP
    # pairs, two onward referrals.
    assert OutcomeFact.objects.filter(instrument="loneliness", score_key="ucla_total").count() == 3
    assert list(UsageFact.objects.order_by("baseline").values_list("baseline", "follow_up")) == [(4, 2), (6, 4)]
    assert OnwardFact.objects.count() == 2
    fact = OnwardFact.objects.get(status=OnwardStatus.COMPLETED)
    assert fact.days_to_answer == pytest.approx(2.0)
    assert fact.scheme_id == scheme.team.scheme_id


def test_a_follow_up_recorded_later_reaches_the_wellbeing_figures_at_the_next_refresh():
    scheme = build_scheme()
    case = _case_of(scheme.referrals[1])
    MeasureResponse.objects.create(
        case=case,
        instrument="ons4",
        version="1",
        timepoint=Timepoint.REVIEW,
        completed_on=dt.date(2026, 7, 10),
        mode=AnswerMode.SELF,
        answers={},
        scores={"life_satisfaction": 7, "worthwhile": 5, "happiness": 4, "anxiety": 3},
    )

    refresh_facts()

    rows = rows_by_label(_figures(scheme).table("wellbeing-change"))
    [life] = [row for label, row in rows.items() if "Life satisfaction" in str(label)]
    [anxiety] = [row for label, row in rows.items() if "Anxiety" in str(label)]
    assert (life["n"], life["mean_change"], life["improved"]) == (1, pytest.approx(3), pytest.approx(100))
    # Anxiety runs the other way: 6 → 3 is better, though the change is negative.
    assert (anxiety["mean_change"], anxiety["better"], anxiety["improved"]) == (pytest.approx(-3), "Lower", 100)


def test_a_person_with_two_referrals_in_the_period_counts_once_in_healthcare_use():
    scheme = build_scheme()
    first = _case_of(scheme.referrals[0])
    again = ReferralFactory.create(team=scheme.team, person=first.person, received_at=at(dt.date(2026, 6, 1)))
    Case.objects.create(
        referral=again, person=first.person, team=scheme.team, scheme=scheme.team.scheme, link_worker=scheme.worker
    )

    refresh_facts()

    # The person's pair is written once, under their earliest referral with a case.
    [usage] = UsageFact.objects.filter(person_id=first.person_id, measure="gp_appointments")
    assert usage.referral_id == first.referral_id
    gp = rows_by_label(_figures(scheme).table("usage-change"))["GP appointments"]
    assert (gp["n"], gp["before"], gp["after"]) == (2, pytest.approx(5), pytest.approx(3))


def test_a_persons_healthcare_use_moves_to_an_earlier_referral_once_it_has_a_case():
    scheme = build_scheme()
    later = _case_of(scheme.referrals[0])
    earlier = ReferralFactory.create(team=scheme.team, person=later.person, received_at=at(dt.date(2026, 1, 5)))
    refresh_facts()
    assert UsageFact.objects.get(person_id=later.person_id, measure="gp_appointments").referral_id == later.referral_id

    Case.objects.create(
        referral=earlier, person=later.person, team=scheme.team, scheme=scheme.team.scheme, link_worker=scheme.worker
    )
    refresh_facts()

    [usage] = UsageFact.objects.filter(person_id=later.person_id, measure="gp_appointments")
    assert (usage.referral_id, usage.received_on) == (earlier.pk, dt.date(2026, 1, 5))


def test_an_onward_referral_answered_after_the_rebuild_is_counted_at_the_next_refresh():
    scheme = build_scheme()
    onward = OnwardReferral.objects.get(status=OnwardStatus.DECLINED)
    OnwardReferral.objects.filter(pk=onward.pk).update(status=OnwardStatus.WAITLISTED, decline_reason="")
    refresh_facts()
    assert OnwardFact.objects.get(pk=onward.pk).status == OnwardStatus.WAITLISTED
    OnwardReferral.objects.filter(pk=onward.pk).update(status=OnwardStatus.ACCEPTED, status_changed_at=timezone.now())

    refresh_facts()

    provider = rows_by_label(_figures(scheme).table("onward-by-provider"))[PROVIDER_NAME]
    assert (provider["sent"], provider["accepted"]) == (2, 2)


def _settle() -> None:
    """Every record written long ago and the facts last refreshed ten minutes ago."""
    Referral.objects.update(received_at=LONG_AGO, status_changed_at=LONG_AGO)
    ReferralTransition.objects.update(at=LONG_AGO)
    Person.objects.update(updated_at=LONG_AGO)
    Case.objects.update(opened_at=LONG_AGO)
    Case.objects.filter(closed_at__isnull=False).update(closed_at=LONG_AGO)
    CaseTransition.objects.update(at=LONG_AGO)
    Contact.objects.update(recorded_at=LONG_AGO)
    Plan.objects.update(updated_at=LONG_AGO)
    OnwardReferral.objects.update(status_changed_at=LONG_AGO)
    MeasureResponse.objects.update(recorded_at=LONG_AGO)
    UsageRecord.objects.update(recorded_at=LONG_AGO)
    refresh_facts()
    FactRefreshState.objects.update(refreshed_through=timezone.now() - dt.timedelta(minutes=10))


def test_a_page_view_does_not_refresh_stale_facts_when_nothing_has_changed(django_assert_num_queries):
    ReferralFactory.create()
    _settle()
    before = FactRefreshState.objects.get().refreshed_through

    # The state, the change check and the substantive-contacts settings: no refresh.
    with django_assert_num_queries(3):
        ensure_fresh_facts()

    assert FactRefreshState.objects.get().refreshed_through == before


def test_a_page_view_refreshes_stale_facts_once_something_has_changed():
    referral = ReferralFactory.create()
    _settle()
    worker = user_with_role(Role.LINK_WORKER, team=referral.team)
    case = Case.objects.create(
        referral=referral, person=referral.person, team=referral.team, scheme=referral.team.scheme, link_worker=worker
    )
    Contact.objects.create(case=case, at=timezone.now(), kind=ContactKind.PHONE, made=True, recorded_by=worker)

    ensure_fresh_facts()

    assert ReferralFact.objects.get(pk=referral.pk).contacts_made == 1


def test_a_withdrawal_of_evaluation_consent_leaves_the_persons_pairs_out_once_a_page_view_refreshes():
    scheme = build_scheme()
    first = _case_of(scheme.referrals[0])
    _settle()
    for decision in (ConsentDecision.GIVEN, ConsentDecision.WITHDRAWN):
        record_consent(
            person=first.person,
            purpose=ConsentPurpose.EVALUATION,
            decision=decision,
            method=ConsentMethod.PHONE,
            by=None,
            by_label="test",
        )
    ucla = _ucla_row(scheme)
    assert ucla["n"] == 3  # counted until the facts are refreshed

    ensure_fresh_facts()

    assert _ucla_row(scheme)["n"] == 2
    assert rows_by_label(_figures(scheme).table("usage-change"))["GP appointments"]["n"] == 1


def _ucla_row(scheme: Scheme) -> dict[str, object]:
    rows = rows_by_label(_figures(scheme).table("wellbeing-change"))
    return next(row for label, row in rows.items() if "UCLA" in str(label))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GROUPING SETS is the PostgreSQL path")
def test_the_counts_in_one_query_agree_with_one_query_each():
    build_scheme()
    facts = ReferralFact.objects.filter(FIRST_HALF.fact_filter())

    assert _in_one_query(facts) == _one_query_each(facts)


def test_a_rebuild_writes_the_area_facts_in_order_of_the_day_received():
    build_scheme()
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    for model in (OutcomeFact, UsageFact, OnwardFact):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT received_on FROM {model._meta.db_table} ORDER BY {position}")  # noqa: S608
            days = [str(row[0]) for row in cursor]
        assert days, model
        assert days == sorted(days), model

"""A small scheme whose figures are worked out by hand in the tests: five referrals in the first half of
2026, with contacts, a plan, a discharge, onward referrals, measures and healthcare use, and one referral
in another scheme that a team lead must never see counted."""

import datetime as dt
from dataclasses import dataclass

from linkwell.accounts.models import Team, User
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import TeamFactory, user_with_role
from linkwell.casework.models import (
    Case,
    CaseStatus,
    Contact,
    ContactKind,
    DeclineReason,
    Discharge,
    DischargeReason,
    OnwardReferral,
    OnwardStatus,
    Plan,
)
from linkwell.directory.models import Organization, Service
from linkwell.outcomes.models import AnswerMode, MeasureResponse, Timepoint, UsageRecord, UsageSource, UsageTimepoint
from linkwell.people.models import Consent, ConsentDecision, ConsentMethod, ConsentPurpose
from linkwell.referrals.models import Referral, ReferralStatus, ReferralTransition
from linkwell.referrals.tests.factories import ReferralFactory
from linkwell.reports.facts import rebuild_facts

PERIOD = {"start_0": "1", "start_1": "1", "start_2": "2026", "end_0": "30", "end_1": "6", "end_2": "2026"}
PROVIDER_NAME = '=HYPERLINK("http://example.org")'


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


@dataclass
class Scheme:
    team: Team
    worker: User
    lead: User
    referrals: list[Referral]
    other_scheme_referral: Referral


def _referral(team: Team, worker: User | None, received: dt.date, contacted_after: int | None) -> Referral:
    status = ReferralStatus.RECEIVED if contacted_after is None else ReferralStatus.ACCEPTED
    referral = ReferralFactory.create(
        team=team,
        status=status,
        allocated_to=worker if contacted_after is not None else None,
        received_at=at(received),
        status_changed_at=at(received),
        reasons=["loneliness", "debt"] if contacted_after is not None else ["housing"],
    )
    if contacted_after is not None:
        ReferralTransition.objects.create(
            referral=referral,
            from_status=ReferralStatus.ALLOCATED,
            to_status=ReferralStatus.IN_CONTACT,
            at=at(received + dt.timedelta(days=contacted_after)),
            by_label="test",
        )
    return referral


def _case(referral: Referral, worker: User) -> Case:
    return Case.objects.create(
        referral=referral,
        person=referral.person,
        team=referral.team,
        scheme=referral.team.scheme,
        link_worker=worker,
        opened_at=referral.received_at + dt.timedelta(days=5),
    )


def _contacts(case: Case, made: int, *, attempts: int = 0) -> None:
    for number in range(made + attempts):
        Contact.objects.create(
            case=case,
            at=case.opened_at + dt.timedelta(days=number),
            kind=ContactKind.PHONE,
            made=number < made,
            recorded_by=case.link_worker,
        )


def _loneliness(case: Case, timepoint: Timepoint, on: dt.date, total: int) -> None:
    MeasureResponse.objects.create(
        case=case,
        instrument="loneliness",
        version="1",
        timepoint=timepoint,
        completed_on=on,
        mode=AnswerMode.ASSISTED,
        answers={},
        scores={"ucla_total": total},
        recorded_by=case.link_worker,
    )


def _usage(case: Case, timepoint: UsageTimepoint, period_end: dt.date, gp_appointments: int | None) -> None:
    UsageRecord.objects.create(
        person=case.person,
        case=case,
        timepoint=timepoint,
        period_end=period_end,
        source=UsageSource.SELF_REPORTED,
        gp_appointments=gp_appointments,
    )


def _onward(case: Case, service: Service, status: OnwardStatus, answered_after_days: int) -> None:
    sent = case.opened_at + dt.timedelta(days=3)
    OnwardReferral.objects.create(
        case=case,
        service=service,
        status=status,
        reason="Company",
        sent_at=sent,
        sent_by=case.link_worker,
        respond_by=sent + dt.timedelta(days=14),
        first_response_at=sent + dt.timedelta(days=answered_after_days),
        decline_reason=DeclineReason.FULL if status == OnwardStatus.DECLINED else "",
    )


def build_scheme() -> Scheme:
    """Waits to first contact 2, 4, 5 and 1 days (one referral never contacted; for the third, a contact on
    day 5 came before its status moved on day 10); 3 of 5 supported, 2
    substantive (3 contacts; a plan), 1 discharged. UCLA pairs change −3, 0 and −2 (a fourth person withdrew
    evaluation consent; an ONS4 baseline has no follow-up). GP appointments 4 → 2 and 6 → 4 (a third person's
    follow-up count is unknown)."""
    team = TeamFactory.create()
    worker = user_with_role(Role.LINK_WORKER, team=team, full_name="Wren Worker")
    lead = user_with_role(Role.TEAM_LEAD, team=team)
    r1 = _referral(team, worker, dt.date(2026, 2, 2), contacted_after=2)
    r2 = _referral(team, worker, dt.date(2026, 2, 10), contacted_after=4)
    r3 = _referral(team, worker, dt.date(2026, 3, 1), contacted_after=10)
    r4 = _referral(team, None, dt.date(2026, 3, 5), contacted_after=None)
    r5 = _referral(team, worker, dt.date(2026, 4, 1), contacted_after=1)
    c1, c2, c3, c5 = (_case(referral, worker) for referral in (r1, r2, r3, r5))
    _contacts(c1, 3)
    _contacts(c2, 1)
    _contacts(c3, 1)
    _contacts(c5, 0, attempts=1)
    Plan.objects.create(case=c2, agreed_on=dt.date(2026, 3, 1), summary="Walking group")
    closed = at(dt.date(2026, 5, 1))
    Case.objects.filter(pk=c1.pk).update(status=CaseStatus.DISCHARGED, closed_at=closed)
    Discharge.objects.create(case=c1, reason=DischargeReason.GOALS_MET, summary="Done", at=closed, by=worker)

    for case, before, after in ((c1, 8, 5), (c2, 7, 7), (c3, 6, 4), (c5, 9, 3)):
        _loneliness(case, Timepoint.BASELINE, dt.date(2026, 4, 10), before)
        _loneliness(case, Timepoint.REVIEW, dt.date(2026, 7, 10), after)
    # A baseline with no follow-up pairs with nothing, so ONS4 has no change to show.
    MeasureResponse.objects.create(
        case=c2,
        instrument="ons4",
        version="1",
        timepoint=Timepoint.BASELINE,
        completed_on=dt.date(2026, 4, 10),
        mode=AnswerMode.SELF,
        answers={},
        scores={"life_satisfaction": 4, "worthwhile": 5, "happiness": 4, "anxiety": 6},
    )
    for decision in (ConsentDecision.GIVEN, ConsentDecision.WITHDRAWN):
        Consent.objects.create(
            person=c5.person,
            purpose=ConsentPurpose.EVALUATION,
            decision=decision,
            method=ConsentMethod.PHONE,
            decided_at=at(dt.date(2026, 4, 2) if decision == ConsentDecision.GIVEN else dt.date(2026, 8, 1)),
            recorded_by_label="test",
        )

    usage: tuple[tuple[Case, int, int | None], ...] = ((c1, 4, 2), (c2, 6, 4), (c3, 2, None))
    for case, gp_before, gp_after in usage:
        _usage(case, UsageTimepoint.BASELINE, dt.date(2026, 4, 1), gp_before)
        _usage(case, UsageTimepoint.FOLLOW_UP, dt.date(2026, 10, 1), gp_after)

    provider = Organization.objects.create(name=PROVIDER_NAME)
    service = Service.objects.create(organization=provider, name="Walking group")
    _onward(c1, service, OnwardStatus.COMPLETED, answered_after_days=2)
    _onward(c2, service, OnwardStatus.DECLINED, answered_after_days=4)

    other_scheme_referral = _referral(TeamFactory.create(), None, dt.date(2026, 3, 3), contacted_after=None)
    rebuild_facts()
    return Scheme(
        team=team,
        worker=worker,
        lead=lead,
        referrals=[r1, r2, r3, r4, r5],
        other_scheme_referral=other_scheme_referral,
    )

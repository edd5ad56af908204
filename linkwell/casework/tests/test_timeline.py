from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.casework.actions import add_case_note, reassign_case
from linkwell.casework.models import (
    Case,
    CaseStatus,
    CaseTransition,
    ConcernStatus,
    Contact,
    ContactKind,
    Conversation,
    DeclineReason,
    FollowUp,
    Goal,
    GoalStatus,
    GoalUpdate,
    OnwardReferral,
    OnwardStatus,
    OnwardTransition,
    Plan,
    SafeguardingConcern,
    Signposting,
)
from linkwell.casework.onward import EMAILED_LINK
from linkwell.casework.tests.builders import open_case
from linkwell.casework.timeline import SUMMARY_LIMIT, TimelineKind, case_timeline
from linkwell.directory.tests.builders import make_service
from linkwell.outcomes.models import Timepoint
from linkwell.outcomes.tests.builders import stored_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def case() -> Case:
    case = open_case()
    case.link_worker.full_name = "Jo Worker"
    case.link_worker.save()
    return case


def at(minutes: int):
    """A moment after the case opened, so entries fall in a known order."""
    return timezone.now() + timedelta(minutes=minutes)


def titles(case: Case) -> list[str]:
    return [entry.title for entry in case_timeline(case)]


def test_a_new_case_has_one_entry_saying_it_opened(case):
    [entry] = case_timeline(case)
    assert (entry.kind, entry.title, entry.detail, entry.by) == (
        TimelineKind.CASE,
        "Case opened",
        "Held by Jo Worker",
        "Jo Worker",
    )


def test_notes_and_reassigning_appear_newest_first(case):
    lead = user_with_role(Role.TEAM_LEAD, team=case.team, full_name="Priya Lead")
    colleague = user_with_role(Role.LINK_WORKER, team=case.team, full_name="Sam Colleague")
    add_case_note(case=case, text="First note", by=case.link_worker)
    reassign_case(case=case, to=colleague, by=lead, note="Covering leave")
    add_case_note(case=case, text="Second note", by=colleague)

    entries = case_timeline(case)

    assert [(entry.title, entry.detail, entry.by) for entry in entries] == [
        ("Note", "Second note", "Sam Colleague"),
        ("Case given to Sam Colleague", "Covering leave", "Priya Lead"),
        ("Note", "First note", "Jo Worker"),
        ("Case opened", "Held by Jo Worker", "Jo Worker"),
    ]


def test_a_discharge_says_why(case):
    CaseTransition.objects.create(
        case=case,
        from_status=CaseStatus.OPEN,
        to_status=CaseStatus.DISCHARGED,
        link_worker_id=case.link_worker_id,
        at=at(5),
        by_id=None,
        by_label="someone.gone@example.org",
        note="Goals met",
    )
    entry = case_timeline(case)[0]
    assert (entry.title, entry.detail, entry.by) == (
        "Case closed: discharged",
        "Reason: Goals met",
        "someone.gone@example.org",
    )


def test_conversations_plans_contacts_and_follow_ups(case):
    worker = case.link_worker
    Conversation.objects.create(
        case=case,
        held_on=date(2026, 3, 5),
        what_matters="Getting out of the house " * 30,
        recorded_at=at(1),
        recorded_by=worker,
    )
    plan = Plan.objects.create(case=case)
    goal = Goal.objects.create(plan=plan, text="Walk to the park", created_at=at(2), created_by=worker)
    GoalUpdate.objects.create(goal=goal, at=at(3), by=worker, progress=4, note="Went twice")
    GoalUpdate.objects.create(
        goal=goal, at=at(4), by=worker, from_status=GoalStatus.ACTIVE, to_status=GoalStatus.ACHIEVED
    )
    Contact.objects.create(
        case=case, at=at(5), kind=ContactKind.PHONE, made=True, duration_minutes=25, note="Chatted", recorded_by=worker
    )
    Contact.objects.create(case=case, at=at(6), kind=ContactKind.HOME_VISIT, made=False, recorded_by=worker)
    FollowUp.objects.create(
        case=case,
        title="Call back",
        due_on=date(2026, 4, 1),
        assigned_to=worker,
        created_at=at(7),
        created_by=worker,
        done_at=at(8),
        done_by=worker,
        done_note="Done on the phone",
    )

    entries = {entry.title: entry for entry in case_timeline(case)}

    assert titles(case)[:9] == [
        "Follow-up done: Call back",
        "Follow-up set: Call back",
        "Tried to make contact: home visit",
        "Contact: phone",
        "Goal marked “achieved”",
        "Progress on a goal",
        "Goal added to the plan",
        "“What matters to me” conversation",
        "Case opened",
    ]
    conversation = entries["“What matters to me” conversation"].detail
    assert conversation.startswith("Held on 5 March 2026\nWhat matters: Getting out of the house")
    assert conversation.endswith("…")
    assert len(conversation.split("What matters: ")[1]) == SUMMARY_LIMIT
    assert entries["Progress on a goal"].detail == "Goal: Walk to the park\nProgress: 4 out of 10\nWent twice"
    assert entries["Contact: phone"].detail == "25 minutes\nChatted"
    assert entries["Follow-up set: Call back"].detail == "Due 1 April 2026, for Jo Worker"
    assert entries["Follow-up done: Call back"].detail == "Done on the phone"
    assert {entry.kind for entry in entries.values()} >= {
        TimelineKind.CONVERSATION,
        TimelineKind.PLAN,
        TimelineKind.CONTACT,
        TimelineKind.FOLLOW_UP,
    }


def test_concerns_onward_referrals_and_signposting(case):
    worker = case.link_worker
    SafeguardingConcern.objects.create(
        case=case,
        summary="Unsafe heating",
        action_taken="Told the council",
        raised_at=at(1),
        raised_by=worker,
        status=ConcernStatus.CLOSED,
        closed_at=at(2),
        closed_by=worker,
        closing_note="Heating fixed",
    )
    service = make_service("Chelmer Walking Friends")
    onward = OnwardReferral.objects.create(
        case=case,
        service=service,
        status=OnwardStatus.DECLINED,
        decline_reason=DeclineReason.FULL,
        reason="Wants company on walks",
        sent_at=at(3),
        sent_by=worker,
        respond_by=at(3) + timedelta(days=14),
    )
    OnwardTransition.objects.create(
        onward_referral=onward, to_status=OnwardStatus.SENT, at=at(3), by_id=worker.pk, by_label=worker.email
    )
    OnwardTransition.objects.create(
        onward_referral=onward,
        from_status=OnwardStatus.SENT,
        to_status=OnwardStatus.DECLINED,
        at=at(4),
        by_label=EMAILED_LINK,
        note="Try again in spring",
    )
    Signposting.objects.create(case=case, service=make_service("Open Door Cafe"), at=at(5), by=worker)

    entries = case_timeline(case)

    assert [(entry.title, entry.detail, entry.by) for entry in entries[:5]] == [
        ("Signposted to Open Door Cafe", "", "Jo Worker"),
        ("Chelmer Walking Friends: declined", "Reason: Full\nTry again in spring", EMAILED_LINK),
        ("Referred to Chelmer Walking Friends", "Reason: Wants company on walks", "Jo Worker"),
        ("Safeguarding concern closed: Unsafe heating", "Heating fixed", "Jo Worker"),
        ("Safeguarding concern raised: Unsafe heating", "Action taken: Told the council", "Jo Worker"),
    ]


def _add_one_of_everything(case: Case, round_: int) -> None:
    worker = case.link_worker
    add_case_note(case=case, text=f"Note {round_}", by=worker)
    Conversation.objects.create(case=case, held_on=timezone.localdate(), what_matters="Company", recorded_by=worker)
    plan, _ = Plan.objects.get_or_create(case=case)
    goal = Goal.objects.create(plan=plan, text=f"Goal {round_}", created_by=worker)
    GoalUpdate.objects.create(goal=goal, by=worker, progress=round_ % 10)
    Contact.objects.create(case=case, at=timezone.now(), kind=ContactKind.PHONE, recorded_by=worker)
    FollowUp.objects.create(case=case, title="Call", due_on=timezone.localdate(), assigned_to=worker, created_by=worker)
    SafeguardingConcern.objects.create(case=case, summary="Worry", raised_by=worker)
    onward = OnwardReferral.objects.create(
        case=case,
        service=make_service(f"Group {round_}"),
        reason="Company",
        sent_by=worker,
        respond_by=timezone.now() + timedelta(days=14),
    )
    OnwardTransition.objects.create(onward_referral=onward, to_status=OnwardStatus.SENT, by_id=worker.pk, by_label="x")
    Signposting.objects.create(case=case, service=make_service(f"Cafe {round_}"), by=worker)
    stored_measure(case, timepoint=Timepoint.REVIEW)


def _queries(case: Case) -> int:
    with CaptureQueriesContext(connection) as queries:
        case_timeline(case)
    return len(queries)


def test_the_timeline_costs_the_same_queries_however_long_the_case(case):
    _add_one_of_everything(case, 1)
    few = _queries(case)
    for round_ in range(2, 8):
        _add_one_of_everything(case, round_)

    assert len(case_timeline(case)) == 1 + 7 * 10
    assert _queries(case) == few
    assert few <= 13

"""The conversation and plan actions: checks, the goal state machine, and refusing stale edits."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections
from django.utils import timezone

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import TeamFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework import plans
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.models import (
    NOTE_LIMIT,
    Case,
    CaseStatus,
    Conversation,
    Goal,
    GoalStatus,
    GoalStep,
    GoalUpdate,
    LifeArea,
    Plan,
    StepOwner,
)
from linkwell.casework.tests.builders import open_case
from linkwell.casework.versioning import StaleEdit

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _conversation(case, **overrides):
    arguments = {
        "case": case,
        "held_on": _today(),
        "what_matters": "Getting back to my allotment and seeing people",
        "strengths": "Green fingers; a good neighbour",
        "barriers": "Bus fares",
        "notes": "",
        "areas": [(LifeArea.SOCIAL_CONNECTION, True, "Misses the lunch club"), (LifeArea.MONEY, False, "")],
        "by": case.link_worker,
    }
    return plans.record_conversation(**{**arguments, **overrides})


def _goal(case, *, version=None, steps=None, **overrides):
    arguments = {
        "case": case,
        "expected_version": plans.plan_version(case) if version is None else version,
        "text": "Go to the walking group every week",
        "area": LifeArea.PHYSICAL_ACTIVITY,
        "target_date": _today() + timedelta(days=60),
        "steps": steps if steps is not None else [("Find the nearest group", StepOwner.LINK_WORKER, "", None)],
        "by": case.link_worker,
    }
    return plans.add_goal(**{**arguments, **overrides})


def _problem(call, *args, **kwargs) -> dict[str, str]:
    with pytest.raises(CaseworkProblem) as refused:
        call(*args, **kwargs)
    return refused.value.errors


def _discharge(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.DISCHARGED, closed_at=timezone.now())
    case.status = CaseStatus.DISCHARGED


# --- The conversation ---------------------------------------------------------------------------
def test_a_conversation_is_recorded_with_its_areas_and_audited_without_what_was_said():
    case = open_case()

    conversation = _conversation(case)

    areas = list(conversation.areas.values_list("area", "is_priority", "note"))
    assert areas == [("social_connection", True, "Misses the lunch club"), ("money", False, "")]
    event = AuditEvent.objects.get(action=AuditAction.CONVERSATION_RECORDED)
    assert event.object_id == str(conversation.pk)
    assert event.person_id == str(case.person_id)
    assert event.detail == {"areas": ["social_connection", "money"], "priorities": ["social_connection"]}
    assert "allotment" not in str(event.detail)


def test_later_conversations_add_to_earlier_ones():
    case = open_case()

    _conversation(case)
    _conversation(case, what_matters="Feeling less anxious", areas=[])

    assert Conversation.objects.filter(case=case).count() == 2


def test_a_conversation_date_cannot_be_in_the_future_or_before_the_referral():
    case = open_case()
    received = timezone.localdate(case.referral.received_at)

    assert "today or in the past" in _problem(_conversation, case, held_on=_today() + timedelta(days=1))["held_on"]
    assert (
        "when the referral was received"
        in _problem(_conversation, case, held_on=received - timedelta(days=1))["held_on"]
    )


def test_what_matters_is_required_and_text_is_limited():
    case = open_case()

    errors = _problem(
        _conversation,
        case,
        what_matters="   ",
        barriers="x" * (NOTE_LIMIT + 1),
        areas=[(LifeArea.HOUSING, False, "y" * 1001)],
    )

    assert errors == {
        "what_matters": "Enter what matters to the person",
        "barriers": f"Keep this to {NOTE_LIMIT} characters or fewer",
        "housing_note": "Keep this to 1000 characters or fewer",
    }
    assert not Conversation.objects.exists()


def test_an_area_talked_about_twice_or_unknown_is_refused():
    case = open_case()

    errors = _problem(
        _conversation, case, areas=[(LifeArea.FOOD, False, ""), (LifeArea.FOOD, True, ""), ("astrology", False, "")]
    )

    assert errors == {"food_talked": "Food is listed twice", "": "Choose areas of life from the list"}


def test_only_the_team_records_and_only_in_open_cases():
    case = open_case()
    outsider = user_with_role(Role.LINK_WORKER, team=TeamFactory.create())

    with pytest.raises(PermissionDenied):
        _conversation(case, by=outsider)
    _discharge(case)
    assert "closed" in _problem(_conversation, case)[""]


# --- The plan -----------------------------------------------------------------------------------
def test_the_first_save_creates_the_plan_and_each_save_bumps_its_version():
    case = open_case()
    assert plans.plan_version(case) == plans.NO_PLAN_YET

    plan = plans.update_plan(
        case=case, expected_version=0, agreed_on=_today(), summary="  Walk more, worry less  ", by=case.link_worker
    )
    assert (plan.version, plan.summary, plan.updated_by) == (1, "Walk more, worry less", case.link_worker)

    colleague = user_with_role(Role.LINK_WORKER, team=case.team)
    plans.update_plan(case=case, expected_version=1, agreed_on=None, summary="Walk more", by=colleague)

    stored = Plan.objects.get(case=case)
    assert (stored.version, stored.summary, stored.agreed_on, stored.updated_by) == (2, "Walk more", None, colleague)
    assert AuditEvent.objects.filter(action=AuditAction.PLAN_UPDATED, object_id=str(plan.pk)).count() == 2


def test_a_save_drawn_from_an_older_version_is_refused_and_changes_nothing():
    case = open_case()
    plans.update_plan(case=case, expected_version=0, agreed_on=None, summary="Mine", by=case.link_worker)
    colleague = user_with_role(Role.LINK_WORKER, team=case.team)
    plans.update_plan(case=case, expected_version=1, agreed_on=None, summary="Theirs", by=colleague)

    with pytest.raises(StaleEdit, match="Someone else changed the plan"):
        plans.update_plan(case=case, expected_version=1, agreed_on=None, summary="Mine again", by=case.link_worker)

    assert Plan.objects.get(case=case).summary == "Theirs"
    assert AuditEvent.objects.filter(action=AuditAction.PLAN_UPDATED).count() == 2


def test_two_first_saves_cannot_both_create_the_plan():
    case = open_case()
    plans.update_plan(case=case, expected_version=0, agreed_on=None, summary="First", by=case.link_worker)

    with pytest.raises(StaleEdit):
        plans.update_plan(case=case, expected_version=0, agreed_on=None, summary="Second", by=case.link_worker)

    assert Plan.objects.get(case=case).summary == "First"


def test_a_first_save_that_loses_the_race_on_the_database_is_refused_as_stale(monkeypatch):
    """The other save committed between our look for a plan and our insert: the one-plan-per-case
    constraint decides, and the loser is told to check the latest version."""
    case = open_case()
    plans.update_plan(case=case, expected_version=0, agreed_on=None, summary="Winner", by=case.link_worker)
    monkeypatch.setattr(plans, "_existing_plan", lambda case: None)

    with pytest.raises(StaleEdit):
        plans.update_plan(case=case, expected_version=0, agreed_on=None, summary="Loser", by=case.link_worker)

    assert Plan.objects.get(case=case).summary == "Winner"
    # The refusal left the database usable.
    assert connection.is_usable()
    assert Plan.objects.count() == 1


def test_a_plan_cannot_be_agreed_in_the_future():
    case = open_case()

    errors = _problem(
        plans.update_plan,
        case=case,
        expected_version=0,
        agreed_on=_today() + timedelta(days=2),
        summary="",
        by=case.link_worker,
    )

    assert errors == {"agreed_on": "The date the plan was agreed must be today or in the past"}


# --- Goals --------------------------------------------------------------------------------------
def test_adding_a_goal_with_steps_creates_the_plan_and_bumps_its_version():
    case = open_case()

    goal = _goal(
        case,
        steps=[
            ("Find the nearest group", StepOwner.LINK_WORKER, "", _today() + timedelta(days=7)),
            ("Ask my daughter to come along", StepOwner.SOMEONE_ELSE, "Daughter, Mel", None),
        ],
    )

    assert Plan.objects.get(case=case).version == 1
    assert goal.status == GoalStatus.ACTIVE
    steps = list(GoalStep.objects.filter(goal=goal).values_list("text", "owner", "owner_note"))
    assert steps == [
        ("Find the nearest group", "link_worker", ""),
        ("Ask my daughter to come along", "someone_else", "Daughter, Mel"),
    ]
    event = AuditEvent.objects.get(action=AuditAction.GOAL_UPDATED)
    assert event.detail == {"change": "added", "steps": 2, "plan_version": 1}

    _goal(case, text="Sleep better", steps=[])
    assert Plan.objects.get(case=case).version == 2


def test_a_goal_added_from_an_out_of_date_plan_is_refused():
    case = open_case()
    _goal(case)

    with pytest.raises(StaleEdit):
        _goal(case, version=0, text="A second goal")

    assert list(Goal.objects.values_list("text", flat=True)) == ["Go to the walking group every week"]


def test_goal_and_step_problems_are_reported_field_by_field():
    case = open_case()

    errors = _problem(
        _goal,
        case,
        text="",
        area="astrology",
        target_date=timezone.localdate(case.opened_at) - timedelta(days=1),
        steps=[("Ring the group", StepOwner.SOMEONE_ELSE, "", None), ("", StepOwner.PERSON, "", None)],
    )

    assert set(errors) == {"text", "area", "target_date", "step_1_owner_note", "step_2_text"}
    assert not Plan.objects.exists()


def test_progress_is_rated_over_time_and_logged():
    case = open_case()
    goal = _goal(case)

    plans.update_goal(goal=goal, expected_version=1, progress=3, to_status=None, note="Went once", by=case.link_worker)
    plans.update_goal(goal=goal, expected_version=2, progress=6, to_status=None, note="", by=case.link_worker)

    assert list(GoalUpdate.objects.filter(goal=goal).values_list("progress", "to_status", "note")) == [
        (3, "", "Went once"),
        (6, "", ""),
    ]
    assert Plan.objects.get(case=case).version == 3


def test_a_goal_moves_only_as_the_state_machine_allows():
    case = open_case()
    goal = _goal(case)

    plans.update_goal(
        goal=goal, expected_version=1, progress=10, to_status=GoalStatus.ACHIEVED, note="", by=case.link_worker
    )
    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.ACHIEVED

    errors = _problem(
        plans.update_goal,
        goal=goal,
        expected_version=2,
        progress=None,
        to_status=GoalStatus.STOPPED,
        note="",
        by=case.link_worker,
    )
    assert errors == {"to_status": "A goal that is achieved cannot be marked stopped"}

    plans.update_goal(
        goal=goal, expected_version=2, progress=None, to_status=GoalStatus.ACTIVE, note="Too soon", by=case.link_worker
    )
    update = GoalUpdate.objects.filter(goal=goal).last()
    assert update is not None
    assert (update.from_status, update.to_status) == ("achieved", "active")
    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.ACTIVE


def test_a_changed_goal_is_replaced_by_a_new_active_goal_and_cannot_change_again():
    case = open_case()
    goal = _goal(case)

    assert "replacement_text" in _problem(
        plans.update_goal,
        goal=goal,
        expected_version=1,
        progress=None,
        to_status=GoalStatus.CHANGED,
        note="",
        by=case.link_worker,
    )
    plans.update_goal(
        goal=goal,
        expected_version=1,
        progress=None,
        to_status=GoalStatus.CHANGED,
        note="Knees hurt",
        replacement_text="Swim twice a week",
        by=case.link_worker,
    )

    changed = Goal.objects.get(pk=goal.pk)
    assert changed.status == GoalStatus.CHANGED
    assert changed.replaced_by is not None
    assert (changed.replaced_by.text, changed.replaced_by.status) == ("Swim twice a week", GoalStatus.ACTIVE)
    assert changed.replaced_by.area == LifeArea.PHYSICAL_ACTIVITY
    event = AuditEvent.objects.filter(action=AuditAction.GOAL_UPDATED).order_by("pk").last()
    assert event is not None
    assert event.detail["replaced_by"] == str(changed.replaced_by.pk)
    assert (
        "update the new goal"
        in _problem(
            plans.update_goal,
            goal=changed,
            expected_version=2,
            progress=5,
            to_status=None,
            note="",
            by=case.link_worker,
        )[""]
    )


def test_an_update_must_say_something_and_rate_from_0_to_10():
    case = open_case()
    goal = _goal(case)

    nothing = _problem(
        plans.update_goal, goal=goal, expected_version=1, progress=None, to_status=None, note=" ", by=case.link_worker
    )
    too_high = _problem(
        plans.update_goal, goal=goal, expected_version=1, progress=11, to_status=None, note="", by=case.link_worker
    )

    assert nothing == {"progress": "Choose a progress rating, change the status or write a note"}
    assert too_high == {"progress": "Choose a progress rating from 0 to 10"}
    assert not GoalUpdate.objects.exists()


def test_a_goal_update_from_an_out_of_date_plan_is_refused():
    case = open_case()
    goal = _goal(case)
    plans.update_plan(case=case, expected_version=1, agreed_on=None, summary="Changed meanwhile", by=case.link_worker)

    with pytest.raises(StaleEdit):
        plans.update_goal(
            goal=goal, expected_version=1, progress=4, to_status=GoalStatus.STOPPED, note="", by=case.link_worker
        )

    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.ACTIVE
    assert not GoalUpdate.objects.exists()


def test_goals_change_only_by_the_team_and_in_open_cases():
    case = open_case()
    goal = _goal(case)
    outsider = user_with_role(Role.TEAM_LEAD, team=TeamFactory.create())

    with pytest.raises(PermissionDenied):
        plans.update_goal(goal=goal, expected_version=1, progress=2, to_status=None, note="", by=outsider)
    with pytest.raises(PermissionDenied):
        _goal(case, by=outsider)
    _discharge(case)
    assert "closed" in _problem(_goal, case)[""]


# --- Steps --------------------------------------------------------------------------------------
def test_marking_a_step_done_counts_as_a_change_to_the_plan():
    case = open_case()
    goal = _goal(case)
    step = goal.steps.get()

    plans.mark_step_done(step=step, done_on=_today(), by=case.link_worker)

    assert GoalStep.objects.get(pk=step.pk).done_on == _today()
    assert Plan.objects.get(case=case).version == 2
    event = AuditEvent.objects.filter(action=AuditAction.GOAL_UPDATED).order_by("pk").last()
    assert event is not None
    assert event.detail["change"] == "step_done"
    assert "already marked done" in _problem(plans.mark_step_done, step=step, done_on=_today(), by=case.link_worker)[""]


def test_a_step_cannot_be_done_in_the_future():
    case = open_case()
    step = _goal(case).steps.get()

    errors = _problem(plans.mark_step_done, step=step, done_on=_today() + timedelta(days=1), by=case.link_worker)

    assert errors == {"done_on": "The date the step was done must be today or in the past"}
    assert GoalStep.objects.get(pk=step.pk).done_on is None


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_the_first_plan_at_the_same_moment_cannot_both_win():
    """Real concurrent transactions, each on its own connection: exactly one save goes through."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite allows one writer at a time, so there is no race to lose")
    case = open_case()
    colleague = user_with_role(Role.LINK_WORKER, team=case.team)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def save(by, summary: str) -> None:
        try:
            start.wait()
            plans.update_plan(case=case, expected_version=0, agreed_on=None, summary=summary, by=by)
            outcomes.append("saved")
        except StaleEdit:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(case.link_worker, "Mine")),
        threading.Thread(target=save, args=(colleague, "Theirs")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["saved", "stale"]
    plan = Plan.objects.get(case=case)
    assert plan.version == 1
    assert plan.summary in {"Mine", "Theirs"}

"""The conversation and plan pages: access to each, forms that never half-save, the stale-edit page that
keeps the user's text, the printable plan, and the case page's plan section."""

import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import TeamFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework import plans
from linkwell.casework.models import (
    Case,
    CaseStatus,
    Conversation,
    Goal,
    GoalStatus,
    GoalStep,
    LifeArea,
    Plan,
    SafeguardingConcern,
    StepOwner,
)
from linkwell.casework.plan_views import case_section
from linkwell.casework.tests.builders import open_case
from linkwell.casework.versioning import StaleEdit
from linkwell.conftest import client_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _url(name: str, case: Case, **kwargs: object) -> str:
    return reverse(f"casework:{name}", kwargs={"case_id": case.pk, **kwargs})


def _date(prefix: str, value: date | None) -> dict[str, str]:
    if value is None:
        return {f"{prefix}_0": "", f"{prefix}_1": "", f"{prefix}_2": ""}
    return {f"{prefix}_0": str(value.day), f"{prefix}_1": str(value.month), f"{prefix}_2": str(value.year)}


def _with_goal(case: Case) -> Goal:
    return plans.add_goal(
        case=case,
        expected_version=plans.plan_version(case),
        text="Join the Thursday walking group",
        area=LifeArea.PHYSICAL_ACTIVITY,
        target_date=TODAY() + timedelta(days=30),
        steps=[("Ring the group leader", StepOwner.LINK_WORKER, "", TODAY() + timedelta(days=7))],
        by=case.link_worker,
    )


def _discharge(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.DISCHARGED, closed_at=timezone.now())


# --- Access -------------------------------------------------------------------------------------
# (route name, extra URL arguments, method): every page of this area.
ENDPOINTS = [
    ("plan-detail", {}, "get"),
    ("plan-print", {}, "get"),
    ("conversation-record", {}, "get"),
    ("plan-edit", {}, "get"),
    ("plan-goal-add", {}, "get"),
    ("plan-goal-update", {"goal_id": "goal"}, "get"),
    ("plan-step-done", {"step_id": "step"}, "post"),
]


def _endpoint_url(name: str, extra: dict[str, str], case: Case, goal: Goal) -> str:
    ids = {"goal": goal.pk, "step": goal.steps.get().pk}
    return _url(name, case, **{key: ids[value] for key, value in extra.items()})


@pytest.mark.parametrize(("name", "extra", "method"), ENDPOINTS)
def test_each_page_is_open_to_the_team_and_as_missing_to_everyone_else(name, extra, method):
    case = open_case()
    goal = _with_goal(case)
    url = _endpoint_url(name, extra, case, goal)
    colleague = user_with_role(Role.LINK_WORKER, team=case.team)
    other_team = user_with_role(Role.LINK_WORKER, team=TeamFactory.create())

    own = getattr(client_for(colleague), method)(url)
    assert own.status_code == (302 if method == "post" else 200)

    elsewhere = getattr(client_for(other_team), method)(url)
    missing = getattr(client_for(other_team), method)(url.replace(str(case.pk), str(uuid.uuid4())))
    assert elsewhere.status_code == missing.status_code == 404
    assert elsewhere.content == missing.content

    for role in (Role.REFERRER, Role.PROVIDER, Role.COMMISSIONER):
        assert getattr(client_for(user_with_role(role)), method)(url).status_code == 403

    anonymous = getattr(Client(), method)(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:sign-in"))


def test_a_goal_or_step_of_another_case_is_not_found():
    case = open_case()
    other = open_case(team=case.team)
    goal = _with_goal(other)
    client = client_for(case.link_worker)

    assert client.get(_url("plan-goal-update", case, goal_id=goal.pk)).status_code == 404
    assert client.post(_url("plan-step-done", case, step_id=goal.steps.get().pk)).status_code == 404


def test_reading_the_plan_pages_is_audited_as_reading_the_case():
    case = open_case()
    client = client_for(case.link_worker)

    client.get(_url("plan-detail", case))
    client.get(_url("plan-print", case))

    assert AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED, object_id=str(case.pk)).count() == 2


def test_a_closed_case_offers_no_forms():
    case = open_case()
    _with_goal(case)
    _discharge(case)
    client = client_for(case.link_worker)

    response = client.get(_url("conversation-record", case))
    assert response.status_code == 302
    assert response["Location"] == _url("plan-detail", case)
    page = client.get(_url("plan-detail", case)).content.decode()
    assert "This case is closed" in page
    assert "Add a goal" not in page
    assert "Mark done" not in page


# --- The conversation ---------------------------------------------------------------------------
def _conversation_data(**overrides: str) -> dict[str, str]:
    data = {
        **_date("held_on", TODAY()),
        "social_connection_talked": "yes",
        "social_connection_priority": "yes",
        "social_connection_note": "Misses the lunch club since moving",
        "housing_talked": "yes",
        "housing_note": "",
        "what_matters": "Seeing people again and getting to the allotment",
        "strengths": "Great cook",
        "barriers": "No car",
        "notes": "",
    }
    return {**data, **overrides}


def test_recording_a_conversation():
    case = open_case()
    client = client_for(case.link_worker)
    assert client.get(_url("conversation-record", case)).status_code == 200

    response = client.post(_url("conversation-record", case), _conversation_data())

    assert response.status_code == 302
    assert response["Location"] == _url("plan-detail", case)
    conversation = Conversation.objects.get(case=case)
    assert conversation.what_matters == "Seeing people again and getting to the allotment"
    assert list(conversation.areas.values_list("area", "is_priority")) == [
        ("social_connection", True),
        ("housing", False),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Misses the lunch club since moving" in page
    assert "Matters most now" in page


def test_a_conversation_with_problems_is_shown_again_with_what_was_typed():
    case = open_case()
    data = _conversation_data(
        what_matters="",
        held_on_0="31",
        held_on_1="2",
        money_priority="yes",
        money_note="Struggling with the gas bill",
    )

    response = client_for(case.link_worker).post(_url("conversation-record", case), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The date of the conversation must be a real date" in page
    assert "Enter what matters to the person" in page
    assert "Tick “We talked about this” for money, or clear what you entered for it" in page
    assert "Struggling with the gas bill" in page
    assert "<title>Error: " in page
    assert not Conversation.objects.exists()


def test_a_conversation_dated_in_the_future_is_refused_by_the_action_on_its_field():
    case = open_case()

    response = client_for(case.link_worker).post(
        _url("conversation-record", case), _conversation_data(**_date("held_on", TODAY() + timedelta(days=3)))
    )

    assert response.status_code == 400
    assert response.context["form"].errors["held_on"] == ["The date of the conversation must be today or in the past"]


# --- The plan -----------------------------------------------------------------------------------
def test_writing_and_changing_the_plan_summary():
    case = open_case()
    client = client_for(case.link_worker)
    form_page = client.get(_url("plan-edit", case)).content.decode()
    assert 'name="version" value="0"' in form_page

    response = client.post(
        _url("plan-edit", case), {"version": "0", "summary": "Get out twice a week", **_date("agreed_on", TODAY())}
    )

    assert response.status_code == 302
    plan = Plan.objects.get(case=case)
    assert (plan.summary, plan.agreed_on, plan.version) == ("Get out twice a week", TODAY(), 1)
    assert 'name="version" value="1"' in client.get(_url("plan-edit", case)).content.decode()


def test_a_second_save_of_the_plan_is_refused_with_409_and_keeps_the_users_text():
    case = open_case()
    colleague = user_with_role(Role.LINK_WORKER, team=case.team)
    plans.update_plan(case=case, expected_version=0, agreed_on=None, summary="First draft", by=case.link_worker)
    # Both open the form at version 1; the colleague saves first.
    plans.update_plan(case=case, expected_version=1, agreed_on=None, summary="Colleague's version", by=colleague)

    client = client_for(case.link_worker)
    my_text = "My careful rewrite of the plan, <b>not</b> to be lost"
    response = client.post(_url("plan-edit", case), {"version": "1", "summary": my_text, **_date("agreed_on", None)})

    assert response.status_code == 409
    page = response.content.decode()
    assert str(StaleEdit("the plan")) in page
    assert "My careful rewrite of the plan, &lt;b&gt;not&lt;/b&gt; to be lost" in page
    assert "Colleague&#39;s version" in page or "Colleague's version" in page
    assert 'name="version" value="2"' in page
    assert "<title>Error: " in page
    assert Plan.objects.get(case=case).summary == "Colleague's version"

    # Having checked the latest version, saving again goes through.
    again = client.post(_url("plan-edit", case), {"version": "2", "summary": my_text, **_date("agreed_on", None)})
    assert again.status_code == 302
    assert Plan.objects.get(case=case).summary == my_text


def test_a_tampered_version_is_a_problem_for_the_whole_form():
    case = open_case()

    response = client_for(case.link_worker).post(_url("plan-edit", case), {"version": "x", "summary": "Hello"})

    assert response.status_code == 400
    assert "This page is out of date" in response.content.decode()
    assert not Plan.objects.exists()


# --- Goals --------------------------------------------------------------------------------------
def _goal_data(version: int, **overrides: str) -> dict[str, str]:
    data = {
        "version": str(version),
        "text": "Feel confident on the bus",
        "area": "social_connection",
        **_date("target_date", TODAY() + timedelta(days=40)),
        "step_1_text": "Try the number 42 with me",
        "step_1_owner": "together",
        "step_1_owner_note": "",
        **_date("step_1_due_on", TODAY() + timedelta(days=10)),
        "step_2_text": "Get a bus pass",
        "step_2_owner": "someone_else",
        "step_2_owner_note": "Son, Ravi",
        **_date("step_2_due_on", None),
        "step_3_text": "",
        "step_3_owner": "person",
        "step_3_owner_note": "",
        **_date("step_3_due_on", None),
    }
    return {**data, **overrides}


def test_adding_a_goal_with_steps():
    case = open_case()
    client = client_for(case.link_worker)
    assert 'name="version" value="0"' in client.get(_url("plan-goal-add", case)).content.decode()

    response = client.post(_url("plan-goal-add", case), _goal_data(0))

    assert response.status_code == 302
    goal = Goal.objects.get(plan__case=case)
    assert goal.text == "Feel confident on the bus"
    assert list(goal.steps.values_list("text", "owner", "owner_note")) == [
        ("Try the number 42 with me", "together", ""),
        ("Get a bus pass", "someone_else", "Son, Ravi"),
    ]


def test_a_step_without_text_or_with_someone_unnamed_is_shown_again():
    case = open_case()

    response = client_for(case.link_worker).post(
        _url("plan-goal-add", case),
        _goal_data(0, step_2_owner_note="", **_date("step_3_due_on", TODAY()), text=""),
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["text"] == ["Enter the goal, in the person’s words"]
    assert errors["step_3_text"] == ["Enter what step 3 is, or clear its other answers"]
    assert not Goal.objects.exists()


def test_a_step_for_someone_unnamed_is_refused_by_the_action_on_its_field():
    case = open_case()

    response = client_for(case.link_worker).post(_url("plan-goal-add", case), _goal_data(0, step_2_owner_note=""))

    assert response.status_code == 400
    assert response.context["form"].errors["step_2_owner_note"] == ["Enter who will do this"]


def test_a_goal_added_while_someone_else_changed_the_plan_is_refused_and_kept():
    case = open_case()
    plans.update_plan(case=case, expected_version=0, agreed_on=None, summary="Agreed today", by=case.link_worker)

    response = client_for(case.link_worker).post(_url("plan-goal-add", case), _goal_data(0))

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed the plan" in page
    assert 'value="Feel confident on the bus"' in page
    assert 'value="Son, Ravi"' in page
    assert "Agreed today" in page
    assert not Goal.objects.exists()


def test_rating_progress_and_changing_a_goal():
    case = open_case()
    goal = _with_goal(case)
    client = client_for(case.link_worker)
    page = client.get(_url("plan-goal-update", case, goal_id=goal.pk)).content.decode()
    assert "Changed: they want a different goal instead" in page
    assert "Active again" not in page

    client.post(_url("plan-goal-update", case, goal_id=goal.pk), {"version": "1", "progress": "4", "to_status": ""})
    response = client.post(
        _url("plan-goal-update", case, goal_id=goal.pk),
        {
            "version": "2",
            "progress": "",
            "to_status": "changed",
            "replacement_text": "Walk to the shop and back",
            "note": "Group too far",
        },
    )

    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == GoalStatus.CHANGED
    assert goal.replaced_by is not None
    assert goal.replaced_by.text == "Walk to the shop and back"
    plan_page = client.get(_url("plan-detail", case)).content.decode()
    assert "Progress: 4 out of 10." in plan_page
    assert "Changed to: “Walk to the shop and back”" in plan_page
    # A changed goal has no update form any more.
    assert client.get(_url("plan-goal-update", case, goal_id=goal.pk)).status_code == 302


def test_changing_a_goal_needs_the_new_goal():
    case = open_case()
    goal = _with_goal(case)

    response = client_for(case.link_worker).post(
        _url("plan-goal-update", case, goal_id=goal.pk), {"version": "1", "to_status": "changed", "note": "Hmm"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["replacement_text"] == ["Enter the new goal, in the person’s words"]


def test_a_new_goal_typed_without_choosing_changed_is_not_dropped():
    case = open_case()
    goal = _with_goal(case)

    response = client_for(case.link_worker).post(
        _url("plan-goal-update", case, goal_id=goal.pk),
        {"version": "1", "to_status": "", "replacement_text": "Swim instead"},
    )

    assert response.status_code == 400
    assert "Choose “Changed”" in response.context["form"].errors["to_status"][0]
    assert 'value="Swim instead"' in response.content.decode()


def test_a_status_the_goal_cannot_move_to_is_not_offered_nor_accepted():
    case = open_case()
    goal = _with_goal(case)
    client = client_for(case.link_worker)

    response = client.post(
        _url("plan-goal-update", case, goal_id=goal.pk), {"version": "1", "to_status": "active", "progress": "2"}
    )

    assert response.status_code == 400
    assert "to_status" in response.context["form"].errors
    assert not goal.updates.exists()


def test_a_goal_update_from_an_old_page_is_refused_with_409_and_keeps_the_note():
    case = open_case()
    goal = _with_goal(case)
    plans.update_plan(case=case, expected_version=1, agreed_on=None, summary="Meanwhile", by=case.link_worker)

    response = client_for(case.link_worker).post(
        _url("plan-goal-update", case, goal_id=goal.pk),
        {"version": "1", "progress": "7", "to_status": "", "note": "Went three times this month"},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Went three times this month" in page
    assert 'name="version" value="2"' in page
    assert not goal.updates.exists()


def test_marking_a_step_done():
    case = open_case()
    step = _with_goal(case).steps.get()
    client = client_for(case.link_worker)

    response = client.post(_url("plan-step-done", case, step_id=step.pk))
    again = client.post(_url("plan-step-done", case, step_id=step.pk), follow=True)

    assert response.status_code == 302
    assert GoalStep.objects.get(pk=step.pk).done_on == TODAY()
    assert "This step was already marked done" in again.content.decode()
    assert client.get(_url("plan-step-done", case, step_id=step.pk)).status_code == 405


# --- The printable plan -------------------------------------------------------------------------
def test_the_printable_plan_shows_the_persons_goals_and_who_to_contact_and_nothing_internal():
    case = open_case()
    case.team.contact_phone = "01632 960 123"
    case.team.save()
    case.link_worker.full_name = "Jo Hughes"
    case.link_worker.save()
    plans.record_conversation(
        case=case,
        held_on=TODAY(),
        what_matters="Seeing my grandchildren more",
        strengths="",
        barriers="INTERNAL barrier text",
        notes="INTERNAL note text",
        areas=[(LifeArea.CARING, True, "INTERNAL area note")],
        by=case.link_worker,
    )
    goal = _with_goal(case)
    plans.update_goal(
        goal=goal, expected_version=1, progress=3, to_status=None, note="INTERNAL progress note", by=case.link_worker
    )
    stopped = plans.add_goal(
        case=case, expected_version=2, text="A stopped goal", area="", target_date=None, steps=[], by=case.link_worker
    )
    plans.update_goal(
        goal=stopped, expected_version=3, progress=None, to_status=GoalStatus.STOPPED, note="", by=case.link_worker
    )
    SafeguardingConcern.objects.create(case=case, summary="INTERNAL risk", raised_by=case.link_worker)

    response = client_for(case.link_worker).get(_url("plan-print", case))

    page = response.content.decode()
    assert "Seeing my grandchildren more" in page
    assert "Join the Thursday walking group" in page
    assert "Ring the group leader" in page
    assert "Jo Hughes" in page
    assert "01632 960 123" in page
    assert "Print this page" in page
    assert "print this page from your browser" in page
    assert "plan-print.css" in page
    assert "INTERNAL" not in page
    assert "A stopped goal" not in page
    assert "out of 10" not in page


# --- The case page's section --------------------------------------------------------------------
def _render_section(case: Case, user) -> str:
    return render_to_string(
        "casework/case/_plan.html", {"case": case, "may_work": True, "csrf_input": "", **case_section(case, user)}
    )


def test_the_case_section_shows_the_latest_conversation_and_the_goals():
    case = open_case(received_at=timezone.now() - timedelta(days=5))
    plans.record_conversation(
        case=case,
        held_on=TODAY() - timedelta(days=1),
        what_matters="Older words",
        strengths="",
        barriers="",
        notes="",
        areas=[],
        by=case.link_worker,
    )
    plans.record_conversation(
        case=case,
        held_on=TODAY(),
        what_matters="Latest words",
        strengths="",
        barriers="",
        notes="",
        areas=[(LifeArea.MONEY, True, ""), (LifeArea.FOOD, False, "")],
        by=case.link_worker,
    )
    goal = _with_goal(case)
    plans.update_goal(goal=goal, expected_version=1, progress=5, to_status=None, note="", by=case.link_worker)

    html = _render_section(case, case.link_worker)

    assert "Latest words" in html
    assert "Older words" not in html
    assert "the latest of 2" in html
    assert "Money" in html
    assert "Food" not in html
    assert "Join the Thursday walking group" in html
    assert "5 out of 10" in html
    assert _url("plan-goal-add", case) in html


def test_the_case_section_offers_no_changes_on_a_closed_case():
    case = open_case()
    _discharge(case)
    case.refresh_from_db()

    html = _render_section(case, case.link_worker)

    assert "No goals agreed yet" in html
    assert _url("plan-goal-add", case) not in html
    assert _url("plan-print", case) in html


def _add_goals(case: Case, count: int) -> None:
    for number in range(count):
        goal = plans.add_goal(
            case=case,
            expected_version=plans.plan_version(case),
            text=f"Goal {number}",
            area="",
            target_date=None,
            steps=[("A step", StepOwner.PERSON, "", None), ("Another", StepOwner.TOGETHER, "", None)],
            by=case.link_worker,
        )
        plans.update_goal(
            goal=goal,
            expected_version=plans.plan_version(case),
            progress=number % 11,
            to_status=None,
            note="",
            by=case.link_worker,
        )


def test_the_case_section_and_plan_page_cost_the_same_queries_for_1_goal_as_for_8(django_assert_max_num_queries):
    small, large = open_case(), open_case()
    _add_goals(small, 1)
    _add_goals(large, 8)
    for case in (small, large):
        plans.record_conversation(
            case=case,
            held_on=TODAY(),
            what_matters="Words",
            strengths="",
            barriers="",
            notes="",
            areas=[(area, False, "") for area in LifeArea],
            by=case.link_worker,
        )

    with django_assert_max_num_queries(8):
        _render_section(small, small.link_worker)
    with django_assert_max_num_queries(8):
        _render_section(large, large.link_worker)

    def page_queries(case: Case) -> int:
        client = client_for(case.link_worker)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url("plan-detail", case)).status_code == 200
        return len(captured.captured_queries)

    assert page_queries(small) == page_queries(large)


def test_the_case_page_includes_the_plan_section():
    case = open_case()
    _with_goal(case)

    response = client_for(case.link_worker).get(_url("case", case))

    assert response.status_code == 200
    page = response.content.decode()
    assert "What matters and the plan" in page
    assert "Join the Thursday walking group" in page

"""The "what matters to me" conversation and the personal plan: parse input, check access, call an action
(casework.plans), render. Also what the case page shows of them (case_section) and the plan printed for
the person.

A save refused because someone else changed the plan meanwhile (StaleEdit) comes back as 409 with the
user's text still in the form, the latest plan beside it, and the form now carrying the latest version, so
saving again after checking goes through."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwell.accounts.models import User
from linkwell.accounts.permissions import require_permission, signed_in_user
from linkwell.accounts.roles import Permission
from linkwell.casework import plans
from linkwell.casework.access import get_case_for_user, may_work_on_case, view_case
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.models import (
    Case,
    CaseStatus,
    Conversation,
    ConversationArea,
    Goal,
    GoalStatus,
    GoalStep,
    GoalUpdate,
    Plan,
)
from linkwell.casework.plan_forms import ConversationForm, GoalForm, GoalUpdateForm, PlanForm, VersionedForm
from linkwell.casework.versioning import StaleEdit

VersionedFormT = TypeVar("VersionedFormT", bound=VersionedForm)

# Goals in the order people look for them: what they are working on first.
STATUS_ORDER = [GoalStatus.ACTIVE, GoalStatus.ACHIEVED, GoalStatus.STOPPED, GoalStatus.CHANGED]


@dataclass(frozen=True)
class GoalRow:
    goal: Goal
    steps: list[GoalStep]
    updates: list[GoalUpdate]
    latest_progress: int | None
    replaced_by_text: str


def _goal_rows(plan: Plan | None) -> list[GoalRow]:
    """The plan's goals with their steps and log, in three queries however many goals there are."""
    if plan is None:
        return []
    goals = list(
        plan.goals.prefetch_related(
            "steps", Prefetch("updates", queryset=GoalUpdate.objects.select_related("by").order_by("at", "id"))
        )
    )
    texts = {goal.pk: goal.text for goal in goals}
    rows = []
    for goal in goals:
        updates = list(goal.updates.all())
        ratings = [update.progress for update in updates if update.progress is not None]
        rows.append(
            GoalRow(
                goal=goal,
                steps=list(goal.steps.all()),
                updates=updates,
                latest_progress=ratings[-1] if ratings else None,
                replaced_by_text=texts.get(goal.replaced_by_id, "") if goal.replaced_by_id else "",
            )
        )
    return sorted(rows, key=lambda row: STATUS_ORDER.index(GoalStatus(row.goal.status)))


def _plan_of(case: Case) -> Plan | None:
    return Plan.objects.filter(case=case).select_related("updated_by").first()


def _latest_conversation(case: Case) -> Conversation | None:
    latest = (
        Conversation.objects.filter(case=case)
        .order_by("-held_on", "-recorded_at")
        .prefetch_related(Prefetch("areas", queryset=ConversationArea.objects.order_by("-is_priority", "id")))[:1]
    )
    return next(iter(latest), None)


def case_section(case: Case, user: User) -> dict[str, Any]:
    """What this area shows on the case page (casework/case/_plan.html): the latest conversation with the
    areas that matter most, and the plan's goals with their status and latest progress."""
    conversation = _latest_conversation(case)
    plan = _plan_of(case)
    return {
        "plan_conversation": conversation,
        "plan_conversation_count": Conversation.objects.filter(case=case).count() if conversation else 0,
        "plan": plan,
        "plan_goals": _goal_rows(plan),
        "plan_may_change": case.status == CaseStatus.OPEN and may_work_on_case(user, case),
    }


# --- Access -------------------------------------------------------------------------------------
def _case_to_change(request: HttpRequest, case_id: uuid.UUID) -> Case:
    """The case, for someone who may record in it. Showing a form is a read of the case, so it is audited;
    a save is audited by its action."""
    case = view_case(request, case_id) if request.method == "GET" else get_case_for_user(request.user, case_id)
    if not may_work_on_case(request.user, case):
        raise PermissionDenied
    return case


def _closed(request: HttpRequest, case: Case) -> HttpResponse:
    messages.info(request, "This case is closed: the person has been discharged, so the plan cannot change.")
    return redirect("casework:plan-detail", case_id=case.pk)


def _goal_of(case: Case, goal_id: uuid.UUID) -> Goal:
    goal = Goal.objects.filter(plan__case=case, pk=goal_id).first()
    if goal is None:
        raise Http404("No such goal")
    return goal


def _show_problems(form: Any, problem: CaseworkProblem) -> None:
    for field, message in problem.errors.items():
        form.add_error(field if field in form.fields else None, message)


def _with_current_version(
    make_form: Callable[[QueryDict], VersionedFormT], request: HttpRequest, stale: StaleEdit, case: Case
) -> VersionedFormT:
    """The user's unsaved form again, now drawn from the plan's latest version, with the refusal on top."""
    data: QueryDict = request.POST.copy()
    data["version"] = str(plans.plan_version(case))
    form = make_form(data)
    form.is_valid()
    form.add_error(None, str(stale))
    return form


def _page(request: HttpRequest, template: str, context: dict[str, Any], form: Any, *, stale: bool) -> HttpResponse:
    status = 409 if stale else 400 if form.errors else 200
    return render(request, template, {**context, "form": form, "has_errors": bool(form.errors)}, status=status)


def _latest(case: Case) -> dict[str, Any]:
    """The plan as it is now, shown beside a form whose save was refused as out of date."""
    plan = _plan_of(case)
    return {"latest_plan": plan, "latest_goals": _goal_rows(plan)}


def _post_plan_form(
    request: HttpRequest,
    case: Case,
    template: str,
    context: dict[str, Any],
    make_form: Callable[[QueryDict], VersionedFormT],
    save: Callable[[VersionedFormT], object],
    *,
    done: str,
) -> HttpResponse:
    """A posted plan form: saved through `save` and back to the plan with `done` said; or shown again with
    the problems; or, when someone else changed the plan meanwhile, with the latest plan beside it."""
    form = make_form(request.POST)
    if form.is_valid():
        try:
            save(form)
        except CaseworkProblem as problem:
            _show_problems(form, problem)
        except StaleEdit as stale:
            form = _with_current_version(make_form, request, stale, case)
            return _page(request, template, {**context, **_latest(case)}, form, stale=True)
        else:
            messages.success(request, done)
            return redirect("casework:plan-detail", case_id=case.pk)
    return _page(request, template, context, form, stale=False)


# --- Pages --------------------------------------------------------------------------------------
@require_GET
@require_permission(Permission.VIEW_CASE_RECORDS)
def plan_detail(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The whole plan and every conversation, with the goals' history."""
    case = view_case(request, case_id)
    plan = _plan_of(case)
    conversations = (
        Conversation.objects.filter(case=case)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("areas", queryset=ConversationArea.objects.order_by("-is_priority", "id")))
        .order_by("-held_on", "-recorded_at")
    )
    return render(
        request,
        "casework/plan/plan.html",
        {
            "case": case,
            "plan": plan,
            "goals": _goal_rows(plan),
            "conversations": list(conversations),
            "may_change": case.status == CaseStatus.OPEN and may_work_on_case(request.user, case),
            "plan_version": plan.version if plan else plans.NO_PLAN_YET,
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_CASE_RECORDS)
def record_conversation(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = _case_to_change(request, case_id)
    if case.status != CaseStatus.OPEN:
        return _closed(request, case)
    form = ConversationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plans.record_conversation(
                case=case,
                held_on=data["held_on"],
                what_matters=data["what_matters"],
                strengths=data["strengths"],
                barriers=data["barriers"],
                notes=data["notes"],
                areas=form.areas(),
                by=user,
            )
        except CaseworkProblem as problem:
            _show_problems(form, problem)
        else:
            messages.success(request, "The conversation is recorded.")
            return redirect("casework:plan-detail", case_id=case.pk)
    return _page(request, "casework/plan/conversation_form.html", {"case": case}, form, stale=False)


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_CASE_RECORDS)
def edit_plan(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = _case_to_change(request, case_id)
    if case.status != CaseStatus.OPEN:
        return _closed(request, case)
    context: dict[str, Any] = {"case": case}
    if request.method == "GET":
        plan = _plan_of(case)
        initial: dict[str, Any] = {"version": plans.NO_PLAN_YET}
        if plan is not None:
            initial = {"version": plan.version, "summary": plan.summary, "agreed_on": plan.agreed_on}
        return _page(request, "casework/plan/plan_form.html", context, PlanForm(initial=initial), stale=False)

    def save(form: PlanForm) -> None:
        data = form.cleaned_data
        plans.update_plan(
            case=case, expected_version=data["version"], agreed_on=data["agreed_on"], summary=data["summary"], by=user
        )

    return _post_plan_form(
        request, case, "casework/plan/plan_form.html", context, PlanForm, save, done="The plan is saved."
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_CASE_RECORDS)
def add_goal(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = _case_to_change(request, case_id)
    if case.status != CaseStatus.OPEN:
        return _closed(request, case)
    context: dict[str, Any] = {"case": case}
    if request.method == "GET":
        form = GoalForm(initial={"version": plans.plan_version(case)})
        return _page(request, "casework/plan/goal_form.html", context, form, stale=False)

    def save(form: GoalForm) -> None:
        data = form.cleaned_data
        plans.add_goal(
            case=case,
            expected_version=data["version"],
            text=data["text"],
            area=data["area"],
            target_date=data["target_date"],
            steps=form.steps(),
            by=user,
        )

    return _post_plan_form(
        request, case, "casework/plan/goal_form.html", context, GoalForm, save, done="The goal is added to the plan."
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_CASE_RECORDS)
def update_goal(request: HttpRequest, case_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = _case_to_change(request, case_id)
    goal = _goal_of(case, goal_id)
    if case.status != CaseStatus.OPEN:
        return _closed(request, case)
    if goal.status == GoalStatus.CHANGED:
        messages.info(request, "This goal was changed into a new goal: update the new goal instead.")
        return redirect("casework:plan-detail", case_id=case.pk)
    status = GoalStatus(goal.status)
    context: dict[str, Any] = {"case": case, "goal": goal}
    if request.method == "GET":
        form = GoalUpdateForm(initial={"version": plans.plan_version(case)}, status=status)
        return _page(request, "casework/plan/goal_update_form.html", context, form, stale=False)

    def save(form: GoalUpdateForm) -> None:
        data = form.cleaned_data
        plans.update_goal(
            goal=goal,
            expected_version=data["version"],
            progress=data["progress"],
            to_status=form.chosen_status,
            note=data["note"],
            replacement_text=data.get("replacement_text"),
            by=user,
        )

    return _post_plan_form(
        request,
        case,
        "casework/plan/goal_update_form.html",
        context,
        lambda data: GoalUpdateForm(data, status=status),
        save,
        done="The goal is updated.",
    )


@require_POST
@require_permission(Permission.VIEW_CASE_RECORDS)
def mark_step_done(request: HttpRequest, case_id: uuid.UUID, step_id: int) -> HttpResponse:
    user = signed_in_user(request)
    case = _case_to_change(request, case_id)
    step = GoalStep.objects.filter(goal__plan__case=case, pk=step_id).first()
    if step is None:
        raise Http404("No such step")
    try:
        plans.mark_step_done(step=step, done_on=timezone.localdate(), by=user)
    except CaseworkProblem as problem:
        for message in problem.errors.values():
            messages.error(request, message)
    else:
        messages.success(request, f"Step done: {step.text}")
    return redirect("casework:plan-detail", case_id=case.pk)


@require_GET
@require_permission(Permission.VIEW_CASE_RECORDS)
def print_plan(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The plan for the person to keep: their goals in their words and who does what, without internal
    notes, risk information or progress ratings."""
    case = view_case(request, case_id)
    plan = Plan.objects.filter(case=case).first()
    goals = list(plan.goals.prefetch_related("steps")) if plan else []
    conversation = (
        Conversation.objects.filter(case=case).order_by("-held_on", "-recorded_at").only("what_matters").first()
    )
    return render(
        request,
        "casework/plan/print.html",
        {
            "case": case,
            "plan": plan,
            "goals_working_on": [goal for goal in goals if goal.status == GoalStatus.ACTIVE],
            "goals_achieved": [goal for goal in goals if goal.status == GoalStatus.ACHIEVED],
            "what_matters": conversation.what_matters if conversation else "",
            "printed_on": timezone.localdate(),
        },
    )

"""The "what matters to me" conversation and the personal plan: every write to them.

The plan is one record several people may edit at once. Its version counts every change to it — the
summary, a goal added, a goal's progress or status, a step done — and the forms that change it send back
the version they were drawn from, so a save made from an out-of-date page is refused (StaleEdit) instead of
silently overwriting a colleague's work. The Plan row itself is created by the first save."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from linkwell.accounts.models import User
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.casework.actions import CaseworkProblem, check_may_work_on, check_open, check_text, lock_case
from linkwell.casework.models import (
    GOAL_TRANSITIONS,
    NOTE_LIMIT,
    SHORT_NOTE_LIMIT,
    Case,
    Conversation,
    ConversationArea,
    Goal,
    GoalStatus,
    GoalStep,
    GoalUpdate,
    LifeArea,
    Plan,
    StepOwner,
)
from linkwell.casework.versioning import StaleEdit, save_if_current
from linkwell.lib.dates import format_date
from linkwell.referrals.models import Referral

# The version a form carries when the case has no plan yet.
NO_PLAN_YET = 0
PLAN = "the plan"
GOAL_TEXT_LIMIT = Goal._meta.get_field("text").max_length or 500
STEP_TEXT_LIMIT = GoalStep._meta.get_field("text").max_length or 500
OWNER_NOTE_LIMIT = GoalStep._meta.get_field("owner_note").max_length or 200
PROGRESS_MAX = 10

AreaTalkedAbout = tuple[LifeArea, bool, str]
StepPlanned = tuple[str, StepOwner, str, date | None]


def plan_version(case: Case) -> int:
    """The version a form editing the case's plan is drawn from."""
    version = Plan.objects.filter(case=case).values_list("version", flat=True).first()
    return NO_PLAN_YET if version is None else version


def _received_on(case: Case) -> date:
    received_at = Referral.objects.filter(pk=case.referral_id).values_list("received_at", flat=True).get()
    return timezone.localdate(received_at)


def _check_past_date(
    errors: dict[str, str], field: str, value: date, *, noun: str, earliest: date, earliest_label: str
) -> None:
    if value > timezone.localdate():
        errors[field] = f"The {noun} must be today or in the past"
    elif value < earliest:
        errors[field] = f"The {noun} must be on or after {format_date(earliest)}, when {earliest_label}"


@transaction.atomic
def record_conversation(
    *,
    case: Case,
    held_on: date,
    what_matters: str,
    strengths: str,
    barriers: str,
    notes: str,
    areas: list[AreaTalkedAbout],
    by: User,
) -> Conversation:
    """Record a guided "what matters to me" conversation: the areas of life talked about, which matter most
    now, and what the person said. It adds to earlier conversations; it never replaces them."""
    check_may_work_on(case, by=by)
    locked = lock_case(case)
    check_open(locked)
    errors: dict[str, str] = {}
    _check_past_date(
        errors,
        "held_on",
        held_on,
        noun="date of the conversation",
        earliest=_received_on(locked),
        earliest_label="the referral was received",
    )
    what_matters = check_text(
        errors, "what_matters", what_matters, limit=NOTE_LIMIT, required="Enter what matters to the person"
    )
    strengths = check_text(errors, "strengths", strengths, limit=NOTE_LIMIT)
    barriers = check_text(errors, "barriers", barriers, limit=NOTE_LIMIT)
    notes = check_text(errors, "notes", notes, limit=NOTE_LIMIT)
    cleaned_areas: list[AreaTalkedAbout] = []
    for area, is_priority, note in areas:
        if area not in LifeArea.values:
            errors[""] = "Choose areas of life from the list"
            continue
        if any(area == seen for seen, _, _ in cleaned_areas):
            errors[f"{area}_talked"] = f"{LifeArea(area).label} is listed twice"
            continue
        note = check_text(errors, f"{area}_note", note, limit=SHORT_NOTE_LIMIT)
        cleaned_areas.append((LifeArea(area), is_priority, note))
    if errors:
        raise CaseworkProblem(errors)
    conversation = Conversation.objects.create(
        case=locked,
        held_on=held_on,
        what_matters=what_matters,
        strengths=strengths,
        barriers=barriers,
        notes=notes,
        recorded_by=by,
    )
    ConversationArea.objects.bulk_create(
        ConversationArea(conversation=conversation, area=area, is_priority=is_priority, note=note)
        for area, is_priority, note in cleaned_areas
    )
    # Which areas, never what was said: the audit log holds no free text about the person.
    record(
        by=by,
        action=AuditAction.CONVERSATION_RECORDED,
        obj=conversation,
        person_id=str(locked.person_id),
        detail={
            "areas": [area.value for area, _, _ in cleaned_areas],
            "priorities": [area.value for area, is_priority, _ in cleaned_areas if is_priority],
        },
    )
    return conversation


def _existing_plan(case: Case) -> Plan | None:
    return Plan.objects.filter(case=case).first()


def _change_plan(case: Case, *, expected_version: int, by: User, **fields: object) -> Plan:
    """Save a change to the case's plan if nobody has changed it since `expected_version`, creating the plan
    on its first save. Raises StaleEdit otherwise. Call with the case locked."""
    now = timezone.now()
    plan = _existing_plan(case)
    if plan is None:
        if expected_version != NO_PLAN_YET:
            raise StaleEdit(PLAN)
        try:
            # A savepoint: a racing first save that lost on the one-plan-per-case constraint must leave
            # the outer transaction usable, so the caller sees StaleEdit rather than a broken transaction.
            with transaction.atomic():
                return Plan.objects.create(case=case, updated_at=now, updated_by=by, version=1, **fields)
        except IntegrityError:
            raise StaleEdit(PLAN) from None
    save_if_current(
        plan, expected_version=expected_version, fields={**fields, "updated_at": now, "updated_by": by}, what=PLAN
    )
    return plan


@transaction.atomic
def update_plan(*, case: Case, expected_version: int, agreed_on: date | None, summary: str, by: User) -> Plan:
    """Save the plan's summary (in the person's words) and the date it was agreed."""
    check_may_work_on(case, by=by)
    locked = lock_case(case)
    check_open(locked)
    errors: dict[str, str] = {}
    summary = check_text(errors, "summary", summary, limit=NOTE_LIMIT)
    if agreed_on is not None:
        _check_past_date(
            errors,
            "agreed_on",
            agreed_on,
            noun="date the plan was agreed",
            earliest=_received_on(locked),
            earliest_label="the referral was received",
        )
    if errors:
        raise CaseworkProblem(errors)
    plan = _change_plan(locked, expected_version=expected_version, by=by, agreed_on=agreed_on, summary=summary)
    record(
        by=by,
        action=AuditAction.PLAN_UPDATED,
        obj=plan,
        person_id=str(locked.person_id),
        detail={"version": plan.version},
    )
    return plan


def _check_steps(errors: dict[str, str], steps: list[StepPlanned]) -> list[StepPlanned]:
    cleaned: list[StepPlanned] = []
    for number, (text, owner, owner_note, due_on) in enumerate(steps, start=1):
        prefix = f"step_{number}"
        text = check_text(errors, f"{prefix}_text", text, limit=STEP_TEXT_LIMIT, required="Enter what the step is")
        owner_note = check_text(errors, f"{prefix}_owner_note", owner_note, limit=OWNER_NOTE_LIMIT)
        if owner not in StepOwner.values:
            errors[f"{prefix}_owner"] = "Choose who will do this"
        elif owner == StepOwner.SOMEONE_ELSE and not owner_note:
            errors[f"{prefix}_owner_note"] = "Enter who will do this"
        cleaned.append((text, StepOwner(owner) if owner in StepOwner.values else StepOwner.PERSON, owner_note, due_on))
    return cleaned


@transaction.atomic
def add_goal(
    *,
    case: Case,
    expected_version: int,
    text: str,
    area: LifeArea | str,
    target_date: date | None,
    steps: list[StepPlanned],
    by: User,
) -> Goal:
    """Add a goal, in the person's words, with the steps towards it: who does what, and by when."""
    check_may_work_on(case, by=by)
    locked = lock_case(case)
    check_open(locked)
    errors: dict[str, str] = {}
    text = check_text(errors, "text", text, limit=GOAL_TEXT_LIMIT, required="Enter the goal, in the person’s words")
    if area and area not in LifeArea.values:
        errors["area"] = "Choose an area of life from the list"
    opened_on = timezone.localdate(locked.opened_at)
    if target_date is not None and target_date < opened_on:
        errors["target_date"] = f"The target date must be on or after {format_date(opened_on)}, when support started"
    cleaned_steps = _check_steps(errors, steps)
    if errors:
        raise CaseworkProblem(errors)
    plan = _change_plan(locked, expected_version=expected_version, by=by)
    goal = Goal.objects.create(plan=plan, text=text, area=area, target_date=target_date, created_by=by)
    GoalStep.objects.bulk_create(
        GoalStep(goal=goal, text=step_text, owner=owner, owner_note=owner_note, due_on=due_on)
        for step_text, owner, owner_note, due_on in cleaned_steps
    )
    record(
        by=by,
        action=AuditAction.GOAL_UPDATED,
        obj=goal,
        person_id=str(locked.person_id),
        detail={"change": "added", "steps": len(cleaned_steps), "plan_version": plan.version},
    )
    return goal


@transaction.atomic
def update_goal(
    *,
    goal: Goal,
    expected_version: int,
    progress: int | None,
    to_status: GoalStatus | None,
    note: str,
    by: User,
    replacement_text: str | None = None,
) -> GoalUpdate:
    """Rate progress towards a goal (0 not started – 10 fully there), change its status, or both, with a
    note: one row in the goal's log. A goal changed into another is replaced by a new, active goal."""
    case = Case.objects.select_related("team").get(plan=goal.plan_id)
    check_may_work_on(case, by=by)
    locked = lock_case(case)
    check_open(locked)
    current = Goal.objects.get(pk=goal.pk)
    if current.status == GoalStatus.CHANGED:
        raise CaseworkProblem({"": "This goal was changed into a new goal: update the new goal instead."})
    errors: dict[str, str] = {}
    if progress is not None and not 0 <= progress <= PROGRESS_MAX:
        errors["progress"] = f"Choose a progress rating from 0 to {PROGRESS_MAX}"
    if to_status == current.status:
        to_status = None
    if to_status is not None and to_status not in GOAL_TRANSITIONS[GoalStatus(current.status)]:
        errors["to_status"] = (
            f"A goal that is {GoalStatus(current.status).label.lower()} cannot be marked "
            f"{GoalStatus(to_status).label.lower()}"
        )
    note = check_text(errors, "note", note, limit=SHORT_NOTE_LIMIT)
    new_text = ""
    if to_status == GoalStatus.CHANGED:
        new_text = check_text(
            errors,
            "replacement_text",
            replacement_text or "",
            limit=GOAL_TEXT_LIMIT,
            required="Enter the new goal, in the person’s words",
        )
    if progress is None and to_status is None and not note and not errors:
        errors["progress"] = "Choose a progress rating, change the status or write a note"
    if errors:
        raise CaseworkProblem(errors)
    plan = _change_plan(locked, expected_version=expected_version, by=by)
    update = GoalUpdate.objects.create(
        goal=current,
        by=by,
        progress=progress,
        from_status=current.status if to_status is not None else "",
        to_status=to_status or "",
        note=note,
    )
    detail: dict[str, object] = {"change": "updated", "plan_version": plan.version}
    if progress is not None:
        detail["progress"] = progress
    if to_status is not None:
        detail.update({"from_status": current.status, "to_status": to_status.value})
        current.status = to_status
        if to_status == GoalStatus.CHANGED:
            current.replaced_by = Goal.objects.create(
                plan=plan, text=new_text, area=current.area, target_date=current.target_date, created_by=by
            )
            detail["replaced_by"] = str(current.replaced_by.pk)
        current.save(update_fields=["status", "replaced_by"])
    record(by=by, action=AuditAction.GOAL_UPDATED, obj=current, person_id=str(locked.person_id), detail=detail)
    goal.status, goal.replaced_by = current.status, current.replaced_by
    return update


@transaction.atomic
def mark_step_done(*, step: GoalStep, done_on: date, by: User) -> None:
    """Mark a step towards a goal done. A tick, not an edit, so it needs no version from the form — but it
    still counts as a change to the plan, so an edit drawn from before it is checked against it."""
    case = Case.objects.select_related("team").get(plan__goals=step.goal_id)
    check_may_work_on(case, by=by)
    locked = lock_case(case)
    check_open(locked)
    current = GoalStep.objects.get(pk=step.pk)
    if current.done_on is not None:
        raise CaseworkProblem({"": f"This step was already marked done on {format_date(current.done_on)}."})
    errors: dict[str, str] = {}
    _check_past_date(
        errors,
        "done_on",
        done_on,
        noun="date the step was done",
        earliest=timezone.localdate(locked.opened_at),
        earliest_label="support started",
    )
    if errors:
        raise CaseworkProblem(errors)
    current.done_on = done_on
    current.save(update_fields=["done_on"])
    Plan.objects.filter(case=locked).update(version=F("version") + 1, updated_at=timezone.now(), updated_by=by)
    record(
        by=by,
        action=AuditAction.GOAL_UPDATED,
        obj=current.goal,
        person_id=str(locked.person_id),
        detail={"change": "step_done", "step_id": current.pk, "done_on": done_on.isoformat()},
    )
    step.done_on = done_on

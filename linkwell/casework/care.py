"""Writes for the day-to-day care of a case: the contacts log, follow-ups and safeguarding concerns.

Each write checks that the writer keeps case records for the case's team, and (except completing a
follow-up and closing a concern, which tidy up after discharge too) that the case is still open."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from linkwell.accounts.models import Team, User
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.casework.actions import CaseworkProblem, check_may_work_on, check_open, check_text, lock_case
from linkwell.casework.models import (
    NOTE_LIMIT,
    SHORT_NOTE_LIMIT,
    Case,
    ConcernStatus,
    Contact,
    ContactKind,
    FollowUp,
    SafeguardingConcern,
)
from linkwell.lib.dates import format_date, format_datetime
from linkwell.referrals.actions import can_hold_cases

LONGEST_CONTACT_MINUTES = 600
FOLLOW_UP_TITLE_LIMIT = FollowUp._meta.get_field("title").max_length or 300
CONCERN_SUMMARY_LIMIT = SafeguardingConcern._meta.get_field("summary").max_length or 300
# A follow-up further off than this is almost always a mistyped year, and would sit unseen in nobody's digest.
FOLLOW_UP_HORIZON = timedelta(days=366)

# Said by the forms as well as here, so a missing answer reads the same whichever layer spots it.
ENTER_FOLLOW_UP_TITLE = "Enter what needs doing"
ENTER_DURATION = "Enter how long the contact took, in minutes"
ENTER_CONCERN_SUMMARY = "Enter a short summary of the concern"
ENTER_CLOSING_NOTE = "Enter what was done about the concern, and why it can be closed"


@dataclass(frozen=True)
class NewFollowUp:
    """A follow-up to set in the same breath as something else (recording a contact)."""

    title: str
    due_on: date | None
    assigned_to: User


def _check_follow_up(
    errors: dict[str, str], *, team: Team, follow_up: NewFollowUp, fields: dict[str, str] | None = None
) -> str:
    """The trimmed title; problems go in `errors` under `fields`' names for title, due_on and assigned_to."""
    names = {"title": "title", "due_on": "due_on", "assigned_to": "assigned_to", **(fields or {})}
    title = check_text(
        errors, names["title"], follow_up.title, limit=FOLLOW_UP_TITLE_LIMIT, required=ENTER_FOLLOW_UP_TITLE
    )
    today = timezone.localdate()
    if follow_up.due_on is None:
        errors[names["due_on"]] = "Enter when the follow-up is due"
    elif follow_up.due_on < today:
        errors[names["due_on"]] = "The follow-up must be due today or later"
    elif follow_up.due_on > today + FOLLOW_UP_HORIZON:
        errors[names["due_on"]] = "The follow-up must be due within a year"
    if not can_hold_cases(follow_up.assigned_to, team):
        errors[names["assigned_to"]] = f"{follow_up.assigned_to} is not a link worker in {team}"
    return title


def _create_follow_up(*, case: Case, title: str, follow_up: NewFollowUp, by: User) -> FollowUp:
    assert follow_up.due_on is not None  # _check_follow_up has refused a missing date
    created = FollowUp.objects.create(
        case=case, title=title, due_on=follow_up.due_on, assigned_to=follow_up.assigned_to, created_by=by
    )
    record(
        by=by,
        action=AuditAction.FOLLOW_UP_SET,
        obj=created,
        person_id=str(case.person_id),
        detail={
            "case_id": str(case.pk),
            "due_on": created.due_on.isoformat(),
            "assigned_to_id": follow_up.assigned_to.pk,
        },
    )
    return created


# The contact form names its follow-up fields apart from the contact's own.
CONTACT_FOLLOW_UP_FIELDS = {
    "title": "follow_up_title",
    "due_on": "follow_up_on",
    "assigned_to": "follow_up_assigned_to",
}


@transaction.atomic
def record_contact(
    *,
    case: Case,
    at: datetime,
    kind: ContactKind,
    made: bool,
    duration_minutes: int | None,
    note: str,
    by: User,
    follow_up: NewFollowUp | None = None,
) -> Contact:
    """Log a contact with the person, or an attempt that did not reach them; with `follow_up`, set the next
    follow-up too, so the natural next step takes no second form."""
    check_may_work_on(case, by=by)
    locked = lock_case(case)
    check_open(locked)
    errors: dict[str, str] = {}
    if at > timezone.now():
        errors["at"] = "The contact must not be in the future"
    else:
        # Times are entered to the minute, so a contact in the minute the referral arrived counts.
        received = locked.referral.received_at.replace(second=0, microsecond=0)
        if at < received:
            day = format_date(timezone.localdate(received))
            errors["at"] = f"The contact must be on or after {day}, when the referral was received"
    if kind not in ContactKind.values:
        errors["kind"] = "Choose how you contacted the person"
    if made and duration_minutes is None:
        errors["duration_minutes"] = ENTER_DURATION
    elif made and duration_minutes is not None and not 1 <= duration_minutes <= LONGEST_CONTACT_MINUTES:
        errors["duration_minutes"] = f"The duration must be between 1 and {LONGEST_CONTACT_MINUTES} minutes"
    elif duration_minutes is not None and not 0 <= duration_minutes <= LONGEST_CONTACT_MINUTES:
        errors["duration_minutes"] = f"The duration must be {LONGEST_CONTACT_MINUTES} minutes or less"
    note = check_text(errors, "note", note, limit=SHORT_NOTE_LIMIT)
    follow_up_title = ""
    if follow_up is not None:
        follow_up_title = _check_follow_up(
            errors, team=locked.team, follow_up=follow_up, fields=CONTACT_FOLLOW_UP_FIELDS
        )
    if errors:
        raise CaseworkProblem(errors)
    contact = Contact.objects.create(
        case=locked,
        at=at,
        kind=kind,
        made=made,
        duration_minutes=duration_minutes,
        note=note,
        recorded_by=by,
    )
    record(
        by=by,
        action=AuditAction.CONTACT_RECORDED,
        obj=contact,
        person_id=str(locked.person_id),
        detail={"case_id": str(locked.pk), "kind": kind, "made": made},
    )
    if follow_up is not None:
        _create_follow_up(case=locked, title=follow_up_title, follow_up=follow_up, by=by)
    return contact


@transaction.atomic
def set_follow_up(*, case: Case, title: str, due_on: date | None, assigned_to: User, by: User) -> FollowUp:
    check_may_work_on(case, by=by)
    locked = lock_case(case)
    check_open(locked)
    follow_up = NewFollowUp(title=title, due_on=due_on, assigned_to=assigned_to)
    errors: dict[str, str] = {}
    title = _check_follow_up(errors, team=locked.team, follow_up=follow_up)
    if errors:
        raise CaseworkProblem(errors)
    return _create_follow_up(case=locked, title=title, follow_up=follow_up, by=by)


@transaction.atomic
def complete_follow_up(*, follow_up: FollowUp, note: str, by: User) -> FollowUp:
    """Mark the follow-up done, once. Allowed after discharge, so nothing is left dangling."""
    locked = FollowUp.objects.select_for_update().select_related("case__team").get(pk=follow_up.pk)
    check_may_work_on(locked.case, by=by)
    if locked.done_at is not None:
        raise CaseworkProblem({"": f"This follow-up was already marked as done on {format_datetime(locked.done_at)}"})
    errors: dict[str, str] = {}
    note = check_text(errors, "note", note, limit=SHORT_NOTE_LIMIT)
    if errors:
        raise CaseworkProblem(errors)
    locked.done_at = timezone.now()
    locked.done_by = by
    locked.done_note = note
    locked.save(update_fields=["done_at", "done_by", "done_note"])
    record(
        by=by,
        action=AuditAction.FOLLOW_UP_DONE,
        obj=locked,
        person_id=str(locked.case.person_id),
        detail={"case_id": str(locked.case_id)},
    )
    return locked


@transaction.atomic
def raise_concern(*, case: Case, summary: str, details: str, action_taken: str, by: User) -> SafeguardingConcern:
    """Record a safeguarding or risk concern. While it is open, everyone in the team sees it on the case."""
    check_may_work_on(case, by=by)
    locked = lock_case(case)
    check_open(locked)
    errors: dict[str, str] = {}
    summary = check_text(errors, "summary", summary, limit=CONCERN_SUMMARY_LIMIT, required=ENTER_CONCERN_SUMMARY)
    details = check_text(errors, "details", details, limit=NOTE_LIMIT)
    action_taken = check_text(errors, "action_taken", action_taken, limit=NOTE_LIMIT)
    if errors:
        raise CaseworkProblem(errors)
    concern = SafeguardingConcern.objects.create(
        case=locked, summary=summary, details=details, action_taken=action_taken, raised_by=by
    )
    record(
        by=by,
        action=AuditAction.CONCERN_RAISED,
        obj=concern,
        person_id=str(locked.person_id),
        # The audit log says a concern exists and where; what it is stays in the case record.
        detail={"case_id": str(locked.pk), "note": "Safeguarding concern raised; shown to the team on the case"},
    )
    return concern


@transaction.atomic
def close_concern(*, concern: SafeguardingConcern, closing_note: str, by: User) -> SafeguardingConcern:
    """Close an open concern, saying how it was resolved. Allowed after discharge."""
    locked = SafeguardingConcern.objects.select_for_update().select_related("case__team").get(pk=concern.pk)
    check_may_work_on(locked.case, by=by)
    if locked.status != ConcernStatus.OPEN:
        raise CaseworkProblem({"": f"This concern was already closed on {format_datetime(locked.closed_at)}"})
    errors: dict[str, str] = {}
    closing_note = check_text(
        errors,
        "closing_note",
        closing_note,
        limit=SHORT_NOTE_LIMIT,
        required=ENTER_CLOSING_NOTE,
    )
    if errors:
        raise CaseworkProblem(errors)
    locked.status = ConcernStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = by
    locked.closing_note = closing_note
    locked.save(update_fields=["status", "closed_at", "closed_by", "closing_note"])
    record(
        by=by,
        action=AuditAction.CONCERN_CLOSED,
        obj=locked,
        person_id=str(locked.case.person_id),
        detail={"case_id": str(locked.case_id)},
    )
    return locked

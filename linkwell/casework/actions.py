"""Writes to a case that every part of casework shares: who may write, the problems writes raise, giving
the case to another link worker, and case notes. Each area's own writes live beside it (plans.py,
contacts.py, onward.py, discharge.py…) and use the checks here."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from linkwell.accounts.models import User
from linkwell.accounts.permissions import has_permission
from linkwell.accounts.roles import Permission
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.casework.models import NOTE_LIMIT, Case, CaseNote, CaseStatus, CaseTransition
from linkwell.referrals.actions import can_hold_cases


class CaseworkProblem(ValueError):
    """Everything wrong with a casework write, field by field, in words to show the user. Nothing was saved.
    The field "" holds a problem with the whole request."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" if field else message for field, message in errors.items()))
        self.errors = errors


def check_may_work_on(case: Case, *, by: User) -> None:
    """Raise PermissionDenied unless `by` keeps case records for the case's team."""
    if not has_permission(by, Permission.VIEW_CASE_RECORDS, team=case.team):
        raise PermissionDenied("Only members of the case's team can record in it.")


def check_open(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise CaseworkProblem({"": "This case is closed: the person has been discharged."})


def lock_case(case: Case) -> Case:
    """The case row, locked for the rest of the transaction, so writes to one case happen one at a time."""
    return Case.objects.select_for_update().select_related("team").get(pk=case.pk)


def check_text(errors: dict[str, str], field: str, text: str, *, limit: int, required: str = "") -> str:
    """Trimmed text, or a problem noted in `errors`: missing (when `required` is the message) or too long."""
    text = text.strip()
    if required and not text:
        errors[field] = required
    elif len(text) > limit:
        errors[field] = f"Keep this to {limit} characters or fewer"
    return text


@transaction.atomic
def reassign_case(*, case: Case, to: User, by: User, note: str = "") -> None:
    """Give the case to another link worker in its team. Team leads only."""
    locked = lock_case(case)
    if not has_permission(by, Permission.ALLOCATE_REFERRALS, team=locked.team):
        raise PermissionDenied("Only the team lead can give a case to another link worker.")
    check_open(locked)
    errors: dict[str, str] = {}
    note = check_text(errors, "note", note, limit=500)
    if not can_hold_cases(to, locked.team):
        errors["link_worker"] = f"{to} is not a link worker in {locked.team}"
    elif to.pk == locked.link_worker_id:
        errors["link_worker"] = f"The case is already with {to}"
    if errors:
        raise CaseworkProblem(errors)
    locked.link_worker = to
    locked.save(update_fields=["link_worker"])
    CaseTransition.objects.create(
        case=locked,
        from_status=locked.status,
        to_status=locked.status,
        link_worker_id=to.pk,
        at=timezone.now(),
        by_id=by.pk,
        by_label=by.email,
        note=note,
    )
    record(
        by=by,
        action=AuditAction.CASE_REASSIGNED,
        obj=locked,
        person_id=str(locked.person_id),
        detail={"link_worker_id": to.pk},
    )
    case.link_worker = to


@transaction.atomic
def add_case_note(*, case: Case, text: str, by: User) -> CaseNote:
    check_may_work_on(case, by=by)
    errors: dict[str, str] = {}
    text = check_text(errors, "text", text, limit=NOTE_LIMIT, required="Enter the note")
    if errors:
        raise CaseworkProblem(errors)
    note = CaseNote.objects.create(case=case, text=text, by=by)
    record(by=by, action=AuditAction.CASE_NOTE_ADDED, obj=note, person_id=str(case.person_id))
    return note

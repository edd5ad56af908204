"""Opening a case when its referral is accepted, and moving cases when two person records are merged.
Both run as hooks inside another app's transaction (see CaseworkConfig.ready)."""

from django.db.models import Q

from linkwell.accounts.models import User
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.casework.models import Case, CaseStatus, CaseTransition
from linkwell.people.actions import DuplicateProblem
from linkwell.people.models import Person
from linkwell.referrals.actions import IllegalTransition
from linkwell.referrals.models import Referral


def open_case_for_accepted_referral(referral: Referral, by: User) -> None:
    """The referral was just accepted (first meaningful contact): its episode of support starts, held by
    the link worker it was allocated to."""
    team = referral.team
    already_open = (
        Case.objects.filter(person_id=referral.person_id, scheme_id=team.scheme_id, status=CaseStatus.OPEN)
        .select_related("referral")
        .first()
    )
    if already_open is not None:
        raise IllegalTransition(
            f"This person already has an open case (referral {already_open.referral.reference}). "
            "Add to that case instead, and mark this referral as withdrawn with the reason "
            "“already being supported”."
        )
    if referral.allocated_to_id is None:
        raise IllegalTransition("Allocate the referral to a link worker before accepting it.")
    case = Case.objects.create(
        referral=referral,
        person_id=referral.person_id,
        team=team,
        scheme_id=team.scheme_id,
        link_worker_id=referral.allocated_to_id,
    )
    CaseTransition.objects.create(
        case=case,
        from_status="",
        to_status=CaseStatus.OPEN,
        link_worker_id=referral.allocated_to_id,
        at=case.opened_at,
        by_id=by.pk,
        by_label=by.email,
    )
    record(by=by, action=AuditAction.CASE_OPENED, obj=case, person_id=str(case.person_id))


def move_cases_to_kept_person(kept: Person, merged: Person) -> None:
    """A merged duplicate's cases belong to the record that was kept, unless both have a case open in the
    same scheme: one must be discharged first, as a person has one open case at a time."""
    open_schemes = set(Case.objects.filter(person=kept, status=CaseStatus.OPEN).values_list("scheme_id", flat=True))
    if Case.objects.filter(Q(person=merged) & Q(status=CaseStatus.OPEN) & Q(scheme_id__in=open_schemes)).exists():
        raise DuplicateProblem(
            "Both records have an open case with the same scheme. Discharge one of the cases before merging."
        )
    Case.objects.filter(person=merged).update(person=kept)

"""Ending an episode of support: the discharge, and telling the referrer."""

from django.db import transaction
from django.utils import timezone

from linkwell.accounts.models import User
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.casework.actions import CaseworkProblem, check_may_work_on, check_open, check_text, lock_case
from linkwell.casework.models import (
    NOTE_LIMIT,
    Case,
    CaseStatus,
    CaseTransition,
    ConcernStatus,
    Discharge,
    DischargeReason,
    FollowUp,
    SafeguardingConcern,
)
from linkwell.notifications.service import notify
from linkwell.referrals.models import Referral

CLOSED_ON_DISCHARGE = "Closed when the case was discharged"


@transaction.atomic
def discharge_case(*, case: Case, reason: DischargeReason | str, summary: str, by: User) -> Discharge:
    """Close the case with a reason and a summary for the GP and referrer. Refused while a safeguarding
    concern is open (record what was done first). Open follow-ups are closed with the case; onward
    referrals carry on, as the person may keep going to their groups. The referrer is told after commit."""
    locked = lock_case(case)
    check_may_work_on(locked, by=by)
    check_open(locked)
    errors: dict[str, str] = {}
    if reason not in DischargeReason.values:
        errors["reason"] = "Choose why the person is being discharged"
    summary = check_text(
        errors, "summary", summary, limit=NOTE_LIMIT, required="Write a short summary for the GP and referrer"
    )
    if SafeguardingConcern.objects.filter(case=locked, status=ConcernStatus.OPEN).exists():
        errors[""] = "Close the open safeguarding concern, saying what was done, before discharging the person"
    if errors:
        raise CaseworkProblem(errors)

    now = timezone.now()
    locked.status = CaseStatus.DISCHARGED
    locked.closed_at = now
    locked.save(update_fields=["status", "closed_at"])
    CaseTransition.objects.create(
        case=locked,
        from_status=CaseStatus.OPEN,
        to_status=CaseStatus.DISCHARGED,
        link_worker_id=locked.link_worker_id,
        at=now,
        by_id=by.pk,
        by_label=by.email,
        note=DischargeReason(reason).label,
    )
    discharge = Discharge.objects.create(case=locked, reason=reason, summary=summary, at=now, by=by)
    FollowUp.objects.filter(case=locked, done_at__isnull=True).update(
        done_at=now, done_by=by, done_note=CLOSED_ON_DISCHARGE
    )
    record(
        by=by,
        action=AuditAction.CASE_DISCHARGED,
        obj=locked,
        person_id=str(locked.person_id),
        detail={"reason": DischargeReason(reason).value},
    )
    case.status = locked.status
    case.closed_at = now
    _tell_referrer_of_discharge(locked.referral)
    return discharge


def _tell_referrer_of_discharge(referral: Referral) -> None:
    """The referrer hears that support has ended, by reference only: the message back itself holds personal
    details, so it is read in Linkwell (or fetched over FHIR), never emailed."""
    to_email = referral.referrer_email or (referral.referred_by.email if referral.referred_by is not None else "")
    if not to_email or referral.source == "self":
        return
    team = referral.team
    notify(
        to_email=to_email,
        template="emails/casework/discharged_referrer",
        context={
            "reference": referral.reference,
            "team_name": team.name,
            "team_phone": team.contact_phone,
            "team_email": team.contact_email,
            "has_account": referral.referred_by_id is not None,
        },
        reference=referral.reference,
    )

"""Recording an unmet need: the link worker looked for a service for one of the person's needs and found none
suitable. Each record is evidence of a gap in provision, so it keeps what the gap report needs (the need, the
reason, the service that fell short, the area) and no more: the area is the postcode district, copied from the
person when recorded, so reports group by area without reading anyone's address."""

from django.db import transaction

from linkwell.accounts.models import User
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.casework.actions import CaseworkProblem, check_may_work_on, check_open, check_text, lock_case
from linkwell.casework.models import SHORT_NOTE_LIMIT, Case
from linkwell.directory.models import Service
from linkwell.lib.postcodes import InvalidPostcode, is_pseudo, outward_code
from linkwell.outcomes.models import UnmetNeed, UnmetReason
from linkwell.referrals.needs import Need

CHOOSE_NEED = "Choose the need no service could meet"
CHOOSE_REASON = "Choose why no service was suitable"


def postcode_district(postcode: str) -> str:
    """The district (CM1) of a postcode, or "" when there is no place to name: no postcode, a malformed one,
    or an NHS pseudo-postcode such as ZZ99 3VZ (no fixed abode)."""
    if not postcode.strip():
        return ""
    try:
        return "" if is_pseudo(postcode) else outward_code(postcode)
    except InvalidPostcode:
        return ""


@transaction.atomic
def record_unmet_need(*, case: Case, need: str, reason: str, service: Service | None, note: str, by: User) -> UnmetNeed:
    """Record that no suitable service was found for `need`, and why; `service` is the one that was full, too
    far, too costly…, if there was one."""
    check_may_work_on(case, by=by)
    locked = lock_case(case)
    check_open(locked)
    errors: dict[str, str] = {}
    if need not in Need.values:
        errors["need"] = CHOOSE_NEED
    if reason not in UnmetReason.values:
        errors["reason"] = CHOOSE_REASON
    elif reason == UnmetReason.NONE_EXISTS and service is not None:
        errors["service"] = "You chose ‘No such service exists’, so choose no particular service"
    note = check_text(errors, "note", note, limit=SHORT_NOTE_LIMIT)
    if errors:
        raise CaseworkProblem(errors)
    unmet = UnmetNeed.objects.create(
        case=locked,
        need=need,
        reason=reason,
        service=service,
        postcode_district=postcode_district(case.person.postcode),
        note=note,
        recorded_by=by,
    )
    record(
        by=by,
        action=AuditAction.UNMET_NEED_RECORDED,
        obj=unmet,
        person_id=str(locked.person_id),
        detail={
            "case_id": str(locked.pk),
            "need": need,
            "reason": reason,
            "service_id": str(service.pk) if service else "",
        },
    )
    return unmet

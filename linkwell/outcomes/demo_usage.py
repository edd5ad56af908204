"""Demo healthcare use and unmet needs on the demo cases (casework.demo), through the real actions. Every
person is fictional.

- Tomasz Wojcik: GP-record counts at baseline and follow-up; debt advice was full.
- Irene Castell: counts she gave herself at baseline and follow-up (her case is discharged: follow-up counts
  often arrive after discharge).
- Aisha Rahman: the sitting service only sits in the daytime, and there is no evening carers' group.
Idempotent: a case that already holds usage (or unmet needs) is left alone."""

from django.utils import timezone

from linkwell.accounts.models import User
from linkwell.casework.demo import LINK_WORKER
from linkwell.casework.models import Case, CaseStatus
from linkwell.directory.models import Service
from linkwell.outcomes.models import UnmetNeed, UnmetReason, UsageRecord, UsageSource, UsageTimepoint
from linkwell.outcomes.unmet_actions import record_unmet_need
from linkwell.outcomes.usage_actions import Counts, record_usage
from linkwell.referrals.demo import demo_nhs_number

# The serials casework.demo gives its people's NHS numbers.
TOMASZ, AISHA, IRENE = 28, 21, 60


def _latest_case(serial: int) -> Case | None:
    return (
        Case.objects.filter(person__nhs_number=demo_nhs_number(serial))
        .select_related("person", "team", "referral")
        .order_by("-opened_at")
        .first()
    )


def _usage(case: Case, worker: User, source: UsageSource, baseline: Counts, follow_up: Counts) -> None:
    if UsageRecord.objects.filter(case=case).exists():
        return
    for timepoint, period_end, counts in (
        (UsageTimepoint.BASELINE, timezone.localdate(case.opened_at), baseline),
        (UsageTimepoint.FOLLOW_UP, timezone.localdate(), follow_up),
    ):
        record_usage(case=case, timepoint=timepoint, period_end=period_end, source=source, counts=counts, by=worker)


def _unmet(case: Case, worker: User, needs: list[tuple[str, UnmetReason, str | None, str]]) -> None:
    if case.status != CaseStatus.OPEN or UnmetNeed.objects.filter(case=case).exists():
        return
    for need, reason, service_name, note in needs:
        service = Service.objects.filter(name=service_name, state="published").first() if service_name else None
        record_unmet_need(case=case, need=need, reason=reason, service=service, note=note, by=worker)


def load_usage_and_unmet() -> tuple[int, int]:
    """Add what is missing; returns how many usage records and unmet needs the demo cases hold afterwards."""
    worker = User.objects.filter(email=LINK_WORKER).first()
    tomasz, aisha, irene = _latest_case(TOMASZ), _latest_case(AISHA), _latest_case(IRENE)
    if worker is None:
        return 0, 0
    if tomasz is not None:
        _usage(
            tomasz,
            worker,
            UsageSource.GP_RECORD,
            baseline={"gp_appointments": 9, "prescriptions": 14, "ae_attendances": 1, "outpatient_appointments": 2},
            follow_up={"gp_appointments": 4, "prescriptions": 11, "ae_attendances": 0, "outpatient_appointments": 1},
        )
        _unmet(
            tomasz,
            worker,
            [
                (
                    "debt",
                    UnmetReason.FULL,
                    "Debt advice",
                    "No appointments for six weeks; booked for the first one free.",
                )
            ],
        )
    if irene is not None:
        _usage(
            irene,
            worker,
            UsageSource.SELF_REPORTED,
            baseline={"gp_appointments": 6, "prescriptions": 8, "ae_attendances": 0, "social_care_contacts": 2},
            follow_up={"gp_appointments": 2, "prescriptions": 7, "ae_attendances": 0, "social_care_contacts": 1},
        )
    if aisha is not None:
        _unmet(
            aisha,
            worker,
            [
                ("carer_strain", UnmetReason.TIMING, "Sitting service", "Sits in the daytime only; she works days."),
                ("carer_strain", UnmetReason.NONE_EXISTS, None, "No carers' group meets in the evening near her."),
            ],
        )
    demo_cases = [case for case in (tomasz, aisha, irene) if case is not None]
    return (
        UsageRecord.objects.filter(case__in=demo_cases).count(),
        UnmetNeed.objects.filter(case__in=demo_cases).count(),
    )

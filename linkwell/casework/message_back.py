"""The message back to the GP and referrer, after the PRSB Social Prescribing Information Standard's
"message back" model: who, when, what matters to the person, the support offered (activities referred to),
outcomes and how support ended, with the national SNOMED CT codes where they apply. Built once from the
records, then shown as a printable letter (casework.discharge_views) or as FHIR (fhir.message_back)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from linkwell.casework.models import (
    Case,
    CaseStatus,
    Conversation,
    Discharge,
    DischargeReason,
    GoalStatus,
    LifeArea,
    OnwardReferral,
    OnwardStatus,
)
from linkwell.people.models import Person
from linkwell.referrals.inbox_queries import need_labels
from linkwell.referrals.models import Referral, ReferralSource, ReferralStatus

# standards.md §2: "first interaction in an episode only", and "when an individual declines a referral".
REFERRAL_ACCEPTED = ("871731000000106", "Referral to social prescribing service")
SOCIAL_PRESCRIBING_DECLINED = ("871711000000103", "Social prescribing declined")


@dataclass(frozen=True)
class GoalLine:
    text: str
    status: str
    progress: int | None


@dataclass(frozen=True)
class ActivityLine:
    service: str
    organisation: str
    kind: str  # "Referred" or "Signposted"
    outcome: str
    on: date


@dataclass(frozen=True)
class MessageBack:
    referral: Referral
    person: Person
    case: Case | None
    coded_event: tuple[str, str]
    event_date: date
    needs: list[str]
    what_matters: str
    priority_areas: list[str]
    goals: list[GoalLine]
    activities: list[ActivityLine]
    contacts_made: int
    discharge: Discharge | None
    written_at: datetime

    @property
    def referrer(self) -> str:
        parts = [self.referral.referrer_name, self.referral.referrer_role, self.referral.referrer_organisation_name]
        if not any(parts) and self.referral.referred_by is not None:
            return self.referral.referred_by.full_name or self.referral.referred_by.email
        return ", ".join(part for part in parts if part) or ReferralSource(self.referral.source).label

    @property
    def link_worker(self) -> str:
        if self.case is None:
            return ""
        return self.case.link_worker.full_name or self.case.link_worker.email

    @property
    def discharge_reason(self) -> str:
        return DischargeReason(self.discharge.reason).label if self.discharge is not None else ""


class NoMessageBack(Exception):
    """There is nothing to send back yet: support has not ended and the person has not declined."""


def is_ready(referral: Referral) -> bool:
    """A message back is due once the person declined the referral, or their case was discharged."""
    if referral.status == ReferralStatus.DECLINED_BY_PERSON:
        return True
    case = Case.objects.filter(referral=referral).only("status").first()
    return case is not None and case.status == CaseStatus.DISCHARGED


def build_message_back(referral: Referral) -> MessageBack:
    """Everything the message back says, read from the records in a handful of queries. Raises NoMessageBack
    until it is due (see is_ready)."""
    person = referral.person
    needs = need_labels(referral.reasons)
    if referral.status == ReferralStatus.DECLINED_BY_PERSON:
        return MessageBack(
            referral=referral,
            person=person,
            case=None,
            coded_event=SOCIAL_PRESCRIBING_DECLINED,
            event_date=timezone.localdate(referral.status_changed_at),
            needs=needs,
            what_matters="",
            priority_areas=[],
            goals=[],
            activities=[],
            contacts_made=0,
            discharge=None,
            written_at=timezone.now(),
        )
    case = (
        Case.objects.filter(referral=referral, status=CaseStatus.DISCHARGED)
        .select_related("link_worker", "discharge", "plan")
        .first()
    )
    if case is None:
        raise NoMessageBack("Support has not ended yet")
    conversation = (
        Conversation.objects.filter(case=case).prefetch_related("areas").order_by("-held_on", "-recorded_at").first()
    )
    goals = []
    if hasattr(case, "plan"):
        for goal in case.plan.goals.prefetch_related("updates").all():
            progress = [update.progress for update in goal.updates.all() if update.progress is not None]
            goals.append(GoalLine(goal.text, GoalStatus(goal.status).label, progress[-1] if progress else None))
    activities = [
        ActivityLine(
            service=onward.service.name,
            organisation=onward.service.organization.name,
            kind="Referred",
            outcome=OnwardStatus(onward.status).label,
            on=timezone.localdate(onward.sent_at),
        )
        for onward in OnwardReferral.objects.filter(case=case).select_related("service__organization")
    ] + [
        ActivityLine(
            service=signposting.service.name,
            organisation=signposting.service.organization.name,
            kind="Signposted",
            outcome="Told how to go along",
            on=timezone.localdate(signposting.at),
        )
        for signposting in case.signpostings.select_related("service__organization")
    ]
    activities.sort(key=lambda line: line.on)
    return MessageBack(
        referral=referral,
        person=person,
        case=case,
        coded_event=REFERRAL_ACCEPTED,
        event_date=timezone.localdate(case.opened_at),
        needs=needs,
        what_matters=conversation.what_matters if conversation is not None else "",
        priority_areas=[
            LifeArea(area.area).label for area in (conversation.areas.all() if conversation else []) if area.is_priority
        ],
        goals=goals,
        activities=activities,
        contacts_made=case.contacts.filter(made=True).count(),
        discharge=case.discharge,
        written_at=timezone.now(),
    )

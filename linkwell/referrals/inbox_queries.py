"""Read-only selectors for the team inbox: status groups, age bands, counts, waiting times and caseloads.
Nothing here writes; the views pass in querysets that already come through referrals.access."""

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from linkwell.accounts.models import Membership, Team, User
from linkwell.accounts.roles import ROLE_DEFINITIONS, Permission
from linkwell.people.models import ConsentPurpose, Person
from linkwell.referrals.models import Referral, ReferralStatus, Urgency
from linkwell.referrals.needs import Need


class StatusGroup(enum.StrEnum):
    WAITING = "waiting"
    ALLOCATED = "allocated"
    IN_CONTACT = "in_contact"
    CLOSED = "closed"
    ALL = "all"


STATUS_GROUP_LABELS = {
    StatusGroup.WAITING: "Waiting",
    StatusGroup.ALLOCATED: "Allocated",
    StatusGroup.IN_CONTACT: "In contact",
    StatusGroup.CLOSED: "Closed",
    StatusGroup.ALL: "All",
}
WAITING_STATUSES = frozenset({ReferralStatus.RECEIVED, ReferralStatus.TRIAGED})
# A link worker's caseload: the referrals they hold that are not yet finished.
CASELOAD_STATUSES = frozenset({ReferralStatus.ALLOCATED, ReferralStatus.IN_CONTACT})
_GROUP_STATUSES: dict[StatusGroup, frozenset[ReferralStatus]] = {
    StatusGroup.WAITING: WAITING_STATUSES,
    StatusGroup.ALLOCATED: frozenset({ReferralStatus.ALLOCATED}),
    StatusGroup.IN_CONTACT: frozenset({ReferralStatus.IN_CONTACT}),
    StatusGroup.CLOSED: frozenset(ReferralStatus) - WAITING_STATUSES - CASELOAD_STATUSES,
}


class AgeBand(enum.StrEnum):
    UNDER_18 = "under_18"
    ADULT = "18_64"
    OLDER = "65_plus"


AGE_BAND_LABELS = {AgeBand.UNDER_18: "Under 18", AgeBand.ADULT: "18 to 64", AgeBand.OLDER: "65 and over"}
# Roles that may be allocated referrals: they pick referrals up and keep case records (as actions requires).
CASE_HOLDING_ROLES = frozenset(
    role
    for role, definition in ROLE_DEFINITIONS.items()
    if {Permission.PICK_UP_REFERRAL, Permission.VIEW_CASE_RECORDS} <= definition.permissions
    and not definition.is_global
)


def in_status_group(referrals: QuerySet[Referral], group: StatusGroup) -> QuerySet[Referral]:
    if group == StatusGroup.ALL:
        return referrals
    return referrals.filter(status__in=_GROUP_STATUSES[group])


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year that has none
        return today.replace(year=today.year - years, day=28)


def in_age_band(referrals: QuerySet[Referral], band: AgeBand, today: date) -> QuerySet[Referral]:
    """Ages on `today`; people with no date of birth fall in no band."""
    eighteen, sixty_five = _years_before(today, 18), _years_before(today, 65)
    if band == AgeBand.UNDER_18:
        return referrals.filter(person__date_of_birth__gt=eighteen)
    if band == AgeBand.ADULT:
        return referrals.filter(person__date_of_birth__lte=eighteen, person__date_of_birth__gt=sixty_five)
    return referrals.filter(person__date_of_birth__lte=sixty_five)


def age_on(date_of_birth: date | None, today: date) -> int | None:
    if date_of_birth is None:
        return None
    return today.year - date_of_birth.year - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))


def urgent_first_then_oldest(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.annotate(
        urgency_rank=Case(When(urgency=Urgency.URGENT, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("urgency_rank", "received_at", "pk")


@dataclass(frozen=True)
class InboxCounts:
    total: int
    urgent: int


def inbox_counts(referrals: QuerySet[Referral]) -> InboxCounts:
    totals = referrals.order_by().aggregate(total=Count("pk"), urgent=Count("pk", filter=Q(urgency=Urgency.URGENT)))
    return InboxCounts(total=totals["total"], urgent=totals["urgent"])


def waiting_days(received_at: datetime, today: date) -> int:
    return max((today - timezone.localdate(received_at)).days, 0)


def waiting_label(days: int) -> str:
    if days == 0:
        return "Waiting less than a day"
    return f"Waiting {days} day{'' if days == 1 else 's'}"


def need_labels(codes: Iterable[str]) -> list[str]:
    return [Need(code).label if code in Need.values else code for code in codes]


@dataclass(frozen=True)
class InboxRow:
    referral: Referral
    age: int | None
    practice: str
    reasons: list[str]
    waiting: str


def inbox_rows(referrals: Iterable[Referral], today: date) -> list[InboxRow]:
    """Rows for referrals loaded with person, person__gp_practice and allocated_to."""
    return [
        InboxRow(
            referral=referral,
            age=age_on(referral.person.date_of_birth, today),
            practice=practice_name(referral.person),
            reasons=need_labels(referral.reasons),
            waiting=waiting_label(waiting_days(referral.received_at, today))
            if referral.status in WAITING_STATUSES
            else "",
        )
        for referral in referrals
    ]


def practice_name(person: Person) -> str:
    if person.gp_practice is not None:
        return person.gp_practice.name
    return person.gp_practice_name or person.gp_practice_ods_code


@dataclass(frozen=True)
class Caseload:
    worker: User
    count: int

    @property
    def label(self) -> str:
        return f"{self.worker.full_name or self.worker.email} ({self.count} open case{'' if self.count == 1 else 's'})"


def case_holding_workers(team: Team) -> QuerySet[User]:
    """The team's active link workers, by name: those who may be allocated its referrals and hold its cases
    (a role held in the scheme organisation reaches all its teams)."""
    members = Membership.objects.filter(role__in=CASE_HOLDING_ROLES).filter(
        Q(team_id=team.pk) | Q(organisation_id=team.scheme_id)
    )
    return User.objects.filter(is_active=True, pk__in=members.values("user_id")).order_by("full_name", "email")


def caseloads(team: Team) -> list[Caseload]:
    """The link workers who may be allocated the team's referrals, each with their open caseload, in one query."""
    workers = case_holding_workers(team).annotate(
        caseload=Count("allocated_referrals", filter=Q(allocated_referrals__status__in=CASELOAD_STATUSES))
    )
    return [Caseload(worker=worker, count=worker.caseload) for worker in workers]


@dataclass(frozen=True)
class CurrentConsent:
    purpose: str
    decision: str
    recorded_by: str
    decided_at: datetime


def current_consents(person: Person) -> list[CurrentConsent]:
    """The newest decision for each purpose (consent rows are never changed, so the newest one counts)."""
    newest: dict[str, CurrentConsent] = {}
    for consent in person.consents.order_by("purpose", "-decided_at"):
        if consent.purpose not in newest:
            newest[consent.purpose] = CurrentConsent(
                purpose=consent.get_purpose_display(),
                decision=consent.get_decision_display(),
                recorded_by=consent.recorded_by_label,
                decided_at=consent.decided_at,
            )
    return [newest[purpose] for purpose in ConsentPurpose.values if purpose in newest]


def worker_names(user_ids: Iterable[int | None]) -> dict[int, str]:
    ids = {user_id for user_id in user_ids if user_id is not None}
    if not ids:
        return {}
    return {
        user.pk: user.full_name or user.email for user in User.objects.filter(pk__in=ids).only("full_name", "email")
    }

"""Read-only selectors for the caseload page: whose cases a user sees there, each case's figures (last
contact, next follow-up, flags) and the page's counts.

Every figure is a subquery on the case row, never a query per case, so the page costs the same few queries
whether a link worker holds 3 cases or 300. Nothing here writes; the views pass in querysets that already
come through casework.access."""

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import OrderBy
from django.utils import timezone
from django_stubs_ext import WithAnnotations

from linkwell.accounts.models import Team, User
from linkwell.accounts.roles import Permission, RoleDefinition
from linkwell.casework.models import (
    Case,
    CaseStatus,
    ConcernStatus,
    Contact,
    FollowUp,
    OnwardReferral,
    OnwardStatus,
    SafeguardingConcern,
)
from linkwell.casework.onward import AWAITING_ANSWER
from linkwell.outcomes.measure_due import measure_due
from linkwell.referrals.access import scope_of_roles
from linkwell.referrals.inbox_queries import case_holding_workers
from linkwell.referrals.models import Urgency

# How long a declined or unanswered onward referral keeps its flag: long enough to be seen and acted on.
DECLINED_FLAG_DAYS = 14


class Flag(enum.StrEnum):
    SAFEGUARDING = "safeguarding"
    OVERDUE_FOLLOW_UP = "overdue_follow_up"
    REFERRAL_DECLINED = "referral_declined"
    URGENT_REFERRAL = "urgent_referral"
    MEASURE_DUE = "measure_due"

    @property
    def label(self) -> str:
        return FLAG_LABELS[self]


FLAG_LABELS = {
    Flag.SAFEGUARDING: "Safeguarding",
    Flag.OVERDUE_FOLLOW_UP: "Overdue follow-up",
    Flag.REFERRAL_DECLINED: "Referral declined",
    Flag.URGENT_REFERRAL: "Urgent referral",
    Flag.MEASURE_DUE: "Measure due",
}
FLAG_MEANINGS = {
    Flag.SAFEGUARDING: "A safeguarding concern is open.",
    Flag.OVERDUE_FOLLOW_UP: "A follow-up was due before today and is not done.",
    Flag.REFERRAL_DECLINED: (
        f"In the last {DECLINED_FLAG_DAYS} days a service declined an onward referral or did not answer in time, "
        "or a service has still not answered after its deadline."
    ),
    Flag.URGENT_REFERRAL: "The referral that opened the case was marked urgent.",
    Flag.MEASURE_DUE: (
        "A wellbeing measure is due: the baseline once first contact is made, or a follow-up at the scheme's "
        "interval after the last one."
    ),
}


class CaseloadOrder(enum.StrEnum):
    NEXT_DUE = "next_due"
    DAYS_OPEN = "days_open"
    LAST_CONTACT = "last_contact"
    NAME = "name"


ORDER_LABELS = {
    CaseloadOrder.NEXT_DUE: "Next follow-up due",
    CaseloadOrder.DAYS_OPEN: "Open longest",
    CaseloadOrder.LAST_CONTACT: "Longest since last contact",
    CaseloadOrder.NAME: "Name",
}
# Ties broken by the case id, so pages never repeat or skip a case.
_ORDERINGS: dict[CaseloadOrder, tuple[OrderBy | str, ...]] = {
    CaseloadOrder.NEXT_DUE: (F("next_due_on").asc(nulls_last=True), "opened_at", "pk"),
    CaseloadOrder.DAYS_OPEN: ("opened_at", "pk"),
    # Never contacted counts as longest since contact.
    CaseloadOrder.LAST_CONTACT: (F("last_contact_at").asc(nulls_first=True), "opened_at", "pk"),
    CaseloadOrder.NAME: ("person__family_name", "person__given_name", "pk"),
}


def _oversees(definition: RoleDefinition) -> bool:
    # Leads allocate in their own teams; a global role with case records (an administrator) oversees all.
    return Permission.VIEW_CASE_RECORDS in definition.permissions and (
        definition.is_global or Permission.ALLOCATE_REFERRALS in definition.permissions
    )


def oversight_scope(user: User) -> Q | None:
    """The cases a user sees on the caseload besides their own: every case of the teams they lead (a lead's
    role in the scheme organisation reaches all its teams), every case for administrators. None for a
    link worker, whose caseload is their own cases."""
    return scope_of_roles(user, _oversees, scheme_field="scheme_id")


class CaseFigures(TypedDict):
    last_contact_at: datetime | None
    next_due_on: date | None
    next_due_title: str | None
    has_safeguarding: bool
    has_referral_declined: bool
    has_measure_due: bool


# A case with its figures. At run time the alias is just Case: WithAnnotations takes two arguments for the
# type checker only.
if TYPE_CHECKING:
    FiguredCase = WithAnnotations[Case, CaseFigures]
else:
    FiguredCase = Case


def with_caseload_figures(cases: QuerySet[Case], *, now: datetime) -> QuerySet[FiguredCase]:
    """Open cases annotated with last_contact_at (contacts made, not attempts), next_due_on and
    next_due_title (the earliest follow-up not done), has_safeguarding, has_referral_declined and
    has_measure_due (outcomes.measure_due)."""
    open_follow_ups = FollowUp.objects.filter(case=OuterRef("pk"), done_at__isnull=True).order_by(
        "due_on", "created_at"
    )
    declined_lately = Q(
        status__in=[OnwardStatus.DECLINED, OnwardStatus.EXPIRED],
        status_changed_at__gte=now - timedelta(days=DECLINED_FLAG_DAYS),
    )
    unanswered_past_deadline = AWAITING_ANSWER & Q(respond_by__lte=now)
    return cases.filter(status=CaseStatus.OPEN).annotate(
        last_contact_at=Subquery(
            Contact.objects.filter(case=OuterRef("pk"), made=True).order_by("-at").values("at")[:1]
        ),
        next_due_on=Subquery(open_follow_ups.values("due_on")[:1]),
        next_due_title=Subquery(open_follow_ups.values("title")[:1]),
        has_safeguarding=Exists(SafeguardingConcern.objects.filter(case=OuterRef("pk"), status=ConcernStatus.OPEN)),
        has_referral_declined=Exists(
            OnwardReferral.objects.filter(Q(case=OuterRef("pk")) & (declined_lately | unanswered_past_deadline))
        ),
        has_measure_due=measure_due(today=timezone.localdate(now)),
    )


def with_flag(cases: QuerySet[FiguredCase], flag: Flag, *, today: date) -> QuerySet[FiguredCase]:
    """Only the cases carrying `flag`; `cases` must come from with_caseload_figures."""
    if flag == Flag.SAFEGUARDING:
        return cases.filter(has_safeguarding=True)
    if flag == Flag.OVERDUE_FOLLOW_UP:
        return cases.filter(next_due_on__lt=today)
    if flag == Flag.REFERRAL_DECLINED:
        return cases.filter(has_referral_declined=True)
    if flag == Flag.MEASURE_DUE:
        return cases.filter(has_measure_due=True)
    return cases.filter(referral__urgency=Urgency.URGENT)


def in_order(cases: QuerySet[FiguredCase], order: CaseloadOrder) -> QuerySet[FiguredCase]:
    return cases.order_by(*_ORDERINGS[order])


def overdue_follow_ups(cases: QuerySet[Case], *, today: date) -> int:
    """How many follow-ups in these cases were due before today and are not done."""
    return FollowUp.objects.filter(case__in=cases.values("pk"), done_at__isnull=True, due_on__lt=today).count()


@dataclass(frozen=True)
class CaseloadRow:
    case: Case
    days_open: int
    last_contact_at: datetime | None
    next_due_on: date | None
    next_due_title: str
    is_overdue: bool
    flags: list[Flag]


def caseload_rows(cases: list[FiguredCase], *, today: date) -> list[CaseloadRow]:
    """Rows for cases from with_caseload_figures, loaded with their referral."""
    rows = []
    for case in cases:
        next_due_on: date | None = case.next_due_on
        is_overdue = next_due_on is not None and next_due_on < today
        flags = [
            flag
            for flag, shown in (
                (Flag.SAFEGUARDING, case.has_safeguarding),
                (Flag.OVERDUE_FOLLOW_UP, is_overdue),
                (Flag.REFERRAL_DECLINED, case.has_referral_declined),
                (Flag.URGENT_REFERRAL, case.referral.urgency == Urgency.URGENT),
                (Flag.MEASURE_DUE, case.has_measure_due),
            )
            if shown
        ]
        rows.append(
            CaseloadRow(
                case=case,
                days_open=max((today - timezone.localdate(case.opened_at)).days, 0),
                last_contact_at=case.last_contact_at,
                next_due_on=next_due_on,
                next_due_title=case.next_due_title or "",
                is_overdue=is_overdue,
                flags=flags,
            )
        )
    return rows


def days_open_label(days: int) -> str:
    if days == 0:
        return "Opened today"
    return f"{days} day{'' if days == 1 else 's'}"


@dataclass(frozen=True)
class WorkerLoad:
    worker: User
    open_cases: int

    @property
    def name(self) -> str:
        return self.worker.full_name or self.worker.email

    @property
    def label(self) -> str:
        return f"{self.name} ({self.open_cases} open case{'' if self.open_cases == 1 else 's'})"


def case_holders(team: Team) -> list[WorkerLoad]:
    """The team's link workers (those who may hold its cases), each with their open cases, in one query."""
    workers = case_holding_workers(team).annotate(open_cases=Count("cases", filter=Q(cases__status=CaseStatus.OPEN)))
    return [WorkerLoad(worker=worker, open_cases=worker.open_cases) for worker in workers]


def workers_holding(cases: QuerySet[Case]) -> list[User]:
    """Who holds these cases, by name: the choices of the caseload's worker filter."""
    return list(User.objects.filter(pk__in=cases.values("link_worker_id")).order_by("full_name", "email"))

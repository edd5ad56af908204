"""The daily follow-up digest: one email a day to each link worker with follow-ups due today or overdue.

Email is not a secure channel, so the digest carries counts, referral references and links to the cases,
never a name, a follow-up's wording or anything else about the person. Only open cases count: a follow-up
left on a discharged case is not work waiting for anyone."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min, Q
from django.urls import reverse

from linkwell.accounts.models import User
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.audit.models import AuditEvent
from linkwell.casework.models import CaseStatus, FollowUp
from linkwell.lib.dates import format_date
from linkwell.notifications.service import notify

TEMPLATE = "emails/casework/digest"


@dataclass(frozen=True)
class CaseDue:
    reference: str
    url: str
    due_today: int
    overdue: int


@dataclass(frozen=True)
class Digest:
    to: User
    on: date
    cases: list[CaseDue]

    @property
    def due_today(self) -> int:
        return sum(case.due_today for case in self.cases)

    @property
    def overdue(self) -> int:
        return sum(case.overdue for case in self.cases)


def counts_in_words(due_today: int, overdue: int) -> str:
    """ "3 follow-ups due today, 2 overdue", "1 follow-up overdue"."""
    total = due_today or overdue
    noun = "follow-up" if total == 1 else "follow-ups"
    if due_today and overdue:
        return f"{due_today} {noun} due today, {overdue} overdue"
    return f"{due_today} {noun} due today" if due_today else f"{overdue} {noun} overdue"


def digests_for(on: date) -> list[Digest]:
    """Each active link worker's follow-ups due on or before `on` and not done, counted case by case, the
    longest-waiting case first. Two queries however many there are."""
    per_case = (
        FollowUp.objects.filter(
            done_at__isnull=True, due_on__lte=on, case__status=CaseStatus.OPEN, assigned_to__is_active=True
        )
        .values("assigned_to_id", "case_id", "case__referral__reference")
        .annotate(
            due_today=Count("pk", filter=Q(due_on=on)),
            overdue=Count("pk", filter=Q(due_on__lt=on)),
            oldest=Min("due_on"),
        )
        .order_by("assigned_to_id", "oldest", "case__referral__reference")
    )
    cases: dict[int, list[CaseDue]] = {}
    for row in per_case:
        path = reverse("casework:case", kwargs={"case_id": row["case_id"]})
        cases.setdefault(row["assigned_to_id"], []).append(
            CaseDue(
                reference=row["case__referral__reference"],
                url=f"{settings.SITE_URL}{path}",
                due_today=row["due_today"],
                overdue=row["overdue"],
            )
        )
    workers = User.objects.filter(pk__in=cases).order_by("pk")
    return [Digest(to=worker, on=on, cases=cases[worker.pk]) for worker in workers]


def send_digests(*, on: date) -> int:
    """Queue each link worker's digest for `on`; returns how many were queued. A worker whose digest for
    that day has gone already (an audit event says so) is skipped, so a second run sends nothing twice."""
    already_sent = set(
        AuditEvent.objects.filter(action=AuditAction.FOLLOW_UP_DIGEST_SENT, detail__on=on.isoformat()).values_list(
            "object_id", flat=True
        )
    )
    digests = [digest for digest in digests_for(on) if str(digest.to.pk) not in already_sent]
    for digest in digests:
        _send(digest, on)
    return len(digests)


@transaction.atomic
def _send(digest: Digest, on: date) -> None:
    record(by=None, action=AuditAction.FOLLOW_UP_DIGEST_SENT, obj=digest.to, detail={"on": on.isoformat()})
    notify(
        to_email=digest.to.email,
        template=TEMPLATE,
        context={
            "day": format_date(on),
            "weekday": f"{on:%A}",
            "counts": counts_in_words(digest.due_today, digest.overdue),
            "cases": [
                {
                    "reference": case.reference,
                    "url": case.url,
                    "counts": counts_in_words(case.due_today, case.overdue),
                }
                for case in digest.cases
            ],
            "site_url": settings.SITE_URL,
        },
        reference=f"follow-up-digest-{on.isoformat()}-{digest.to.pk}",
    )

"""How community providers answer onward referrals, so link workers know what to expect before they refer:
how quickly an organisation usually answers, and how often it takes people on.

Figures are per directory organisation (the charity or club behind the services), over every onward
referral sent to any of its services, and are only given once there are enough referrals
(MINIMUM_REFERRALS) for them to mean something and not to point at a handful of people.

- Response time: from sending to the provider's first answer (signed in or by emailed link), over the
  referrals they have answered. The median, so one referral left for months does not drown out the rest.
- Acceptance rate: of the referrals the provider has answered, the share they took on. A referral counts
  as answered once the provider responded, or once its status shows an answer (accepted, on the waiting
  list by the provider's choice, started, completed, stopped attending, did not attend, declined), which
  includes answers the link worker recorded for them. It counts as taken on unless it was declined: a
  declined referral can go nowhere else, so a referral answered and later withdrawn was taken on first.
  Referrals still waiting, expired, or withdrawn before any answer are left out.
"""

import math
import statistics
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from linkwell.casework.models import OnwardReferral, OnwardStatus
from linkwell.directory.models import Service

MINIMUM_REFERRALS = 5
SECONDS_PER_DAY = 24 * 60 * 60

DECLINED = Q(status=OnwardStatus.DECLINED)
# A provider's answer is either recorded as their first response, or shown by where the referral is now.
ANSWERED = (
    Q(first_response_at__isnull=False)
    | DECLINED
    | Q(
        status__in=[
            OnwardStatus.ACCEPTED,
            OnwardStatus.STARTED,
            OnwardStatus.COMPLETED,
            OnwardStatus.STOPPED,
            OnwardStatus.DID_NOT_ATTEND,
        ]
    )
)


@dataclass(frozen=True)
class ProviderStats:
    referrals: int
    answered: int
    taken_on: int
    median_response_days: float | None

    @property
    def response_days(self) -> int | None:
        """The median response time, rounded up to whole days ("within 1 day" for anything under a day)."""
        if self.median_response_days is None:
            return None
        return max(1, math.ceil(self.median_response_days))

    @property
    def acceptance_percent(self) -> int | None:
        return round(100 * self.taken_on / self.answered) if self.answered else None

    @property
    def summary(self) -> str:
        """One line for a results list or a service page."""
        parts = []
        if self.response_days is not None:
            parts.append(f"usually within {self.response_days} {'day' if self.response_days == 1 else 'days'}")
        if self.acceptance_percent is not None:
            parts.append(f"accepts {self.acceptance_percent}%")
        answers = "; ".join(parts) if parts else "no answers yet"
        return f"{answers} (from {self.referrals} referrals)"

    @property
    def as_sentence(self) -> str:
        return self.summary[0].upper() + self.summary[1:]


def stats_for_organizations(organization_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, ProviderStats]:
    """Figures for each of the directory organisations that have had at least MINIMUM_REFERRALS referrals;
    the others are left out. Two queries however many organisations are asked about."""
    wanted = set(organization_ids)
    if not wanted:
        return {}
    counts = (
        OnwardReferral.objects.filter(service__organization_id__in=wanted)
        .values("service__organization_id")
        .annotate(
            referrals=Count("pk"),
            answered=Count("pk", filter=ANSWERED),
            taken_on=Count("pk", filter=ANSWERED & ~DECLINED),
        )
        .order_by()
    )
    enough = {row["service__organization_id"]: row for row in counts if row["referrals"] >= MINIMUM_REFERRALS}
    if not enough:
        return {}
    response_seconds: dict[uuid.UUID, list[float]] = {organization_id: [] for organization_id in enough}
    answers = OnwardReferral.objects.filter(
        service__organization_id__in=enough, first_response_at__isnull=False
    ).values_list("service__organization_id", "sent_at", "first_response_at")
    for organization_id, sent_at, first_response_at in answers:
        if first_response_at is not None:  # always, by the filter; the check is for the type checker
            response_seconds[organization_id].append((first_response_at - sent_at).total_seconds())
    return {
        organization_id: ProviderStats(
            referrals=row["referrals"],
            answered=row["answered"],
            taken_on=row["taken_on"],
            median_response_days=statistics.median(response_seconds[organization_id]) / SECONDS_PER_DAY
            if response_seconds[organization_id]
            else None,
        )
        for organization_id, row in enough.items()
    }


def stats_for_services(services: Iterable[Service]) -> dict[uuid.UUID, ProviderStats]:
    """Figures for the organisations behind these services, keyed by organisation id."""
    return stats_for_organizations({service.organization_id for service in services})

"""The response deadline of onward referrals, run on a schedule: halfway through the time a provider has to
answer, a reminder (with fresh links); once it has passed, the referral expires and the link worker is told.
Safe to run as often as wanted: each referral is reminded once and expires once."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from linkwell.casework.models import OnwardReferral
from linkwell.casework.onward import AWAITING_ANSWER, due_for_reminder, expire_overdue
from linkwell.casework.onward_notices import remind_provider

logger = logging.getLogger("linkwell.casework")


@dataclass(frozen=True)
class DeadlineRun:
    reminded: int
    expired: int


@transaction.atomic
def send_reminder(*, onward: OnwardReferral, now: datetime) -> bool:
    """Remind the provider of one unanswered referral, unless it was answered or reminded meanwhile."""
    locked = (
        OnwardReferral.objects.select_for_update(of=("self",))
        .select_related("service__organization", "case__team", "case__referral")
        .filter(AWAITING_ANSWER, pk=onward.pk, reminder_sent_at__isnull=True, respond_by__gt=now)
        .first()
    )
    if locked is None:
        return False
    locked.reminder_sent_at = now
    locked.save(update_fields=["reminder_sent_at"])
    remind_provider(locked, now=now)
    return True


def run_onward_deadlines(*, now: datetime | None = None) -> DeadlineRun:
    now = now or timezone.now()
    expired = expire_overdue(now=now)
    reminded = sum(send_reminder(onward=onward, now=now) for onward in due_for_reminder(now=now))
    return DeadlineRun(reminded=reminded, expired=expired)


@task()
def onward_deadlines() -> dict[str, int]:
    run = run_onward_deadlines()
    logger.info("Onward referral deadlines run", extra={"reminded": run.reminded, "expired": run.expired})
    return {"reminded": run.reminded, "expired": run.expired}

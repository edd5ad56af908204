"""Casework's background tasks. Thin: they work out the day and call the code that does the work."""

from datetime import date

from django.utils import timezone
from django_tasks import task

from linkwell.casework.digest import send_digests


@task()
def send_follow_up_digests(*, on: str = "") -> int:
    """Email each link worker their follow-ups due on `on` (an ISO date; today in UK time when empty) or
    before. Returns how many digests were queued."""
    day = date.fromisoformat(on) if on else timezone.localdate()
    return send_digests(on=day)

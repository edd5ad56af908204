from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from linkwell.casework.tasks import send_follow_up_digests
from linkwell.lib.dates import format_date


class Command(BaseCommand):
    help = (
        "Queue the daily follow-up digest: one email to each link worker with follow-ups due today or overdue. "
        "Run it once a day (for example at 07:00 UK time); running it twice for a day sends the digests twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help="The day to send the digests for, as YYYY-MM-DD (default: today in UK time)."
        )

    def handle(self, *args: object, **options: object) -> None:
        # The day is fixed now, so a worker that starts late still sends the digests for the day they were meant for.
        try:
            day = date.fromisoformat(str(options["date"])) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError("--date must be a date written as YYYY-MM-DD, like 2026-03-05.") from None
        send_follow_up_digests.enqueue(on=day.isoformat())
        self.stdout.write(f"Queued the follow-up digests for {format_date(day)}; a background worker sends them.")

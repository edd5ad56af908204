from django.core.management.base import BaseCommand

from linkwell.casework.onward_tasks import run_onward_deadlines


class Command(BaseCommand):
    help = (
        "Remind providers halfway to an onward referral's response deadline, and expire referrals still "
        "unanswered once it has passed (their link workers are told). Run it every hour; running it more "
        "often does no harm."
    )

    def handle(self, *args: object, **options: object) -> None:
        run = run_onward_deadlines()
        self.stdout.write(
            f"Reminded providers of {run.reminded} referral{'' if run.reminded == 1 else 's'}; "
            f"expired {run.expired} referral{'' if run.expired == 1 else 's'}."
        )

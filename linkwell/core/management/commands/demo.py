import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwell.accounts.demo import DEMO_PASSWORD, load_accounts
from linkwell.casework.demo import load_casework
from linkwell.directory.demo import load_directory
from linkwell.directory.demo_services import ORGANIZATIONS
from linkwell.directory.reference_geography import load_reference_geography
from linkwell.outcomes.demo import load_outcomes
from linkwell.referrals.demo import load_referrals
from linkwell.reports.demo import load_report_history


class Command(BaseCommand):
    help = "Migrate, load the demo data (idempotently), print the demo logins and serve on 127.0.0.1."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Load the data and stop; do not start the server.")
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (default 8000).")

    def handle(self, *args: object, no_serve: bool, port: int, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo creates accounts with a published password, so it only runs with DEBUG on. "
                "Do not load demo data into a real installation."
            )
        call_command("check", fail_level="ERROR")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        users = load_accounts()
        load_reference_geography()
        services = load_directory()
        self.stdout.write(f"Directory: {services} services from {len(ORGANIZATIONS)} organisations.")
        referrals = load_referrals()
        self.stdout.write(f"Referrals: {referrals} in the Chelmsford link workers' inbox.")
        cases = load_casework()
        self.stdout.write(f"Casework: {cases} cases for Jo Hughes, one of them discharged.")
        measures = load_outcomes()
        self.stdout.write(f"Outcomes: {measures} wellbeing measures on the demo cases.")
        history = load_report_history()
        self.stdout.write(f"Reports: {history} synthetic referrals of past months for the dashboard.")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"\nDemo logins (every password: {DEMO_PASSWORD})")
        for user in users:
            self.stdout.write(f"  {user.role.label:<30} {user.email}")
        if no_serve:
            return
        self.stdout.write(
            f"\nServing Linkwell on http://127.0.0.1:{port}/ with a background task worker. Ctrl+C stops both.\n"
        )
        worker = subprocess.Popen([sys.executable, "-m", "linkwell.cli", "db_worker", "--no-reload"])
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)

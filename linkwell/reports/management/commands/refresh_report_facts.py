import time

from django.core.management.base import BaseCommand, CommandParser

from linkwell.reports.facts import rebuild_facts_in_bulk, refresh_facts, vacuum_report_tables


class Command(BaseCommand):
    help = (
        "Bring the report facts up to date with the casework records: recompute the referrals changed since "
        "the last run. Run it every few minutes; a run with nothing to do costs a few small queries. "
        "With --rebuild, recompute every referral (after loading postcodes or bulk data)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="Recompute the facts of every referral.")

    def handle(self, *args: object, **options: object) -> None:
        started = time.perf_counter()
        if options["rebuild"]:
            written = rebuild_facts_in_bulk()
            vacuum_report_tables()
            verb = "Rebuilt"
        else:
            written = refresh_facts()
            verb = "Refreshed"
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{verb} the report facts of {written} referral{'' if written == 1 else 's'} in {seconds:.1f} s."
        )

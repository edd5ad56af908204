import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwell.reports.synthetic import generate


class ProgressBar:
    """One line on stderr, redrawn at most twice a second: bar, count, rate and time left."""

    WIDTH = 30

    def __init__(self, label: str) -> None:
        self.label = label
        self.started = time.perf_counter()
        self.drawn_at = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if done < total and now - self.drawn_at < 0.5:
            return
        self.drawn_at = now
        elapsed = now - self.started
        rate = done / elapsed if elapsed else 0.0
        left = (total - done) / rate if rate else 0.0
        filled = self.WIDTH * done // total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        sys.stderr.write(
            f"\r[{bar}] {done:,}/{total:,} {self.label}, {rate:,.0f}/s, {int(left) // 60}m{int(left) % 60:02d}s left "
        )
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


class Command(BaseCommand):
    help = (
        "Write a synthetic (fictional) dataset of people, referrals, cases, contacts, plans, discharges, onward "
        "referrals, measures and healthcare use into this database, then rebuild the report facts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--referrals", type=int, default=1_000_000, help="Referrals to write (default 1,000,000).")
        parser.add_argument(
            "--people", type=int, default=None, help="Distinct people (default: referrals ÷ 1.15; some come back)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same data.")
        parser.add_argument("--months", type=int, default=60, help="Months of history up to today (default 60).")
        parser.add_argument(
            "--scheme",
            dest="schemes",
            nargs="+",
            default=None,
            metavar="SLUG",
            help="Put the referrals in these existing schemes' teams (default: generate a synthetic ICB and schemes).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (it writes fictional people into this database).",
        )

    def handle(
        self,
        *args: object,
        referrals: int,
        people: int | None,
        seed: int,
        months: int,
        schemes: list[str] | None,
        force: bool,
        **options: object,
    ) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "This writes fictional people and referrals into the database, so it only runs with DEBUG on. "
                "Add --force if this really is a database for testing or benchmarks."
            )
        if referrals < 1:
            raise CommandError("Give at least one referral.")
        people = people if people is not None else max(1, round(referrals / 1.15))
        if people > referrals:
            raise CommandError(f"There cannot be more people ({people:,}) than referrals ({referrals:,}).")
        if months < 1 or months > 240:
            raise CommandError("--months must be between 1 and 240.")
        try:
            result = generate(
                people=people,
                referrals=referrals,
                seed=seed,
                months=months,
                scheme_slugs=schemes,
                label="generate_synthetic",
                progress=ProgressBar("referrals"),
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Wrote {result.people:,} people and {result.referrals:,} referrals:")
        for table, count in result.rows.items():
            self.stdout.write(f"  {table:<12} {count:>12,}")
        self.stdout.write(f"Report facts: {result.facts:,} rows.")
        self.stdout.write("Time taken:")
        for stage, seconds in result.stages:
            self.stdout.write(f"  {stage:<40} {seconds:9.1f} s")
        total = sum(seconds for stage, seconds in result.stages if not stage.startswith(" "))
        self.stdout.write(f"  {'total':<40} {total:9.1f} s")

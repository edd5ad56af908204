"""`linkwell import_usage FILE [--dry-run]`: load healthcare use counts from a practice's CSV extract. The
format and the rules are in outcomes.usage_import."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwell.outcomes.usage_import import DEFAULT_BATCH_SIZE, KNOWN_COLUMNS, UnusableFile, import_usage, read_csv


class Command(BaseCommand):
    help = (
        "Load counts of GP appointments, prescriptions, A&E attendances, outpatient appointments and social "
        "care contacts from a CSV keyed by NHS number. Columns: " + ", ".join(KNOWN_COLUMNS) + "."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV, with a header row.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and match every row, report, and save nothing."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=f"Rows matched and written at a time (default {DEFAULT_BATCH_SIZE}).",
        )

    def handle(self, *args: Any, file: Path, dry_run: bool, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if not file.is_file():
            raise CommandError(f"There is no file at {file}.")
        # A stray byte becomes a replacement character, so its row is rejected rather than the whole file.
        with file.open(encoding="utf-8-sig", errors="replace", newline="") as stream:
            rows, line_number = read_csv(stream)
            try:
                report = import_usage(
                    rows, label=file.name, dry_run=dry_run, batch_size=batch_size, line_number=line_number
                )
            except UnusableFile as unusable:
                raise CommandError(str(unusable)) from None
        for problem in report.problems:
            self.stdout.write(problem)
        self.stdout.write(
            f"{report.rows:,} rows read: {report.matched:,} matched and loaded, "
            f"{report.unmatched:,} unmatched (no person with that NHS number), {report.rejected:,} rejected."
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")

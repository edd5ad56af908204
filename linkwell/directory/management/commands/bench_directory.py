import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from linkwell.directory.benchmark import check_generated_sample, first_page_matches_floor, generate, measure, scenarios


class Command(BaseCommand):
    help = (
        "Generate N synthetic services in a throwaway database, then time a fixed mix of searches through the "
        "real search code next to a hand-written SQL floor (p50/p95 in milliseconds)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--services", type=int, default=100_000)
        parser.add_argument("--iterations", type=int, default=200, help="Searches per scenario (default 200).")

    def handle(self, *args: object, services: int, iterations: int, **options: object) -> None:
        if services < 100:
            raise CommandError("Use at least 100 services.")
        original_name = connection.settings_dict["NAME"]
        workdir = tempfile.TemporaryDirectory(prefix="linkwell-bench-")
        test_settings = connection.settings_dict.setdefault("TEST", {})
        # A throwaway database next to the real one: a temporary SQLite file, or linkwell_bench on PostgreSQL.
        test_settings["NAME"] = (
            str(Path(workdir.name) / "bench.sqlite3") if connection.vendor == "sqlite" else "linkwell_bench"
        )
        self.stderr.write(f"Creating a throwaway {connection.vendor} database …")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            self._run(services, iterations)
        finally:
            connection.creation.destroy_test_db(original_name, verbosity=0)
            workdir.cleanup()

    def _run(self, services: int, iterations: int) -> None:
        def progress(done: int) -> None:
            sys.stderr.write(f"\r  generated {done:,} of {services:,} services")
            sys.stderr.flush()

        generate(services, report=progress)
        sys.stderr.write("\n")
        problems = check_generated_sample()
        if problems:
            raise CommandError("Generated rows disagree with the indexing code:\n" + "\n".join(problems))
        for scenario in scenarios(5):
            for query in scenario.queries:
                if not first_page_matches_floor(query):
                    raise CommandError(f"The SQL floor and the search code disagree for {scenario.name}: {query}")
        self.stdout.write(f"{connection.vendor}, {services:,} services, {iterations} searches per scenario (ms)")
        headings = ["p50", "p95", "floor p50", "floor p95", "p95/floor", "results"]
        self.stdout.write(f"{'scenario':<38} " + " ".join(f"{heading:>10}" for heading in headings))
        for timing in measure(iterations):
            ratio = timing.real_p95 / timing.floor_p95 if timing.floor_p95 else float("inf")
            self.stdout.write(
                f"{timing.scenario:<38} {timing.real_p50:10.1f} {timing.real_p95:10.1f} {timing.floor_p50:10.1f} "
                f"{timing.floor_p95:10.1f} {ratio:10.1f} {timing.mean_results:10.0f}"
            )

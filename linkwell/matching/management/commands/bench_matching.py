import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from linkwell.directory.benchmark import generate
from linkwell.directory.taxonomy import ensure_linkwell_taxonomy
from linkwell.matching.benchmark import GENERATOR_SEED, measure


class Command(BaseCommand):
    help = (
        "Generate N synthetic services in a throwaway database, build the matching index and time "
        "recommendations over varied requests (p50/p95 in milliseconds)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--services", type=int, default=10_000)
        parser.add_argument("--requests", type=int, default=300, help="Recommendations to time (default 300).")

    def handle(self, *args: object, services: int, requests: int, **options: object) -> None:
        if services < 100:
            raise CommandError("Use at least 100 services.")
        if requests < 1:
            raise CommandError("Time at least one request.")
        original_name = connection.settings_dict["NAME"]
        workdir = tempfile.TemporaryDirectory(prefix="linkwell-bench-matching-")
        test_settings = connection.settings_dict.setdefault("TEST", {})
        test_settings["NAME"] = (
            str(Path(workdir.name) / "bench.sqlite3") if connection.vendor == "sqlite" else "linkwell_bench_matching"
        )
        self.stderr.write(f"Creating a throwaway {connection.vendor} database …")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            ensure_linkwell_taxonomy()

            def progress(done: int) -> None:
                sys.stderr.write(f"\r  generated {done:,} of {services:,} services")
                sys.stderr.flush()

            generate(services, seed=GENERATOR_SEED, report=progress)
            sys.stderr.write("\n")
            timing = measure(requests)
        finally:
            connection.creation.destroy_test_db(original_name, verbosity=0)
            workdir.cleanup()
        self.stdout.write(
            f"{connection.vendor}, {services:,} services ({timing.services_indexed:,} indexed), "
            f"{timing.requests} recommendations\n"
            f"index build {timing.build_seconds * 1000:.0f} ms\n"
            f"recommend p50 {timing.p50_ms:.1f} ms, p95 {timing.p95_ms:.1f} ms, max {timing.max_ms:.1f} ms, "
            f"{timing.mean_suggestions:.1f} suggestions on average"
        )

import os
import platform
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from linkwell.reports.bench import run, time_change_check, time_refresh
from linkwell.reports.models import ReferralFact


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


class Command(BaseCommand):
    help = (
        "Time the dashboard and commissioner report queries (cold and warm, p50/p95) for several filter sets, "
        "next to DuckDB computing the same fact aggregates over the same rows exported to Parquet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=20, help="Warm runs per filter set (default 20).")

    def handle(self, *args: object, runs: int, **options: object) -> None:
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        if not ReferralFact.objects.exists():
            raise CommandError("There are no report facts to time. Run `linkwell generate_synthetic` first.")
        results = run(runs, lambda line: self.stderr.write(line))
        load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
        server = connection.vendor
        if server == "postgresql":
            server = f"PostgreSQL {connection.pg_version // 10000}"  # type: ignore[attr-defined]
        self.stdout.write(
            f"{server}, {ReferralFact.objects.count():,} referrals in the facts, {runs} warm runs, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, load average {load}"
        )
        self.stdout.write(
            "Milliseconds. 'counts' = dashboard p50 less its onward and outcome parts; ratio = counts ÷ floor; "
            "path = where the figures came from (the monthly summary and its grain, the facts, or both); "
            "'afresh' = the dashboard reading the summary again each run instead of keeping the first read."
        )
        headings = (
            "referrals", "path", "dash cold", "dash p50", "dash p95", "afresh p50", "afresh p95",
            "comm cold", "comm p50", "comm p95",
            "onward p50", "outcome p50", "counts p50", "floor cold", "floor p50", "ratio", "same",
        )  # fmt: skip
        self.stdout.write(f"| {'filter set':<26} | " + " | ".join(f"{heading:>11}" for heading in headings) + " |")
        self.stdout.write("|" + "---|" * (len(headings) + 1))
        for result in results:
            ratio = result.fact_part_p50 / result.floor.p50 if result.floor.p50 else float("inf")
            cells = (
                f"{result.referrals:,}",
                result.path,
                _ms(result.dashboard.cold),
                _ms(result.dashboard.p50),
                _ms(result.dashboard.p95),
                _ms(result.dashboard_afresh.p50),
                _ms(result.dashboard_afresh.p95),
                _ms(result.commissioner.cold),
                _ms(result.commissioner.p50),
                _ms(result.commissioner.p95),
                _ms(result.onward.p50),
                _ms(result.outcomes.p50),
                _ms(result.fact_part_p50),
                _ms(result.floor.cold),
                _ms(result.floor.p50),
                f"{ratio:.1f}",
                "yes" if result.floor_matches else "NO",
            )
            self.stdout.write(f"| {result.filter_set.name:<26} | " + " | ".join(f"{cell:>11}" for cell in cells) + " |")
        for label, timing in (
            ("refresh_facts() with nothing changed (the scheduled refresh)", time_refresh(min(runs, 5))),
            (
                "the change check finding nothing (a page view when the facts are over a minute old)",
                time_change_check(runs),
            ),
        ):
            self.stdout.write(
                f"{label}: cold {_ms(timing.cold)} ms, p50 {_ms(timing.p50)} ms, p95 {_ms(timing.p95)} ms"
            )
        if not all(result.floor_matches for result in results):
            sys.stderr.write("The DuckDB floor and the dashboard disagree on the funnel or the reasons.\n")
            raise CommandError("Floor mismatch.")

import argparse
import json
import os
import sys
from typing import Any

import psycopg
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwell.fhir.benchmark import (
    CHILD_MARKER,
    DEFAULT_POSTGRES_URL,
    ENGINES,
    Outcome,
    Plan,
    ServerSettings,
    count_referrals,
    postgres_answers,
    prepare_reference_data,
    run_engine,
    throwaway_postgres_name,
)


class Command(BaseCommand):
    help = (
        "Post N valid FHIR ServiceRequests from C concurrent keep-alive clients to gunicorn serving a throwaway "
        "database (SQLite, and PostgreSQL when it answers); report requests/s and latency percentiles. Exits "
        "non-zero if any answer is not 201 or the database does not hold exactly the referrals answered."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--engine",
            choices=[*ENGINES, "both"],
            help="Which database to run on (default: both, or SQLite alone when PostgreSQL does not answer).",
        )
        parser.add_argument(
            "--database-url",
            default=DEFAULT_POSTGRES_URL,
            help=f"The PostgreSQL database to drop, create and drop again; its name must contain 'bench' "
            f"(default {DEFAULT_POSTGRES_URL}).",
        )
        parser.add_argument("--requests", type=int, default=3000, help="ServiceRequests to time (default 3000).")
        parser.add_argument("--concurrency", type=int, default=16, help="Concurrent clients (default 16).")
        parser.add_argument("--warmup", type=int, default=200, help="Untimed requests first (default 200).")
        parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (default 3).")
        parser.add_argument("--threads", type=int, default=1, help="Threads per gthread worker (default 1).")
        parser.add_argument(
            "--conn-max-age",
            type=int,
            default=600,
            help="DATABASE_CONN_MAX_AGE for the server, in seconds (default 600: kept for the whole run, so "
            "PostgreSQL's CPU per request can be counted; 0 closes each connection after its request).",
        )
        # Internal: the steps that run inside the throwaway database's own process.
        parser.add_argument("--step", choices=["prepare", "verify"], help=argparse.SUPPRESS)
        parser.add_argument("--skip", type=int, default=0, help=argparse.SUPPRESS)
        parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        step = options["step"]
        if step and os.environ.get(CHILD_MARKER) != "1":
            # These steps migrate and write to whatever database DATABASE_URL names: only the throwaway one.
            raise CommandError("--step is for the benchmark's own child processes")
        if step == "prepare":
            call_command("migrate", verbosity=0, interactive=False)
            self.stdout.write(json.dumps(prepare_reference_data()))
            return
        if step == "verify":
            self.stdout.write(json.dumps(count_referrals(skip=options["skip"], count=options["count"])))
            return
        self._benchmark(**options)

    def _benchmark(self, **options: Any) -> None:
        requests: int = options["requests"]
        concurrency: int = options["concurrency"]
        warmup: int = options["warmup"]
        workers: int = options["workers"]
        threads: int = options["threads"]
        if min(requests, concurrency, warmup, workers, threads) < 1:
            raise CommandError("--requests, --concurrency, --warmup, --workers and --threads must be at least 1.")
        database_url: str = options["database_url"]
        engine = options["engine"]
        if engine != "sqlite":
            try:
                throwaway_postgres_name(database_url)
            except ValueError as problem:
                raise CommandError(str(problem)) from problem
        if engine in (None, "both"):
            engines = ["sqlite"]
            if postgres_answers(database_url):
                engines.append("postgresql")
            elif engine == "both":
                raise CommandError(f"PostgreSQL does not answer at {database_url}.")
            else:
                self.stderr.write(f"PostgreSQL does not answer at {database_url}: SQLite only.")
        else:
            engines = [engine]
        plan = Plan(
            requests=requests,
            concurrency=concurrency,
            warmup=warmup,
            server=ServerSettings(worker_class=options["worker_class"], workers=workers, threads=threads),
            conn_max_age=options["conn_max_age"],
        )

        def say(message: str) -> None:
            self.stderr.write(message)

        outcomes = []
        for name in engines:
            try:
                outcomes.append(run_engine(name, plan, postgres_url=database_url, say=say))
            except (RuntimeError, ValueError, psycopg.Error) as problem:
                raise CommandError(f"{name}: {problem}") from problem
        self._report(outcomes)
        failures = []
        for outcome in outcomes:
            summary = outcome.summary
            if summary.errors:
                failures += [f"{summary.engine}: {summary.errors} errors {summary.statuses}", *summary.error_samples]
            failures += [f"{summary.engine}: {problem}" for problem in outcome.problems]
        if failures:
            raise CommandError("\n".join(failures))

    def _report(self, outcomes: list[Outcome]) -> None:
        headings = ["requests", "seconds", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"]
        headings += ["app CPU ms", "db CPU ms", "client CPU", "load"]
        self.stdout.write(f"{'database':<12} " + " ".join(f"{heading:>10}" for heading in headings))
        for outcome in outcomes:
            summary = outcome.summary
            self.stdout.write(
                f"{summary.engine:<12} {summary.requests:>10} {summary.elapsed_seconds:>10.1f} "
                f"{summary.per_second:>10.1f} {summary.p50_ms:>10.1f} {summary.p95_ms:>10.1f} {summary.p99_ms:>10.1f} "
                f"{summary.max_ms:>10.1f} {summary.errors:>10} {_ms(summary.server_cpu_ms)} "
                f"{_ms(summary.database_cpu_ms)} {summary.client_cpu_share:>10.0%} {summary.load_before:>10.2f}"
            )
        if outcomes:
            first = outcomes[0].summary
            self.stdout.write(
                f"{first.server.describe()}, {first.concurrency} concurrent keep-alive clients, {os.cpu_count()} CPUs. "
                "CPU ms: per request, in gunicorn and in PostgreSQL's backends; client CPU: the load generator's share "
                "of one core; load: the one-minute load average before the timed requests (anything else running "
                "skews the figures)."
            )
        sys.stdout.flush()


def _ms(value: float | None) -> str:
    return f"{value:>10.1f}" if value is not None else f"{'-':>10}"

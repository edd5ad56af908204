"""`linkwell bench_intake`: concurrent FHIR ServiceRequest posts against gunicorn, on SQLite and PostgreSQL.

For each database the benchmark makes a throwaway database, migrates it and adds the least reference data
an intake needs (a scheme, a team covering one GP practice, an API client), in a child process that sees
only that database. It starts gunicorn on a free loopback port with production settings (`DEBUG` off, the
database task queue, JSON request logs to a file), warms it up, then posts N valid ServiceRequests, each
for a different person (a distinct 999-range NHS number and name), from C keep-alive clients
(linkwell.fhir.loadgen). Any answer but 201 is an error. Afterwards another child process checks that the
database holds exactly the referrals that were answered 201, and the throwaway database is removed.
"""

import json
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg
from psycopg import sql

from linkwell.accounts.actions import create_organisation, create_team
from linkwell.accounts.models import OrganisationKind
from linkwell.clients.actions import create_api_client
from linkwell.clients.models import ApiClient
from linkwell.fhir import loadgen
from linkwell.fhir.resources import FHIR_JSON
from linkwell.fhir.translate import (
    CONSENT_PURPOSE_SYSTEM,
    NEED_SYSTEM,
    NHS_NUMBER_SYSTEM,
    ODS_SYSTEM,
    SNOMED_SYSTEM,
)
from linkwell.people.nhs_numbers import check_digit
from linkwell.referrals.models import Referral, ReferralChannel, ReferralStatus

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/bench_intake"
# Set in the environment of the benchmark's child processes, which alone may run its internal steps.
CHILD_MARKER = "LINKWELL_BENCH_INTAKE_CHILD"
ENGINES = ("sqlite", "postgresql")
PRACTICE_ODS_CODE = "F81999"
CLIENT_ORGANISATION = "Bench Council"
HOST = "127.0.0.1"
PATH = "/fhir/ServiceRequest"
SERVER_START_SECONDS = 60.0

GIVEN_NAMES = [
    "Ada", "Alan", "Amara", "Bea", "Callum", "Chen", "Dara", "Dev", "Edith", "Ellis", "Farah", "Gwen",
    "Hamza", "Iris", "Ivan", "Jude", "Kofi", "Lena", "Mabel", "Nia", "Omar", "Priya", "Quinn", "Rosa",
    "Sami", "Tess", "Uma", "Vera", "Wyn", "Yusuf", "Zara", "Zoltan",
]  # fmt: skip
# Family names are built from syllables, one name per index, so every person in a run is different.
SYLLABLES = [
    "ba", "ce", "di", "fo", "gu", "ha", "ke", "li", "mo", "nu",
    "pa", "re", "si", "to", "vu", "wa", "xe", "yo", "zi", "lu",
]  # fmt: skip
# Letters an inward postcode may use (no C, I, K, M, O or V).
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
NEEDS = ["loneliness", "stress", "physical_inactivity", "debt", "housing", "bereavement"]
SNOMED_CODES = ["422650009", "73595000", "48694002"]


# --- Synthetic requests ----------------------------------------------------------------------------
def nhs_numbers(count: int, *, skip: int = 0) -> list[str]:
    """`count` distinct Modulus 11-valid NHS numbers from the 999 test range, in order, after the first
    `skip` of them. Deterministic, so a later process can list the same numbers again."""
    numbers: list[str] = []
    wanted = skip + count
    found = 0
    for serial in range(1_000_000):
        first_nine = f"999{serial:06d}"
        digit = check_digit(first_nine)
        if digit is None:
            continue
        if found >= skip:
            numbers.append(f"{first_nine}{digit}")
        found += 1
        if found >= wanted:
            return numbers
    raise ValueError(f"The 999 range holds fewer than {wanted} valid NHS numbers")


def family_name(index: int) -> str:
    """A distinct pronounceable name for each index below 20**4 (160,000): 0 → "Babababa"."""
    if not 0 <= index < len(SYLLABLES) ** 4:
        raise ValueError("index out of range for distinct family names")
    parts = []
    for _ in range(4):
        index, digit = divmod(index, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts).capitalize()


def postcode(index: int) -> str:
    letters = INWARD_LETTERS
    return f"CM{1 + index % 3} {index % 10}{letters[index // 10 % len(letters)]}{letters[index // 200 % len(letters)]}"


def birth_date(index: int) -> date:
    # Spread over 1930 to 2003, so the duplicate check compares a realistic handful of people, not everyone.
    return date(1930, 1, 1) + timedelta(days=index * 7919 % 27_000)


def _consent(purpose: str) -> dict[str, Any]:
    return {
        "resourceType": "Consent",
        "id": purpose.replace("_", "-"),  # FHIR ids allow letters, digits, "-" and "."
        "status": "active",
        "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "treatment"}]},
        "category": [{"coding": [{"system": CONSENT_PURPOSE_SYSTEM, "code": purpose}]}],
        "provision": {"type": "permit"},
    }


def service_request(index: int, nhs_number: str) -> dict[str, Any]:
    """A ServiceRequest that Linkwell accepts: a contained Patient registered at the bench practice, with a
    mobile number (from Ofcom's drama range), the support consent and, for every other person, consent to
    texts and emails (so their acknowledgement is queued), a requester and one or two reasons."""
    reasons: list[dict[str, Any]] = [{"coding": [{"system": NEED_SYSTEM, "code": NEEDS[index % len(NEEDS)]}]}]
    if index % 2:
        reasons.append({"coding": [{"system": SNOMED_SYSTEM, "code": SNOMED_CODES[index % len(SNOMED_CODES)]}]})
    consents = [_consent("support"), *([_consent("contact_digital")] if index % 2 == 0 else [])]
    return {
        "resourceType": "ServiceRequest",
        "contained": [
            {
                "resourceType": "Patient",
                "id": "patient",
                "identifier": [{"system": NHS_NUMBER_SYSTEM, "value": nhs_number}],
                "name": [
                    {"use": "official", "given": [GIVEN_NAMES[index % len(GIVEN_NAMES)]], "family": family_name(index)}
                ],
                "birthDate": birth_date(index).isoformat(),
                "address": [
                    {"line": [f"{index % 200 + 1} Mill Lane"], "city": "Chelmsford", "postalCode": postcode(index)}
                ],
                "generalPractitioner": [{"identifier": {"system": ODS_SYSTEM, "value": PRACTICE_ODS_CODE}}],
                "telecom": [{"system": "phone", "value": f"07700 900{index % 1000:03d}", "use": "mobile"}],
            },
            *consents,
        ],
        "status": "active",
        "intent": "order",
        "priority": "routine" if index % 5 else "urgent",
        "subject": {"reference": "#patient"},
        "requester": {"display": "Dr Jane Example"},
        "reasonCode": reasons,
        "note": [{"text": f"Benchmark referral {index}: lives alone and would like to get out more."}],
        "supportingInfo": [{"reference": f"#{consent['id']}"} for consent in consents],
        "authoredOn": "2026-11-22",
    }


def request_bodies(count: int, *, skip: int = 0) -> list[bytes]:
    """The JSON bodies for people `skip` … `skip + count - 1`."""
    return [
        json.dumps(service_request(skip + offset, number), separators=(",", ":")).encode()
        for offset, number in enumerate(nhs_numbers(count, skip=skip))
    ]


# --- Figures ---------------------------------------------------------------------------------------
def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of all values at or below it."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= share <= 1:
        raise ValueError("share must be between 0 and 1")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass(frozen=True)
class ServerSettings:
    worker_class: str  # "sync" or "gthread"
    workers: int
    threads: int = 1

    def describe(self) -> str:
        if self.worker_class == "gthread":
            return f"gunicorn gthread, {self.workers} workers × {self.threads} threads"
        return f"gunicorn {self.worker_class}, {self.workers} workers"

    def arguments(self) -> list[str]:
        arguments = ["--worker-class", self.worker_class, "--workers", str(self.workers)]
        if self.worker_class == "gthread":
            arguments += ["--threads", str(self.threads)]
        return arguments


@dataclass(frozen=True)
class Summary:
    engine: str
    server: ServerSettings
    concurrency: int
    requests: int
    elapsed_seconds: float
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    statuses: dict[str, int]
    client_cpu_share: float  # of one core
    error_samples: list[str]
    # The machine's one-minute load average just before the timed requests: anything else running skews them.
    load_before: float = 0.0
    # CPU milliseconds per request used by gunicorn (master and workers) and by PostgreSQL's backends.
    server_cpu_ms: float | None = None
    database_cpu_ms: float | None = None

    @classmethod
    def of(
        cls,
        engine: str,
        server: ServerSettings,
        concurrency: int,
        result: loadgen.LoadResult,
        *,
        load_before: float = 0.0,
        server_cpu_seconds: float | None = None,
        database_cpu_seconds: float | None = None,
    ) -> "Summary":
        milliseconds = [latency * 1000 for latency in result.latencies]
        return cls(
            engine=engine,
            server=server,
            concurrency=concurrency,
            requests=result.sent,
            elapsed_seconds=result.elapsed_seconds,
            per_second=result.sent / result.elapsed_seconds if result.elapsed_seconds else 0.0,
            p50_ms=percentile(milliseconds, 0.50),
            p95_ms=percentile(milliseconds, 0.95),
            p99_ms=percentile(milliseconds, 0.99),
            max_ms=max(milliseconds),
            errors=result.errors(201),
            statuses=dict(result.statuses),
            client_cpu_share=result.cpu_seconds / result.elapsed_seconds if result.elapsed_seconds else 0.0,
            error_samples=result.error_samples,
            load_before=load_before,
            server_cpu_ms=None if server_cpu_seconds is None else server_cpu_seconds * 1000 / result.sent,
            database_cpu_ms=None if database_cpu_seconds is None else database_cpu_seconds * 1000 / result.sent,
        )


# --- Databases -------------------------------------------------------------------------------------
def _postgres_connection(url: str, *, database: str = "postgres", timeout: int = 3) -> psycopg.Connection[Any]:
    parsed = dj_database_url.parse(url)
    return psycopg.connect(
        host=parsed.get("HOST") or None,
        port=int(parsed["PORT"]) if parsed.get("PORT") else None,
        user=parsed.get("USER") or None,
        password=parsed.get("PASSWORD") or None,
        dbname=database,
        connect_timeout=timeout,
        autocommit=True,
    )


def postgres_answers(url: str) -> bool:
    try:
        with _postgres_connection(url, timeout=2):
            return True
    except psycopg.Error:
        return False


def throwaway_postgres_name(url: str) -> str:
    """The database the benchmark may drop: its name must say it is a benchmark's."""
    try:
        parsed = dj_database_url.parse(url)
    except ValueError:  # the library's unknown-scheme error is a ValueError
        parsed = {"ENGINE": ""}
    if "postgresql" not in parsed["ENGINE"]:
        raise ValueError(f"--database-url must be a postgres:// address, not {url!r}")
    name = str(parsed["NAME"] or "")
    if "bench" not in name:
        raise ValueError(f"Refusing to drop database {name!r}: use a database whose name contains 'bench'")
    return name


def recreate_postgres(url: str) -> None:
    name = throwaway_postgres_name(url)
    with _postgres_connection(url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_postgres(url: str) -> None:
    name = throwaway_postgres_name(url)
    with _postgres_connection(url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def server_environment(*, database_url: str, workdir: Path, conn_max_age: int) -> dict[str, str]:
    """Production settings on loopback, with everything the server writes kept in `workdir`."""
    environment = {name: value for name, value in os.environ.items() if name != "PYTEST_VERSION"}
    environment.update(
        DJANGO_SETTINGS_MODULE="linkwell.settings",
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE=str(conn_max_age),
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        LINKWELL_VAR_DIR=str(workdir),
        STATIC_ROOT=str(workdir / "static"),
        NOTIFICATIONS_FILE_DIR=str(workdir / "notifications"),
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        LOG_LEVEL="INFO",
        **{CHILD_MARKER: "1"},
    )
    (workdir / "static").mkdir(parents=True, exist_ok=True)
    return environment


def run_step(step: str, environment: dict[str, str], *extra: str) -> dict[str, Any]:
    """Run `linkwell bench_intake --step STEP` in a child process that sees only the throwaway database;
    it prints one JSON object."""
    completed = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "linkwell.cli", "bench_intake", "--step", step, *extra],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"bench_intake --step {step} failed:\n{completed.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


# --- Child steps: these run inside the throwaway database's own process -----------------------------
def prepare_reference_data() -> dict[str, Any]:
    """A scheme, a GP practice, a team covering it and an API client; returns the client's token."""
    scheme = create_organisation(name="Bench Connect", slug="bench-connect", kind=OrganisationKind.SCHEME, by=None)
    practice = create_organisation(
        name="Bench Surgery",
        slug="bench-surgery",
        kind=OrganisationKind.GP_PRACTICE,
        ods_code=PRACTICE_ODS_CODE,
        by=None,
    )
    create_team(
        scheme=scheme,
        name="Bench link workers",
        slug="bench-link-workers",
        covered_organisations=[practice],
        postcode_districts=[],
        by=None,
    )
    supplier = create_organisation(
        name=CLIENT_ORGANISATION, slug="bench-council", kind=OrganisationKind.COUNCIL, by=None
    )
    _, token = create_api_client(organisation=supplier, label="Bench load generator", by=None)
    return {"token": token}


def count_referrals(*, skip: int, count: int) -> dict[str, Any]:
    """What the database holds: every referral, and how many of the people `skip` … `skip + count - 1`
    have exactly one received FHIR referral from the bench client."""
    client = ApiClient.objects.get(organisation__slug="bench-council")
    expected = nhs_numbers(count, skip=skip)
    found = list(
        Referral.objects.filter(
            api_client=client,
            channel=ReferralChannel.FHIR,
            status=ReferralStatus.RECEIVED,
            person__nhs_number__in=expected,
        ).values_list("person__nhs_number", flat=True)
    )
    return {
        "total": Referral.objects.count(),
        "found": len(found),
        "distinct_people": len(set(found)),
    }


# --- Where the CPU goes -----------------------------------------------------------------------------
def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time these processes have used (Linux /proc; 0 for any that have gone)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def postgres_backends(url: str) -> list[int]:
    """The server processes connected to the benchmark's database (the workers' persistent connections)."""
    name = throwaway_postgres_name(url)
    with _postgres_connection(url, database=name) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]
        ).fetchall()
    return [int(row[0]) for row in rows]


# --- The server ------------------------------------------------------------------------------------
def server_errors(workdir: Path, *, limit: int = 3) -> str:
    """The last few errors gunicorn and Django logged (JSON lines with a traceback), to say why a request failed."""
    log = workdir / "gunicorn.log"
    if not log.exists():
        return "(no server log)"
    errors = [line for line in log.read_text(errors="replace").splitlines() if '"level": "ERROR"' in line]
    return "\n".join(errors[-limit:])[-6000:] or "(the server logged no errors)"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_ready(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"gunicorn did not answer /health within {SERVER_START_SECONDS:.0f} s:\n{log.read_text()[-4000:]}"
    )


@dataclass(frozen=True)
class Served:
    port: int
    pid: int  # gunicorn's master process


@contextmanager
def gunicorn(server: ServerSettings, environment: dict[str, str], workdir: Path) -> Iterator[Served]:
    """gunicorn serving Linkwell on a free loopback port; stops it afterwards."""
    port = free_port()
    log = workdir / "gunicorn.log"
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "linkwell.wsgi:application",
                "--bind",
                f"{HOST}:{port}",
                *server.arguments(),
                "--keep-alive",
                "30",
                "--graceful-timeout",
                "10",
            ],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_ready(process, port, log)
        yield Served(port, process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- One run ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Plan:
    requests: int
    concurrency: int
    warmup: int
    server: ServerSettings
    conn_max_age: int = 600


@dataclass(frozen=True)
class Outcome:
    summary: Summary
    problems: list[str]  # what the database check found wrong; empty when it holds exactly what was answered


def run_engine(
    engine: str, plan: Plan, *, postgres_url: str = DEFAULT_POSTGRES_URL, say: Callable[[str], None] = print
) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="linkwell-bench-intake-") as directory:
        workdir = Path(directory)
        if engine == "sqlite":
            database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        elif engine == "postgresql":
            database_url = postgres_url
            recreate_postgres(postgres_url)
        else:
            raise ValueError(f"Unknown engine {engine!r}")
        try:
            return _run_on(engine, plan, database_url, workdir, say)
        finally:
            if engine == "postgresql":
                drop_postgres(postgres_url)


def _run_on(engine: str, plan: Plan, database_url: str, workdir: Path, say: Callable[[str], None]) -> Outcome:
    environment = server_environment(database_url=database_url, workdir=workdir, conn_max_age=plan.conn_max_age)
    say(f"{engine}: migrating a throwaway database …")
    token = run_step("prepare", environment)["token"]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": FHIR_JSON, "Accept": FHIR_JSON}

    def build(count: int, skip: int, port: int) -> list[bytes]:
        return [
            loadgen.post_request(host=HOST, port=port, path=PATH, body=body, headers=headers)
            for body in request_bodies(count, skip=skip)
        ]

    with gunicorn(plan.server, environment, workdir) as served:
        port = served.port
        say(f"{engine}: {plan.server.describe()} on port {port}; warming up with {plan.warmup} requests …")
        warmup = loadgen.send(host=HOST, port=port, requests=build(plan.warmup, 0, port), concurrency=plan.concurrency)
        if warmup.errors(201):
            raise RuntimeError(
                f"Warm-up failed: {dict(warmup.statuses)} {warmup.error_samples}\n{server_errors(workdir)}"
            )
        requests = build(plan.requests, plan.warmup, port)
        say(f"{engine}: sending {plan.requests} ServiceRequests from {plan.concurrency} clients …")
        servers = [served.pid, *children(served.pid)]
        # Only persistent connections outlive a request, so only then can their CPU be counted.
        backends = postgres_backends(database_url) if engine == "postgresql" and plan.conn_max_age else []
        load_before = os.getloadavg()[0]
        server_cpu, database_cpu = cpu_seconds(servers), cpu_seconds(backends)
        result = loadgen.send(host=HOST, port=port, requests=requests, concurrency=plan.concurrency)
        server_cpu = cpu_seconds(servers) - server_cpu
        # A backend that ended during the run took its CPU time with it: then the figure would be too low.
        after = postgres_backends(database_url) if backends else []
        counted = bool(backends) and set(backends) <= set(after)
        database_cpu = cpu_seconds(after) - database_cpu if counted else 0.0
    summary = Summary.of(
        engine,
        plan.server,
        plan.concurrency,
        result,
        load_before=load_before,
        server_cpu_seconds=server_cpu,
        database_cpu_seconds=database_cpu if counted else None,
    )
    counts = run_step("verify", environment, "--skip", str(plan.warmup), "--count", str(plan.requests))
    answered = result.statuses.get("201", 0)
    problems = []
    if counts["found"] != answered or counts["distinct_people"] != answered:
        problems.append(
            f"{answered} requests were answered 201, but the database holds {counts['found']} of their referrals "
            f"for {counts['distinct_people']} people"
        )
    if counts["total"] != plan.warmup + answered:
        problems.append(
            f"Expected {plan.warmup} warm-up and {answered} new referrals, but the database holds {counts['total']}"
        )
    if summary.errors:
        problems.append(server_errors(workdir))
    return Outcome(summary, problems)

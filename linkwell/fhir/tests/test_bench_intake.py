"""The intake benchmark's own logic (no server is started here), and the query budget of the request it times."""

import http.server
import json
import threading
from collections import Counter
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from linkwell.fhir import benchmark, loadgen
from linkwell.fhir.translate import Issue, _referral_arguments, _structure
from linkwell.lib.postcodes import normalise
from linkwell.people.actions import PersonDetails, validate_person_details
from linkwell.people.models import Consent, ConsentDecision, ConsentMethod, ConsentPurpose, Person
from linkwell.people.nhs_numbers import normalise_nhs_number
from linkwell.referrals.actions import ReferralProblem, receive_referral
from linkwell.referrals.models import Referral, ReferralChannel, ReferralSource

FHIR = "application/fhir+json"


# --- Figures --------------------------------------------------------------------------------------
def test_percentiles_are_nearest_rank():
    values = [float(value) for value in range(1, 101)]  # 1 … 100
    assert benchmark.percentile(values, 0.50) == 50
    assert benchmark.percentile(values, 0.95) == 95
    assert benchmark.percentile(values, 0.99) == 99
    assert benchmark.percentile(values, 1.0) == 100
    assert benchmark.percentile(values, 0.0) == 1


def test_percentiles_do_not_depend_on_order_and_handle_one_value():
    assert benchmark.percentile([30.0, 10.0, 20.0], 0.5) == 20
    assert benchmark.percentile([7.0], 0.95) == 7
    # With 20 values, p95 is the 19th: the slowest request alone does not set it.
    assert benchmark.percentile([1.0] * 19 + [1000.0], 0.95) == 1


def test_percentiles_refuse_nonsense():
    with pytest.raises(ValueError, match="no values"):
        benchmark.percentile([], 0.5)
    with pytest.raises(ValueError, match="between 0 and 1"):
        benchmark.percentile([1.0], 95)


def test_a_summary_counts_anything_but_201_as_an_error():
    result = loadgen.LoadResult(
        elapsed_seconds=2.0,
        cpu_seconds=0.1,
        latencies=[0.010, 0.020, 0.030, 0.040],
        statuses=Counter({"201": 2, "422": 1, "ConnectionResetError": 1}),
    )
    summary = benchmark.Summary.of("sqlite", benchmark.ServerSettings("sync", 3), 4, result)
    assert summary.requests == 4
    assert summary.per_second == 2
    assert summary.errors == 2
    assert summary.p50_ms == pytest.approx(20)
    assert summary.max_ms == pytest.approx(40)
    assert summary.client_cpu_share == pytest.approx(0.05)


# --- Synthetic people and requests ----------------------------------------------------------------
def test_nhs_numbers_are_distinct_valid_test_numbers():
    numbers = benchmark.nhs_numbers(5000)
    assert len(set(numbers)) == 5000
    assert all(number.startswith("999") and normalise_nhs_number(number) == number for number in numbers)


def test_nhs_numbers_can_be_listed_again_from_any_point():
    assert benchmark.nhs_numbers(7, skip=3) == benchmark.nhs_numbers(10)[3:]


def test_names_and_postcodes_are_distinct_and_valid():
    names = {
        (benchmark.GIVEN_NAMES[index % len(benchmark.GIVEN_NAMES)], benchmark.family_name(index))
        for index in range(20_000)
    }
    assert len(names) == 20_000
    assert benchmark.family_name(0) == "Babababa"
    for index in range(4000):
        assert normalise(benchmark.postcode(index)) == benchmark.postcode(index)
    with pytest.raises(ValueError, match="out of range"):
        benchmark.family_name(20**4)


def test_every_generated_request_passes_the_fhir_and_person_checks():
    organisation = SimpleNamespace(name=benchmark.CLIENT_ORGANISATION)
    client = SimpleNamespace(organisation=organisation)
    numbers = benchmark.nhs_numbers(1000)
    for index, number in enumerate(numbers):
        parsed = _structure(benchmark.service_request(index, number))  # raises FhirProblem if not valid FHIR
        issues: list[Issue] = []
        arguments = _referral_arguments(parsed, client=client, issues=issues)  # type: ignore[arg-type]
        assert issues == [], index
        details: PersonDetails = validate_person_details(arguments["person_details"])
        assert details.nhs_number == number
        assert arguments["reasons"]
        assert arguments["consents"]


def test_request_bodies_are_compact_json_for_the_right_people():
    bodies = benchmark.request_bodies(3, skip=10)
    patients = [json.loads(body)["contained"][0] for body in bodies]
    assert [patient["identifier"][0]["value"] for patient in patients] == benchmark.nhs_numbers(3, skip=10)
    assert patients[0]["name"][0]["family"] == benchmark.family_name(10)
    assert bodies[0] == json.dumps(json.loads(bodies[0]), separators=(",", ":")).encode()


def test_only_a_benchmark_database_may_be_dropped():
    assert benchmark.throwaway_postgres_name("postgres://postgres@127.0.0.1:5432/bench_intake") == "bench_intake"
    with pytest.raises(ValueError, match="Refusing"):
        benchmark.throwaway_postgres_name("postgres://postgres@127.0.0.1:5432/linkwell")


def test_the_server_runs_with_production_settings_on_loopback(tmp_path):
    environment = benchmark.server_environment(database_url="sqlite:///x", workdir=tmp_path, conn_max_age=600)
    assert environment["DEBUG"] == "false"
    assert environment["ALLOWED_HOSTS"] == "127.0.0.1"
    assert environment["TASKS_BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert environment["DATABASE_CONN_MAX_AGE"] == "600"
    assert "PYTEST_VERSION" not in environment
    assert len(environment["SECRET_KEY"]) >= 50


def test_the_internal_steps_refuse_to_run_outside_the_benchmark(monkeypatch):
    # They migrate and write to whatever DATABASE_URL names, so only the benchmark's own children may run them.
    monkeypatch.delenv(benchmark.CHILD_MARKER, raising=False)
    with pytest.raises(CommandError, match="child processes"):
        call_command("bench_intake", step="prepare")


def test_the_command_refuses_to_drop_a_database_not_named_for_the_benchmark():
    with pytest.raises(CommandError, match="Refusing"):
        call_command("bench_intake", engine="postgresql", database_url="postgres://postgres@127.0.0.1:1/linkwell")


@pytest.mark.parametrize("url", ["postgresql", "sqlite:///bench.sqlite3", "mysql://root@127.0.0.1/bench"])
def test_the_command_says_what_a_postgresql_address_must_look_like(url):
    with pytest.raises(CommandError, match="must be a postgres:// address"):
        call_command("bench_intake", engine="postgresql", database_url=url)


def test_gunicorn_arguments():
    assert benchmark.ServerSettings("sync", 4).arguments() == ["--worker-class", "sync", "--workers", "4"]
    assert benchmark.ServerSettings("gthread", 2, 4).arguments()[-2:] == ["--threads", "4"]


# --- The load generator ---------------------------------------------------------------------------
def test_a_request_is_plain_http_1_1_with_its_length():
    raw = loadgen.post_request(host="127.0.0.1", port=8000, path="/x", body=b'{"a":1}', headers={"Accept": FHIR})
    head, body = raw.split(b"\r\n\r\n")
    assert head.split(b"\r\n") == [
        b"POST /x HTTP/1.1",
        b"Host: 127.0.0.1:8000",
        b"Accept: application/fhir+json",
        b"Content-Length: 7",
    ]
    assert body == b'{"a":1}'


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    connections: set[int] = set()

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Handler.connections.add(id(self.connection))
        status = 201 if body != b"bad" else 422
        self.send_response(status)
        self.send_header("Content-Length", "2")
        if body == b"close":
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_server():
    _Handler.connections = set()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_load_generator_sends_everything_once_and_counts_answers(loopback_server):
    port = loopback_server
    bodies = [b"fine"] * 20 + [b"bad", b"close", b"close"] + [b"fine"] * 10

    def build(body):
        return loadgen.post_request(host="127.0.0.1", port=port, path="/", body=body, headers={})

    result = loadgen.send(host="127.0.0.1", port=port, requests=[build(body) for body in bodies], concurrency=3)
    assert result.sent == len(bodies)
    assert result.statuses == Counter({"201": 32, "422": 1})
    assert result.errors(201) == 1
    assert result.error_samples == ["422: ok"]
    # Kept alive: three clients, plus a fresh connection after each "Connection: close".
    assert len(_Handler.connections) <= 5


def test_a_refused_connection_is_an_error_not_a_crash():
    port = benchmark.free_port()  # nothing listens there now
    raw = loadgen.post_request(host="127.0.0.1", port=port, path="/", body=b"x", headers={})
    result = loadgen.send(host="127.0.0.1", port=port, requests=[raw, raw], concurrency=1, timeout=5)
    assert result.sent == 2
    assert result.errors(201) == 2
    assert "ConnectionRefusedError" in result.statuses


# --- The request the benchmark times --------------------------------------------------------------
@pytest.fixture
def bench_client(db):
    return benchmark.prepare_reference_data()["token"]


def _post(token, body):
    return Client().generic(
        "POST", "/fhir/ServiceRequest", body, content_type=FHIR, HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_the_reference_data_accepts_generated_requests_and_the_check_counts_them(bench_client):
    for body in benchmark.request_bodies(5):
        assert _post(bench_client, body).status_code == 201
    assert benchmark.count_referrals(skip=0, count=5) == {"total": 5, "found": 5, "distinct_people": 5}
    assert benchmark.count_referrals(skip=2, count=3) == {"total": 5, "found": 3, "distinct_people": 3}


def test_the_201_answer_is_what_reading_the_referral_back_gives(bench_client):
    response = _post(bench_client, benchmark.request_bodies(1)[0])
    assert response.status_code == 201
    read = Client().get(response["Location"], HTTP_AUTHORIZATION=f"Bearer {bench_client}")
    assert read.status_code == 200
    assert response.json() == read.json()
    client = Referral.objects.get().api_client
    assert client is not None
    assert client.organisation.name == benchmark.CLIENT_ORGANISATION


def test_a_fhir_post_for_a_new_person_takes_a_fixed_number_of_queries(bench_client, django_assert_num_queries):
    first, second = benchmark.request_bodies(2)
    assert _post(bench_client, first).status_code == 201
    # Routing, person look-up, then one INSERT each for the person, the consent, the referral, the transition
    # and the three audit events together: 7 queries, and the savepoint pair of receive_referral (only because
    # the test runs in a transaction). The client was read by the first request and is remembered for a second
    # (docs/adr/0012). It was 12 queries and 6 savepoint pairs (docs/adr/0011).
    with django_assert_num_queries(9):
        assert _post(bench_client, second).status_code == 201


def test_a_fhir_post_for_a_known_person_takes_a_fixed_number_of_queries(bench_client, django_assert_num_queries):
    body = benchmark.request_bodies(1)[0]
    assert _post(bench_client, body).status_code == 201
    # The same person again: found by NHS number, so no person is written, and their record is locked and
    # their previous decision read before the consent is written: 8 queries and the savepoint pair.
    with django_assert_num_queries(10):
        assert _post(bench_client, body).status_code == 201
    assert Referral.objects.filter(person__nhs_number=benchmark.nhs_numbers(1)[0]).count() == 2


def test_a_consent_problem_undoes_the_new_person_and_leaves_the_callers_transaction_usable(bench_client):
    # receive_referral writes the person and consent without savepoints of their own; its own block undoes them.
    details = PersonDetails(
        given_name="Ada",
        family_name="Example",
        date_of_birth=date(1950, 3, 4),
        nhs_number=benchmark.nhs_numbers(1)[0],
        postcode="CM1 1AA",
        gp_practice_ods_code=benchmark.PRACTICE_ODS_CODE,
    )
    with pytest.raises(ReferralProblem) as problem:
        receive_referral(
            person_details=details,
            team=None,
            source=ReferralSource.OTHER_AGENCY,
            channel=ReferralChannel.FHIR,
            reasons=["loneliness"],
            reason_text="",
            by=None,
            referrer_name="Dr Jane Example",
            consents=[
                (ConsentPurpose.SUPPORT, ConsentDecision.GIVEN, ConsentMethod.BY_REFERRER),
                # Withdrawing what was never given is refused by record_consent, after the person is written.
                (ConsentPurpose.CONTACT_DIGITAL, ConsentDecision.WITHDRAWN, ConsentMethod.BY_REFERRER),
            ],
        )
    assert "consents" in problem.value.errors
    # The test's own transaction still answers queries, and holds nothing of the failed referral.
    assert not Person.objects.exists()
    assert not Consent.objects.exists()
    assert not Referral.objects.exists()

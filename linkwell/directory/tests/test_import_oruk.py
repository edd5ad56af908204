import copy
import io
import json
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.directory import importing
from linkwell.directory.importing_records import wheelchair_accessible
from linkwell.directory.importing_v1 import v1_uuid, vocabulary_taxonomy_id
from linkwell.directory.indexing import refresh_search_fields
from linkwell.directory.management.commands import import_oruk
from linkwell.directory.models import (
    Address,
    Attribute,
    CostOption,
    LinkEntity,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from linkwell.directory.taxonomy import TAXONOMY_ID as LINKWELL_TAXONOMY_ID
from linkwell.directory.taxonomy import term_id

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = FIXTURES / "oruk3_page.json"
SINGLE = FIXTURES / "oruk3_single_service.json"
V1_PAGE = FIXTURES / "oruk_v1_page.json"


def run(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_oruk", *[str(arg) for arg in args], stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def fixture(path):
    return json.loads(path.read_text())


def written(tmp_path, data, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def services_by_name():
    return {service["name"]: service for service in fixture(PAGE)["contents"]}


def v1_id(source_id):
    return uuid.UUID(v1_uuid(source_id))


def linkwell_terms():
    return list(TaxonomyTerm.objects.filter(taxonomy_id=LINKWELL_TAXONOMY_ID).order_by("pk").values())


def test_a_page_of_services_imports_with_the_sources_ids_and_is_published():
    out, _ = run(PAGE)

    assert out.splitlines()[0] == "created 5, updated 0, unchanged 0, rejected 2"
    walks = services_by_name()["Moulsham Health Walks"]
    service = Service.objects.get(pk=walks["id"])
    assert service.state == "published"
    assert service.status == "active"
    assert service.minimum_age == 18
    assert str(service.organization_id) == walks["organization"]["id"]
    location = walks["service_at_locations"][0]["location"]
    assert Location.objects.filter(pk=location["id"]).exists()
    assert Address.objects.get(pk=location["addresses"][0]["id"]).postal_code == "CM2 0XA"
    assert Schedule.objects.get(pk=walks["schedules"][0]["id"]).byday == "WE"
    assert CostOption.objects.get(pk=walks["cost_options"][0]["id"]).amount == 0
    assert Attribute.objects.get(pk=walks["attributes"][0]["id"]).link_id == service.pk
    assert TaxonomyTerm.objects.filter(pk=walks["attributes"][0]["taxonomy_term"]["id"]).exists()


def test_a_location_shared_by_two_services_is_one_row():
    run(PAGE)

    shared = services_by_name()["Writtle Craft Café"]["service_at_locations"][0]["location_id"]
    assert Location.objects.filter(pk=shared).count() == 1
    assert ServiceAtLocation.objects.filter(location_id=shared).count() == 2


def test_the_sources_taxonomy_is_kept_as_its_own_taxonomy_with_parent_links():
    before = linkwell_terms()

    run(PAGE)

    term = services_by_name()["Moulsham Health Walks"]["attributes"][0]["taxonomy_term"]
    taxonomy = Taxonomy.objects.get(pk=term["taxonomy_id"])
    assert taxonomy.name == "Mid Essex Community Directory Categories"
    assert taxonomy.pk != LINKWELL_TAXONOMY_ID
    walking = TaxonomyTerm.objects.get(pk=term["id"])
    # The parent is only listed by a later record; it is still linked.
    assert walking.parent is not None
    assert walking.parent.name == "Health and wellbeing"
    assert walking.taxonomy_id == taxonomy.pk
    assert linkwell_terms() == before


def test_search_fields_are_refreshed_after_each_service_is_written():
    run(PAGE)

    by_name = services_by_name()
    walks = Service.objects.get(pk=by_name["Moulsham Health Walks"]["id"])
    assert walks.day_mask == 1 << 2  # Wednesday
    assert "Moulsham Health Walks" in walks.search_document
    assert "Walking groups" in walks.search_document
    assert walks.is_free
    assert walks.wheelchair_accessible
    yoga = Service.objects.get(pk=by_name["Broomfield Chair Yoga"]["id"])
    assert not yoga.is_free
    assert not yoga.wheelchair_accessible
    calls = Service.objects.get(pk=by_name["Springfield Befriending Calls"]["id"])
    assert calls.online
    assert calls.day_mask == (1 << 0) | (1 << 3)


@pytest.mark.parametrize(
    ("text", "accessible"),
    [
        ("Step-free route on tarmac paths. Suitable for wheelchair users.", True),
        ("Level access at the front door and an accessible toilet.", True),
        ("Ramped side entrance", True),
        ("There are three steps at the entrance and no wheelchair access.", False),
        ("Not wheelchair accessible", False),
        ("Limited wheelchair access", False),
        ("Ground floor room.", False),
        ("Cramped trampoline room", False),
        ("", False),
    ],
)
def test_wheelchair_access_is_read_conservatively_from_accessibility_text(text, accessible):
    assert wheelchair_accessible([text]) is accessible


def test_re_importing_the_same_file_writes_nothing_and_audits_only_the_finish():
    run(PAGE)
    events = AuditEvent.objects.count()

    with CaptureQueriesContext(connection) as queries:
        out, _ = run(PAGE)

    assert out.splitlines()[0] == "created 0, updated 0, unchanged 5, rejected 2"
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "audit_auditevent" not in query["sql"]
    ]
    assert writes == []
    new_events = list(AuditEvent.objects.order_by("-id")[: AuditEvent.objects.count() - events])
    assert [event.action for event in new_events] == [AuditAction.DIRECTORY_IMPORT_FINISHED]
    assert new_events[0].detail["unchanged"] == 5


def test_each_created_service_is_audited_with_its_source_and_outcome():
    run(PAGE)

    imported = AuditEvent.objects.filter(action=AuditAction.SERVICE_IMPORTED)
    assert imported.count() == 5
    assert {event.detail["outcome"] for event in imported} == {"created"}
    assert {event.detail["source"] for event in imported} == {str(PAGE)}
    assert all(event.actor_label == "system" for event in imported)
    finished = AuditEvent.objects.get(action=AuditAction.DIRECTORY_IMPORT_FINISHED)
    assert finished.detail["created"] == 5
    assert finished.detail["rejected"] == 2


def test_a_changed_record_is_updated_its_rows_replaced_and_local_categories_kept(tmp_path):
    run(PAGE)
    page = fixture(PAGE)
    walks = page["contents"][0]
    local = Attribute.objects.create(
        link_entity=LinkEntity.SERVICE,
        link_id=walks["id"],
        taxonomy_term_id=term_id("Walking groups", "Physical activity"),
        link_type="category",
    )
    old_schedule = walks["schedules"][0]["id"]
    walks["name"] = "Moulsham Meadow Walks"
    walks["schedules"] = [{**walks["schedules"][0], "id": "0b5e7c1e-1111-4a1a-9a1a-000000000001", "byday": "FR"}]
    walks["cost_options"] = []

    out, _ = run(written(tmp_path, page))

    assert out.splitlines()[0] == "created 0, updated 1, unchanged 4, rejected 2"
    service = Service.objects.get(pk=walks["id"])
    assert service.name == "Moulsham Meadow Walks"
    assert not Schedule.objects.filter(pk=old_schedule).exists()
    assert list(service.schedules.values_list("byday", flat=True)) == ["FR"]
    assert service.day_mask == 1 << 4
    assert not service.cost_options.exists()
    assert Attribute.objects.filter(pk=local.pk).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.SERVICE_IMPORTED, object_id=walks["id"], detail__outcome="updated"
    ).exists()


def test_broken_records_are_rejected_with_their_id_and_reason_and_nothing_of_them_is_written():
    out, _ = run(PAGE)

    knit, nameless = fixture(PAGE)["contents"][5:]
    assert f"rejected {knit['id']}: schedule 1: closes_at 09:00 is before opens_at 10:00" in out.splitlines()
    assert f"rejected {nameless['id']}: missing name" in out.splitlines()
    for record in (knit, nameless):
        assert not Service.objects.filter(pk=record["id"]).exists()
        assert not Organization.objects.filter(pk=record["organization"]["id"]).exists()
        assert not Location.objects.filter(pk=record["service_at_locations"][0]["location_id"]).exists()
        assert not AuditEvent.objects.filter(object_id=record["id"]).exists()


def _set_location(record, key, value):
    record["service_at_locations"][0]["location"][key] = value


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda record: record.update(minimum_age=-3), "minimum_age -3 is negative"),
        (lambda record: record.update(minimum_age=70, maximum_age=18), "minimum_age 70 is above maximum_age 18"),
        (lambda record: record.update(minimum_age=12.5), "minimum_age 12.5 is not a whole number"),
        (lambda record: record.update(id="not-a-uuid"), "invalid UUID 'not-a-uuid' in id"),
        (lambda record: record.update(status="open"), "status 'open' is not one of"),
        (lambda record: record.update(email="nobody"), "email 'nobody' is not an email address"),
        (lambda record: record.update(organization=None, organization_id=None), "missing organization"),
        (
            lambda record: _set_location(record, "latitude", 123),
            "service at location 1 location: latitude 123 out of range (-90 to 90)",
        ),
        (
            lambda record: record["cost_options"][0].update(amount=-5),
            "cost option 1: amount -5 is negative",
        ),
        (
            lambda record: record["schedules"][0].update(byday="XX"),
            "schedule 1: byday: 'XX' is not a day",
        ),
        (
            lambda record: record["schedules"][0].update(valid_from="2026-05-01", valid_to="2026-04-01"),
            "schedule 1: valid_to 2026-04-01 is before valid_from 2026-05-01",
        ),
        (
            lambda record: record["schedules"][0].update(opens_at="half past nine"),
            "schedule 1: opens_at 'half past nine' is not a time (HH:MM)",
        ),
        (
            lambda record: record["service_at_locations"][0]["location"]["addresses"][0].update(address_1=""),
            "service at location 1 location address 1: missing address_1",
        ),
        (lambda record: record.update(name="x" * 301), "name is 301 characters long, more than the 300 allowed"),
    ],
)
def test_an_invalid_value_rejects_the_record_with_a_specific_reason(tmp_path, change, reason):
    record = fixture(SINGLE)
    change(record)

    out, _ = run(written(tmp_path, record))

    lines = out.splitlines()
    assert lines[0] == "created 0, updated 0, unchanged 0, rejected 1"
    assert lines[1].startswith(f"rejected {record['id']}: {reason}")
    assert not Service.objects.exists()
    assert not Organization.objects.exists()


def test_a_database_refusal_becomes_a_rejection_and_the_rest_still_import(monkeypatch):
    walks_id = fixture(PAGE)["contents"][0]["id"]

    def refuse_walks(service):
        if str(service.pk) == walks_id:
            raise IntegrityError("simulated check constraint failure")
        refresh_search_fields(service)

    monkeypatch.setattr(importing, "refresh_search_fields", refuse_walks)

    out, _ = run(PAGE)

    assert out.splitlines()[0] == "created 4, updated 0, unchanged 0, rejected 3"
    assert f"rejected {walks_id}: the database refused it: simulated check constraint failure" in out
    assert not Service.objects.filter(pk=walks_id).exists()
    assert not AuditEvent.objects.filter(object_id=walks_id).exists()


def test_a_legacy_v1_page_imports_with_derived_ids_days_ages_and_vocabularies():
    out, _ = run(V1_PAGE)

    assert out.splitlines() == [
        "created 3, updated 0, unchanged 0, rejected 1",
        "rejected ESX-1004: minimum_age -3 is negative",
    ]
    football = Service.objects.get(pk=v1_uuid("ESX-1001"))
    assert football.state == "published"
    assert football.minimum_age == 50
    assert football.maximum_age is None
    assert football.eligibility_description == "adult"
    assert list(football.schedules.values_list("pk", "byday", "freq")) == [(v1_id("RS-1"), "WE", "WEEKLY")]
    assert football.day_mask == 1 << 2
    assert football.wheelchair_accessible
    needs = Taxonomy.objects.get(pk=vocabulary_taxonomy_id("Mid Essex Needs"))
    assert needs.name == "Mid Essex Needs"
    activity = TaxonomyTerm.objects.get(pk=v1_uuid("NEED-12"))
    assert activity.taxonomy == needs
    assert activity.parent is not None
    assert activity.parent.pk == v1_id("NEED-1")
    assert activity.parent.name == "Health"
    eligibility = Attribute.objects.get(link_id=football.pk, link_type="eligibility")
    assert eligibility.taxonomy_term.name == "Over 50s"
    assert eligibility.taxonomy_term.taxonomy.name == "Mid Essex Circumstances"
    coffee = Service.objects.get(pk=v1_uuid("ESX-1002"))
    assert sorted(coffee.schedules.values_list("byday", flat=True)) == ["FR", "TU"]
    assert not coffee.wheelchair_accessible
    lunch = Service.objects.get(pk=v1_uuid("1003"))  # a numeric v1 id
    assert lunch.minimum_age == 18  # the widest range of its two eligibility rows
    assert lunch.url == "https://www.neighbours.example.org/lunch"
    assert Schedule.objects.get(pk=v1_uuid(77)).service == lunch
    assert not Service.objects.filter(pk=v1_uuid("ESX-1004")).exists()


def test_re_importing_a_v1_page_leaves_every_record_unchanged():
    run(V1_PAGE)

    out, _ = run(V1_PAGE)

    assert out.splitlines()[0] == "created 0, updated 0, unchanged 3, rejected 1"


def test_a_v1_weekday_out_of_range_is_rejected(tmp_path):
    page = fixture(V1_PAGE)
    page["content"][0]["regular_schedules"][0]["weekday"] = 9

    out, _ = run(written(tmp_path, page))

    assert "rejected ESX-1001: regular schedule 1: weekday 9 is not 1 (Monday) to 7 (Sunday)" in out


def test_a_single_service_object_imports():
    out, _ = run(SINGLE)

    assert out.splitlines() == ["created 1, updated 0, unchanged 0, rejected 0"]
    service = Service.objects.get(pk=fixture(SINGLE)["id"])
    assert service.wheelchair_accessible
    assert Taxonomy.objects.get(name="Essex Activity Types").uri == "https://example.org/activity-types"


def test_a_plain_list_of_services_imports(tmp_path):
    services = [fixture(SINGLE), fixture(PAGE)["contents"][0]]

    out, _ = run(written(tmp_path, services))

    assert out.splitlines()[0] == "created 2, updated 0, unchanged 0, rejected 0"


def _without_taxonomy_name(record):
    term = record["attributes"][0]["taxonomy_term"]
    del term["taxonomy_detail"]
    return term["taxonomy_id"]


def test_a_taxonomy_the_source_does_not_name_is_named_after_the_file(tmp_path):
    record = fixture(SINGLE)
    taxonomy_id = _without_taxonomy_name(record)

    run(written(tmp_path, record, "essex-feed.json"))

    assert Taxonomy.objects.get(pk=taxonomy_id).name == "Imported from essex-feed.json"


def test_a_taxonomy_the_source_does_not_name_takes_the_given_name(tmp_path):
    record = fixture(SINGLE)
    taxonomy_id = _without_taxonomy_name(record)

    run(written(tmp_path, record), "--taxonomy-name", "Essex activities")

    assert Taxonomy.objects.get(pk=taxonomy_id).name == "Essex activities"


def test_a_taxonomy_name_already_used_elsewhere_is_made_unique(tmp_path):
    record = fixture(SINGLE)
    taxonomy_id = _without_taxonomy_name(record)

    run(written(tmp_path, record), "--taxonomy-name", "Linkwell social prescribing categories")

    assert Taxonomy.objects.get(pk=taxonomy_id).name == f"Linkwell social prescribing categories ({taxonomy_id[:8]})"
    assert Taxonomy.objects.get(pk=LINKWELL_TAXONOMY_ID).name == "Linkwell social prescribing categories"


def test_a_dry_run_validates_and_reports_but_writes_nothing():
    def counts():
        models = (Service, Organization, Location, Taxonomy, TaxonomyTerm, Attribute, AuditEvent)
        return [model.objects.count() for model in models]

    before = counts()

    out, _ = run(PAGE, "--dry-run")

    lines = out.splitlines()
    assert lines[0] == "created 5, updated 0, unchanged 0, rejected 2"
    assert lines[-1] == "Dry run: every change was rolled back, so nothing was written."
    assert counts() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        ("this is not { json", "is not JSON"),
        ('{"version": "HSDS-UK-3.0", "profile": "x", "openapi_url": "x"}', "root of an ORUK API"),
        ('{"colour": "blue"}', "an object with keys colour, not an ORUK page"),
        ('"just text"', "The JSON is text, not an ORUK page"),
        ("[1, 2, 3]", "The JSON is a list, not an ORUK page"),
    ],
)
def test_a_source_that_cannot_be_read_or_has_no_services_is_a_command_error(tmp_path, content, message):
    path = tmp_path / "feed.json"
    if content is not None:
        path.write_text(content)

    with pytest.raises(CommandError, match=message):
        run(path)
    assert not AuditEvent.objects.exists()


def _fake_api(monkeypatch, responses):
    fetched = []

    def fetch(url):
        fetched.append(url)
        answer = responses[url]
        if isinstance(answer, Exception):
            raise answer
        return copy.deepcopy(answer)

    monkeypatch.setattr(import_oruk, "fetch_json", fetch)
    return fetched


def test_an_api_is_read_page_by_page_and_each_service_fetched_in_full(monkeypatch):
    full = fixture(PAGE)["contents"][:3]
    listed = [{key: service[key] for key in ("id", "name", "status")} for service in full]
    base = "https://directory.example.org/api"
    fetched = _fake_api(
        monkeypatch,
        {
            f"{base}/services?page=1&per_page=100": {"total_pages": 2, "total_items": 3, "contents": listed[:2]},
            f"{base}/services?page=2&per_page=100": {"total_pages": 2, "last_page": True, "contents": listed[2:]},
            **{f"{base}/services/{service['id']}": service for service in full[:2]},
            f"{base}/services/{full[2]['id']}": importing.SourceError("HTTP 500 Internal Server Error"),
        },
    )

    out, err = run(f"{base}/")

    assert fetched == [
        f"{base}/services?page=1&per_page=100",
        f"{base}/services/{full[0]['id']}",
        f"{base}/services/{full[1]['id']}",
        f"{base}/services?page=2&per_page=100",
        f"{base}/services/{full[2]['id']}",
    ]
    assert out.splitlines() == [
        "created 2, updated 0, unchanged 0, rejected 1",
        f"rejected {full[2]['id']}: could not fetch its full record: HTTP 500 Internal Server Error",
    ]
    assert "Fetching: 3 services." in err
    assert AuditEvent.objects.get(action=AuditAction.DIRECTORY_IMPORT_FINISHED).detail["source"] == f"{base}/"


def test_api_list_items_that_are_already_full_are_not_fetched_again(monkeypatch):
    base = "https://directory.example.org"
    fetched = _fake_api(monkeypatch, {f"{base}/services?page=1&per_page=100": fixture(PAGE)})

    out, _ = run(base)

    assert fetched == [f"{base}/services?page=1&per_page=100"]
    assert out.splitlines()[0] == "created 5, updated 0, unchanged 0, rejected 2"


def test_an_api_that_cannot_be_reached_is_a_command_error(monkeypatch):
    base = "https://directory.example.org"
    _fake_api(monkeypatch, {f"{base}/services?page=1&per_page=100": importing.SourceError("could not reach it")})

    with pytest.raises(CommandError, match="could not reach it"):
        run(base)


def test_fetching_asks_for_json_and_gives_up_after_thirty_seconds(monkeypatch):
    seen: dict[str, object] = {}

    def urlopen(request, timeout):
        seen.update(url=request.full_url, accept=request.get_header("Accept"), timeout=timeout)
        return io.BytesIO(b'{"contents": []}')

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)

    assert import_oruk.fetch_json("https://directory.example.org/services") == {"contents": []}
    assert seen == {"url": "https://directory.example.org/services", "accept": "application/json", "timeout": 30}


def test_the_progress_bar_ends_with_a_final_line_on_stderr():
    _, err = run(PAGE)

    assert err.splitlines()[-1] == "Importing: 7 records."

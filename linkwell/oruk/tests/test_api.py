import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from linkwell.directory.indexing import refresh_search_fields
from linkwell.directory.models import (
    Address,
    Contact,
    Location,
    Organization,
    Phone,
    PublicationState,
    Schedule,
    Service,
    ServiceAtLocation,
)
from linkwell.oruk.filters import MAX_PER_PAGE

pytestmark = pytest.mark.django_db

PAGE_KEYS = ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"]
MS_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def more_services(count: int) -> None:
    """Published services with a location, address, schedule and contact each, to grow a page."""
    organization = Organization.objects.create(name="Bulk Test Org", description="Fictional.")
    for number in range(count):
        service = Service.objects.create(
            organization=organization, name=f"Zz Bulk Service {number:03d}", state=PublicationState.PUBLISHED
        )
        location = Location.objects.create(name=f"Hall {number}", latitude=51.7, longitude=0.47)
        Address.objects.create(
            location=location, address_1="2 Test Row", city="Chelmsford", state_province="Essex", postal_code="CM2 0AA"
        )
        ServiceAtLocation.objects.create(service=service, location=location)
        Schedule.objects.create(service=service, freq="WEEKLY", byday="TU")
        contact = Contact.objects.create(service=service, name="Desk")
        Phone.objects.create(contact=contact, number="01245 000002")
        refresh_search_fields(service)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_root_document_names_the_uk_profile_and_our_openapi_document(client, directory):
    response = client.get("/oruk/")

    assert response.status_code == 200
    assert response.json() == {
        "version": "HSDS-UK-3.0",
        "profile": "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md",
        "openapi_url": "http://testserver/oruk/openapi.json",
    }


def test_the_openapi_document_describes_our_endpoints_paging_and_local_fields(client, directory):
    document = client.get("/oruk/openapi.json").json()

    assert document["openapi"].startswith("3.0")
    assert document["servers"] == [{"url": "http://testserver/oruk"}]
    assert {"/", "/services", "/services/{id}", "/service_at_locations", "/taxonomies", "/taxonomy_terms"} <= set(
        document["paths"]
    )
    per_page = document["components"]["parameters"]["per_page"]["schema"]
    assert (per_page["default"], per_page["maximum"]) == (50, 1000)
    service = document["paths"]["/services/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert service["allOf"][0]["$ref"].endswith("/schema/service.json")
    assert "linkwell_referral" in service["allOf"][1]["properties"]


def test_a_list_is_a_page_envelope_counting_what_this_page_holds(client, directory):
    body = client.get("/oruk/services").json()

    assert list(body) == PAGE_KEYS
    assert body["total_items"] == 3
    assert body["size"] == len(body["contents"]) == 3
    assert (body["page_number"], body["total_pages"], body["first_page"], body["last_page"], body["empty"]) == (
        1,
        1,
        True,
        True,
        False,
    )
    assert [item["name"] for item in body["contents"]] == [
        "Riverside Walking Group",
        "Telephone Befriending",
        "Young Makers Art Club",
    ]


def test_pages_do_not_overlap_and_the_last_one_says_so(client, directory):
    first = client.get("/oruk/services?per_page=2").json()
    second = client.get("/oruk/services?per_page=2&page=2").json()

    assert (first["total_pages"], first["last_page"], first["size"]) == (2, False, 2)
    assert (second["page_number"], second["first_page"], second["last_page"], second["size"]) == (2, False, True, 1)
    first_ids = {item["id"] for item in first["contents"]}
    assert not first_ids & {item["id"] for item in second["contents"]}


def test_a_page_past_the_end_is_empty_not_an_error(client, directory):
    body = client.get("/oruk/services?page=9").json()

    assert (body["page_number"], body["size"], body["empty"], body["last_page"], body["total_items"]) == (
        9,
        0,
        True,
        True,
        3,
    )


def test_no_matches_is_one_empty_page(client, directory):
    body = client.get("/oruk/services?search=zeppelin").json()

    assert (body["total_items"], body["total_pages"], body["empty"], body["contents"]) == (0, 1, True, [])


def test_per_page_defaults_to_50_and_is_capped_at_1000(client, directory):
    more_services(52)

    assert client.get("/oruk/services").json()["size"] == 50
    capped = client.get("/oruk/services?per_page=5000").json()
    assert capped["size"] == 55
    assert capped["total_pages"] == 1
    assert MAX_PER_PAGE == 1000


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=%C2%B2", "page"),
        ("page=99999999999999999999", "page"),
        ("minimum_age=1e300", "minimum_age"),
        ("maximum_age=nan", "maximum_age"),
        ("search=walk%00", "search"),
        ("postcode=CM1+1AA&proximity=1e12", "proximity"),
        ("per_page=-1", "per_page"),
        ("per_page=1.5", "per_page"),
        ("day=XX", "day"),
        ("day=MO,TU", "day"),
        ("day=1XX", "day"),
        ("modified_after=garbage", "modified_after"),
        ("taxonomy_term_id=not-a-uuid", "taxonomy_term_id"),
        ("taxonomy_id=123", "taxonomy_id"),
        ("organization_id=xyz", "organization_id"),
        ("minimum_age=old", "minimum_age"),
        ("maximum_age=-3", "maximum_age"),
        ("minimum_age=30&maximum_age=20", "minimum_age"),
        ("start_time=9am", "start_time"),
        ("end_time=25:00", "end_time"),
        ("full=perhaps", "full"),
        ("postcode=CM1+1AA", "proximity"),
        ("proximity=500", "postcode"),
        ("postcode=CM1+1AA&proximity=far", "proximity"),
        ("postcode=CM1+1AA&proximity=0", "proximity"),
    ],
)
def test_bad_parameters_are_a_400_that_names_the_parameter(client, directory, query, names):
    for endpoint in ("services", "service_at_locations"):
        response = client.get(f"/oruk/{endpoint}?{query}")

        assert response.status_code == 400
        assert response["Access-Control-Allow-Origin"] == "*"
        body = response.json()
        assert body["status"] == 400
        assert names in body["message"]


def test_an_unknown_postcode_is_a_400_saying_it_was_not_found(client, directory):
    response = client.get("/oruk/services?postcode=TR19+9ZZ&proximity=1000")

    assert response.status_code == 400
    assert "could not find" in response.json()["message"]


def test_term_list_parameters_are_checked_too(client, directory):
    assert client.get("/oruk/taxonomy_terms?parent_id=nope").status_code == 400
    assert client.get("/oruk/taxonomy_terms?top_only=maybe").status_code == 400
    assert client.get("/oruk/taxonomies?per_page=0").status_code == 400
    assert client.get("/oruk/organizations?page=-2").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/oruk/services/00000000-0000-4000-8000-000000000000",
        "/oruk/services/not-a-uuid",
        "/oruk/service_at_locations/00000000-0000-4000-8000-000000000000",
        "/oruk/service_at_locations/12345",
        "/oruk/taxonomies/00000000-0000-4000-8000-000000000000",
        "/oruk/taxonomy_terms/nonsense",
        "/oruk/organizations/00000000-0000-4000-8000-000000000000",
        "/oruk/vocabularies",
        "/oruk/services/a/b",
    ],
)
def test_missing_records_and_paths_are_a_json_404(client, directory, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["status"] == 404


def test_every_kind_of_response_allows_any_origin(client, directory):
    paths = [
        "/oruk/",
        "/oruk/openapi.json",
        "/oruk/services",
        f"/oruk/services/{directory.walk.pk}",
        "/oruk/service_at_locations",
        f"/oruk/service_at_locations/{directory.walk_link.pk}",
        "/oruk/taxonomies",
        f"/oruk/taxonomies/{directory.taxonomy.pk}",
        "/oruk/taxonomy_terms",
        f"/oruk/taxonomy_terms/{directory.local_term.pk}",
        "/oruk/organizations",
        f"/oruk/organizations/{directory.trust.pk}",
        "/oruk/services?page=abc",
        "/oruk/services/missing",
    ]
    for path in paths:
        response = client.get(path)
        assert response["Access-Control-Allow-Origin"] == "*", path
        assert response["Content-Type"] == "application/json", path
        assert not response.cookies, path


def test_a_trailing_slash_is_accepted(client, directory):
    assert client.get("/oruk/services/").json()["total_items"] == 3
    assert client.get(f"/oruk/services/{directory.walk.pk}/").status_code == 200


def test_a_preflight_request_is_answered_for_any_origin(client, directory):
    response = client.options(
        "/oruk/services",
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept",
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert response["Access-Control-Allow-Headers"] == "accept"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_anything_but_get_is_refused_with_a_405_even_without_a_csrf_token(method, directory):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)("/oruk/services", data={}, content_type="application/json")

    assert response.status_code == 405
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Allow"]
    assert "read-only" in response.json()["message"]
    assert Service.objects.count() == 5


def test_head_is_answered_like_get(client, directory):
    assert client.head("/oruk/services").status_code == 200


def test_last_modified_is_utc_to_the_millisecond(client, directory):
    walk = client.get(f"/oruk/services/{directory.walk.pk}").json()

    assert walk["last_modified"] == "2026-03-15T10:30:45.123Z"
    for item in client.get("/oruk/services").json()["contents"]:
        assert MS_UTC.match(item["last_modified"])


@pytest.mark.parametrize(
    "path",
    [
        "/oruk/services?per_page={n}",
        "/oruk/services?full=true&per_page={n}",
        "/oruk/services?full=true&per_page={n}&search=bulk&day=TU&minimum_age=1",
        "/oruk/service_at_locations?per_page={n}",
        "/oruk/service_at_locations?full=true&per_page={n}",
        "/oruk/organizations?per_page={n}",
        "/oruk/taxonomies?per_page={n}",
        "/oruk/taxonomy_terms?per_page={n}",
    ],
)
def test_query_counts_do_not_grow_with_the_page_size(client, directory, path, django_assert_max_num_queries):
    more_services(12)

    small = queries_for(client, path.format(n=2))
    with django_assert_max_num_queries(small):
        client.get(path.format(n=15))
    assert small <= 22


def test_a_full_record_takes_a_fixed_number_of_queries(client, directory, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        client.get(f"/oruk/services/{directory.walk.pk}")
    with django_assert_max_num_queries(24):
        client.get(f"/oruk/service_at_locations/{directory.walk_link.pk}")
    with django_assert_max_num_queries(5):
        client.get(f"/oruk/organizations/{directory.trust.pk}")


def test_ids_are_uuid_strings(client, directory):
    for item in client.get("/oruk/services?full=true").json()["contents"]:
        assert str(uuid.UUID(item["id"])) == item["id"]
        for link in item["service_at_locations"]:
            assert str(uuid.UUID(link["location"]["id"])) == link["location"]["id"]


def test_the_root_answers_without_a_trailing_slash_and_with_cors(client):
    response = client.get("/oruk")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["version"] == "HSDS-UK-3.0"

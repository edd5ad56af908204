import json

import pytest

from linkwell.oruk.tests.fixtures import WALKING

pytestmark = pytest.mark.django_db


def every_id(body: object) -> set[str]:
    """Every "id" anywhere in a response, however deeply nested."""
    found: set[str] = set()
    if isinstance(body, dict):
        found |= {body["id"]} if isinstance(body.get("id"), str) else set()
        for value in body.values():
            found |= every_id(value)
    elif isinstance(body, list):
        for value in body:
            found |= every_id(value)
    return found


def test_a_service_detail_nests_everything_about_the_service(client, directory):
    walk = client.get(f"/oruk/services/{directory.walk.pk}").json()

    assert walk["organization"]["organization_identifiers"][0]["identifier"] == "1999999"
    assert walk["schedules"] == [
        {
            "id": str(directory.walk.schedules.get().pk),
            "service_id": str(directory.walk.pk),
            "valid_from": "2026-01-05",
            "freq": "WEEKLY",
            "byday": "MO",
            "description": "Every Monday morning",
            "opens_at": "10:00",
            "closes_at": "11:30",
        }
    ]
    (link,) = walk["service_at_locations"]
    assert link["id"] == str(directory.walk_link.pk)
    location = link["location"]
    assert (location["name"], location["location_type"], location["latitude"]) == (
        "Riverside Pavilion",
        "physical",
        51.7356,
    )
    (address,) = location["addresses"]
    assert address["address_1"] == "1 Fictional Row, Off Pretend Lane"
    assert (address["state_province"], address["country"], address["postal_code"]) == ("Essex", "GB", "CM1 1AA")
    assert location["accessibility"][0]["accessibility"] == "Step-free entrance."
    assert location["attributes"][0]["taxonomy_term"]["name"] == "Older people"
    assert walk["cost_options"][0]["amount"] == 2.5
    assert walk["funding"][0]["source"] == "Fictional Lottery Fund"
    assert walk["service_areas"][0]["service_area"] == "Chelmsford and nearby villages"
    assert walk["languages"][0]["code"] == "en"
    (contact,) = walk["contacts"]
    assert (contact["name"], contact["title"], contact["phones"][0]["number"]) == (
        "Sam Walker",
        "Walk leader",
        "01245 000001",
    )
    assert [phone["number"] for phone in walk["phones"]] == ["01245 000000"]
    (attribute,) = walk["attributes"]
    assert attribute["taxonomy_term_id"] == str(WALKING)
    assert attribute["taxonomy_term"]["term"] == attribute["taxonomy_term"]["name"] == "Walking groups"
    assert attribute["taxonomy_term"]["taxonomy"] == "Linkwell social prescribing categories"


def test_linkwell_fields_travel_under_local_keys(client, directory):
    walk = client.get(f"/oruk/services/{directory.walk.pk}").json()

    assert walk["linkwell_referral"] == {"method": "email", "email": "referrals@trust.example.org"}
    assert walk["linkwell_capacity"] == {"status": "waitlist", "available": 0, "maximum": 20}
    assert walk["linkwell_verified_at"] == "2026-02-01T09:30:15.123Z"
    assert "referral_method" not in walk
    assert "state" not in walk


def test_empty_optional_values_are_left_out_not_sent_as_null(client, directory):
    art = client.get(f"/oruk/services/{directory.art.pk}").json()

    assert "null" not in json.dumps(art)
    assert not {"url", "email", "fees", "alert", "assured_date", "linkwell_verified_at"} & set(art)
    assert art["organization"]["description"] == ""  # required by the schema, so present even when empty
    assert "website" not in art["organization"]


def test_a_list_item_has_the_services_own_fields_and_its_organization(client, directory):
    (item,) = client.get("/oruk/services?search=walk").json()["contents"]

    assert item["organization"]["name"] == "Chelmer Community Trust"
    assert not {"schedules", "service_at_locations", "contacts", "attributes"} & set(item)


def test_full_true_lists_fully_nested_services(client, directory):
    body = client.get("/oruk/services?full=true").json()
    detail = client.get(f"/oruk/services/{directory.walk.pk}").json()

    assert body["contents"][0] == detail
    assert all("service_at_locations" in item for item in body["contents"])


def test_a_service_at_location_nests_its_location_and_full_service(client, directory):
    link = client.get(f"/oruk/service_at_locations/{directory.walk_link.pk}").json()

    assert (link["service_id"], link["location_id"]) == (str(directory.walk.pk), str(link["location"]["id"]))
    assert link["location"]["addresses"][0]["city"] == "Chelmsford"
    assert link["service"] == client.get(f"/oruk/services/{directory.walk.pk}").json()

    (item,) = client.get("/oruk/service_at_locations?search=walk").json()["contents"]
    assert item["location"]["addresses"][0]["postal_code"] == "CM1 1AA"
    assert item["service"]["name"] == "Riverside Walking Group"
    full = client.get("/oruk/service_at_locations?search=walk&full=true").json()["contents"][0]
    assert full == link


def test_unpublished_services_never_appear_anywhere(client, directory):
    hidden = {
        str(directory.draft.pk),
        str(directory.archived.pk),
        str(directory.draft_link.pk),
        str(directory.hidden_org.pk),
    }
    lists = [
        "/oruk/services?per_page=1000&full=true",
        f"/oruk/services?taxonomy_term_id={WALKING}",
        "/oruk/services?day=MO&minimum_age=50",
        "/oruk/service_at_locations?per_page=1000&full=true",
        "/oruk/service_at_locations?postcode=CM1+1AA&proximity=5000",
        "/oruk/organizations?per_page=1000",
        f"/oruk/organizations/{directory.trust.pk}",
    ]
    for path in lists:
        assert not every_id(client.get(path).json()) & hidden, path
    for path in (
        f"/oruk/services/{directory.draft.pk}",
        f"/oruk/services/{directory.archived.pk}",
        f"/oruk/service_at_locations/{directory.draft_link.pk}",
        f"/oruk/organizations/{directory.hidden_org.pk}",
    ):
        assert client.get(path).status_code == 404, path


def test_an_organization_lists_its_published_services(client, directory):
    trust = client.get(f"/oruk/organizations/{directory.trust.pk}").json()

    assert [service["name"] for service in trust["services"]] == ["Riverside Walking Group", "Telephone Befriending"]
    assert trust["organization_identifiers"][0]["identifier_scheme"] == "GB-CHC"
    listed = client.get("/oruk/organizations").json()["contents"]
    assert [organization["name"] for organization in listed] == ["Chelmer Community Trust", "Moulsham Arts Collective"]


def test_taxonomies_come_with_their_terms(client, directory):
    body = client.get("/oruk/taxonomies").json()

    assert [taxonomy["name"] for taxonomy in body["contents"]] == [
        "Audience",
        "Linkwell social prescribing categories",
    ]
    audience = client.get(f"/oruk/taxonomies/{directory.local_taxonomy.pk}").json()
    assert audience["description"] == "Who a service is for."
    assert [term["term"] for term in audience["taxonomy_terms"]] == ["Older people"]
    assert audience["taxonomy_terms"][0]["taxonomy_id"] == str(directory.local_taxonomy.pk)


def test_a_taxonomy_term_has_name_term_description_and_parent(client, directory):
    term = client.get(f"/oruk/taxonomy_terms/{WALKING}").json()

    assert term["name"] == term["term"] == "Walking groups"
    assert term["description"] == "Led walks, health walks and rambling."
    assert term["taxonomy_id"] == str(directory.taxonomy.pk)
    assert "parent_id" in term
    assert "parent_id" not in client.get(f"/oruk/taxonomy_terms/{term['parent_id']}").json()

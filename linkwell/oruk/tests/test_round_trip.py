"""Imported records come back out of /oruk under the ids they arrived with."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "directory" / "tests" / "fixtures" / "oruk3_page.json"


def test_the_api_republishes_imported_services_with_their_own_ids(capsys):
    source = json.loads(FIXTURE.read_text())
    call_command("import_oruk", str(FIXTURE))
    capsys.readouterr()
    published = Client().get("/oruk/services", {"per_page": 100}).json()
    published_ids = {item["id"] for item in published["contents"]}

    imported = [record for record in source["contents"] if record.get("name")]
    accepted = [record for record in imported if record["id"] in published_ids]
    assert len(accepted) == 5  # the fixture's two broken records are rejected

    for record in accepted:
        served = Client().get(f"/oruk/services/{record['id']}").json()
        assert served["id"] == record["id"]
        assert served["name"] == record["name"]
        assert served["organization"]["id"] == record["organization"]["id"]
        served_locations = {link["location"]["id"] for link in served.get("service_at_locations", [])}
        source_locations = {link["location"]["id"] for link in record.get("service_at_locations", [])}
        assert served_locations == source_locations
        served_terms = {attribute["taxonomy_term"]["id"] for attribute in served.get("attributes", [])}
        source_terms = {attribute["taxonomy_term"]["id"] for attribute in record.get("attributes", [])}
        assert source_terms <= served_terms

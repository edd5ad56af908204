"""Responses against the official UK-profile JSON schemas, where a checkout has them beside it (../shared)
and jsonschema is installed; it is not a project dependency, so otherwise these tests are skipped."""

import json
from pathlib import Path

import pytest

SCHEMAS = Path(__file__).resolve().parents[3].parent / "shared" / "reference" / "oruk-3.0-uk" / "schema"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SCHEMAS.is_dir(), reason=f"no ORUK schemas at {SCHEMAS}"),
]


@pytest.fixture
def validator_for():
    jsonschema = pytest.importorskip("jsonschema")
    referencing = pytest.importorskip("referencing")
    draft_2020_12 = pytest.importorskip("referencing.jsonschema").DRAFT202012

    registry = referencing.Registry()
    for path in SCHEMAS.glob("*.json"):
        if path.name != "openapi.json":
            resource = referencing.Resource.from_contents(
                json.loads(path.read_text()), default_specification=draft_2020_12
            )
            registry = registry.with_resource(path.name, resource)

    def validator(name: str):
        schema = json.loads((SCHEMAS / name).read_text())
        return jsonschema.Draft202012Validator(
            schema, registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )

    return validator


def problems(validator, instance) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(instance)]


def test_full_services_are_valid_uk_profile_services(client, directory, validator_for):
    service = validator_for("service.json")
    for item in client.get("/oruk/services?full=true").json()["contents"]:
        assert problems(service, item) == [], item["name"]


def test_list_items_taxonomies_terms_links_and_organizations_are_valid(client, directory, validator_for):
    checks = [
        ("/oruk/services", "service.json"),
        ("/oruk/taxonomies", "taxonomy.json"),
        ("/oruk/taxonomy_terms?per_page=1000", "taxonomy_term.json"),
        ("/oruk/service_at_locations?full=true", "service_at_location.json"),
        ("/oruk/organizations", "organization.json"),
    ]
    for path, schema in checks:
        validator = validator_for(schema)
        for item in client.get(path).json()["contents"]:
            assert problems(validator, item) == [], (path, item["id"])
    organization = client.get(f"/oruk/organizations/{directory.trust.pk}").json()
    assert problems(validator_for("organization.json"), organization) == []

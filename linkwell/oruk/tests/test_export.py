import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from linkwell.directory.models import Service

pytestmark = pytest.mark.django_db


def test_the_export_is_the_apis_full_listing_on_one_page(client, directory, tmp_path):
    target = tmp_path / "directory.json"
    errors = StringIO()

    call_command("export_oruk", str(target), stderr=errors)

    exported = json.loads(target.read_text(encoding="utf-8"))
    served = client.get("/oruk/services?full=true&per_page=1000").json()
    assert exported["contents"] == served["contents"]
    assert (exported["total_items"], exported["size"], exported["total_pages"], exported["last_page"]) == (
        3,
        3,
        1,
        True,
    )
    assert "Exported 3 published services" in errors.getvalue()
    assert target.read_text(encoding="utf-8").startswith('{\n  "total_items": 3')


def test_exported_ids_are_the_ids_in_the_directory(directory, tmp_path):
    target = tmp_path / "directory.json"
    call_command("export_oruk", str(target), stderr=StringIO())

    contents = json.loads(target.read_text(encoding="utf-8"))["contents"]
    published = Service.objects.filter(pk__in=[item["id"] for item in contents])
    assert {str(service.pk) for service in published} == {item["id"] for item in contents}
    assert {service.pk for service in published} == {service.pk for service in directory.published}
    location_ids = {link["location"]["id"] for item in contents for link in item["service_at_locations"]}
    assert str(directory.walk_link.location_id) in location_ids
    assert str(directory.draft_link.location_id) not in location_ids


def test_a_dash_writes_utf8_json_to_standard_output(directory):
    directory.art.name = "Café Crafts"
    directory.art.save(update_fields=["name"])
    out, errors = StringIO(), StringIO()

    call_command("export_oruk", "-", stdout=out, stderr=errors)

    body = json.loads(out.getvalue())
    assert "Café Crafts" in [item["name"] for item in body["contents"]]
    assert "Café Crafts" in out.getvalue()
    assert "standard output" in errors.getvalue()


def test_an_empty_directory_exports_one_empty_page(db, tmp_path):
    target = tmp_path / "empty.json"
    call_command("export_oruk", str(target), stderr=StringIO())

    body = json.loads(target.read_text(encoding="utf-8"))
    assert (body["total_items"], body["empty"], body["contents"]) == (0, True, [])


def test_an_unwritable_file_is_a_clear_error(directory, tmp_path):
    with pytest.raises(CommandError, match="Could not write"):
        call_command("export_oruk", str(tmp_path / "missing" / "out.json"), stderr=StringIO())

"""`linkwell load_instrument FILE`: the licensed SWEMWBS wording is loaded from a checked file, all or nothing,
once however often it is run, and audited; until then SWEMWBS cannot be recorded."""

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.outcomes.instruments import get_instrument
from linkwell.outcomes.models import LicensedWording
from linkwell.outcomes.tests.builders import PLACEHOLDER_SWEMWBS

pytestmark = pytest.mark.django_db


def placeholder() -> dict[str, Any]:
    return json.loads(PLACEHOLDER_SWEMWBS.read_text())


def load(path) -> str:
    out = StringIO()
    call_command("load_instrument", str(path), stdout=out)
    return out.getvalue()


def written(tmp_path, document: dict[str, Any] | str):
    path = tmp_path / "wording.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def refused(path) -> str:
    with pytest.raises(CommandError) as error:
        load(path)
    assert not LicensedWording.objects.exists()
    assert not get_instrument("swemwbs").available
    return str(error.value)


def test_a_valid_file_makes_swemwbs_available_with_its_wording_and_is_audited():
    assert not get_instrument("swemwbs").available

    output = load(PLACEHOLDER_SWEMWBS)

    assert "Loaded the wording of swemwbs, version test-1" in output
    swemwbs = get_instrument("swemwbs")
    assert swemwbs.available
    assert [item.text for item in swemwbs.items] == [f"Placeholder item {n}" for n in range(1, 8)]
    assert swemwbs.copyright_notice == "Placeholder copyright notice for tests"
    [event] = AuditEvent.objects.filter(action=AuditAction.INSTRUMENT_WORDING_LOADED)
    assert event.actor_label == "system"
    assert event.detail == {
        "instrument": "swemwbs",
        "version": "test-1",
        "outcome": "loaded",
        "source": "swemwbs_placeholder.json",
    }


def test_loading_the_same_file_again_changes_nothing():
    load(PLACEHOLDER_SWEMWBS)
    first = LicensedWording.objects.get()

    output = load(PLACEHOLDER_SWEMWBS)

    assert "already loaded: nothing changed" in output
    again = LicensedWording.objects.get()
    assert again.loaded_at == first.loaded_at
    assert AuditEvent.objects.filter(action=AuditAction.INSTRUMENT_WORDING_LOADED).count() == 1


def test_a_new_version_replaces_the_old_one(tmp_path):
    load(PLACEHOLDER_SWEMWBS)
    newer = placeholder() | {"version": "test-2"}
    newer["items"][0]["text"] = "Placeholder item 1, reworded"

    output = load(written(tmp_path, newer))

    assert "Replaced the wording of swemwbs with version test-2" in output
    assert LicensedWording.objects.count() == 1
    assert get_instrument("swemwbs").items[0].text == "Placeholder item 1, reworded"
    events = AuditEvent.objects.filter(action=AuditAction.INSTRUMENT_WORDING_LOADED)
    assert sorted(event.detail["outcome"] for event in events) == ["loaded", "replaced"]


def test_a_file_that_is_not_json_is_refused_with_where_it_went_wrong(tmp_path):
    message = refused(written(tmp_path, '{"instrument": "swemwbs",\n  oops}'))
    assert "not valid JSON" in message
    assert "line 2" in message


def test_a_missing_file_is_refused_clearly(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        load(tmp_path / "nowhere.json")


def test_a_file_for_an_instrument_that_ships_with_linkwell_is_refused(tmp_path):
    message = refused(written(tmp_path, placeholder() | {"instrument": "ons4"}))
    assert "“instrument” must be one whose wording is loaded from a file (swemwbs)" in message


def test_every_problem_in_a_file_is_reported_and_nothing_is_loaded(tmp_path):
    document = placeholder() | {"version": "", "colour": "blue"}
    del document["copyright_notice"]
    document["items"][2] = {"id": "item_3", "text": "   "}
    document["items"][4]["id"] = "item_9"
    document["response_options"][0]["value"] = 0

    message = refused(written(tmp_path, document))

    assert "nothing changed" in message
    for problem in (
        "Unknown fields: colour",
        "Missing fields: copyright_notice",
        "“version” must be text and cannot be empty",
        "Item 3’s text must be text and cannot be empty",
        "Item 5 must have the id “item_5” (found “item_9”)",
        "Response option 1 must have the value 1 (found 0)",
    ):
        assert problem in message


def test_a_file_with_too_few_items_is_refused(tmp_path):
    document = placeholder()
    document["items"] = document["items"][:6]
    assert "“items” must be a list of 7 items" in refused(written(tmp_path, document))


def test_a_true_is_not_taken_for_the_answer_value_1(tmp_path):
    document = placeholder()
    document["response_options"][0]["value"] = True
    assert "Response option 1 must have the value 1 (found true)" in refused(written(tmp_path, document))

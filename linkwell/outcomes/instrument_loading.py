"""Loading the wording of a licensed instrument (SWEMWBS) from the JSON file a deploying organisation
writes from its licensed copy (the format is in the README, "Outcomes"). The file is checked in full first
and every problem reported together; then the wording is saved in one step, or not at all. Loading the same
content again changes nothing; loading a new version replaces the old one (answers already recorded keep
the version they were given under)."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.outcomes.models import LicensedWording
from linkwell.outcomes.swemwbs import ANSWER_VALUES, ITEM_IDS, SWEMWBS_ID

# What each licensed instrument's file must hold: its item ids in order and its answer values.
LICENSED_SHAPES = {SWEMWBS_ID: (ITEM_IDS, ANSWER_VALUES)}
FIELDS = {"instrument", "version", "copyright_notice", "preamble", "response_options", "items"}
VERSION_LIMIT = LicensedWording._meta.get_field("version").max_length or 20
TEXT_LIMIT = 500
LABEL_LIMIT = 100


class InvalidWordingFile(ValueError):
    """Everything wrong with the file, one problem a line. Nothing was loaded."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class LoadResult:
    instrument: str
    version: str
    # "loaded" (first time), "replaced" (different content), or "unchanged".
    outcome: str


def _text(problems: list[str], where: str, value: Any, *, limit: int, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(f"{where} must be text" + (" and cannot be empty" if required else ""))
        return ""
    if len(value.strip()) > limit:
        problems.append(f"{where} is longer than {limit} characters")
    return value.strip()


def _checked_items(problems: list[str], items: Any, item_ids: tuple[str, ...]) -> list[dict[str, str]]:
    expected = ", ".join(item_ids)
    if not isinstance(items, list) or len(items) != len(item_ids):
        problems.append(f"“items” must be a list of {len(item_ids)} items, with the ids {expected} in that order")
        return []
    checked = []
    for position, (item, item_id) in enumerate(zip(items, item_ids, strict=True), start=1):
        where = f"Item {position}"
        if not isinstance(item, dict) or set(item) != {"id", "text"}:
            problems.append(f"{where} must have exactly an “id” and a “text”")
            continue
        if item["id"] != item_id:
            problems.append(f"{where} must have the id “{item_id}” (found “{item['id']}”)")
        checked.append({"id": item_id, "text": _text(problems, f"{where}’s text", item["text"], limit=TEXT_LIMIT)})
    return checked


def _checked_options(problems: list[str], options: Any, values: tuple[int, ...]) -> list[dict[str, Any]]:
    expected = ", ".join(str(value) for value in values)
    if not isinstance(options, list) or len(options) != len(values):
        problems.append(f"“response_options” must be a list of {len(values)} options, valued {expected} in order")
        return []
    checked = []
    for position, (option, value) in enumerate(zip(options, values, strict=True), start=1):
        where = f"Response option {position}"
        if not isinstance(option, dict) or set(option) != {"value", "label"}:
            problems.append(f"{where} must have exactly a “value” and a “label”")
            continue
        # bool is an int in Python; true is never a score.
        if isinstance(option["value"], bool) or option["value"] != value:
            problems.append(f"{where} must have the value {value} (found {json.dumps(option['value'])})")
        checked.append(
            {"value": value, "label": _text(problems, f"{where}’s label", option["label"], limit=LABEL_LIMIT)}
        )
    return checked


def parse_wording_file(content: str) -> dict[str, Any]:
    """The file's content, checked: the instrument it is for and its wording, in the shape LicensedWording
    stores. InvalidWordingFile lists every problem found."""
    try:
        document = json.loads(content)
    except json.JSONDecodeError as error:
        raise InvalidWordingFile([f"The file is not valid JSON: {error.msg} (line {error.lineno})"]) from None
    if not isinstance(document, dict):
        raise InvalidWordingFile(["The file must hold one JSON object"])
    problems: list[str] = []
    unknown = sorted(set(document) - FIELDS)
    if unknown:
        problems.append(f"Unknown fields: {', '.join(unknown)}. The fields are: {', '.join(sorted(FIELDS))}")
    missing = sorted(FIELDS - {"preamble"} - set(document))
    if missing:
        problems.append(f"Missing fields: {', '.join(missing)}")
    instrument = document.get("instrument")
    if instrument not in LICENSED_SHAPES:
        known = ", ".join(LICENSED_SHAPES)
        problems.append(
            f"“instrument” must be one whose wording is loaded from a file ({known}), not {json.dumps(instrument)}"
        )
        raise InvalidWordingFile(problems)
    item_ids, values = LICENSED_SHAPES[instrument]
    checked = {
        "instrument": instrument,
        "version": _text(problems, "“version”", document.get("version"), limit=VERSION_LIMIT),
        "copyright_notice": _text(problems, "“copyright_notice”", document.get("copyright_notice"), limit=TEXT_LIMIT),
        "preamble": _text(problems, "“preamble”", document.get("preamble"), limit=TEXT_LIMIT * 2, required=False),
        "items": _checked_items(problems, document.get("items"), item_ids),
        "options": _checked_options(problems, document.get("response_options"), values),
    }
    if problems:
        raise InvalidWordingFile(problems)
    return checked


def _content_hash(checked: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(checked, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@transaction.atomic
def load_wording(*, content: str, source: str) -> LoadResult:
    """Check and load a wording file; `source` (the file's name) goes in the audit log. Run by the system
    (a management command), so the audit event has no user."""
    checked = parse_wording_file(content)
    content_hash = _content_hash(checked)
    existing = LicensedWording.objects.select_for_update().filter(instrument=checked["instrument"]).first()
    if existing is not None and existing.content_hash == content_hash:
        return LoadResult(instrument=existing.instrument, version=existing.version, outcome="unchanged")
    wording, created = LicensedWording.objects.update_or_create(
        instrument=checked["instrument"],
        defaults={
            "version": checked["version"],
            "preamble": checked["preamble"],
            "items": checked["items"],
            "options": checked["options"],
            "copyright_notice": checked["copyright_notice"],
            "content_hash": content_hash,
            "loaded_at": timezone.now(),
        },
    )
    outcome = "loaded" if created else "replaced"
    record(
        by=None,
        action=AuditAction.INSTRUMENT_WORDING_LOADED,
        obj=wording,
        detail={"instrument": wording.instrument, "version": wording.version, "outcome": outcome, "source": source},
    )
    return LoadResult(instrument=wording.instrument, version=wording.version, outcome=outcome)

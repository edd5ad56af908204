"""Translating legacy Open Referral UK v1 service records into the ORUK 3.0 shape, so that both versions
share one validation and upsert path (directory.importing).

Ids: v1 ids need not be UUIDs. One that is not becomes uuid5(V1_NAMESPACE, "<source id>"), so the same
v1 id maps to the same UUID on every run and in every installation: re-imports update rather than
duplicate, and /oruk republishes stable ids. v1 ids are meant to be unique per table; a feed that
reuses one id for two rows of the same table would make them one row here. Vocabularies have no id in
v1, so a vocabulary's taxonomy id is uuid5(V1_NAMESPACE, "vocabulary:<name>").

Days: regular_schedule.weekday is read as ISO 8601, 1 Monday … 7 Sunday (the v1 data package only says
"integer"); day names and RRULE codes are accepted too. An RRULE byday on the same schedule wins.

Eligibility: v1 allows several eligibility rows; the service gets the widest range they give (the lowest
minimum_age and the highest maximum_age) and their texts as eligibility_description. Their taxonomy
terms become attributes with link_type "eligibility".

Not carried over (no place in 3.0 or in our model): holiday_schedules, reviews, payment_accepted,
required documents and service_at_location-level contacts and phones.
"""

import uuid
from collections.abc import Callable
from typing import Any

V1_NAMESPACE = uuid.UUID("2d793c29-9f2f-4664-a4c8-956e917310e5")

# Keys only v1 records have; a list or single record carrying any of them is translated.
V1_ONLY_KEYS = frozenset({"regular_schedules", "service_taxonomys", "eligibilitys", "fundings", "holiday_schedules"})
V1_LOCATION_KEYS = frozenset({"physical_addresses", "postal_addresses", "accessibility_for_disabilities"})

ISO_WEEKDAYS = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}
DAY_NAMES = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}

JSONObject = dict[str, Any]


def v1_uuid(source_id: object) -> str:
    """The UUID an id keeps: itself if it already is one, otherwise uuid5 of the namespace and the id."""
    text = str(source_id).strip()
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return str(uuid.uuid5(V1_NAMESPACE, text))


def vocabulary_taxonomy_id(vocabulary: str) -> str:
    return str(uuid.uuid5(V1_NAMESPACE, f"vocabulary:{vocabulary}"))


def looks_like_v1(record: JSONObject) -> bool:
    if V1_ONLY_KEYS & record.keys():
        return True
    links = record.get("service_at_locations")
    return isinstance(links, list) and any(
        isinstance(link, dict) and isinstance(link.get("location"), dict) and V1_LOCATION_KEYS & link["location"].keys()
        for link in links
    )


def to_v3(record: JSONObject) -> JSONObject:
    """The record in the ORUK 3.0 shape. Raises ValueError for what cannot be translated (a bad weekday)."""
    service = _copy(
        record,
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "fees",
        "accreditations",
        "assured_date",
        "assurer_email",
        "interpretation_services",
        "application_process",
        "alert",
    )
    _copy_id(record, service)
    organization = record.get("organization")
    if isinstance(organization, dict):
        service["organization"] = _organization(organization)
    if record.get("organization_id") not in (None, ""):
        service["organization_id"] = v1_uuid(record["organization_id"])
    elif isinstance(organization, dict) and organization.get("id") not in (None, ""):
        service["organization_id"] = v1_uuid(organization["id"])
    service["schedules"] = [
        _schedule(item, f"regular schedule {index}")
        for index, item in enumerate(_objects(record, "regular_schedules"), 1)
    ]
    service["service_at_locations"] = [_service_at_location(item) for item in _objects(record, "service_at_locations")]
    service["cost_options"] = [
        _with_id(item, _copy(item, "option", "amount", "amount_description", "valid_from", "valid_to", "currency"))
        for item in _objects(record, "cost_options")
    ]
    service["languages"] = [
        _with_id(item, {"name": item.get("language") or item.get("name"), "code": item.get("code")})
        for item in _objects(record, "languages")
    ]
    service["service_areas"] = [
        _with_id(item, {"name": item.get("service_area") or item.get("name"), **_copy(item, "extent", "uri")})
        for item in _objects(record, "service_areas")
    ]
    service["funding"] = [_with_id(item, _copy(item, "source")) for item in _objects(record, "fundings")]
    service["contacts"] = [_contact(item) for item in _objects(record, "contacts")]
    service["phones"] = [_phone(item) for item in _objects(record, "phones")]
    eligibilities = _objects(record, "eligibilitys")
    service["minimum_age"] = _age_bound([item.get("minimum_age") for item in eligibilities], min)
    service["maximum_age"] = _age_bound([item.get("maximum_age") for item in eligibilities], max)
    texts = [str(item["eligibility"]).strip() for item in eligibilities if item.get("eligibility")]
    if texts:
        service["eligibility_description"] = "; ".join(texts)
    attributes = [_service_taxonomy(item) for item in _objects(record, "service_taxonomys")]
    for eligibility in eligibilities:
        attributes += [
            {"link_type": "eligibility", "taxonomy_term": _term(term)} for term in _objects(eligibility, "taxonomys")
        ]
    service["attributes"] = attributes
    return service


def _copy(source: JSONObject, *keys: str) -> JSONObject:
    return {key: source[key] for key in keys if source.get(key) is not None}


def _copy_id(source: JSONObject, target: JSONObject) -> None:
    # A missing id stays missing, so the 3.0 validation reports it (or derives one for a child row).
    if source.get("id") not in (None, ""):
        target["id"] = v1_uuid(source["id"])


def _with_id(source: JSONObject, target: JSONObject) -> JSONObject:
    _copy_id(source, target)
    return target


def _objects(source: JSONObject, key: str) -> list[JSONObject]:
    value = source.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValueError(f"{key} should be a list of objects")
    return value


def _organization(organization: JSONObject) -> JSONObject:
    translated = _copy(organization, "name", "alternate_name", "description", "email", "logo", "uri", "legal_status")
    if organization.get("url") or organization.get("website"):
        translated["website"] = organization.get("url") or organization.get("website")
    return _with_id(organization, translated)


def _weekday(value: object, where: str) -> str:
    if isinstance(value, str) and value.strip().lower() in DAY_NAMES:
        return DAY_NAMES[value.strip().lower()]
    if isinstance(value, str) and value.strip().upper() in ISO_WEEKDAYS.values():
        return value.strip().upper()
    number = _as_number(value)
    if number not in ISO_WEEKDAYS:
        raise ValueError(f"{where}: weekday {value!r} is not 1 (Monday) to 7 (Sunday)")
    return ISO_WEEKDAYS[int(number)]


def _schedule(schedule: JSONObject, where: str) -> JSONObject:
    translated = _copy(
        schedule,
        "opens_at",
        "closes_at",
        "valid_from",
        "valid_to",
        "dtstart",
        "freq",
        "interval",
        "byday",
        "bymonthday",
        "description",
    )
    if not schedule.get("byday") and schedule.get("weekday") not in (None, ""):
        translated["byday"] = _weekday(schedule["weekday"], where)
        translated.setdefault("freq", "WEEKLY")
    return _with_id(schedule, translated)


def _location(location: JSONObject) -> JSONObject:
    translated = _copy(location, "name", "alternate_name", "description", "latitude", "longitude", "transportation")
    translated["location_type"] = location.get("location_type") or "physical"
    if "physical_addresses" in location or "postal_addresses" in location:
        translated["addresses"] = [
            _with_id(address, {**_address_fields(address), "address_type": kind})
            for key, kind in (("physical_addresses", "physical"), ("postal_addresses", "postal"))
            for address in _objects(location, key)
        ]
    if "accessibility_for_disabilities" in location:
        translated["accessibility"] = [
            _with_id(
                item, {"description": item.get("accessibility") or item.get("description"), **_copy(item, "details")}
            )
            for item in _objects(location, "accessibility_for_disabilities")
        ]
    return _with_id(location, translated)


def _address_fields(address: JSONObject) -> JSONObject:
    return _copy(
        address, "attention", "address_1", "address_2", "city", "region", "state_province", "postal_code", "country"
    )


def _service_at_location(link: JSONObject) -> JSONObject:
    translated: JSONObject = _with_id(link, {})
    location = link.get("location")
    if isinstance(location, dict):
        translated["location"] = _location(location)
        if location.get("id") not in (None, ""):
            translated["location_id"] = v1_uuid(location["id"])
    elif link.get("location_id") not in (None, ""):
        translated["location_id"] = v1_uuid(link["location_id"])
    # v1 feeds spell the nested list both ways.
    schedules = _objects(link, "regular_schedule") + _objects(link, "regular_schedules")
    translated["schedules"] = [
        _schedule(item, f"location regular schedule {index}") for index, item in enumerate(schedules, 1)
    ]
    return translated


def _phone(phone: JSONObject) -> JSONObject:
    return _with_id(phone, _copy(phone, "number", "extension", "type", "description"))


def _contact(contact: JSONObject) -> JSONObject:
    translated = _copy(contact, "name", "title", "department", "email")
    translated["phones"] = [_phone(item) for item in _objects(contact, "phones")]
    return _with_id(contact, translated)


def _term(term: JSONObject) -> JSONObject:
    translated = _copy(term, "name", "description")
    _copy_id(term, translated)
    parent = term.get("parent")
    parent_id = parent.get("id") if isinstance(parent, dict) else term.get("parent_id")
    parent_name = parent.get("name") if isinstance(parent, dict) else term.get("parent_name")
    if parent_id not in (None, ""):
        translated["parent_id"] = v1_uuid(parent_id)
        if parent_name:
            # v1 names the parent but may never list it: enough to create the parent term if it is missing.
            translated["parent"] = {"id": v1_uuid(parent_id), "name": parent_name}
    vocabulary = str(term.get("vocabulary") or "").strip()
    if vocabulary:
        translated["taxonomy_detail"] = {"id": vocabulary_taxonomy_id(vocabulary), "name": vocabulary}
    return translated


def _service_taxonomy(link: JSONObject) -> JSONObject:
    translated: JSONObject = _with_id(link, {})
    term = link.get("taxonomy")
    if isinstance(term, dict):
        translated["taxonomy_term"] = _term(term)
    elif link.get("taxonomy_id") not in (None, ""):
        translated["taxonomy_term_id"] = v1_uuid(link["taxonomy_id"])
    return translated


def _as_number(value: object) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    try:
        number = float(str(value))
    except ValueError:
        return None
    return int(number) if number.is_integer() else number


def _age_bound(values: list[object], pick: Callable[[list[int | float]], int | float]) -> object:
    numbers: list[int | float] = []
    for value in values:
        if value is None or value == "":
            continue
        number = _as_number(value)
        if number is None:
            return value  # not a number: passed on so that the 3.0 validation names it
        numbers.append(number)
    return pick(numbers) if numbers else None

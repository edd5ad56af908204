"""Reading one Open Referral UK service record into a plan: plain dataclasses, no database access.

directory.importing reads the source and writes the plans; here a record (translated first when it is
legacy ORUK v1, by directory.importing_v1) is validated as a whole, so that a bad one is rejected with a
message naming the place and the reason ("schedule 1: closes_at 09:00 is before opens_at 10:00") before
anything is written.

Decisions worth knowing:
- A child row without an id gets uuid5(service id, its position, e.g. "schedule 2"): stable while the
  source keeps its order.
- Times such as "10:00Z" or "10:00+01:00" are read as UK wall-clock times (the offset is dropped), which
  is what UK feeds mean; "24:00" as a closing time is read as 23:59.
- Wheelchair access (Location.wheelchair_accessible) is read from the location's accessibility text:
  yes when some passage mentions wheelchair, step-free or level access, a ramp or a lift, and no
  passage that mentions them also says no, not, without, limited… A wrong yes sends someone to a door
  they cannot get through, so any doubt reads as no.
"""

import hashlib
import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.utils import timezone

from linkwell.directory import importing_v1
from linkwell.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Frequency,
    Funding,
    Language,
    LinkEntity,
    Location,
    LocationType,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
    Weekday,
)
from linkwell.directory.schedules import parse_byday

# Part of every fingerprint: changing it makes the next import re-apply records that have not changed.
FINGERPRINT_VERSION = "linkwell-oruk-import-1"

Values = dict[str, Any]


class Rejected(Exception):
    """One record cannot be imported; the message says why."""


@dataclass
class SourceRecord:
    data: object
    legacy: bool  # ORUK v1, to be translated first


def json_type(value: object) -> str:
    """A JSON value's kind as rejection messages name it; the source reader's messages name it the same way."""
    return {dict: "an object", list: "a list", str: "text", bool: "true/false"}.get(type(value), "a number or null")


def _show(value: object) -> str:
    """A value as it appears in a message: numbers bare (-3, 12.5), text quoted."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if isinstance(value, int | float | Decimal) and not isinstance(value, bool) else repr(value)


def _max_length(model: type[models.Model], name: str) -> int | None:
    limit = getattr(model._meta.get_field(name), "max_length", None)
    return limit if isinstance(limit, int) else None


_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_URL = URLValidator(schemes=["http", "https"])
COUNTRY_NAMES = dict.fromkeys(
    ("UK", "UNITED KINGDOM", "GREAT BRITAIN", "ENGLAND", "SCOTLAND", "WALES", "NORTHERN IRELAND"), "GB"
)


class _Obj:
    """One JSON object of the record, naming itself in every error ("schedule 1: …")."""

    def __init__(self, data: object, where: str = "") -> None:
        self.where = where
        if not isinstance(data, dict):
            self.fail(f"expected an object, got {json_type(data)}")
        self.data: dict[str, object] = data

    def fail(self, message: str) -> NoReturn:
        raise Rejected(f"{self.where}: {message}" if self.where else message)

    def has(self, key: str) -> bool:
        return key in self.data

    def objects(self, key: str, label: str) -> list["_Obj"]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"{key} should be a list, not {json_type(value)}")
        return [_Obj(item, f"{self.where} {label} {index}".strip()) for index, item in enumerate(value, 1)]

    def obj(self, key: str, label: str) -> "_Obj | None":
        value = self.data.get(key)
        return None if value is None else _Obj(value, f"{self.where} {label}".strip())

    def text(self, key: str, limit: int | None = None, *, required: bool = False) -> str:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, str | int | float | type(None)):
            self.fail(f"{key} should be text, not {json_type(value)}")
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.fail(f"missing {key}")
        if limit is not None and len(text) > limit:
            self.fail(f"{key} is {len(text)} characters long, more than the {limit} allowed")
        return text

    def texts(self, model: type[models.Model], keys: Iterable[str], *, present_only: bool = False) -> Values:
        """Text fields checked against the model's column lengths; with present_only, just those given."""
        return {key: self.text(key, _max_length(model, key)) for key in keys if not present_only or self.has(key)}

    def email(self, key: str) -> str:
        text = self.text(key, 254)
        try:
            if text:
                validate_email(text)
        except ValidationError:
            self.fail(f"{key} {text!r} is not an email address")
        return text

    def url(self, key: str, limit: int = 500) -> str:
        text = self.text(key, limit)
        if text and "://" not in text:
            text = f"https://{text}"  # "www.example.org" is common in feeds and means the obvious
        try:
            if text:
                _URL(text)
        except ValidationError:
            self.fail(f"{key} {self.data.get(key)!r} is not a web address")
        return text

    def id(self, fallback: uuid.UUID | None = None, key: str = "id") -> uuid.UUID:
        found = self.optional_uuid(key)
        if found is not None:
            return found
        if fallback is None:
            self.fail(f"missing {key}")
        return fallback

    def optional_uuid(self, key: str) -> uuid.UUID | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            if isinstance(value, str):
                return uuid.UUID(value.strip())
        except ValueError:
            pass
        self.fail(f"invalid UUID {_show(value)} in {key}")

    def number(self, key: str) -> Decimal | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.fail(f"{key} {_show(value)} is not a number")
        if not number.is_finite():
            self.fail(f"{key} {_show(value)} is not a number")
        return number

    def integer(self, key: str, *, minimum: int = 0, maximum: int = 32767) -> int | None:
        number = self.number(key)
        if number is None:
            return None
        shown = _show(self.data[key])
        if number != number.to_integral_value():
            self.fail(f"{key} {shown} is not a whole number")
        if number < minimum:
            self.fail(f"{key} {shown} is negative" if minimum == 0 else f"{key} {shown} is less than {minimum}")
        if number > maximum:
            self.fail(f"{key} {shown} is more than {maximum}")
        return int(number)

    def date(self, key: str) -> date | None:
        text = self.text(key)
        if not text:
            return None
        try:
            return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text).date()
        except ValueError:
            self.fail(f"{key} {text!r} is not a date (YYYY-MM-DD)")

    def time(self, key: str) -> time | None:
        text = self.text(key)
        if not text:
            return None
        match = _TIME.match(text)
        hour, minute, second = (int(part or 0) for part in match.groups()) if match else (99, 0, 0)
        if hour == 24 and minute == second == 0:
            return time(23, 59)  # "24:00", the end of the day
        if hour > 23 or minute > 59 or second > 59:
            self.fail(f"{key} {text!r} is not a time (HH:MM)")
        return time(hour, minute, second)

    def choice(self, key: str, choices: list[str], default: str = "", *, upper: bool = False) -> str:
        text = self.text(key)
        text = text.upper() if upper else text.lower().replace("_", " ")
        if not text:
            return default
        if text not in choices:
            self.fail(f"{key} {text!r} is not one of {', '.join(choices)}")
        return text


def _fingerprint(data: object) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{FINGERPRINT_VERSION}\n{canonical}".encode()).hexdigest()


@dataclass
class Rows:
    """The rows of one model that a parent owns; writing replaces the parent's rows with these."""

    model: type[models.Model]
    owner: Values
    rows: list[Values] = field(default_factory=list)


@dataclass
class TaxonomyRef:
    id: uuid.UUID | None
    name: str
    description: str = ""
    uri: str = ""
    version: str = ""


@dataclass
class Term:
    id: uuid.UUID
    taxonomy: TaxonomyRef
    values: Values
    parent_id: uuid.UUID | None
    stub: bool = False  # only an id and a name (a v1 parent): created if missing, never overwrites


@dataclass
class _Attribute:
    id: uuid.UUID
    term_id: uuid.UUID
    link_type: str
    value: str


@dataclass
class Links:
    """The attributes one entity carries in the source; writing replaces that entity's attributes."""

    entity: str
    link_id: uuid.UUID
    attributes: list[_Attribute]


@dataclass
class Part:
    """An organization or a location: shared between services, so upserted once per run."""

    model: type[Organization] | type[Location]
    id: uuid.UUID
    values: Values
    references: dict[str, uuid.UUID | None] = field(default_factory=dict)  # set only if the row exists
    children: list[Rows] = field(default_factory=list)
    links: list[Links] = field(default_factory=list)


@dataclass
class ServicePlan:
    id: uuid.UUID
    source_id: str
    fingerprint: str
    values: Values
    organization_id: uuid.UUID
    organization: Part | None
    locations: list[Part]
    children: list[Rows]
    links: list[Links]
    terms: dict[uuid.UUID, Term]


def plan_service(source: SourceRecord, label: str) -> ServicePlan:
    """Read and validate one record; `label` names it in reports. Raises Rejected with the reason."""
    fingerprint = _fingerprint(source.data)
    data = source.data
    if source.legacy and isinstance(data, dict):
        try:
            data = importing_v1.to_v3(data)
        except ValueError as error:
            raise Rejected(str(error)) from None
    return _Planner(data, fingerprint, label).plan()


_STEP_FREE = re.compile(r"wheel\s*chair|step[\s-]*free|level access|\bramp(s|ed)?\b|\blifts?\b", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(no|not|non|without|cannot|can't|isn't|aren't|unsuitable|unable|limited|partial|partially|difficult)\b",
    re.IGNORECASE,
)


def wheelchair_accessible(texts: Iterable[str]) -> bool:
    passages = [part for text in texts for part in re.split(r"[.;!?\n]+", text) if _STEP_FREE.search(part)]
    return bool(passages) and not any(_NEGATION.search(part) for part in passages)


def _present(links: list[Links | None]) -> list[Links]:
    return [item for item in links if item is not None]


def _country(obj: _Obj) -> str:
    text = obj.text("country").upper()
    text = COUNTRY_NAMES.get(text, text) or "GB"
    if not re.fullmatch(r"[A-Z]{2}", text):
        obj.fail(f"country {obj.data.get('country')!r} is not a two-letter country code")
    return text


class _Planner:
    def __init__(self, data: object, fingerprint: str, label: str) -> None:
        self.record = _Obj(data)
        self.fingerprint = fingerprint
        self.label = label
        self.terms: dict[uuid.UUID, Term] = {}
        self.service_id = uuid.UUID(int=0)

    def derived(self, obj: _Obj) -> uuid.UUID:
        return uuid.uuid5(self.service_id, obj.where)

    def plan(self) -> ServicePlan:
        service = self.record
        self.service_id = service.id()
        values = service.texts(
            Service,
            [
                "alternate_name",
                "description",
                "interpretation_services",
                "application_process",
                "fees_description",
                "fees",
                "accreditations",
                "eligibility_description",
                "alert",
            ],
        )
        values["name"] = service.text("name", _max_length(Service, "name"), required=True)
        values |= {"url": service.url("url"), "email": service.email("email")}
        values["assurer_email"] = service.email("assurer_email")
        values["status"] = service.choice("status", ServiceStatus.values, ServiceStatus.ACTIVE)
        values["assured_date"] = service.date("assured_date")
        minimum, maximum = service.integer("minimum_age"), service.integer("maximum_age")
        if minimum is not None and maximum is not None and minimum > maximum:
            service.fail(f"minimum_age {minimum} is above maximum_age {maximum}")
        values |= {"minimum_age": minimum, "maximum_age": maximum}

        organization = service.obj("organization", "organization")
        organization_part = self.organization(organization) if organization is not None else None
        organization_id = service.optional_uuid("organization_id")
        if organization_part is not None and organization_id not in (None, organization_part.id):
            service.fail(f"organization_id {organization_id} does not match organization id {organization_part.id}")
        organization_id = organization_part.id if organization_part is not None else organization_id
        if organization_id is None:
            service.fail("missing organization (neither organization nor organization_id is given)")

        sid = {"service_id": self.service_id}
        links = Rows(ServiceAtLocation, sid)
        schedules = Rows(
            Schedule, sid, [self.schedule(item, None) for item in service.objects("schedules", "schedule")]
        )
        locations: list[Part] = []
        for link in service.objects("service_at_locations", "service at location"):
            link_id = link.id(self.derived(link))
            location = link.obj("location", "location")
            location_id = link.optional_uuid("location_id")
            if location is not None:
                locations.append(self.location(location, location_id))
                location_id = locations[-1].id
            if location_id is None:
                link.fail("missing location_id")
            if any(row["location_id"] == location_id for row in links.rows):
                link.fail(f"location {location_id} is listed twice")
            links.rows.append(
                {"id": link_id, **sid, "location_id": location_id, **link.texts(ServiceAtLocation, ["description"])}
            )
            schedules.rows += [self.schedule(item, link_id) for item in link.objects("schedules", "schedule")]
        contacts = service.objects("contacts", "contact")
        contact_rows = [self.contact(item) for item in contacts]
        return ServicePlan(
            id=self.service_id,
            source_id=self.label,
            fingerprint=self.fingerprint,
            values=values,
            organization_id=organization_id,
            organization=organization_part,
            locations=locations,
            children=[
                links,
                schedules,
                Rows(CostOption, sid, [self.cost(item) for item in service.objects("cost_options", "cost option")]),
                Rows(Language, sid, [self.language(item) for item in service.objects("languages", "language")]),
                Rows(ServiceArea, sid, [self.area(item) for item in service.objects("service_areas", "service area")]),
                Rows(Funding, sid, [self.funding(item) for item in service.objects("funding", "funding")]),
                Rows(Contact, sid, contact_rows),
                Rows(
                    Phone,
                    {"contact__service_id": self.service_id},
                    [
                        self.phone(phone, contact_id=row["id"])
                        for item, row in zip(contacts, contact_rows, strict=True)
                        for phone in item.objects("phones", "phone")
                    ],
                ),
                Rows(Phone, sid, [self.phone(item, **sid) for item in service.objects("phones", "phone")]),
            ],
            links=_present(
                [self.links(service, LinkEntity.SERVICE, self.service_id, always=True)]
                + [
                    self.links(item, LinkEntity.CONTACT, row["id"])
                    for item, row in zip(contacts, contact_rows, strict=True)
                ]
            ),
            terms=self.terms,
        )

    def organization(self, obj: _Obj) -> Part:
        organization_id = obj.id()
        values = obj.texts(Organization, ["alternate_name", "description", "legal_status"], present_only=True)
        values["name"] = obj.text("name", _max_length(Organization, "name"), required=True)
        values |= {key: obj.url(key) for key in ("website", "logo") if obj.has(key)}
        values |= {"email": obj.email("email")} if obj.has("email") else {}
        values |= {"uri": obj.text("uri", 500)} if obj.has("uri") else {}  # any URI (a URN too), not only web
        values["last_modified"] = timezone.now()
        part = Part(Organization, organization_id, values)
        if obj.has("parent_organization_id"):
            part.references["parent_organization_id"] = obj.optional_uuid("parent_organization_id")
        if obj.has("organization_identifiers"):
            identifiers = Rows(OrganizationIdentifier, {"organization_id": organization_id})
            for item in obj.objects("organization_identifiers", "identifier"):
                identifier_id = item.id(uuid.uuid5(organization_id, item.where))
                identifiers.rows.append(
                    {
                        "id": identifier_id,
                        "organization_id": organization_id,
                        **item.texts(OrganizationIdentifier, ["identifier_scheme"]),
                        "identifier_type": item.text("identifier_type", 200, required=True),
                        "identifier": item.text("identifier", 200, required=True),
                    }
                )
                part.links += _present([self.links(item, LinkEntity.ORGANIZATION_IDENTIFIER, identifier_id)])
            part.children.append(identifiers)
        part.links += _present([self.links(obj, LinkEntity.ORGANIZATION, organization_id)])
        return part

    def location(self, obj: _Obj, location_id: uuid.UUID | None) -> Part:
        own_id = obj.optional_uuid("id")
        if own_id is not None and location_id is not None and own_id != location_id:
            obj.fail(f"id {own_id} does not match location_id {location_id}")
        location_id = own_id or location_id or self.derived(obj)
        values = obj.texts(
            Location,
            [
                "name",
                "alternate_name",
                "description",
                "transportation",
                "external_identifier",
                "external_identifier_type",
            ],
            present_only=True,
        )
        if obj.has("location_type"):
            values["location_type"] = obj.choice("location_type", LocationType.values, LocationType.PHYSICAL)
        if obj.has("url"):
            values["url"] = obj.url("url")
        if obj.has("latitude") or obj.has("longitude"):
            latitude, longitude = obj.number("latitude"), obj.number("longitude")
            for key, number, limit in (("latitude", latitude, 90), ("longitude", longitude, 180)):
                if number is not None and abs(number) > limit:
                    obj.fail(f"{key} {_show(obj.data[key])} out of range (-{limit} to {limit})")
            if (latitude is None) != (longitude is None):
                obj.fail("latitude and longitude must be given together")
            if latitude == 0 and longitude == 0:
                latitude = longitude = None  # 0,0 is in the Gulf of Guinea: feeds mean "unknown"
            values |= {
                "latitude": None if latitude is None else float(latitude),
                "longitude": None if longitude is None else float(longitude),
            }
        part = Part(Location, location_id, values, references={"organization_id": obj.optional_uuid("organization_id")})
        owner = {"location_id": location_id}
        if obj.has("addresses"):
            addresses = obj.objects("addresses", "address")
            rows = [self.address(item, location_id) for item in addresses]
            part.children.append(Rows(Address, owner, rows))
            part.links += _present(
                [self.links(item, LinkEntity.ADDRESS, row["id"]) for item, row in zip(addresses, rows, strict=True)]
            )
        if obj.has("accessibility"):
            items = obj.objects("accessibility", "accessibility")
            rows = []
            for item in items:
                row: Values = {"id": item.id(self.derived(item)), **owner, "url": item.url("url")}
                row |= item.texts(Accessibility, ["description", "details"])
                row["description"] = row["description"] or item.text("accessibility")  # the UK profile's name for it
                rows.append(row)
                part.links += _present([self.links(item, LinkEntity.ACCESSIBILITY, row["id"])])
            part.children.append(Rows(Accessibility, owner, rows))
            values["wheelchair_accessible"] = wheelchair_accessible(
                f"{row['description']}\n{row['details']}" for row in rows
            )
        if obj.has("phones"):
            part.children.append(
                Rows(Phone, owner, [self.phone(item, **owner) for item in obj.objects("phones", "phone")])
            )
        part.links += _present([self.links(obj, LinkEntity.LOCATION, location_id)])
        return part

    def address(self, obj: _Obj, location_id: uuid.UUID) -> Values:
        return {
            "id": obj.id(self.derived(obj)),
            "location_id": location_id,
            **obj.texts(Address, ["attention", "address_2", "city", "region", "state_province"]),
            "address_1": obj.text("address_1", _max_length(Address, "address_1"), required=True),
            "postal_code": " ".join(obj.text("postal_code", 10).upper().split()),
            "country": _country(obj),
            "address_type": obj.choice("address_type", LocationType.values, LocationType.PHYSICAL),
        }

    def schedule(self, obj: _Obj, link_id: uuid.UUID | None) -> Values:
        byday = obj.text("byday", 60).upper().replace(" ", "")
        try:
            parse_byday(byday)
        except ValueError as error:
            obj.fail(f"byday: {error}")
        bymonthday = obj.text("bymonthday", 60).replace(" ", "")
        for part in filter(None, bymonthday.split(",")):
            if not re.fullmatch(r"-?\d{1,2}", part) or not 1 <= abs(int(part)) <= 31:
                obj.fail(f"bymonthday {part!r} is not a day of the month (1 to 31, or -1 to -31)")
        values = {
            "id": obj.id(self.derived(obj)),
            "service_id": self.service_id,
            "service_at_location_id": link_id,
            "freq": obj.choice("freq", Frequency.values, upper=True),
            "interval": obj.integer("interval", minimum=1),
            "count": obj.integer("count", maximum=2**31 - 1),
            "wkst": obj.choice("wkst", Weekday.values, upper=True),
            "byday": byday,
            "bymonthday": bymonthday,
            "schedule_link": obj.url("schedule_link"),
            **obj.texts(Schedule, ["description", "notes", "attending_type"]),
        }
        values |= {key: obj.time(key) for key in ("opens_at", "closes_at")}
        values |= {key: obj.date(key) for key in ("valid_from", "valid_to", "dtstart", "until")}
        opens, closes = values["opens_at"], values["closes_at"]
        if opens is not None and closes is not None and closes <= opens:
            relation = "is before" if closes < opens else "is the same as"
            obj.fail(f"closes_at {closes:%H:%M} {relation} opens_at {opens:%H:%M}")
        self.period(obj, values)
        return values

    @staticmethod
    def period(obj: _Obj, values: Values) -> None:
        if values["valid_from"] and values["valid_to"] and values["valid_to"] < values["valid_from"]:
            obj.fail(f"valid_to {values['valid_to']} is before valid_from {values['valid_from']}")

    def cost(self, obj: _Obj) -> Values:
        amount = obj.number("amount")
        if amount is not None and amount < 0:
            obj.fail(f"amount {_show(obj.data['amount'])} is negative")
        if amount is not None and amount >= Decimal("1000000"):
            obj.fail(f"amount {_show(obj.data['amount'])} is more than 999999.99")
        currency = obj.text("currency").upper() or "GBP"
        if not re.fullmatch(r"[A-Z]{3}", currency):
            obj.fail(f"currency {currency!r} is not a three-letter currency code")
        values = {
            "id": obj.id(self.derived(obj)),
            "service_id": self.service_id,
            "amount": None if amount is None else amount.quantize(Decimal("0.01")),
            "currency": currency,
            "valid_from": obj.date("valid_from"),
            "valid_to": obj.date("valid_to"),
            **obj.texts(CostOption, ["option", "amount_description"]),
        }
        self.period(obj, values)
        return values

    def language(self, obj: _Obj) -> Values:
        return {
            "id": obj.id(self.derived(obj)),
            "service_id": self.service_id,
            **obj.texts(Language, ["name", "code", "note"]),
        }

    def area(self, obj: _Obj) -> Values:
        values: Values = {"id": obj.id(self.derived(obj)), "service_id": self.service_id}
        values |= obj.texts(ServiceArea, ["name", "description", "extent", "extent_type", "uri"])
        values["name"] = values["name"] or obj.text("service_area", _max_length(ServiceArea, "name"))
        return values

    def funding(self, obj: _Obj) -> Values:
        source = obj.text("source", _max_length(Funding, "source"), required=True)
        return {"id": obj.id(self.derived(obj)), "service_id": self.service_id, "source": source}

    def contact(self, obj: _Obj) -> Values:
        values = {"id": obj.id(self.derived(obj)), "service_id": self.service_id, "email": obj.email("email")}
        return values | obj.texts(Contact, ["name", "title", "department"])

    def phone(self, obj: _Obj, **owner: uuid.UUID) -> Values:
        return {
            "id": obj.id(self.derived(obj)),
            **owner,
            "number": obj.text("number", _max_length(Phone, "number"), required=True),
            **obj.texts(Phone, ["extension", "type", "description"]),
        }

    def links(self, obj: _Obj, entity: str, link_id: uuid.UUID, *, always: bool = False) -> Links | None:
        """The entity's attributes; without an attributes key (and not `always`) its attributes are left alone."""
        attributes: list[_Attribute] = []
        seen: set[tuple[uuid.UUID, str]] = set()
        for item in obj.objects("attributes", "attribute"):
            term = item.obj("taxonomy_term", "taxonomy term")
            term_id = item.optional_uuid("taxonomy_term_id")
            if term is not None:
                planned = self.term(term)
                if term_id not in (None, planned.id):
                    item.fail(f"taxonomy_term_id {term_id} does not match taxonomy_term id {planned.id}")
                term_id = planned.id
            if term_id is None:
                item.fail("missing taxonomy_term_id")
            link_type = item.text("link_type", _max_length(Attribute, "link_type"))
            # The database holds one link per entity, term and link type; a repeat in the feed adds nothing.
            if (term_id, link_type) not in seen:
                seen.add((term_id, link_type))
                attribute_id = item.id(self.derived(item))
                attributes.append(_Attribute(attribute_id, term_id, link_type, item.text("value", 300)))
        if not always and not obj.has("attributes"):
            return None
        return Links(entity, link_id, attributes)

    def term(self, obj: _Obj) -> Term:
        term_id = obj.id()
        name = obj.text("name", 200) or obj.text("term", 200)
        if not name:
            obj.fail("missing name")
        detail = obj.obj("taxonomy_detail", "taxonomy")
        named = detail.text("name") if detail is not None else obj.text("taxonomy")
        reference = TaxonomyRef(
            id=(detail.optional_uuid("id") if detail is not None else None) or obj.optional_uuid("taxonomy_id"),
            # The UK profile's `taxonomy` is free text, at best a name or a URI: too long to be a name, it describes.
            name=named if len(named) <= 200 else "",
            description=(detail.text("description") if detail is not None else "")
            or ("" if len(named) <= 200 else named),
            uri=(detail.text("uri", 500) if detail is not None else "")
            or (named if named.startswith("http") and len(named) <= 500 else ""),
            version=detail.text("version", 50) if detail is not None else "",
        )
        values = {
            "name": name,
            "description": obj.text("description"),
            **obj.texts(TaxonomyTerm, ["code", "term_uri", "language"]),
        }
        parent_id = obj.optional_uuid("parent_id")
        parent = obj.obj("parent", "parent")
        if parent is not None and parent_id is not None and parent_id not in self.terms:
            stub_name = parent.text("name", 200)
            if stub_name:
                self.terms[parent_id] = Term(parent_id, reference, {"name": stub_name}, None, stub=True)
        term = Term(term_id, reference, values, parent_id)
        if term_id not in self.terms or self.terms[term_id].stub:
            self.terms[term_id] = term
        return term

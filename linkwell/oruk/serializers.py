"""Directory records as Open Referral UK 3.0 (UK profile of HSDS 3.0) JSON objects.

Pure functions over instances whose relations are already loaded (oruk.filters has the prefetches).
Optional values that are empty are left out rather than sent as null or "": the schemas type them as
strings with formats (uri, email, uuid) that neither would satisfy. Linkwell's own fields go under
`linkwell_` keys, which the schemas allow (they permit additional properties).
"""

import math
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from linkwell.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

Json = dict[str, Any]
Attributes = Mapping[uuid.UUID, list[Attribute]]

VERSION = "HSDS-UK-3.0"
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"


def timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC to the millisecond, as HSDS asks: 2026-03-15T10:30:45.123Z."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _clock(value: time | None) -> str | None:
    return f"{value:%H:%M}" if value is not None else None


def _id(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None


def _compact(fields: Json) -> Json:
    return {key: value for key, value in fields.items() if value is not None and value != ""}


def page(contents: list[Json], *, total_items: int, page_number: int, per_page: int) -> Json:
    """The HSDS Page envelope. An empty result still has one (empty) page, so page 1 always exists."""
    total_pages = max(1, math.ceil(total_items / per_page))
    return {
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def root(openapi_url: str) -> Json:
    return {"version": VERSION, "profile": PROFILE_URL, "openapi_url": openapi_url}


# --- Taxonomies --------------------------------------------------------------------------------------
def taxonomy_term(term: TaxonomyTerm) -> Json:
    return {
        "id": str(term.id),
        "name": term.name,
        "term": term.name,  # the UK profile's own field for the term; HSDS calls it name
        "description": term.description,  # required, so sent even when empty
        **_compact(
            {
                "parent_id": _id(term.parent_id),
                "taxonomy": term.taxonomy.name,
                "taxonomy_id": str(term.taxonomy_id),
                "term_uri": term.term_uri,
            }
        ),
    }


def taxonomy(vocabulary: Taxonomy) -> Json:
    return {
        "id": str(vocabulary.id),
        "name": vocabulary.name,
        "description": vocabulary.description,
        **_compact({"uri": vocabulary.uri, "version": vocabulary.version}),
        "taxonomy_terms": [taxonomy_term(term) for term in vocabulary.terms.all()],
    }


def attribute(link: Attribute) -> Json:
    return _compact(
        {
            "id": str(link.id),
            "link_id": str(link.link_id),
            "taxonomy_term_id": str(link.taxonomy_term_id),
            "link_type": link.link_type,
            "taxonomy_term": taxonomy_term(link.taxonomy_term),
        }
    )


def _attributes(attributes: Attributes, owner: uuid.UUID) -> list[Json]:
    return [attribute(link) for link in attributes.get(owner, [])]


# --- Organizations -----------------------------------------------------------------------------------
def organization_item(organization: Organization) -> Json:
    return {
        "id": str(organization.id),
        "name": organization.name,
        "description": organization.description,  # required, so sent even when empty
        **_compact(
            {
                "email": organization.email,
                "website": organization.website,
                "logo": organization.logo,
                "uri": organization.uri,
                "parent_organization_id": _id(organization.parent_organization_id),
            }
        ),
    }


def _organization_identifier(identifier: OrganizationIdentifier, attributes: Attributes) -> Json:
    return {
        **_compact(
            {
                "id": str(identifier.id),
                "organization_id": str(identifier.organization_id),
                "identifier_scheme": identifier.identifier_scheme,
                "identifier_type": identifier.identifier_type,
                "identifier": identifier.identifier,
            }
        ),
        "attributes": _attributes(attributes, identifier.id),
    }


def full_organization(organization: Organization, attributes: Attributes) -> Json:
    return {
        **organization_item(organization),
        "organization_identifiers": [
            _organization_identifier(identifier, attributes)
            for identifier in organization.organization_identifiers.all()
        ],
        "attributes": _attributes(attributes, organization.id),
    }


def organization_with_services(organization: Organization, services: Iterable[Service], attributes: Attributes) -> Json:
    """An organization and its published services (the caller passes only those), as list items."""
    return {
        **full_organization(organization, attributes),
        "services": [service_properties(service) for service in services],
    }


# --- Locations ---------------------------------------------------------------------------------------
def _address(address: Address) -> Json:
    return {
        **_compact(
            {
                "id": str(address.id),
                "location_id": str(address.location_id),
                "attention": address.attention,
                "region": address.region,
            }
        ),
        # The UK profile drops address_2 and defines address_1 as "the first line(s)", so both go there.
        "address_1": ", ".join(line for line in (address.address_1, address.address_2) if line),
        "city": address.city,
        "state_province": address.state_province,  # required by HSDS even though UK addresses rarely need it
        "postal_code": address.postal_code,
        "country": address.country,
        "address_type": address.address_type,
    }


def _accessibility(access: Accessibility, attributes: Attributes) -> Json:
    return {
        **_compact(
            {
                "id": str(access.id),
                "location_id": str(access.location_id),
                "description": access.description,
                # The UK profile's own free-text field says the same as HSDS's description.
                "accessibility": access.description,
                "details": access.details,
                "url": access.url,
            }
        ),
        "attributes": _attributes(attributes, access.id),
    }


def location_item(location: Location) -> Json:
    return _compact(
        {
            "id": str(location.id),
            "location_type": location.location_type,
            "name": location.name,
            "description": location.description,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "external_identifier": location.external_identifier,
            "external_identifier_type": location.external_identifier_type,
            "linkwell_wheelchair_accessible": location.wheelchair_accessible,
        }
    )


def full_location(location: Location, attributes: Attributes) -> Json:
    return {
        **location_item(location),
        "addresses": [
            {**_address(address), "attributes": _attributes(attributes, address.id)}
            for address in location.addresses.all()
        ],
        "accessibility": [_accessibility(access, attributes) for access in location.accessibility.all()],
        "attributes": _attributes(attributes, location.id),
    }


# --- Services ----------------------------------------------------------------------------------------
def _schedule(schedule: Schedule) -> Json:
    return _compact(
        {
            "id": str(schedule.id),
            "service_id": _id(schedule.service_id),
            "service_at_location_id": _id(schedule.service_at_location_id),
            "valid_from": _day(schedule.valid_from),
            "valid_to": _day(schedule.valid_to),
            "dtstart": _day(schedule.dtstart),
            "freq": schedule.freq,
            "interval": schedule.interval,
            "byday": schedule.byday,
            "bymonthday": schedule.bymonthday,
            "description": schedule.description,
            "opens_at": _clock(schedule.opens_at),
            "closes_at": _clock(schedule.closes_at),
            "schedule_link": schedule.schedule_link,
            "attending_type": schedule.attending_type,
            "notes": schedule.notes,
        }
    )


def _service_area(area: ServiceArea) -> Json:
    return _compact(
        {
            "id": str(area.id),
            "service_id": str(area.service_id),
            "name": area.name,
            # The UK profile replaces HSDS's description with its own free-text service_area.
            "service_area": area.description or area.name,
            "extent": area.extent,
            "extent_type": area.extent_type,
            "uri": area.uri,
        }
    )


def _language(language: Language) -> Json:
    # The UK profile schema lists only ids for a language; the HSDS name and code are what make it useful.
    return _compact(
        {
            "id": str(language.id),
            "service_id": _id(language.service_id),
            "phone_id": _id(language.phone_id),
            "name": language.name,
            "code": language.code,
            "note": language.note,
        }
    )


def _phone(phone: Phone) -> Json:
    return {
        **_compact(
            {
                "id": str(phone.id),
                "contact_id": _id(phone.contact_id),
                "number": phone.number,
                "description": phone.description,
            }
        ),
        "languages": [_language(language) for language in phone.languages.all()],
    }


def _contact(contact: Contact, attributes: Attributes) -> Json:
    return {
        **_compact(
            {
                "id": str(contact.id),
                "service_id": _id(contact.service_id),
                "name": contact.name,
                "title": contact.title,
            }
        ),
        "phones": [_phone(phone) for phone in contact.phones.all()],
        "attributes": _attributes(attributes, contact.id),
    }


def _funding(funding: Funding) -> Json:
    return _compact({"id": str(funding.id), "service_id": _id(funding.service_id), "source": funding.source})


def _cost_option(cost: CostOption) -> Json:
    return _compact(
        {
            "id": str(cost.id),
            "service_id": str(cost.service_id),
            "valid_from": _day(cost.valid_from),
            "valid_to": _day(cost.valid_to),
            "option": cost.option,
            "amount": float(cost.amount) if cost.amount is not None else None,
            "amount_description": cost.amount_description,
        }
    )


def _linkwell_extras(service: Service) -> Json:
    referral = _compact(
        {
            "method": service.referral_method,
            "email": service.referral_email,
            "phone": service.referral_phone,
            "notes": service.referral_notes,
        }
    )
    capacity = _compact(
        {
            "status": service.capacity_status,
            "available": service.capacity_available,
            "maximum": service.capacity_maximum,
            "updated_at": timestamp(service.capacity_updated_at) if service.capacity_updated_at else None,
        }
    )
    verified = timestamp(service.verified_at) if service.verified_at else None
    return _compact({"linkwell_referral": referral, "linkwell_capacity": capacity, "linkwell_verified_at": verified})


def service_properties(service: Service) -> Json:
    """The service's own fields, without nested records."""
    return {
        **_compact(
            {
                "id": str(service.id),
                "organization_id": str(service.organization_id),
                "name": service.name,
                "description": service.description,
                "url": service.url,
                "email": service.email,
                "status": service.status,
                "fees": service.fees,
                "accreditations": service.accreditations,
                "minimum_age": service.minimum_age,
                "maximum_age": service.maximum_age,
                "assured_date": _day(service.assured_date),
                "assurer_email": service.assurer_email,
                "alert": service.alert,
                "last_modified": timestamp(service.last_modified),
            }
        ),
        **_linkwell_extras(service),
    }


def service_item(service: Service) -> Json:
    """A /services list item: the service's own fields and its organization's."""
    return {**service_properties(service), "organization": organization_item(service.organization)}


def _nested_service_at_location(link: ServiceAtLocation, attributes: Attributes) -> Json:
    nested: Json = {
        "id": str(link.id),
        "service_id": str(link.service_id),
        "location_id": str(link.location_id),
        "location": full_location(link.location, attributes),
    }
    # Session times specific to one place: HSDS 3.0 keeps them on the link, the UK schema allows it.
    schedules = [_schedule(schedule) for schedule in link.schedules.all()]
    return {**nested, "schedules": schedules} if schedules else nested


def full_service(service: Service, attributes: Attributes) -> Json:
    nested: Json = {
        **service_item(service),
        "organization": full_organization(service.organization, attributes),
        "schedules": [_schedule(schedule) for schedule in service.schedules.all()],
        "service_areas": [_service_area(area) for area in service.service_areas.all()],
        "service_at_locations": [
            _nested_service_at_location(link, attributes) for link in service.service_at_locations.all()
        ],
        "languages": [_language(language) for language in service.languages.all()],
        "funding": [_funding(funding) for funding in service.funding.all()],
        "cost_options": [_cost_option(cost) for cost in service.cost_options.all()],
        "contacts": [_contact(contact, attributes) for contact in service.contacts.all()],
        "attributes": _attributes(attributes, service.id),
    }
    # The UK profile dropped service phones; a service's own number is too useful to lose, so the HSDS
    # 3.0 field is kept when there is one.
    phones = [_phone(phone) for phone in service.phones.all()]
    return {**nested, "phones": phones} if phones else nested


def service_at_location_item(link: ServiceAtLocation) -> Json:
    return {
        "id": str(link.id),
        "service_id": str(link.service_id),
        "location_id": str(link.location_id),
        "location": {
            **location_item(link.location),
            "addresses": [_address(address) for address in link.location.addresses.all()],
        },
        "service": service_item(link.service),
    }


def full_service_at_location(link: ServiceAtLocation, attributes: Attributes) -> Json:
    return {
        **_nested_service_at_location(link, attributes),
        "service": full_service(link.service, attributes),
    }

"""Our OpenAPI 3.0 description of /oruk: our endpoints and parameters as we implement them.

Record shapes are the official UK-profile schemas, referenced by URL rather than copied, extended with
the Linkwell fields we add.
"""

from typing import Any

from linkwell.oruk.filters import DEFAULT_PER_PAGE, MAX_AGE, MAX_PAGE_NUMBER, MAX_PER_PAGE, MAX_PROXIMITY_METRES
from linkwell.oruk.serializers import PROFILE_URL

UK_SCHEMAS = "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/schema/"

Json = dict[str, Any]


def _uk(name: str) -> Json:
    return {"$ref": f"{UK_SCHEMAS}{name}.json"}


def _local(ref: str) -> Json:
    return {"$ref": f"#/components/{ref}"}


def _query(name: str, description: str, schema: Json) -> Json:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


PARAMETERS: dict[str, Json] = {
    "page": _query(
        "page", "Page number, from 1.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_NUMBER, "default": 1}
    ),
    "per_page": _query(
        "per_page",
        f"Items per page (default {DEFAULT_PER_PAGE}); larger values are trimmed to {MAX_PER_PAGE}.",
        {"type": "integer", "minimum": 1, "default": DEFAULT_PER_PAGE, "maximum": MAX_PER_PAGE},
    ),
    "full": _query(
        "full", "true for fully nested records instead of list items.", {"type": "boolean", "default": False}
    ),
    "search": _query(
        "search",
        "Full-text search over names, descriptions, categories, places and languages. Every word must match; "
        "each also matches as a prefix (walk finds walking).",
        {"type": "string"},
    ),
    "taxonomy_term_id": _query(
        "taxonomy_term_id",
        "Services classified with this taxonomy term or any term below it.",
        {"type": "string", "format": "uuid"},
    ),
    "taxonomy_id": _query(
        "taxonomy_id", "Services classified with any term of this taxonomy.", {"type": "string", "format": "uuid"}
    ),
    "organization_id": _query(
        "organization_id", "Services this organization provides.", {"type": "string", "format": "uuid"}
    ),
    "modified_after": _query(
        "modified_after",
        "Services whose last_modified is at or after this ISO 8601 date or date-time; without an offset it is "
        "read as UTC.",
        {"type": "string", "format": "date-time"},
    ),
    "minimum_age": _query(
        "minimum_age",
        "An age the service must accept: its minimum_age is at or below it and its maximum_age at or above it "
        "(an unset bound is open). With maximum_age, the service accepts every age from one to the other.",
        {"type": "number", "minimum": 0, "maximum": MAX_AGE},
    ),
    "maximum_age": _query(
        "maximum_age",
        "An age the service must accept, as for minimum_age.",
        {"type": "number", "minimum": 0, "maximum": MAX_AGE},
    ),
    "day": _query(
        "day",
        "Services with a schedule on this day: MO, TU, WE, TH, FR, SA or SU, or the day's English name. "
        "day, start_time and end_time must all hold on the same schedule.",
        {"type": "string", "example": "MO"},
    ),
    "start_time": _query(
        "start_time",
        "Services with a schedule opening at or after this time (HH:MM or HH:MM:SS, UK local time).",
        {"type": "string", "pattern": r"^\d\d:\d\d(:\d\d)?$", "example": "09:00"},
    ),
    "end_time": _query(
        "end_time",
        "Services with a schedule closing at or before this time (HH:MM or HH:MM:SS, UK local time).",
        {"type": "string", "pattern": r"^\d\d:\d\d(:\d\d)?$", "example": "17:00"},
    ),
    "postcode": _query(
        "postcode",
        "A UK postcode (or outward code, or town name) to measure proximity from; needs proximity. "
        "An unknown postcode is a 400.",
        {"type": "string", "example": "CM1 1AA"},
    ),
    "proximity": _query(
        "proximity",
        "Metres from the postcode's centre: services with a physical location (or, for service_at_locations, "
        "links whose location is) within that great-circle distance. Needs postcode.",
        {"type": "number", "exclusiveMinimum": True, "minimum": 0, "maximum": MAX_PROXIMITY_METRES, "example": 5000},
    ),
    "taxonomy_id_for_terms": _query("taxonomy_id", "Terms of this taxonomy.", {"type": "string", "format": "uuid"}),
    "parent_id": _query("parent_id", "Terms directly below this term.", {"type": "string", "format": "uuid"}),
    "top_only": _query("top_only", "true for terms with no parent.", {"type": "boolean", "default": False}),
}

SERVICE_FILTERS = [
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "minimum_age",
    "maximum_age",
    "day",
    "start_time",
    "end_time",
    "postcode",
    "proximity",
]

LINKWELL_SERVICE_FIELDS: Json = {
    "type": "object",
    "description": "Linkwell additions to the UK-profile service, all under linkwell_ keys.",
    "properties": {
        "linkwell_referral": {
            "type": "object",
            "description": "How people are referred.",
            "properties": {
                "method": {"type": "string", "enum": ["linkwell", "email", "phone", "signpost"]},
                "email": {"type": "string", "format": "email"},
                "phone": {"type": "string"},
                "notes": {"type": "string"},
            },
        },
        "linkwell_capacity": {
            "type": "object",
            "description": "Whether the service can take people now.",
            "properties": {
                "status": {"type": "string", "enum": ["open", "waitlist", "full"]},
                "available": {"type": "integer", "minimum": 0},
                "maximum": {"type": "integer", "minimum": 0},
                "updated_at": {"type": "string", "format": "date-time"},
            },
        },
        "linkwell_verified_at": {
            "type": "string",
            "format": "date-time",
            "description": "When the provider last confirmed the listing.",
        },
        "phones": {
            "type": "array",
            "description": "The service's own phone numbers (HSDS 3.0; dropped from the UK profile).",
            "items": _uk("phone"),
        },
    },
}

PAGE: Json = {
    "type": "object",
    "required": [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ],
    "properties": {
        "total_items": {"type": "integer", "description": "Records matching every filter."},
        "total_pages": {"type": "integer", "description": "Pages at this per_page; at least 1."},
        "page_number": {"type": "integer", "description": "This page, from 1."},
        "size": {"type": "integer", "description": "Records in this page."},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean", "description": "This page holds no records."},
        "contents": {"type": "array", "items": {}},
    },
}


def _page_of(item: Json) -> Json:
    return {
        "allOf": [
            _local("schemas/Page"),
            {"type": "object", "properties": {"contents": {"type": "array", "items": item}}},
        ]
    }


def _ok(description: str, schema: Json) -> Json:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS: dict[str, Json] = {
    "400": _ok("A parameter cannot be used; the message says which and why.", _local("schemas/Error")),
    "404": _ok("No such published record (or a malformed id).", _local("schemas/Error")),
}


def _list(summary: str, item: Json, parameters: list[str], tag: str) -> Json:
    return {
        "get": {
            "summary": summary,
            "tags": [tag],
            "parameters": [_local(f"parameters/{name}") for name in parameters],
            "responses": {"200": _ok(summary, _page_of(item)), "400": ERRORS["400"]},
        }
    }


def _detail(summary: str, schema: Json, tag: str) -> Json:
    return {
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}],
        "get": {"summary": summary, "tags": [tag], "responses": {"200": _ok(summary, schema), "404": ERRORS["404"]}},
    }


def document(server_url: str) -> Json:
    """The OpenAPI document, served from (and pointing clients at) `server_url`, the /oruk base."""
    service = {"allOf": [_uk("service"), LINKWELL_SERVICE_FIELDS]}
    service_at_location = {
        "allOf": [
            _uk("service_at_location"),
            {
                "type": "object",
                "properties": {"service": service, "schedules": {"type": "array", "items": _uk("schedule")}},
            },
        ]
    }
    organization = {
        "allOf": [
            _uk("organization"),
            {"type": "object", "properties": {"services": {"type": "array", "items": service}}},
        ]
    }
    paging = ["page", "per_page"]
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Linkwell Open Referral UK 3.0 API",
            "version": "3.0",
            "description": (
                "Read-only, open (no key) Open Referral UK 3.0 feed of the published services in this Linkwell "
                f"directory: the UK profile of HSDS 3.0 ({PROFILE_URL}). Every response carries "
                "Access-Control-Allow-Origin: *. Lists are ordered by name; filters combine with AND. "
                "Optional empty fields are left out rather than sent as null. Linkwell's own fields are under "
                "linkwell_ keys."
            ),
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/": {
                "get": {
                    "summary": "Which standard and profile this API implements",
                    "tags": ["required"],
                    "responses": {"200": _ok("version, profile and openapi_url", _local("schemas/Root"))},
                }
            },
            "/services": _list(
                "Published services: list items (own fields and organization), or full records with full=true",
                service,
                [*SERVICE_FILTERS, *paging, "full"],
                "required",
            ),
            "/services/{id}": _detail("A fully nested published service", service, "required"),
            "/service_at_locations": _list(
                "Links between published services and their locations",
                service_at_location,
                [*SERVICE_FILTERS, *paging, "full"],
                "optional",
            ),
            "/service_at_locations/{id}": _detail(
                "A link with its full location and fully nested service", service_at_location, "optional"
            ),
            "/taxonomies": _list("Taxonomies, each with its terms", _uk("taxonomy"), paging, "optional"),
            "/taxonomies/{id}": _detail("A taxonomy with its terms", _uk("taxonomy"), "optional"),
            "/taxonomy_terms": _list(
                "Taxonomy terms",
                _uk("taxonomy_term"),
                ["taxonomy_id_for_terms", "parent_id", "top_only", *paging],
                "optional",
            ),
            "/taxonomy_terms/{id}": _detail("A taxonomy term", _uk("taxonomy_term"), "optional"),
            "/organizations": _list(
                "Organizations with at least one published service (an extension: the UK profile has no such endpoint)",
                _uk("organization"),
                paging,
                "optional",
            ),
            "/organizations/{id}": _detail(
                "An organization with its identifiers and published services (an extension)", organization, "optional"
            ),
        },
        "components": {
            "parameters": PARAMETERS,
            "schemas": {
                "Root": {
                    "type": "object",
                    "required": ["version", "profile", "openapi_url"],
                    "properties": {
                        "version": {"type": "string", "example": "HSDS-UK-3.0"},
                        "profile": {"type": "string", "format": "uri"},
                        "openapi_url": {"type": "string", "format": "uri"},
                    },
                },
                "Page": PAGE,
                "Error": {
                    "type": "object",
                    "required": ["status", "message"],
                    "properties": {
                        "status": {"type": "integer"},
                        "error": {"type": "string"},
                        "message": {"type": "string"},
                    },
                },
            },
        },
    }

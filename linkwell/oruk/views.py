"""The Open Referral UK 3.0 read API: open GET endpoints, JSON, CORS * on every response.

Each view parses its parameters (oruk.filters), queries, and renders (oruk.serializers).
"""

import uuid
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import TypeVar

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from linkwell.directory.models import Organization, Taxonomy, TaxonomyTerm
from linkwell.oruk import filters, openapi, serializers
from linkwell.oruk.filters import BadParameter, Paging

View = Callable[..., HttpResponse]
Record = TypeVar("Record", Taxonomy, TaxonomyTerm, Organization)
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def _error(status: HTTPStatus, message: str) -> JsonResponse:
    return JsonResponse({"status": status.value, "error": status.phrase, "message": message}, status=status)


def _not_found(kind: str, record_id: str) -> JsonResponse:
    return _error(HTTPStatus.NOT_FOUND, f"There is no published {kind} with id {record_id!r}.")


def oruk_endpoint(view: View) -> View:
    """Open to any origin and read-only. CSRF checks are skipped so that a POST gets this API's own 405
    (with CORS) instead of the site's HTML CSRF page: nothing here ever writes."""

    @csrf_exempt
    @wraps(view)
    def endpoint(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=HTTPStatus.NO_CONTENT)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = request.headers.get("Access-Control-Request-Headers", "Accept")
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = _error(
                HTTPStatus.METHOD_NOT_ALLOWED, f"{request.method} is not allowed: this API is read-only (GET)."
            )
        else:
            try:
                response = view(request, *args, **kwargs)
            except BadParameter as bad:
                response = _error(HTTPStatus.BAD_REQUEST, str(bad))
        response["Allow"] = ALLOWED_METHODS
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return endpoint


def _page(contents: list[serializers.Json], total_items: int, paging: Paging) -> JsonResponse:
    return JsonResponse(
        serializers.page(contents, total_items=total_items, page_number=paging.page, per_page=paging.per_page)
    )


def _uuid_or_none(record_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(record_id)
    except ValueError:
        return None


@oruk_endpoint
def root(request: HttpRequest) -> HttpResponse:
    return JsonResponse(serializers.root(request.build_absolute_uri(reverse("oruk:openapi"))))


@oruk_endpoint
def openapi_document(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri(reverse("oruk:root")).rstrip("/")
    return JsonResponse(openapi.document(base))


@oruk_endpoint
def services(request: HttpRequest) -> HttpResponse:
    paging, full = filters.parse_paging(request.GET), filters.parse_full(request.GET)
    found = filters.filter_services(filters.published_services(), filters.parse_service_filters(request.GET))
    window = found[paging.offset : paging.offset + paging.per_page]
    if full:
        loaded, attributes = filters.load_full_services(window)
        contents = [serializers.full_service(service, attributes) for service in loaded]
    else:
        contents = [serializers.service_item(service) for service in window]
    return _page(contents, found.count(), paging)


@oruk_endpoint
def service(request: HttpRequest, record_id: str) -> HttpResponse:
    service_id = _uuid_or_none(record_id)
    if service_id is None:
        return _not_found("service", record_id)
    loaded, attributes = filters.load_full_services(filters.published_services().filter(pk=service_id))
    if not loaded:
        return _not_found("service", record_id)
    return JsonResponse(serializers.full_service(loaded[0], attributes))


@oruk_endpoint
def service_at_locations(request: HttpRequest) -> HttpResponse:
    paging, full = filters.parse_paging(request.GET), filters.parse_full(request.GET)
    found = filters.filter_service_at_locations(
        filters.published_service_at_locations(), filters.parse_service_filters(request.GET)
    )
    window = found[paging.offset : paging.offset + paging.per_page]
    if full:
        loaded, attributes = filters.load_full_service_at_locations(window)
        contents = [serializers.full_service_at_location(link, attributes) for link in loaded]
    else:
        contents = [
            serializers.service_at_location_item(link) for link in window.prefetch_related(filters.addresses_prefetch())
        ]
    return _page(contents, found.count(), paging)


@oruk_endpoint
def service_at_location(request: HttpRequest, record_id: str) -> HttpResponse:
    link_id = _uuid_or_none(record_id)
    if link_id is None:
        return _not_found("service_at_location", record_id)
    loaded, attributes = filters.load_full_service_at_locations(
        filters.published_service_at_locations().filter(pk=link_id)
    )
    if not loaded:
        return _not_found("service_at_location", record_id)
    return JsonResponse(serializers.full_service_at_location(loaded[0], attributes))


@oruk_endpoint
def taxonomies(request: HttpRequest) -> HttpResponse:
    paging = filters.parse_paging(request.GET)
    found = filters.taxonomies()
    window = found[paging.offset : paging.offset + paging.per_page]
    return _page([serializers.taxonomy(vocabulary) for vocabulary in window], found.count(), paging)


@oruk_endpoint
def taxonomy(request: HttpRequest, record_id: str) -> HttpResponse:
    vocabulary = _one(filters.taxonomies(), record_id)
    if vocabulary is None:
        return _not_found("taxonomy", record_id)
    return JsonResponse(serializers.taxonomy(vocabulary))


@oruk_endpoint
def taxonomy_terms(request: HttpRequest) -> HttpResponse:
    paging = filters.parse_paging(request.GET)
    found = filters.taxonomy_terms(filters.parse_term_filters(request.GET))
    window = found[paging.offset : paging.offset + paging.per_page]
    return _page([serializers.taxonomy_term(term) for term in window], found.count(), paging)


@oruk_endpoint
def taxonomy_term(request: HttpRequest, record_id: str) -> HttpResponse:
    term = _one(filters.taxonomy_terms(filters.TermFilters()), record_id)
    if term is None:
        return _not_found("taxonomy term", record_id)
    return JsonResponse(serializers.taxonomy_term(term))


@oruk_endpoint
def organizations(request: HttpRequest) -> HttpResponse:
    paging = filters.parse_paging(request.GET)
    found = filters.visible_organizations()
    window = found[paging.offset : paging.offset + paging.per_page]
    return _page([serializers.organization_item(organization) for organization in window], found.count(), paging)


@oruk_endpoint
def organization(request: HttpRequest, record_id: str) -> HttpResponse:
    found = filters.visible_organizations().prefetch_related(
        "organization_identifiers", Prefetch("services", queryset=filters.published_services())
    )
    record = _one(found, record_id)
    if record is None:
        return _not_found("organization", record_id)
    owners = {record.id, *(identifier.id for identifier in record.organization_identifiers.all())}
    return JsonResponse(
        serializers.organization_with_services(record, record.services.all(), filters.attributes_by_link(owners))
    )


@oruk_endpoint
def not_found(request: HttpRequest) -> HttpResponse:
    return _error(HTTPStatus.NOT_FOUND, f"{request.path} is not part of this API; see {reverse('oruk:openapi')}.")


def _one(records: QuerySet[Record], record_id: str) -> Record | None:
    record_uuid = _uuid_or_none(record_id)
    return records.filter(pk=record_uuid).first() if record_uuid is not None else None

"""What /oruk shows and how its query parameters narrow it.

Parsing turns the query string into typed values or raises BadParameter with a message a client can act
on; the querysets only ever start from published services, so nothing unpublished can leak through a
filter, a nested list or an export. Filters AND together (HSDS requires cumulative parameters).
"""

import math
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time

from django.db.models import Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat, Replace, Upper
from django.http import QueryDict

from linkwell.directory import fulltext
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
    LocationType,
    Organization,
    OrganizationIdentifier,
    Phone,
    PublicationState,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from linkwell.directory.postcodes import LocationNotFound, locate
from linkwell.directory.schedules import WEEKDAY_CODES, WEEKDAY_NAMES, parse_byday
from linkwell.directory.search import descendant_term_ids
from linkwell.lib.geo import bounding_box, distance_km

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")
# A "+01:00" offset arrives as " 01:00" when a client forgets to percent-encode the plus sign.
_DECODED_PLUS_OFFSET = re.compile(r"(\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$")
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no"}
_WHOLE_NUMBER = re.compile(r"^[0-9]{1,10}$")
# Bounds that keep every value inside what the database columns and SQLite's integers can hold.
MAX_PAGE_NUMBER = 1_000_000
MAX_AGE = 150
MAX_PROXIMITY_METRES = 1_000_000


class BadParameter(ValueError):
    """A query parameter the API cannot use; str() is the message returned with the 400."""


# --- Parsing -----------------------------------------------------------------------------------------
def _given(query: QueryDict, name: str) -> str | None:
    """The parameter's value, or None when absent or blank (an empty form field means "any")."""
    value = query.get(name, "").strip()
    # Control characters are never meaningful here, and PostgreSQL refuses NUL outright.
    if any(ord(character) < 32 for character in value):
        raise BadParameter(f"{name} contains a control character.")
    return value or None


def _uuid(query: QueryDict, name: str) -> uuid.UUID | None:
    value = _given(query, name)
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadParameter(
            f"{name} must be a UUID, like 0b9e1a3c-5d2f-4e8a-9c71-2f4b6d8e0a13 (got {value!r})."
        ) from None


def _positive_int(query: QueryDict, name: str, default: int) -> int:
    value = _given(query, name)
    if value is None:
        return default
    if not _WHOLE_NUMBER.match(value) or not 1 <= int(value) <= MAX_PAGE_NUMBER:
        raise BadParameter(f"{name} must be a whole number from 1 to {MAX_PAGE_NUMBER} (got {value!r}).")
    return int(value)


def _number(query: QueryDict, name: str, *, unit: str, most: float, positive: bool = False) -> float | None:
    value = _given(query, name)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    # math.nan fails every comparison, so it (and inf) is refused here along with values out of range.
    if not (0 < number <= most if positive else 0 <= number <= most):
        least = "more than 0" if positive else "from 0"
        raise BadParameter(f"{name} must be a number of {unit}, {least} up to {most:g} (got {value!r}).")
    return number


def _boolean(query: QueryDict, name: str) -> bool:
    value = _given(query, name)
    if value is None:
        return False
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise BadParameter(f"{name} must be true or false (got {value!r}).")


def _time(query: QueryDict, name: str) -> time | None:
    value = _given(query, name)
    if value is None:
        return None
    match = _TIME.match(value)
    if match is None:
        raise BadParameter(f"{name} must be a time as HH:MM or HH:MM:SS, like 09:30 (got {value!r}).")
    return time(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))


@dataclass(frozen=True)
class Day:
    weekday: int  # 0 Monday … 6 Sunday
    occurrence: int | None = None  # RRULE's 1SA (first Saturday of the month), -1FR (last Friday)


def _day(query: QueryDict) -> Day | None:
    """An RRULE byday value (MO, 1SA, -1FR), as schedules use and clients copy back, or a day's name."""
    value = _given(query, "day")
    if value is None:
        return None
    names = [name.lower() for name in WEEKDAY_NAMES]
    if value.lower() in names:
        return Day(names.index(value.lower()))
    try:
        parsed = parse_byday(value)
    except ValueError:
        parsed = []
    if len(parsed) != 1:
        raise BadParameter(
            f"day must be one of {', '.join(WEEKDAY_CODES)}, optionally with a week of the month like 1SA or -1FR, "
            f"or a day's name, like Monday (got {value!r})."
        )
    occurrence, weekday = parsed[0]
    return Day(weekday, occurrence)


def _datetime(query: QueryDict, name: str) -> datetime | None:
    value = _given(query, name)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(_DECODED_PLUS_OFFSET.sub(r"\1+\2", value))
    except ValueError:
        raise BadParameter(
            f"{name} must be an ISO 8601 date or date-time, like 2026-03-15T10:30:45.123Z (got {value!r})."
        ) from None
    # A date or a time without an offset is read as UTC, the zone every last_modified is given in.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Paging:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def parse_paging(query: QueryDict) -> Paging:
    # A per_page above the cap is trimmed rather than refused: the Page envelope shows what was served.
    per_page = min(_positive_int(query, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    return Paging(page=_positive_int(query, "page", 1), per_page=per_page)


def parse_full(query: QueryDict) -> bool:
    return _boolean(query, "full")


@dataclass(frozen=True)
class Near:
    latitude: float
    longitude: float
    metres: float


@dataclass(frozen=True)
class ServiceFilters:
    search: str | None = None
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: datetime | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    day: Day | None = None
    start_time: time | None = None
    end_time: time | None = None
    near: Near | None = None


def parse_service_filters(query: QueryDict) -> ServiceFilters:
    filters = ServiceFilters(
        search=_given(query, "search"),
        taxonomy_term_id=_uuid(query, "taxonomy_term_id"),
        taxonomy_id=_uuid(query, "taxonomy_id"),
        organization_id=_uuid(query, "organization_id"),
        modified_after=_datetime(query, "modified_after"),
        minimum_age=_number(query, "minimum_age", unit="years", most=MAX_AGE),
        maximum_age=_number(query, "maximum_age", unit="years", most=MAX_AGE),
        day=_day(query),
        start_time=_time(query, "start_time"),
        end_time=_time(query, "end_time"),
    )
    if (
        filters.minimum_age is not None
        and filters.maximum_age is not None
        and filters.minimum_age > filters.maximum_age
    ):
        raise BadParameter("minimum_age must not be more than maximum_age.")
    # Last, because it is the one parameter that costs a query to check.
    return replace(filters, near=_near(query))


def _near(query: QueryDict) -> Near | None:
    postcode, proximity = (
        _given(query, "postcode"),
        _number(query, "proximity", unit="metres", most=MAX_PROXIMITY_METRES, positive=True),
    )
    if postcode is None and proximity is None:
        return None
    if postcode is None or proximity is None:
        raise BadParameter(
            "postcode and proximity go together: give a postcode and a distance from it in metres, "
            "like postcode=CM1 1AA&proximity=5000."
        )
    try:
        point = locate(postcode)
    except LocationNotFound as not_found:
        raise BadParameter(f"postcode: {not_found}") from None
    return Near(point.latitude, point.longitude, proximity)


@dataclass(frozen=True)
class TermFilters:
    taxonomy_id: uuid.UUID | None = None
    parent_id: uuid.UUID | None = None
    top_only: bool = False


def parse_term_filters(query: QueryDict) -> TermFilters:
    return TermFilters(
        taxonomy_id=_uuid(query, "taxonomy_id"),
        parent_id=_uuid(query, "parent_id"),
        top_only=_boolean(query, "top_only"),
    )


# --- What is visible ---------------------------------------------------------------------------------
def published_services() -> QuerySet[Service]:
    return (
        Service.objects.filter(state=PublicationState.PUBLISHED).select_related("organization").order_by("name", "id")
    )


def published_service_at_locations() -> QuerySet[ServiceAtLocation]:
    return (
        ServiceAtLocation.objects.filter(service__state=PublicationState.PUBLISHED)
        .select_related("location", "service__organization")
        .order_by("service__name", "location__name", "id")
    )


def visible_organizations() -> QuerySet[Organization]:
    """Organizations with at least one published service: the rest are not public yet."""
    return Organization.objects.filter(
        pk__in=Service.objects.filter(state=PublicationState.PUBLISHED).values("organization_id")
    ).order_by("name", "id")


def taxonomies() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.prefetch_related(
        Prefetch("terms", queryset=TaxonomyTerm.objects.order_by("name", "id"))
    ).order_by("name", "id")


def taxonomy_terms(filters: TermFilters) -> QuerySet[TaxonomyTerm]:
    terms = TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy__name", "name", "id")
    if filters.taxonomy_id is not None:
        terms = terms.filter(taxonomy_id=filters.taxonomy_id)
    if filters.parent_id is not None:
        terms = terms.filter(parent_id=filters.parent_id)
    if filters.top_only:
        terms = terms.filter(parent__isnull=True)
    return terms


# --- Filtering ---------------------------------------------------------------------------------------
def _schedules_on(schedules: QuerySet[Schedule], day: Day) -> QuerySet[Schedule]:
    """Schedules that run on the day: every such weekday, or (for 1SA) also that week of the month."""
    code = WEEKDAY_CODES[day.weekday]
    # A weekly rule without byday repeats on its dtstart's weekday (week_day counts 1 Sunday … 7 Saturday).
    from_start = Q(byday="", freq=Frequency.WEEKLY, dtstart__week_day=(day.weekday + 1) % 7 + 1)
    if day.occurrence is None:
        # Weekday codes never overlap, so containment finds MO in "MO,WE" and in "1MO" alike.
        return schedules.filter(Q(byday__icontains=code) | from_start)
    # With a week of the month, whole comma-separated parts are compared: "1SA" must not match "-1SA".
    parts = Concat(Value(","), Replace(Upper("byday"), Value(" "), Value("")), Value(","))
    wanted = Q(byday_parts__contains=f",{code},") | Q(byday_parts__contains=f",{day.occurrence}{code},")
    return schedules.alias(byday_parts=parts).filter(wanted | from_start)


def _within(near: Near, rows: Iterable[tuple[uuid.UUID, float | None, float | None]]) -> list[uuid.UUID]:
    return [
        row_id
        for row_id, latitude, longitude in rows
        if latitude is not None
        and longitude is not None
        and distance_km(near.latitude, near.longitude, latitude, longitude) * 1000 <= near.metres
    ]


def _near_links(near: Near) -> QuerySet[ServiceAtLocation]:
    """Links to physical locations inside the distance's bounding box: the cheap, indexed first cut."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(near.latitude, near.longitude, near.metres / 1000)
    return ServiceAtLocation.objects.filter(
        service__state=PublicationState.PUBLISHED,
        location__location_type=LocationType.PHYSICAL,
        location__latitude__range=(min_lat, max_lat),
        location__longitude__range=(min_lon, max_lon),
    )


def filter_services(services: QuerySet[Service], filters: ServiceFilters) -> QuerySet[Service]:
    """Age semantics: each age given must lie within the service's range (an unset bound is open), so
    minimum_age=18&maximum_age=25 finds services that take everyone from 18 to 25. Day and times must hold
    on one and the same schedule: day=MO&start_time=09:00 finds a Monday session starting at 9 or later.
    """
    if filters.search is not None:
        services = fulltext.matching(services, filters.search, ranked=False)
    if filters.taxonomy_term_id is not None:
        terms = descendant_term_ids((filters.taxonomy_term_id,))
        classified = Attribute.objects.filter(link_entity=LinkEntity.SERVICE, taxonomy_term_id__in=terms)
        services = services.filter(pk__in=classified.values("link_id"))
    if filters.taxonomy_id is not None:
        classified = Attribute.objects.filter(
            link_entity=LinkEntity.SERVICE, taxonomy_term__taxonomy_id=filters.taxonomy_id
        )
        services = services.filter(pk__in=classified.values("link_id"))
    if filters.organization_id is not None:
        services = services.filter(organization_id=filters.organization_id)
    if filters.modified_after is not None:
        services = services.filter(last_modified__gte=filters.modified_after)
    for age in (filters.minimum_age, filters.maximum_age):
        if age is not None:
            services = services.filter(
                Q(minimum_age__isnull=True) | Q(minimum_age__lte=age),
                Q(maximum_age__isnull=True) | Q(maximum_age__gte=age),
            )
    if filters.day is not None or filters.start_time is not None or filters.end_time is not None:
        sessions = Schedule.objects.all()
        if filters.day is not None:
            sessions = _schedules_on(sessions, filters.day)
        if filters.start_time is not None:
            sessions = sessions.filter(opens_at__gte=filters.start_time)
        if filters.end_time is not None:
            sessions = sessions.filter(closes_at__lte=filters.end_time)
        services = services.filter(
            Q(pk__in=sessions.values("service_id")) | Q(pk__in=sessions.values("service_at_location__service_id"))
        )
    if filters.near is not None:
        rows = _near_links(filters.near).values_list("service_id", "location__latitude", "location__longitude")
        services = services.filter(pk__in=_within(filters.near, rows))
    return services


def filter_service_at_locations(
    links: QuerySet[ServiceAtLocation], filters: ServiceFilters
) -> QuerySet[ServiceAtLocation]:
    """The service filters apply to each link's service; postcode and proximity to the link's own location."""
    by_service = replace(filters, near=None)
    if by_service != ServiceFilters():
        matching = filter_services(Service.objects.all(), by_service).values_list("pk", flat=True)
        # The full-text clause is raw SQL naming the service table, which a subquery would rename; so a
        # search is resolved to ids first, and everything else stays one query.
        links = links.filter(service_id__in=list(matching) if filters.search is not None else matching)
    if filters.near is not None:
        rows = _near_links(filters.near).values_list("id", "location__latitude", "location__longitude")
        links = links.filter(pk__in=_within(filters.near, rows))
    return links


# --- Loading everything a fully nested record shows, in a fixed number of queries ---------------------
def full_service_prefetches(prefix: str = "") -> list[Prefetch[str]]:
    """Prefetches for serializers.full_service; `prefix` reaches the service from another model."""
    phones = Phone.objects.prefetch_related(Prefetch("languages", queryset=Language.objects.order_by("id")))
    return [
        Prefetch(
            f"{prefix}organization__organization_identifiers", queryset=OrganizationIdentifier.objects.order_by("id")
        ),
        Prefetch(f"{prefix}schedules", queryset=Schedule.objects.order_by("opens_at", "id")),
        Prefetch(f"{prefix}service_areas", queryset=ServiceArea.objects.order_by("name", "id")),
        Prefetch(
            f"{prefix}service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").order_by("location__name", "id"),
        ),
        *location_prefetches(f"{prefix}service_at_locations__"),
        Prefetch(f"{prefix}service_at_locations__schedules", queryset=Schedule.objects.order_by("opens_at", "id")),
        Prefetch(f"{prefix}languages", queryset=Language.objects.order_by("name", "id")),
        Prefetch(f"{prefix}funding", queryset=Funding.objects.order_by("source", "id")),
        Prefetch(f"{prefix}cost_options", queryset=CostOption.objects.order_by("amount", "id")),
        Prefetch(f"{prefix}contacts", queryset=Contact.objects.order_by("name", "id")),
        Prefetch(f"{prefix}contacts__phones", queryset=phones.order_by("id")),
        # Phones on a contact are shown under the contact; these are the service's own numbers.
        Prefetch(f"{prefix}phones", queryset=phones.filter(contact__isnull=True).order_by("id")),
    ]


def addresses_prefetch(prefix: str = "") -> Prefetch[str]:
    return Prefetch(f"{prefix}location__addresses", queryset=Address.objects.order_by("id"))


def location_prefetches(prefix: str = "") -> list[Prefetch[str]]:
    return [
        addresses_prefetch(prefix),
        Prefetch(f"{prefix}location__accessibility", queryset=Accessibility.objects.order_by("id")),
    ]


def attributes_by_link(link_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Attribute]]:
    """Attributes are a generic link table (HSDS has no per-entity link tables), so they cannot be
    prefetched through a relation: one query fetches them for every record on the page."""
    found: dict[uuid.UUID, list[Attribute]] = {}
    attributes = (
        Attribute.objects.filter(link_id__in=set(link_ids))
        .select_related("taxonomy_term__taxonomy")
        .order_by("taxonomy_term__name", "id")
    )
    for attribute in attributes:
        found.setdefault(attribute.link_id, []).append(attribute)
    return found


def attribute_owner_ids(services: Iterable[Service]) -> set[uuid.UUID]:
    """Every record in these fully loaded services that can carry attributes."""
    ids: set[uuid.UUID] = set()
    for service in services:
        organization = service.organization
        ids |= {service.id, organization.id}
        ids |= {identifier.id for identifier in organization.organization_identifiers.all()}
        ids |= {contact.id for contact in service.contacts.all()}
        for link in service.service_at_locations.all():
            location = link.location
            ids.add(location.id)
            ids |= {address.id for address in location.addresses.all()}
            ids |= {access.id for access in location.accessibility.all()}
    return ids


def load_full_services(services: QuerySet[Service]) -> tuple[list[Service], dict[uuid.UUID, list[Attribute]]]:
    """The services with everything serializers.full_service reads, and the attributes it shows."""
    loaded = list(services.prefetch_related(*full_service_prefetches()))
    return loaded, attributes_by_link(attribute_owner_ids(loaded))


def load_full_service_at_locations(
    links: QuerySet[ServiceAtLocation],
) -> tuple[list[ServiceAtLocation], dict[uuid.UUID, list[Attribute]]]:
    """The links with everything serializers.full_service_at_location reads, and their attributes."""
    loaded = list(
        links.prefetch_related(
            *location_prefetches(),
            Prefetch("schedules", queryset=Schedule.objects.order_by("opens_at", "id")),
            *full_service_prefetches("service__"),
        )
    )
    # Each link's own location is also one of its service's locations, so the service walk covers it.
    return loaded, attributes_by_link(attribute_owner_ids(link.service for link in loaded))

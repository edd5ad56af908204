"""Searching published services: the one implementation behind the public pages and the benchmark.

Filters run in the database on indexed, derived columns (directory.indexing keeps them current):
full text via directory.fulltext, distance via a bounding-box prefilter on location coordinates and an
equirectangular distance for ordering (exact to well under 1% at these distances), then the exact
great-circle distance for display.
"""

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db.models import Count, ExpressionWrapper, F, FloatField, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.expressions import CombinedExpression
from django.utils import timezone

from linkwell.directory import fulltext
from linkwell.directory.models import (
    Attribute,
    LinkEntity,
    LocationType,
    PublicationState,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from linkwell.directory.schedules import AFTERNOON, EVENING, MORNING, next_session
from linkwell.lib.geo import bounding_box, distance_km

KM_PER_DEGREE_LATITUDE = 111.195
WEEKEND_DAYS = (1 << 5) | (1 << 6)
PERIOD_BITS = {"morning": MORNING, "afternoon": AFTERNOON, "evening": EVENING}
SORT_RELEVANCE, SORT_DISTANCE, SORT_NAME = "relevance", "distance", "name"
VISIBLE_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)


@dataclass(frozen=True)
class Origin:
    latitude: float
    longitude: float
    label: str
    # The postcode district used when the full postcode's own location is not loaded ("" when exact).
    approximate: str = ""


@dataclass(frozen=True)
class DirectoryQuery:
    words: str = ""
    category_ids: tuple[uuid.UUID, ...] = ()
    origin: Origin | None = None
    radius_km: float | None = None
    days: frozenset[int] = frozenset()  # 0 Monday … 6 Sunday
    times: frozenset[str] = frozenset()  # morning, afternoon, evening, weekend
    free_only: bool = False
    wheelchair: bool = False
    delivery: str = ""  # "in_person", "online" or "" for either
    sort: str = SORT_RELEVANCE


@dataclass
class ServiceResult:
    service: Service
    distance_km: float | None = None
    next_session: datetime | None = None
    categories: list[TaxonomyTerm] = field(default_factory=list)

    @property
    def cost(self) -> str:
        amounts = [option.amount for option in self.service.cost_options.all() if option.amount]
        if not amounts:
            return "Free"
        low = min(amounts)
        text = f"£{low:.2f}".replace(".00", "")
        return text if len(set(amounts)) == 1 else f"From {text}"

    @property
    def access(self) -> list[str]:
        parts = []
        if self.service.in_person:
            parts.append("In person")
        if self.service.online:
            parts.append("Online or by phone")
        if self.service.wheelchair_accessible:
            parts.append("Wheelchair accessible")
        return parts

    @property
    def town(self) -> str:
        for link in self.service.service_at_locations.all():
            for address in link.location.addresses.all():
                return address.city
        return ""


def descendant_term_ids(term_ids: tuple[uuid.UUID, ...]) -> set[uuid.UUID]:
    """The terms and everything below them (picking 'Physical activity' includes 'Walking groups')."""
    wanted = set(term_ids)
    frontier = set(term_ids)
    while frontier:
        children = set(TaxonomyTerm.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier = children - wanted
        wanted |= children
    return wanted


def _squared_degrees(origin: Origin) -> "ExpressionWrapper[CombinedExpression]":
    """Equirectangular squared distance in degrees of latitude from the origin; cheap and index-friendly."""
    shrink = math.cos(math.radians(origin.latitude))
    dlat = F("location__latitude") - origin.latitude
    dlon = (F("location__longitude") - origin.longitude) * shrink
    return ExpressionWrapper(dlat * dlat + dlon * dlon, output_field=FloatField())


def ranks_by_words(query: DirectoryQuery) -> bool:
    return bool(fulltext.words_of(query.words)) and query.sort == SORT_RELEVANCE


def filtered_services(query: DirectoryQuery) -> QuerySet[Service]:
    """Published, visible services matching every filter, ordered as asked. Lazy: nothing runs yet."""
    services = Service.objects.filter(state=PublicationState.PUBLISHED, status__in=VISIBLE_STATUSES)
    if query.free_only:
        services = services.filter(is_free=True)
    if query.wheelchair:
        services = services.filter(wheelchair_accessible=True)
    if query.delivery == "in_person":
        services = services.filter(in_person=True)
    elif query.delivery == "online":
        services = services.filter(online=True)
    if query.days:
        services = services.alias(on_days=F("day_mask").bitand(sum(1 << day for day in query.days))).filter(
            on_days__gt=0
        )
    if query.times:
        periods = sum(PERIOD_BITS[time] for time in query.times if time in PERIOD_BITS)
        services = services.alias(
            in_periods=F("period_mask").bitand(periods), at_weekend=F("day_mask").bitand(WEEKEND_DAYS)
        )
        wanted = Q(in_periods__gt=0) if periods else Q(pk__in=[])
        if "weekend" in query.times:
            wanted |= Q(at_weekend__gt=0)
        services = services.filter(wanted)
    if query.category_ids:
        categorised = Attribute.objects.filter(
            link_entity=LinkEntity.SERVICE, taxonomy_term_id__in=descendant_term_ids(query.category_ids)
        ).values("link_id")
        services = services.filter(id__in=Subquery(categorised))
    ranked_by_words = ranks_by_words(query)
    services = fulltext.matching(services, query.words, ranked=ranked_by_words)

    by_distance = query.origin is not None and (query.sort == SORT_DISTANCE or not ranked_by_words)
    if query.origin is not None:
        places = ServiceAtLocation.objects.filter(
            service=OuterRef("pk"),
            location__location_type=LocationType.PHYSICAL,
            location__latitude__isnull=False,
        )
        if query.radius_km:
            min_lat, max_lat, min_lon, max_lon = bounding_box(
                query.origin.latitude, query.origin.longitude, query.radius_km
            )
            limit = (query.radius_km / KM_PER_DEGREE_LATITUDE) ** 2
            places = (
                places.filter(
                    location__latitude__range=(min_lat, max_lat), location__longitude__range=(min_lon, max_lon)
                )
                .alias(within=_squared_degrees(query.origin))
                .filter(within__lte=limit)
            )
            # Uncorrelated, so the database finds nearby locations once through the coordinate index
            # instead of checking every service's locations in turn.
            nearby = (
                ServiceAtLocation.objects.filter(
                    location__location_type=LocationType.PHYSICAL,
                    location__latitude__range=(min_lat, max_lat),
                    location__longitude__range=(min_lon, max_lon),
                )
                .alias(within=_squared_degrees(query.origin))
                .filter(within__lte=limit)
            )
            services = services.filter(id__in=Subquery(nearby.values("service_id")))
        if by_distance:
            nearest = places.annotate(squared=_squared_degrees(query.origin)).order_by("squared").values("squared")[:1]
            services = services.annotate(nearness=Subquery(nearest, output_field=FloatField()))
    if ranked_by_words:
        return services.order_by("text_rank", "name", "id")
    if by_distance:
        return services.order_by(F("nearness").asc(nulls_last=True), "name", "id")
    return services.order_by("name", "id")


def _attach_details(services: Sequence[Service], origin: Origin | None) -> list[ServiceResult]:
    ids = [service.pk for service in services]
    attributes = Attribute.objects.filter(link_entity=LinkEntity.SERVICE, link_id__in=ids).select_related(
        "taxonomy_term__parent"
    )
    terms_by_service: dict[uuid.UUID, list[TaxonomyTerm]] = {}
    for attribute in attributes:
        terms_by_service.setdefault(attribute.link_id, []).append(attribute.taxonomy_term)
    now = timezone.localtime()
    results = []
    for service in services:
        result = ServiceResult(service=service, categories=terms_by_service.get(service.pk, []))
        sessions = [moment for schedule in service.schedules.all() if (moment := next_session(schedule, now))]
        result.next_session = min(sessions) if sessions else None
        if origin is not None:
            distances = [
                distance_km(origin.latitude, origin.longitude, link.location.latitude, link.location.longitude)
                for link in service.service_at_locations.all()
                if link.location.location_type == LocationType.PHYSICAL
                and link.location.latitude is not None
                and link.location.longitude is not None
            ]
            result.distance_km = min(distances) if distances else None
        results.append(result)
    return results


@dataclass
class ResultsPage:
    object_list: list[ServiceResult]
    number: int
    per_page: int
    total: int

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def _page_number(page: int | str | None) -> int:
    try:
        return max(1, int(page or 1))
    except (TypeError, ValueError):
        return 1


def search_services(query: DirectoryQuery, *, page: int | str | None = 1, per_page: int = 20) -> ResultsPage:
    """One page of results with everything the results list shows, in a fixed number of queries.

    When a place narrows the search, the total comes from a window count in the same query as the page,
    so the filters run once over the few nearby services. Otherwise the total is counted separately: over
    thousands of matches the window makes the database carry every row through the sort (PostgreSQL even
    walks the whole name index), where a plain LIMIT stops after the first page (docs/performance.md).
    """
    services = (
        filtered_services(query)
        .defer("search_document")  # the largest column, and the results list never shows it
        .select_related("organization")
        .prefetch_related(
            "schedules",
            "cost_options",
            Prefetch("service_at_locations", queryset=ServiceAtLocation.objects.select_related("location")),
            "service_at_locations__location__addresses",
        )
    )
    number = _page_number(page)
    if query.origin is None:
        # Counted in name order, so the count carries no ranking expression: the rank only orders the page.
        total = filtered_services(replace(query, sort=SORT_NAME)).count()
        number = min(number, max(1, math.ceil(total / per_page)))
        rows = list(services[(number - 1) * per_page : number * per_page])
        return ResultsPage(_attach_details(rows, query.origin), number, per_page, total)
    rows = list(services.annotate(total_matches=Window(Count("pk")))[(number - 1) * per_page : number * per_page])
    if rows:
        total = rows[0].total_matches  # type: ignore[attr-defined]  # added by the window annotation
    else:
        # Past the end (or nothing matched): count, then show the last page as a paginator would.
        total = filtered_services(query).count()
        last = max(1, math.ceil(total / per_page))
        if number > last:
            number = last
            rows = list(services[(number - 1) * per_page : number * per_page])
    return ResultsPage(_attach_details(rows, query.origin), number, per_page, total)

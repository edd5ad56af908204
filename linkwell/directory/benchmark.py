"""`linkwell bench_directory`: synthetic services at scale, the real search code, and a raw-SQL floor.

The generator writes rows in bulk and fills the derived search columns itself (as
directory.indexing would), so 100,000 services load in about a minute; `check_generated_sample`
proves the two agree.
"""

import math
import random
import statistics
import time as clock
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import time
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from linkwell.directory import fulltext
from linkwell.directory.indexing import refresh_search_fields
from linkwell.directory.models import (
    Address,
    Attribute,
    CostOption,
    LinkEntity,
    Location,
    LocationType,
    Organization,
    PublicationState,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from linkwell.directory.schedules import WEEKDAY_CODES, periods_of
from linkwell.directory.search import (
    KM_PER_DEGREE_LATITUDE,
    SORT_DISTANCE,
    DirectoryQuery,
    Origin,
    search_services,
)
from linkwell.directory.taxonomy import TAXONOMY_ID
from linkwell.lib.geo import bounding_box

ACTIVITIES = [
    "walking",
    "running",
    "cycling",
    "swimming",
    "yoga",
    "pilates",
    "tai chi",
    "dance",
    "football",
    "netball",
    "bowls",
    "badminton",
    "table tennis",
    "chair exercise",
    "strength and balance",
    "gardening",
    "allotment",
    "conservation",
    "birdwatching",
    "painting",
    "drawing",
    "pottery",
    "knitting",
    "sewing",
    "crafts",
    "choir",
    "singing",
    "ukulele",
    "drumming",
    "drama",
    "poetry",
    "creative writing",
    "book club",
    "photography",
    "film club",
    "befriending",
    "lunch club",
    "coffee morning",
    "men's shed",
    "memory café",
    "carers group",
    "bereavement group",
    "debt advice",
    "benefits advice",
    "budgeting",
    "food bank",
    "community pantry",
    "cooking",
    "job club",
    "digital skills",
    "English conversation",
    "maths",
    "volunteering",
    "parent and toddler",
    "youth club",
    "stroke support",
    "diabetes support",
    "breathe easy",
    "pain management",
    "stop smoking",
    "alcohol recovery",
    "housing advice",
    "community transport",
    "dial a ride",
    "counselling",
    "wellbeing course",
    "peer support",
]
SETTINGS = ["group", "club", "session", "class", "drop-in", "project", "workshop", "circle", "network", "hub"]
QUALITIES = ["friendly", "gentle", "beginners", "social", "community", "weekly", "relaxed", "supportive", "local"]
AUDIENCES = ["older people", "families", "young people", "carers", "men", "women", "everyone", "adults", "veterans"]


@dataclass(frozen=True)
class Town:
    name: str
    latitude: float
    longitude: float


def towns(rng: random.Random, count: int = 250) -> list[Town]:
    """Town centres spread over England, weighted to the south-east as real directories are."""
    return [
        Town(f"Town {index}", rng.uniform(50.6, 53.8), rng.uniform(-3.0, 1.6) if index % 3 else rng.uniform(-0.3, 1.2))
        for index in range(count)
    ]


def _batches(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(start + size, total))


def generate(
    count: int, *, seed: int = 20261122, batch_size: int = 2000, report: Callable[[int], None] | None = None
) -> None:
    rng = random.Random(seed)
    centres = towns(rng)
    terms = list(TaxonomyTerm.objects.filter(taxonomy_id=TAXONOMY_ID, parent__isnull=False).select_related("parent"))
    organizations = [
        Organization(
            name=f"{rng.choice(QUALITIES).title()} {rng.choice(ACTIVITIES).title()} Trust {index}",
            description="Synthetic.",
        )
        for index in range(max(1, count // 5))
    ]
    Organization.objects.bulk_create(organizations, batch_size=batch_size)
    now = timezone.now()
    rowid = 0
    for batch in _batches(count, batch_size):
        services, locations, links, addresses, schedules, costs, attributes, documents = [], [], [], [], [], [], [], []
        for _ in batch:
            organization = rng.choice(organizations)
            activity = rng.choice(ACTIVITIES)
            term = rng.choice(terms)
            town = rng.choice(centres)
            name = f"{rng.choice(QUALITIES).title()} {activity} {rng.choice(SETTINGS)}"
            description = (
                f"A {rng.choice(QUALITIES)} {activity} {rng.choice(SETTINGS)} for {rng.choice(AUDIENCES)} in {town.name}. "
                f"Come along to meet people, try {rng.choice(ACTIVITIES)} and enjoy a cup of tea."
            )
            online = rng.random() < 0.12
            wheelchair = rng.random() < 0.6
            days = rng.sample(range(7), rng.choice([1, 1, 1, 2]))
            opens = time(rng.choice([9, 10, 10, 11, 13, 14, 18, 19]), rng.choice([0, 0, 30]))
            closes = time(min(opens.hour + rng.choice([1, 2, 2, 3]), 23), opens.minute)
            paid = rng.random() < 0.4
            rowid += 1
            document = "\n".join(
                [name, organization.name, description, term.name, term.parent.name if term.parent else "", town.name]
            )
            service = Service(
                organization=organization,
                name=name,
                description=description,
                state=PublicationState.PUBLISHED,
                last_modified=now,
                search_document=document,
                search_rowid=rowid if connection.vendor == "sqlite" else None,
                is_free=not paid,
                in_person=not online,
                online=online,
                wheelchair_accessible=wheelchair and not online,
                day_mask=sum(1 << day for day in days),
                period_mask=periods_of(opens, closes),
            )
            services.append(service)
            documents.append((rowid, document))
            location = Location(
                location_type=LocationType.VIRTUAL if online else LocationType.PHYSICAL,
                latitude=None if online else town.latitude + rng.gauss(0, 0.04),
                longitude=None if online else town.longitude + rng.gauss(0, 0.06),
                wheelchair_accessible=wheelchair and not online,
                name=f"{town.name} venue",
            )
            locations.append(location)
            links.append(ServiceAtLocation(service=service, location=location))
            if not online:
                addresses.append(
                    Address(
                        location=location,
                        address_1="1 Synthetic Street",
                        city=town.name,
                        state_province="Shire",
                        postal_code="ZZ99 3CZ",
                    )
                )
            schedules.append(
                Schedule(
                    service=service,
                    freq="WEEKLY",
                    byday=",".join(WEEKDAY_CODES[day] for day in sorted(days)),
                    opens_at=opens,
                    closes_at=closes,
                )
            )
            if paid:
                costs.append(CostOption(service=service, option="Per session", amount=rng.choice([2, 3, 3.5, 5, 8])))
            attributes.append(
                Attribute(link_entity=LinkEntity.SERVICE, link_id=service.id, link_type="category", taxonomy_term=term)
            )
        with transaction.atomic():
            Service.objects.bulk_create(services)
            Location.objects.bulk_create(locations)
            ServiceAtLocation.objects.bulk_create(links)
            Address.objects.bulk_create(addresses)
            Schedule.objects.bulk_create(schedules)
            CostOption.objects.bulk_create(costs)
            Attribute.objects.bulk_create(attributes)
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"INSERT INTO {fulltext.FTS_TABLE} (rowid, search_document) VALUES (%s, %s)",
                        documents,
                    )
        if report:
            report(batch.stop)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


DERIVED = ["search_document", "is_free", "in_person", "online", "wheelchair_accessible", "day_mask", "period_mask"]


def check_generated_sample(size: int = 20) -> list[str]:
    """Re-derive a sample through the real indexing code; any difference means the benchmark is not honest."""
    problems = []
    for service in Service.objects.order_by("?")[:size]:
        before = {name: getattr(service, name) for name in DERIVED if name != "search_document"}
        refresh_search_fields(service)
        service.refresh_from_db()
        after = {name: getattr(service, name) for name in DERIVED if name != "search_document"}
        if before != after:
            problems.append(f"{service.pk}: generated {before} but indexing gives {after}")
    return problems


@dataclass(frozen=True)
class Scenario:
    name: str
    queries: list[DirectoryQuery]


def scenarios(iterations: int, *, seed: int = 7) -> list[Scenario]:
    rng = random.Random(seed)
    centres = towns(random.Random(20261122))
    category_terms = list(
        TaxonomyTerm.objects.filter(taxonomy_id=TAXONOMY_ID, parent__isnull=True).values_list("id", flat=True)
    )

    def origin() -> Origin:
        town = rng.choice(centres)
        return Origin(town.latitude, town.longitude, town.name)

    def words() -> str:
        return rng.choice(ACTIVITIES)

    return [
        Scenario("words only", [DirectoryQuery(words=words()) for _ in range(iterations)]),
        Scenario(
            "words + postcode radius 10 km",
            [DirectoryQuery(words=words(), origin=origin(), radius_km=10) for _ in range(iterations)],
        ),
        Scenario(
            "category + day + free + wheelchair",
            [
                DirectoryQuery(
                    category_ids=(rng.choice(category_terms),),
                    days=frozenset({rng.randrange(7)}),
                    free_only=True,
                    wheelchair=True,
                )
                for _ in range(iterations)
            ],
        ),
        Scenario(
            "distance-sorted within 10 km",
            [DirectoryQuery(origin=origin(), radius_km=10, sort=SORT_DISTANCE) for _ in range(iterations)],
        ),
    ]


@dataclass(frozen=True)
class FloorSQL:
    count_sql: str
    count_params: list[Any]
    page_sql: str
    page_params: list[Any]


def floor_sql(query: DirectoryQuery) -> FloorSQL:
    """Hand-written SQL returning the same first page of ids (and the count) with nothing else."""
    where = ["s.state = 'published'", "s.status IN ('active', 'temporarily closed')"]
    params: list[Any] = []
    order = "s.name, s.id"
    order_params: list[Any] = []
    joins = ""
    if query.free_only:
        where.append("s.is_free")
    if query.wheelchair:
        where.append("s.wheelchair_accessible")
    if query.days:
        where.append(f"(s.day_mask & {sum(1 << day for day in query.days)}) > 0")
    if query.category_ids:
        children = list(TaxonomyTerm.objects.filter(parent_id__in=query.category_ids).values_list("id", flat=True))
        ids = [*query.category_ids, *children]
        placeholders = ", ".join(["%s"] * len(ids))
        where.append(
            f"s.id IN (SELECT a.link_id FROM directory_attribute a WHERE a.link_entity = 'service' AND a.taxonomy_term_id IN ({placeholders}))"
        )
        params.extend(term.hex if connection.vendor == "sqlite" else term for term in ids)
    words = fulltext.words_of(query.words)
    if words:
        if connection.vendor == "sqlite":
            joins = f" JOIN {fulltext.FTS_TABLE} f ON f.rowid = s.search_rowid"
            where.append(f"{fulltext.FTS_TABLE} MATCH %s")
            params.append(" ".join(f'"{word}"*' for word in words))
            order = "f.rank, s.name, s.id"
        else:
            tsquery = " & ".join(f"{word}:*" for word in words)
            where.append("s.search_vector @@ to_tsquery('english', %s)")
            params.append(tsquery)
            order = "ts_rank(s.search_vector, to_tsquery('english', %s)) DESC, s.name, s.id"
            order_params = [tsquery]
    distance = ""
    if query.origin is not None and query.radius_km:
        shrink = math.cos(math.radians(query.origin.latitude))
        min_lat, max_lat, min_lon, max_lon = bounding_box(
            query.origin.latitude, query.origin.longitude, query.radius_km
        )
        distance = (
            f"SELECT MIN((l.latitude - {query.origin.latitude}) * (l.latitude - {query.origin.latitude}) + "
            f"(l.longitude - {query.origin.longitude}) * {shrink} * (l.longitude - {query.origin.longitude}) * {shrink}) "
            "FROM directory_serviceatlocation sal JOIN directory_location l ON l.id = sal.location_id "
            f"WHERE sal.service_id = s.id AND l.location_type = 'physical' AND l.latitude BETWEEN {min_lat} AND {max_lat} "
            f"AND l.longitude BETWEEN {min_lon} AND {max_lon}"
        )
        within = f"{(query.radius_km / KM_PER_DEGREE_LATITUDE) ** 2}"
        where.append(
            "s.id IN (SELECT sal.service_id FROM directory_serviceatlocation sal "
            "JOIN directory_location l ON l.id = sal.location_id WHERE l.location_type = 'physical' "
            f"AND l.latitude BETWEEN {min_lat} AND {max_lat} AND l.longitude BETWEEN {min_lon} AND {max_lon} "
            f"AND (l.latitude - {query.origin.latitude}) * (l.latitude - {query.origin.latitude}) + "
            f"(l.longitude - {query.origin.longitude}) * {shrink} * (l.longitude - {query.origin.longitude}) * {shrink} "
            f"<= {within})"
        )
        if query.sort == SORT_DISTANCE or not words:
            order = f"({distance}), s.name, s.id"
            order_params = []
    condition = " AND ".join(where)
    return FloorSQL(
        count_sql=f"SELECT COUNT(*) FROM directory_service s{joins} WHERE {condition}",
        count_params=params,
        page_sql=f"SELECT s.id FROM directory_service s{joins} WHERE {condition} ORDER BY {order} LIMIT 20",
        page_params=params + order_params,
    )


def _run_floor(query: DirectoryQuery) -> list[object]:
    floor = floor_sql(query)
    with connection.cursor() as cursor:
        cursor.execute(floor.count_sql, floor.count_params)
        cursor.fetchone()
        cursor.execute(floor.page_sql, floor.page_params)
        return [row[0] for row in cursor.fetchall()]


def _run_real(query: DirectoryQuery) -> None:
    page = search_services(query, page=1, per_page=20)
    list(page.object_list)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Timing:
    scenario: str
    real_p50: float
    real_p95: float
    floor_p50: float
    floor_p95: float
    mean_results: float


def measure(iterations: int) -> list[Timing]:
    timings = []
    for scenario in scenarios(iterations):
        real: list[float] = []
        floor: list[float] = []
        totals = []
        for query in scenario.queries[:3]:  # warm caches and plans
            _run_real(query)
            _run_floor(query)
        for query in scenario.queries:
            started = clock.perf_counter()
            page = search_services(query, page=1, per_page=20)
            list(page.object_list)
            real.append((clock.perf_counter() - started) * 1000)
            totals.append(page.total)
            started = clock.perf_counter()
            _run_floor(query)
            floor.append((clock.perf_counter() - started) * 1000)
        timings.append(
            Timing(
                scenario.name,
                statistics.median(real),
                percentile(real, 0.95),
                statistics.median(floor),
                percentile(floor, 0.95),
                statistics.mean(totals),
            )
        )
    return timings


def first_page_matches_floor(query: DirectoryQuery) -> bool:
    """The floor must answer the same question, or the comparison means nothing."""
    floor_ids = [uuid.UUID(str(value)) for value in _run_floor(query)]
    real_ids = [result.service.pk for result in search_services(query, page=1, per_page=20).object_list]
    return floor_ids == real_ids

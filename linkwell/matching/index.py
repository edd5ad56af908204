"""A compact in-process index of the services matching may suggest, so a recommendation is pure CPU.

Built in a fixed handful of queries from every published, active service that is not full: ids, names,
coordinates, step-free venues, delivery, ages, audience, cost, schedules as time slots, categories and
how strongly each answers each need. Each process keeps its own copy. One cheap query (count and latest
change of the directory's services) says whether the directory has moved on; a web process asks it at
most every RECHECK_SECONDS. If it has, or after MAX_AGE_SECONDS regardless (for writes that bypass the
actions' last_modified, and provider figures), the index is rebuilt and swapped in whole (see
current_index for when that happens in the background). Nothing else is shared between requests.
"""

import logging
import math
import threading
import time as clock
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import time

from django.db import connections, transaction
from django.db.models import Count, Max, Q

from linkwell.casework.provider_stats import ProviderStats, stats_for_organizations
from linkwell.directory.models import (
    Accessibility,
    Attribute,
    CapacityStatus,
    LinkEntity,
    LocationType,
    PublicationState,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from linkwell.directory.schedules import AFTERNOON, EVENING, MORNING, ORDINALS, WEEKDAY_NAMES, periods_of, weekdays_of
from linkwell.lib.dates import format_time
from linkwell.lib.geo import bounding_box
from linkwell.matching import facts, lexicon
from linkwell.matching.text import stems
from linkwell.matching.types import Availability
from linkwell.matching.understanding import service_needs
from linkwell.referrals.needs import SUGGESTED_CATEGORIES

logger = logging.getLogger(__name__)

MAX_AGE_SECONDS = 300
# How often, outside a transaction, a process asks whether the directory has changed: a change made through
# the directory's actions shows in suggestions within this many seconds plus a background rebuild.
RECHECK_SECONDS = 5.0
GRID_DEGREES = 0.1
WEEKEND = frozenset({5, 6})
# How well a service in a need's top-level categories answers it, by the category's place in the list.
TOP_LEVEL_WEIGHTS = (0.8, 0.6, 0.5, 0.4)
BEST_SUBCATEGORY_WEIGHT = 1.0
# A service whose own description names the need, though its categories do not.
DESCRIPTION_WEIGHT = 0.6


@dataclass(frozen=True)
class Venue:
    latitude: float
    longitude: float
    step_free: bool


@dataclass
class IndexedService:
    id: uuid.UUID
    name: str
    organization_id: uuid.UUID
    organization_name: str
    categories: frozenset[str]
    # Need code → how well the service answers it (0 to 1).
    needs: dict[str, float]
    tokens: frozenset[str]
    venues: tuple[Venue, ...]
    by_phone: bool
    online: bool
    is_free: bool
    cost: str
    minimum_age: int | None
    maximum_age: int | None
    ages_for_children: bool
    audience: str
    waitlisted: bool
    # Availability slots its sessions fall in; None when it lists no times.
    slots: frozenset[Availability] | None
    when: str
    looks_like_group: bool
    provider: ProviderStats | None = None


@dataclass
class ServiceIndex:
    services: list[IndexedService]
    # Need code → (position in services, strength), strongest first.
    by_need: dict[str, list[tuple[int, float]]]
    by_category: dict[str, list[int]]
    version: tuple[object, ...]
    built_at: float
    # Grid cell (GRID_DEGREES square) → services with a venue in it; and the services that need no venue
    # (by phone or online) or list none, which no place can rule out by distance alone.
    grid: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    placeless: frozenset[int] = frozenset()
    build_seconds: float = 0.0

    def near(self, latitude: float, longitude: float, radius_km: float) -> set[int]:
        """Services with a venue possibly within radius_km (a superset: constraints measure exactly)."""
        min_lat, max_lat, min_lon, max_lon = bounding_box(latitude, longitude, radius_km)
        found: set[int] = set()
        for row in range(_cell(min_lat), _cell(max_lat) + 1):
            for column in range(_cell(min_lon), _cell(max_lon) + 1):
                found.update(self.grid.get((row, column), ()))
        return found


def _cell(degrees: float) -> int:
    return math.floor(degrees / GRID_DEGREES)


def directory_version() -> tuple[object, ...]:
    """One cheap query: changes whenever a service is added, removed or edited through the actions."""
    # Capacity and publication changes go through the actions too, which move last_modified on.
    row = Service.objects.aggregate(services=Count("id"), latest=Max("last_modified"))
    return (row["services"], row["latest"])


def need_strengths(categories: frozenset[str], text_needs: dict[str, int]) -> dict[str, float]:
    strengths: dict[str, float] = {}
    for need, top_levels in SUGGESTED_CATEGORIES.items():
        best = categories & set(lexicon.BEST_SUBCATEGORIES.get(need, ()))
        if not best and categories & set(lexicon.POOR_FITS.get(need, ())):
            # A youth club sits under families but does not help with parenting.
            continue
        strength = 0.0
        for place, top in enumerate(top_levels):
            if top in categories:
                strength = max(strength, TOP_LEVEL_WEIGHTS[min(place, len(TOP_LEVEL_WEIGHTS) - 1)])
        if best:
            strength = BEST_SUBCATEGORY_WEIGHT
        if need.value in text_needs:
            strength = max(strength, DESCRIPTION_WEIGHT)
        if strength:
            strengths[need.value] = strength
    return strengths


# The schedule fields that say which days a schedule runs on.
_RULE_FIELDS = ("freq", "byday", "interval", "dtstart", "bymonthday")


class _Rules:
    """Each distinct recurrence rule read once per build: a directory repeats the same few rules many times,
    and reading one means building a Schedule object."""

    def __init__(self) -> None:
        self._days: dict[tuple[object, ...], tuple[Schedule, frozenset[int] | None]] = {}

    def read(self, row: dict[str, object]) -> tuple[Schedule, frozenset[int] | None]:
        """The schedule's rule and its weekdays (None when the rule cannot be read)."""
        key = tuple(row[name] for name in _RULE_FIELDS)
        if key not in self._days:
            schedule = Schedule(**{name: row[name] for name in _RULE_FIELDS})
            try:
                days: frozenset[int] | None = frozenset(weekdays_of(schedule))
            except ValueError:
                days = None
            self._days[key] = (schedule, days)
        return self._days[key]


def _when(rows: list[dict[str, object]], rules: _Rules) -> str:
    """A short 'Wednesdays 2pm' for the first schedule, '(and other times)' when there are more."""
    for row in rows:
        opens = row["opens_at"]
        at = f" {format_time(opens)}" if isinstance(opens, time) else ""
        schedule, weekdays = rules.read(row)
        if not weekdays:
            continue
        days = sorted(weekdays)
        if schedule.freq == "MONTHLY" and schedule.byday and schedule.byday[0] in "-123456789":
            occurrence = int(schedule.byday.rstrip("MOTUWEHFRSA") or 1)
            text = f"{ORDINALS.get(occurrence, str(occurrence))} {WEEKDAY_NAMES[days[0]]} of the month{at}"
        else:
            names = [f"{WEEKDAY_NAMES[day]}s" for day in days]
            every = "every other " if (schedule.interval or 1) == 2 else ""
            text = f"{every}{', '.join(names[:-1]) + ' and ' + names[-1] if len(names) > 1 else names[0]}{at}"
        more = " (and other times)" if len(rows) > 1 else ""
        return text[0].upper() + text[1:] + more
    return ""


def _slots(rows: list[dict[str, object]], rules: _Rules) -> frozenset[Availability] | None:
    slots: set[Availability] = set()
    known = False
    for row in rows:
        _, days = rules.read(row)
        opens, closes = row["opens_at"], row["closes_at"]
        periods = periods_of(opens if isinstance(opens, time) else None, closes if isinstance(closes, time) else None)
        if not days or not periods:
            continue
        known = True
        if days - WEEKEND and periods & (MORNING | AFTERNOON):
            slots.add(Availability.WEEKDAY_DAYTIME)
        if periods & EVENING:
            slots.add(Availability.EVENINGS)
        if days & WEEKEND:
            slots.add(Availability.WEEKENDS)
    return frozenset(slots) if known else None


def build_index() -> ServiceIndex:
    started = clock.perf_counter()
    version = directory_version()
    suggestible = Service.objects.filter(state=PublicationState.PUBLISHED, status=ServiceStatus.ACTIVE).exclude(
        capacity_status=CapacityStatus.FULL
    )
    rows = list(
        suggestible.values(
            "id",
            "name",
            "description",
            "eligibility_description",
            "organization_id",
            "organization__name",
            "minimum_age",
            "maximum_age",
            "capacity_status",
            "is_free",
            "fees_description",
        )
    )
    categories: dict[uuid.UUID, set[str]] = defaultdict(set)
    for link_id, *terms in Attribute.objects.filter(
        link_entity=LinkEntity.SERVICE, link_id__in=suggestible.values("id")
    ).values_list(
        "link_id", "taxonomy_term__name", "taxonomy_term__parent__name", "taxonomy_term__parent__parent__name"
    ):
        categories[link_id].update(term for term in terms if term)
    notes: dict[uuid.UUID, list[str]] = defaultdict(list)
    for location_id, description, details in (
        Accessibility.objects.filter(location__service_at_locations__service__in=suggestible)
        .values_list("location_id", "description", "details")
        .distinct()
    ):
        notes[location_id].append(f"{description} {details}")
    venues: dict[uuid.UUID, list[Venue]] = defaultdict(list)
    phone: set[uuid.UUID] = set()
    online: set[uuid.UUID] = set()
    for (
        service_id,
        location_id,
        kind,
        latitude,
        longitude,
        accessible,
        name,
        description,
    ) in ServiceAtLocation.objects.filter(service__in=suggestible).values_list(
        "service_id",
        "location_id",
        "location__location_type",
        "location__latitude",
        "location__longitude",
        "location__wheelchair_accessible",
        "location__name",
        "location__description",
    ):
        if kind == LocationType.PHYSICAL and latitude is not None and longitude is not None:
            venues[service_id].append(Venue(latitude, longitude, facts.venue_step_free(accessible, notes[location_id])))
        elif kind == LocationType.VIRTUAL:
            (phone if facts.virtual_is_phone(name, description) else online).add(service_id)
    schedules: dict[uuid.UUID, list[dict[str, object]]] = defaultdict(list)
    for schedule_row in Schedule.objects.filter(
        Q(service__in=suggestible) | Q(service_at_location__service__in=suggestible)
    ).values(
        "service_id",
        "service_at_location__service_id",
        "freq",
        "byday",
        "interval",
        "dtstart",
        "bymonthday",
        "opens_at",
        "closes_at",
    ):
        schedules[schedule_row["service_id"] or schedule_row["service_at_location__service_id"]].append(
            dict(schedule_row)
        )
    providers = stats_for_organizations({row["organization_id"] for row in rows})

    services: list[IndexedService] = []
    rules = _Rules()
    # Reading words is most of the work, and listings repeat themselves (the same description or set of
    # categories under many services), so each distinct text and category set is read once.
    text_needs: dict[str, dict[str, int]] = {}
    strengths: dict[tuple[frozenset[str], frozenset[str]], dict[str, float]] = {}
    for row in rows:
        service_id = row["id"]
        names = frozenset(categories[service_id])
        text = f"{row['name']}\n{row['description']}"
        if text not in text_needs:
            text_needs[text] = service_needs(text)
        strengths_key = (names, frozenset(text_needs[text]))
        if strengths_key not in strengths:
            strengths[strengths_key] = need_strengths(names, text_needs[text])
        entry = IndexedService(
            id=service_id,
            name=row["name"],
            organization_id=row["organization_id"],
            organization_name=row["organization__name"],
            categories=names,
            needs=strengths[strengths_key],
            tokens=frozenset(stems(f"{text}\n{' '.join(names)}")),
            venues=tuple(venues[service_id]),
            by_phone=service_id in phone,
            online=service_id in online,
            is_free=row["is_free"],
            cost="free" if row["is_free"] else (row["fees_description"] or "costs money"),
            minimum_age=row["minimum_age"],
            maximum_age=row["maximum_age"],
            ages_for_children=facts.ages_apply_to_children(row["eligibility_description"], row["description"]),
            audience=facts.audience(row["eligibility_description"], row["description"]),
            waitlisted=row["capacity_status"] == CapacityStatus.WAITLIST,
            slots=_slots(schedules[service_id], rules),
            when=_when(schedules[service_id], rules),
            looks_like_group=bool(
                stems(row["name"]) and set(stems(row["name"])) & {"group", "club", "class", "circle", "choir"}
            )
            or any("group" in name.casefold() for name in names),
            provider=providers.get(row["organization_id"]),
        )
        services.append(entry)
    by_need: dict[str, list[tuple[int, float]]] = defaultdict(list)
    by_category: dict[str, list[int]] = defaultdict(list)
    for position, entry in enumerate(services):
        for code, strength in entry.needs.items():
            by_need[code].append((position, strength))
        for name in entry.categories:
            by_category[name].append(position)
    for postings in by_need.values():
        postings.sort(key=lambda posting: -posting[1])
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for position, entry in enumerate(services):
        for cell in {(_cell(venue.latitude), _cell(venue.longitude)) for venue in entry.venues}:
            grid[cell].append(position)
    return ServiceIndex(
        services=services,
        by_need=dict(by_need),
        by_category=dict(by_category),
        version=version,
        built_at=clock.monotonic(),
        grid=dict(grid),
        placeless=frozenset(
            position for position, entry in enumerate(services) if entry.by_phone or entry.online or not entry.venues
        ),
        build_seconds=clock.perf_counter() - started,
    )


_lock = threading.Lock()
_current: ServiceIndex | None = None
# When this process last asked for the directory's version and found its index current.
_checked_at = -math.inf
_rebuilding: threading.Thread | None = None


def current_index() -> ServiceIndex:
    """The index for the directory as it is now, give or take RECHECK_SECONDS.

    Outside a transaction (a web request) the version query runs at most every RECHECK_SECONDS, and when the
    directory has moved on the previous index goes on serving while a background thread builds the next:
    only a process's first recommendation waits for a build. Inside a transaction (an action, a management
    command, a test) the version is asked every time and a rebuild happens there and then, because the
    transaction may have changed the directory itself, which another thread's connection could not see.
    """
    global _current, _checked_at
    index = _current
    in_transaction = transaction.get_connection().in_atomic_block
    if index is not None and not in_transaction and clock.monotonic() - _checked_at < RECHECK_SECONDS:
        return index
    version = directory_version()
    if index is not None and _is_current(index, version):
        _checked_at = clock.monotonic()
        return index
    if index is not None and not in_transaction:
        _rebuild_in_background()
        return index
    with _lock:
        index = _current
        if index is None or not _is_current(index, version):
            index = build_index()
            _current = index
        _checked_at = clock.monotonic()
    return index


def _is_current(index: ServiceIndex, version: tuple[object, ...]) -> bool:
    return index.version == version and clock.monotonic() - index.built_at < MAX_AGE_SECONDS


def _rebuild_in_background() -> None:
    global _rebuilding
    with _lock:
        if _rebuilding is not None and _rebuilding.is_alive():
            return
        _rebuilding = threading.Thread(target=_rebuild, name="matching-index", daemon=True)
        _rebuilding.start()


def _rebuild() -> None:
    global _current, _checked_at
    try:
        index = build_index()
        with _lock:
            _current = index
            _checked_at = clock.monotonic()
    except Exception:
        # The previous index goes on serving; the next check after RECHECK_SECONDS tries again.
        logger.exception("Rebuilding the matching index failed")
    finally:
        # This thread's own database connection, which nothing else would close.
        connections.close_all()


def forget_index() -> None:
    """Drop this process's index (tests that rebuild the directory under the same version use this)."""
    global _current, _checked_at
    _current = None
    _checked_at = -math.inf

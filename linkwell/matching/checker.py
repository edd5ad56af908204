"""An independent check that a suggested service is one the person can use, for the evaluation harness.

It reads the service's own records afresh and applies the constraints in its own, deliberately plain way,
sharing no code with the engine's index, facts or constraints modules: if the engine gets a rule wrong,
the two disagree and the harness reports a violation instead of agreeing with the mistake. Where a fact
is not recorded (a service with no times), the checker cannot call it a violation and says "unverified".
"""

import re
import uuid
from dataclasses import dataclass, field

from linkwell.directory.models import CapacityStatus, LocationType, PublicationState, Service, ServiceStatus
from linkwell.directory.schedules import EVENING, periods_of, weekdays_of
from linkwell.lib.geo import distance_km
from linkwell.matching.types import Availability, PersonFacts, Point, Preferences

_WOMEN_WORDS = ("for women", "women only", "women-only", "ladies only", "for ladies", "for mums")
_MEN_WORDS = ("for men", "men only", "men-only", "for dads", "for fathers")
_NOT_STEP_FREE = ("stairs", "steps", "no lift", "uneven", "muddy", "stile", "first floor")
_STEP_FREE = ("step-free", "step free", "level", "ramp", "lift", "hoist", "wheelchair")


@dataclass
class Verdict:
    violations: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)


def _says_only_for(text: str, words: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(re.search(rf"\b{re.escape(word)}\b(?! and)", lowered) for word in words)


def _venue_step_free(location: object) -> bool:
    notes = " ".join(
        f"{note.description} {note.details}".lower()
        for note in location.accessibility.all()  # type: ignore[attr-defined]
    )
    cleaned = notes.replace("step-free", "").replace("step free", "")
    if any(word in cleaned for word in _NOT_STEP_FREE):
        return False
    return bool(location.wheelchair_accessible) or any(word in notes for word in _STEP_FREE)  # type: ignore[attr-defined]


def check(service_id: uuid.UUID, *, person: PersonFacts, preferences: Preferences, location: Point | None) -> Verdict:
    service = Service.objects.prefetch_related(
        "service_at_locations__location__accessibility", "schedules", "cost_options"
    ).get(pk=service_id)
    verdict = Verdict()
    problems = verdict.violations
    if service.state != PublicationState.PUBLISHED or service.status != ServiceStatus.ACTIVE:
        problems.append(f"not open: {service.state}, {service.status}")
    if service.capacity_status == CapacityStatus.FULL:
        problems.append("full")
    words = f"{service.eligibility_description}\n{service.description}"
    with_parent = "parent or carer" in words.lower() or "with a parent" in words.lower()
    if person.age is not None and not (with_parent and person.age >= 18):
        if service.minimum_age is not None and person.age < service.minimum_age:
            problems.append(f"too young: {person.age} < {service.minimum_age}")
        if service.maximum_age is not None and person.age > service.maximum_age:
            problems.append(f"too old: {person.age} > {service.maximum_age}")
    gender = (person.gender or "").lower()
    if _says_only_for(words, _WOMEN_WORDS) and gender not in ("female", "woman"):
        problems.append("for women only")
    if _says_only_for(words, _MEN_WORDS) and gender not in ("male", "man"):
        problems.append("for men only")
    if preferences.free_only and any(option.amount and option.amount > 0 for option in service.cost_options.all()):
        problems.append("charges")

    locations = [link.location for link in service.service_at_locations.all()]
    physical = [place for place in locations if place.location_type == LocationType.PHYSICAL]
    virtual = [place for place in locations if place.location_type == LocationType.VIRTUAL]
    phone = [place for place in virtual if "phone" in f"{place.name} {place.description}".lower()]
    remote_ok = bool(phone) or (bool(virtual) and not preferences.no_online)
    usable = [
        place
        for place in physical
        if (not preferences.wheelchair_access or _venue_step_free(place))
        and (
            location is None
            or preferences.max_distance_km is None
            or (
                place.latitude is not None
                and place.longitude is not None
                and distance_km(location.latitude, location.longitude, place.latitude, place.longitude)
                <= preferences.max_distance_km
            )
        )
    ]
    if not remote_ok and not usable:
        if preferences.no_online and virtual and not physical:
            problems.append("online only")
        elif preferences.wheelchair_access and physical:
            problems.append("no step-free venue in reach")
        elif preferences.max_distance_km is not None and physical:
            problems.append(f"further than {preferences.max_distance_km} km")
        elif preferences.max_distance_km is not None or preferences.no_online or preferences.wheelchair_access:
            problems.append("no usable venue")

    if preferences.availability:
        slots: set[Availability] = set()
        known = False
        for schedule in service.schedules.all():
            try:
                days = weekdays_of(schedule)
            except ValueError:
                continue
            periods = periods_of(schedule.opens_at, schedule.closes_at)
            if not days or not periods:
                continue
            known = True
            if any(day < 5 for day in days) and periods & ~EVENING:
                slots.add(Availability.WEEKDAY_DAYTIME)
            if periods & EVENING:
                slots.add(Availability.EVENINGS)
            if any(day >= 5 for day in days):
                slots.add(Availability.WEEKENDS)
        if not known:
            verdict.unverified.append("times not listed")
        elif not slots & preferences.availability:
            problems.append("not at a time that suits")
    return verdict

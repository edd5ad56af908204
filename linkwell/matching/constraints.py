"""The hard constraints: whether a person can use a service at all. A service that fails one is never
suggested. Where a fact is not known the rule is conservative (an unlisted venue does not count as
step-free; a women-only group is not offered when gender is not known), and where we still suggest it
the reasons say what to check ("times not listed")."""

from dataclasses import dataclass

from linkwell.lib.geo import distance_km
from linkwell.matching.facts import gender_group
from linkwell.matching.index import IndexedService
from linkwell.matching.types import PersonFacts, Point, Preferences

ADULT_AGE = 18


@dataclass(frozen=True)
class Fit:
    # The nearest venue the person can use, or None when they would take part by phone or online, or
    # when where they are is not known.
    distance_km: float | None
    # "by phone", "online" or "" (in person).
    remote: str
    # Things to check, for the reasons: "times not listed: check they suit".
    cautions: tuple[str, ...]


class Constraints:
    """One request's hard constraints, worked out once (who the person is, what they can reach) and then
    applied to each candidate service in turn: the per-service checks are plain comparisons, cheapest first."""

    def __init__(self, *, person: PersonFacts, preferences: Preferences, location: Point | None) -> None:
        self.age = person.age
        self.gender_group = gender_group(person.gender)
        self.preferences = preferences
        self.location = location
        # Nowhere listed at all is only acceptable when nothing about place matters.
        self.place_matters = (
            preferences.max_distance_km is not None or preferences.wheelchair_access or preferences.no_online
        )

    def _age_ok(self, service: IndexedService) -> bool:
        age = self.age
        if age is None:
            return True
        if service.ages_for_children and age >= ADULT_AGE:
            return True
        if service.minimum_age is not None and age < service.minimum_age:
            return False
        return service.maximum_age is None or age <= service.maximum_age

    def fit(self, service: IndexedService) -> Fit | None:
        """How the person could use the service, or None when a hard constraint rules it out."""
        preferences = self.preferences
        if preferences.free_only and not service.is_free:
            return None
        if service.audience and self.gender_group != service.audience:
            return None
        if not self._age_ok(service):
            return None
        cautions: list[str] = []
        if preferences.availability:
            if service.slots is None:
                cautions.append("times not listed: check they suit")
            elif not service.slots & preferences.availability:
                return None
        if self.age is None and (service.minimum_age is not None or service.maximum_age is not None):
            cautions.append(_age_range(service))

        location = self.location
        venues = [venue for venue in service.venues if venue.step_free or not preferences.wheelchair_access]
        nearest = (
            min(distance_km(location.latitude, location.longitude, venue.latitude, venue.longitude) for venue in venues)
            if location is not None and venues
            else None
        )
        in_reach = (
            location is None
            or preferences.max_distance_km is None
            or (nearest is not None and nearest <= preferences.max_distance_km)
        )
        if venues and in_reach:
            return Fit(nearest, "", tuple(cautions))
        if service.by_phone:
            return Fit(None, "by phone", tuple(cautions))
        if service.online and not preferences.no_online:
            return Fit(None, "online", tuple(cautions))
        if not service.venues and not self.place_matters:
            return Fit(None, "", (*cautions, "no venue listed"))
        return None


def _age_range(service: IndexedService) -> str:
    if service.minimum_age is not None and service.maximum_age is not None:
        return f"for ages {service.minimum_age} to {service.maximum_age}"
    if service.minimum_age is not None:
        return f"for ages {service.minimum_age} and over"
    return f"for ages up to {service.maximum_age}"

"""Scoring the engine (and two simple baselines) on referral vignettes: precision, need coverage and
constraint violations. Used by `linkwell eval_matching`; docs/matching.md reports the figures.

A vignette is what a referrer wrote, what is known about the person, their stated preferences and the
needs a link worker would look for (need codes from referrals.needs, or directory category names).
A suggestion fits an expected need when one of its categories is one of that need's categories in
referrals.needs.SUGGESTED_CATEGORIES (or is the named category). Violations come from matching.checker,
which reads each suggested service's records itself.
"""

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linkwell.directory.models import Attribute, LinkEntity
from linkwell.directory.postcodes import LocationNotFound, locate
from linkwell.directory.search import SORT_DISTANCE, SORT_RELEVANCE, DirectoryQuery, Origin, search_services
from linkwell.directory.taxonomy import CATEGORIES
from linkwell.matching.checker import check
from linkwell.matching.engine import recommend
from linkwell.matching.types import Availability, MatchRequest, PersonFacts, Point, Preferences
from linkwell.referrals.needs import SUGGESTED_CATEGORIES, Need

TOP_N = 10


class VignetteError(ValueError):
    """The vignette file cannot be read; str() says where."""


@dataclass(frozen=True)
class Vignette:
    id: str
    request: MatchRequest
    expected: tuple[str, ...]


@dataclass
class Score:
    vignette: str
    suggested: int
    fitting: int
    expected: int
    covered: int
    violations: list[str] = field(default_factory=list)
    unverified: int = 0

    @property
    def precision(self) -> float:
        return self.fitting / self.suggested if self.suggested else 0.0

    @property
    def coverage(self) -> float:
        return self.covered / self.expected if self.expected else 1.0


def _point(raw: dict[str, Any], where: str) -> Point | None:
    if not raw:
        return None
    if "postcode" in raw:
        try:
            found = locate(str(raw["postcode"]))
        except LocationNotFound as problem:
            raise VignetteError(f"{where}: {problem}") from None
        return Point(found.latitude, found.longitude)
    try:
        return Point(float(raw["latitude"]), float(raw["longitude"]))
    except (KeyError, TypeError, ValueError):
        raise VignetteError(f"{where}: location needs a postcode, or a latitude and a longitude") from None


def parse_vignette(raw: dict[str, Any], *, limit: int = TOP_N) -> Vignette:
    where = f"vignette {raw.get('id', '?')}"
    person = raw.get("person") or {}
    preferences = raw.get("preferences") or {}
    try:
        availability = frozenset(Availability(value) for value in preferences.get("availability", []))
        request = MatchRequest(
            text=str(raw.get("text", "")),
            needs=tuple(raw.get("needs", ())),
            location=_point(raw.get("location") or {}, where),
            person=PersonFacts(age=person.get("age"), gender=person.get("gender")),
            preferences=Preferences(
                max_distance_km=preferences.get("max_distance_km"),
                wheelchair_access=bool(preferences.get("wheelchair_access", False)),
                no_online=bool(preferences.get("no_online", False)),
                free_only=bool(preferences.get("free_only", False)),
                availability=availability,
            ),
            limit=limit,
        )
    except ValueError as problem:
        raise VignetteError(f"{where}: {problem}") from None
    expected = tuple(raw.get("expected_needs", ()))
    unknown = [item for item in expected if item not in Need.values and not _is_category(item)]
    if unknown:
        raise VignetteError(f"{where}: expected needs must be need codes or category names, not {unknown}")
    return Vignette(id=str(raw.get("id", "?")), request=request, expected=expected)


def _is_category(name: str) -> bool:
    return any(name == top or name in (child for child, _ in children) for top, _, children in CATEGORIES)


def load_vignettes(path: Path, *, limit: int = TOP_N) -> list[Vignette]:
    try:
        data = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as problem:
        raise VignetteError(f"{path}: {problem}") from None
    return [parse_vignette(raw, limit=limit) for raw in data.get("vignettes", [])]


def categories_fitting(expected: str) -> set[str]:
    if expected in Need.values:
        return set(SUGGESTED_CATEGORIES[Need(expected)])
    return {expected}


def service_categories(ids: list[uuid.UUID]) -> dict[uuid.UUID, set[str]]:
    names: dict[uuid.UUID, set[str]] = {service_id: set() for service_id in ids}
    for link_id, *terms in Attribute.objects.filter(link_entity=LinkEntity.SERVICE, link_id__in=ids).values_list(
        "link_id", "taxonomy_term__name", "taxonomy_term__parent__name"
    ):
        names[link_id].update(term for term in terms if term)
    return names


def score(vignette: Vignette, suggested: list[uuid.UUID]) -> Score:
    categories = service_categories(suggested)
    wanted = {item: categories_fitting(item) for item in vignette.expected}
    fitting = sum(1 for service_id in suggested if any(categories[service_id] & fit for fit in wanted.values()))
    covered = sum(1 for fit in wanted.values() if any(categories[service_id] & fit for service_id in suggested))
    result = Score(vignette.id, len(suggested), fitting, len(vignette.expected), covered)
    request = vignette.request
    for service_id in suggested:
        verdict = check(service_id, person=request.person, preferences=request.preferences, location=request.location)
        result.violations += [f"{service_id}: {problem}" for problem in verdict.violations]
        result.unverified += len(verdict.unverified)
    return result


def engine_suggestions(request: MatchRequest) -> list[uuid.UUID]:
    return [suggestion.service_id for suggestion in recommend(request).suggestions]


def _directory_query(request: MatchRequest, words: str = "") -> DirectoryQuery:
    origin = Origin(request.location.latitude, request.location.longitude, "") if request.location else None
    preferences = request.preferences
    return DirectoryQuery(
        words=words,
        origin=origin,
        radius_km=preferences.max_distance_km if origin else None,
        free_only=preferences.free_only,
        wheelchair=preferences.wheelchair_access,
        sort=SORT_DISTANCE if not words else SORT_RELEVANCE,
    )


def nearest_first(request: MatchRequest) -> list[uuid.UUID]:
    """Baseline: the nearest services the directory search gives with the person's filters."""
    page = search_services(_directory_query(request), per_page=request.limit)
    return [result.service.pk for result in page.object_list]


_STOPWORDS = frozenset(
    [
        "about",
        "after",
        "also",
        "been",
        "could",
        "does",
        "doing",
        "from",
        "have",
        "having",
        "hers",
        "into",
        "just",
        "like",
        "lives",
        "more",
        "most",
        "much",
        "since",
        "some",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "they",
        "this",
        "very",
        "what",
        "when",
        "which",
        "with",
        "would",
        "year",
        "years",
        "wants",
    ]
)


def text_search(request: MatchRequest) -> list[uuid.UUID]:
    """Baseline: the directory's own text search for each word of the referral, services ranked by how many
    words found them (a search for the whole text at once finds nothing, as every word must match)."""
    votes: dict[uuid.UUID, int] = {}
    words = [word for word in re.findall(r"[a-z]+", request.text.lower()) if len(word) > 3 and word not in _STOPWORDS]
    for word in dict.fromkeys(words):
        for result in search_services(_directory_query(request, word), per_page=request.limit).object_list:
            votes[result.service.pk] = votes.get(result.service.pk, 0) + 1
    return sorted(votes, key=lambda service_id: -votes[service_id])[: request.limit]


METHODS: dict[str, Callable[[MatchRequest], list[uuid.UUID]]] = {
    "engine": engine_suggestions,
    "nearest first": nearest_first,
    "text search": text_search,
}


def evaluate(vignettes: list[Vignette], method: Callable[[MatchRequest], list[uuid.UUID]]) -> list[Score]:
    return [score(vignette, method(vignette.request)) for vignette in vignettes]

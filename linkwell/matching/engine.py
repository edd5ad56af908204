"""recommend(): a short, diverse, explained list of services a person can use, for the needs their referral
shows. See docs/matching.md for the design and docs/adr/0008-matching-engine.md for the choices.

1. Understand the text (matching.understanding) and merge what it makes clear with explicit preferences.
2. For each need, take the services that answer it from the index and drop any the person cannot use
   (matching.constraints) or has said no to.
3. Score each for that need: how well it answers it, how near, whether its times suit, cost, how the
   provider answers referrals, and whether it also covers the person's other needs.
4. Pick round-robin across the needs, so three needs get three different kinds of help before any need
   gets a second, and a second service of a kind already picked counts for less.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

from linkwell.matching.constraints import Constraints, Fit
from linkwell.matching.index import IndexedService, ServiceIndex, current_index
from linkwell.matching.types import MatchRequest, MatchResult, Point, Suggestion, UnderstoodNeed
from linkwell.matching.understanding import Understanding, merged_preferences, understand
from linkwell.referrals.needs import Need

# Distance halves a nearby service's advantage about every DISTANCE_SCALE_KM * ln 2 (≈ 3.5 km).
DISTANCE_SCALE_KM = 5.0
# How a service used by phone or online compares with one on the doorstep.
REMOTE_NEARNESS = 0.55
NAMED_BONUS = 0.25  # the service names what the person has ("diabetes group" for diabetes)
LIKED_BONUS = 0.2  # in a category the person enjoys ("likes singing")
OTHER_NEED_BONUS = 0.1  # each other need of the person's the service also answers (up to two)
GROUP_PENALTY = 0.4  # a group, for someone who has said groups are not for them
WAITLIST_PENALTY = 0.15
UNKNOWN_TIMES_PENALTY = 0.15
REPEAT_KIND_PENALTY = 0.25  # per service already picked in the same categories
MINIMUM_STRENGTH = 0.4
SHORTLIST = 40
SEARCH_RADIUS_KM = 30.0
MINIMUM_NEARBY = 50


@dataclass
class Candidate:
    service: IndexedService
    fit: Fit
    need: str
    strength: float
    score: float


def recommend(request: MatchRequest) -> MatchResult:
    understood = understand(request.text, request.needs)
    index = current_index()
    suggestions = _rank(index, request, understood)
    return MatchResult(suggestions=suggestions, needs=understood.needs, ruled_out=understood.ruled_out)


def _rank(index: ServiceIndex, request: MatchRequest, understood: Understanding) -> list[Suggestion]:
    preferences = merged_preferences(request.preferences, understood)
    needs = [need for need in understood.needs if need.code != Need.OTHER]
    codes = [need.code for need in needs]
    fits: dict[int, Fit | None] = {}
    reachable = _reachable(index, request.location, preferences.max_distance_km)
    constraints = Constraints(person=request.person, preferences=preferences, location=request.location)
    ruled_out = understood.ruled_out_categories

    def usable(position: int) -> Fit | None:
        if position not in fits:
            service = index.services[position]
            fits[position] = None if ruled_out and service.categories & ruled_out else constraints.fit(service)
        return fits[position]

    per_need: dict[str, list[Candidate]] = {}
    for need in needs:
        candidates = []
        for position, strength in index.by_need.get(need.code, ()):
            if strength < MINIMUM_STRENGTH:
                break  # postings are strongest first
            if (reachable is not None and position not in reachable) or (place := usable(position)) is None:
                continue
            service = index.services[position]
            score = _score(service, place, need.code, strength, codes, understood)
            candidates.append(Candidate(service, place, need.code, strength, score))
        candidates.sort(key=lambda candidate: (-candidate.score, candidate.service.name))
        per_need[need.code] = candidates
    if not needs and understood.liked_categories:
        per_need["interest"] = _by_interest(index, request, understood, usable)
    picked = _round_robin(per_need, limit=max(0, request.limit))
    return [_suggestion(candidate, needs, codes, preferences.wheelchair_access) for candidate in picked]


def _reachable(index: ServiceIndex, location: Point | None, max_distance_km: float | None) -> set[int] | None:
    """The services worth measuring from where the person is, or None for all of them.

    Without a stated limit, services beyond SEARCH_RADIUS_KM are not considered unless too few are nearer:
    at that distance the distance factor has fallen to its floor, and a nearer service of the same kind wins.
    """
    if location is None:
        return None
    radius = max_distance_km if max_distance_km is not None else SEARCH_RADIUS_KM
    nearby = index.near(location.latitude, location.longitude, radius) | index.placeless
    if max_distance_km is None and len(nearby) < MINIMUM_NEARBY:
        return None
    return nearby


def _by_interest(
    index: ServiceIndex, request: MatchRequest, understood: Understanding, usable: Callable[[int], Fit | None]
) -> list[Candidate]:
    positions = {position for name in understood.liked_categories for position in index.by_category.get(name, ())}
    candidates = []
    for position in sorted(positions):
        if (place := usable(position)) is not None:
            service = index.services[position]
            candidates.append(Candidate(service, place, "", 1.0, _score(service, place, "", 1.0, [], understood)))
    candidates.sort(key=lambda candidate: (-candidate.score, candidate.service.name))
    return candidates


def _score(
    service: IndexedService, place: Fit, need: str, strength: float, codes: list[str], understood: Understanding
) -> float:
    relevance = strength
    if service.tokens & understood.evidence_stems.get(need, set()):
        relevance += NAMED_BONUS
    if service.categories & understood.liked_categories:
        relevance += LIKED_BONUS
    others = sum(1 for code in codes if code != need and service.needs.get(code, 0) >= MINIMUM_STRENGTH)
    relevance += OTHER_NEED_BONUS * min(others, 2)
    nearness = math.exp(-place.distance_km / DISTANCE_SCALE_KM) if place.distance_km is not None else REMOTE_NEARNESS
    score = relevance * (0.5 + 0.5 * nearness)
    if service.is_free:
        score += 0.05
    if service.provider is not None and service.provider.acceptance_percent is not None:
        score += 0.05 * service.provider.acceptance_percent / 100
        if service.provider.response_days is not None and service.provider.response_days <= 3:
            score += 0.03
    if service.waitlisted:
        score -= WAITLIST_PENALTY
    if place.cautions and "times not listed: check they suit" in place.cautions:
        score -= UNKNOWN_TIMES_PENALTY
    if understood.avoid_groups and service.looks_like_group:
        score -= GROUP_PENALTY
    return round(score, 4)


def _round_robin(per_need: dict[str, list[Candidate]], *, limit: int) -> list[Candidate]:
    """Each need in turn takes its best remaining service, counting a kind already picked for less.

    Only the best SHORTLIST of each need are considered: with `limit` picks and a bounded penalty, a service
    further down cannot win.
    """
    picked: list[Candidate] = []
    taken: set[object] = set()
    kinds: dict[str, int] = {}
    queues = {need: candidates[:SHORTLIST] for need, candidates in per_need.items() if candidates}
    while len(picked) < limit and queues:
        for need in list(queues):
            queue = [candidate for candidate in queues[need] if candidate.service.id not in taken]
            if not queue:
                del queues[need]
                continue
            # Ties go to the earlier (better ranked before penalties) candidate.
            best = queue[0]
            best_value = best.score - _repeats(best, kinds)
            for candidate in queue[1:]:
                value = candidate.score - _repeats(candidate, kinds)
                if value > best_value:
                    best, best_value = candidate, value
            picked.append(best)
            taken.add(best.service.id)
            for name in best.service.categories:
                kinds[name] = kinds.get(name, 0) + 1
            queues[need] = queue
            if len(picked) == limit:
                break
    return picked


def _repeats(candidate: Candidate, kinds: dict[str, int]) -> float:
    # The most specific shared category decides: two walking groups repeat; a walk and a swim do not.
    shared = [kinds[name] for name in candidate.service.categories if name in kinds]
    return REPEAT_KIND_PENALTY * min(shared) if shared else 0.0


def _distance_text(distance: float) -> str:
    return f"{distance:.1f} km" if distance < 10 else f"{distance:.0f} km"


def _suggestion(
    candidate: Candidate, needs: list[UnderstoodNeed], codes: list[str], step_free_asked: bool
) -> Suggestion:
    service = candidate.service
    answered = tuple(code for code in codes if service.needs.get(code, 0) >= MINIMUM_STRENGTH)
    labels = {need.code: need.label.casefold() for need in needs}
    reasons: list[str] = []
    if answered:
        reasons.append("matches: " + ", ".join(labels[code] for code in answered))
    if candidate.fit.distance_km is not None:
        reasons.append(_distance_text(candidate.fit.distance_km))
    if candidate.fit.remote:
        reasons.append(candidate.fit.remote)
    if service.when:
        reasons.append(service.when)
    reasons.append(service.cost)
    if step_free_asked and not candidate.fit.remote:
        reasons.append("step-free access")
    if service.waitlisted:
        reasons.append("waiting list")
    reasons.extend(candidate.fit.cautions)
    if service.provider is not None and service.provider.response_days is not None:
        reasons.append(f"provider usually answers within {service.provider.response_days} days")
    return Suggestion(
        service_id=service.id,
        name=service.name,
        organisation_name=service.organization_name,
        score=candidate.score,
        distance_km=round(candidate.fit.distance_km, 2) if candidate.fit.distance_km is not None else None,
        needs=answered,
        reasons=tuple(reasons),
        waitlisted=service.waitlisted,
    )

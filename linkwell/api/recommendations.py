"""POST /api/v1/recommendations: suggest directory services for a person described in the request.

Translate the JSON into the engine's MatchRequest, ask matching.engine, translate the answer back. The request
is not stored and nothing personal is read, so nothing is audited: the API reads only the public directory.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from ninja import Router
from ninja.decorators import decorate_view

from linkwell.api.problems import FieldProblem, problems_body
from linkwell.api.schemas import ProblemsOut, RecommendationIn, RecommendationsOut
from linkwell.directory.postcodes import LocationNotFound, locate
from linkwell.lib.http import declared_body_too_large
from linkwell.matching.engine import recommend
from linkwell.matching.types import MatchRequest, MatchResult, PersonFacts, Point, Preferences

# Room for the longest text allowed even if every character arrives as a six-byte JSON escape, and for the
# rest of the request: anything bigger is not a request this endpoint can use, so it is refused unread.
MAX_BODY_BYTES = 64 * 1024

router = Router(tags=["Matching"])


def _limit_body(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def limited(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if declared_body_too_large(request, MAX_BODY_BYTES):
            return JsonResponse(
                problems_body(None, f"Keep the request body to {MAX_BODY_BYTES // 1024} KB or less."), status=413
            )
        return view(request, *args, **kwargs)

    return limited


@router.post(
    "/recommendations",
    response={200: RecommendationsOut, 401: ProblemsOut, 403: ProblemsOut, 413: ProblemsOut, 422: ProblemsOut},
    summary="Suggest community services for a person",
    description=(
        "Describe the person in their own or the referrer's words, with what you know about where they are, "
        "who they are and what they can do. Every field is optional: one left out is no constraint. Linkwell "
        "understands the needs in the text, leaves out every service the person cannot use (age, gender, "
        "distance, step-free access, online-only, cost, times, full services) and returns the best fits, each "
        "with its reasons. The text is used for this answer only and never stored."
    ),
    operation_id="recommend_services",
)
@decorate_view(_limit_body)
def recommendations(request: HttpRequest, payload: RecommendationIn) -> RecommendationsOut:
    result = recommend(match_request_from(payload))
    return _answer(request, result)


def match_request_from(payload: RecommendationIn) -> MatchRequest:
    """The engine's question. Raises FieldProblem for what the schema alone cannot check."""
    person = payload.person
    preferences = payload.preferences
    gender = (person.gender or "").strip().casefold() if person else ""
    return MatchRequest(
        text=payload.text,
        needs=tuple(dict.fromkeys(need.value for need in payload.needs)),
        location=_point(payload),
        person=PersonFacts(age=person.age if person else None, gender=gender or None),
        preferences=Preferences(
            max_distance_km=preferences.max_distance_km,
            wheelchair_access=preferences.wheelchair_access,
            no_online=preferences.no_online,
            free_only=preferences.free_only,
            availability=frozenset(preferences.availability),
        )
        if preferences
        else Preferences(),
        limit=payload.limit,
    )


def _point(payload: RecommendationIn) -> Point | None:
    location = payload.location
    if location is None:
        return None
    has_coordinates = location.latitude is not None or location.longitude is not None
    if location.postcode is not None:
        if has_coordinates:
            raise FieldProblem("location", "Give a postcode or a latitude and longitude, not both.")
        try:
            found = locate(location.postcode)
        except LocationNotFound as not_found:
            raise FieldProblem("location.postcode", str(not_found)) from None
        return Point(latitude=found.latitude, longitude=found.longitude)
    if location.latitude is None and location.longitude is not None:
        raise FieldProblem("location.latitude", "Give the latitude as well as the longitude.")
    if location.longitude is None and location.latitude is not None:
        raise FieldProblem("location.longitude", "Give the longitude as well as the latitude.")
    if location.latitude is None or location.longitude is None:
        return None
    return Point(latitude=location.latitude, longitude=location.longitude)


def _answer(request: HttpRequest, result: MatchResult) -> RecommendationsOut:
    return RecommendationsOut.model_validate(
        {
            "results": [
                {
                    "service_id": suggestion.service_id,
                    "name": suggestion.name,
                    "score": round(suggestion.score, 4),
                    "distance_km": None if suggestion.distance_km is None else round(suggestion.distance_km, 2),
                    "needs": list(suggestion.needs),
                    "reasons": list(suggestion.reasons),
                    "waitlisted": suggestion.waitlisted,
                    "url": request.build_absolute_uri(
                        reverse("directory:service", kwargs={"service_id": suggestion.service_id})
                    ),
                }
                for suggestion in result.suggestions
            ],
            "needs": [{"code": need.code, "label": need.label, "evidence": need.evidence} for need in result.needs],
        }
    )

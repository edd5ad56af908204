"""The JSON the API takes and gives, as typed schemas; the OpenAPI document at /api/v1/openapi.json is made from
these. Unknown fields are refused, so a misspelt constraint ("max_distance") is a 422, never silently ignored."""

import uuid

from ninja import Field, Schema
from pydantic import ConfigDict

from linkwell.matching.types import Availability
from linkwell.referrals.needs import Need

TEXT_LIMIT = 5000
MOST_RESULTS = 50


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class LocationIn(Strict):
    """Where the person is: a postcode, or a latitude and longitude; not both."""

    postcode: str | None = Field(
        None,
        max_length=100,
        description="A UK postcode. An outward code (CM1) or a town name also works, less precisely.",
        examples=["CM1 1AA"],
    )
    latitude: float | None = Field(None, ge=-90, le=90, examples=[51.7356], allow_inf_nan=False)
    longitude: float | None = Field(None, ge=-180, le=180, examples=[0.4685], allow_inf_nan=False)


class PersonIn(Strict):
    """What a service's eligibility may depend on. Leave out what you do not know."""

    age: int | None = Field(None, ge=0, le=130, description="In whole years.", examples=[81])
    gender: str | None = Field(
        None,
        max_length=50,
        description='"female", "male" or the word the person uses; only women-only and men-only services use it.',
        examples=["female"],
    )


class PreferencesIn(Strict):
    """Constraints no suggestion will break. Each one left out means no constraint."""

    max_distance_km: float | None = Field(
        None, gt=0, le=500, description="How far the person can travel to an in-person service.", examples=[8]
    )
    wheelchair_access: bool = Field(False, description="Only services with step-free access.")
    no_online: bool = Field(False, description="The person cannot use online-only services.")
    free_only: bool = Field(False, description="Only services that are free.")
    availability: list[Availability] = Field(
        default_factory=list,
        max_length=len(Availability),
        description="When the person can go. Empty: any time.",
        examples=[["weekday_daytime", "evenings"]],
    )


class RecommendationIn(Strict):
    text: str = Field(
        "",
        max_length=TEXT_LIMIT,
        description="The referrer's or the person's own words. Used to understand needs; never stored.",
        examples=["Lonely since her husband died, scared of falling, doesn't use a computer"],
    )
    needs: list[Need] = Field(
        default_factory=list,
        max_length=len(Need),
        description="Need codes already known (Linkwell's referral reasons), as well as or instead of text.",
        examples=[["bereavement", "loneliness"]],
    )
    location: LocationIn | None = None
    person: PersonIn | None = None
    preferences: PreferencesIn | None = None
    limit: int = Field(10, ge=1, le=MOST_RESULTS, description="How many services to suggest at most.")


class ResultOut(Schema):
    service_id: uuid.UUID = Field(description="The service's id, as in the ORUK API at /oruk/services/{id}.")
    name: str
    score: float = Field(description="How well the service fits, for ordering; higher is better.")
    distance_km: float | None = Field(description="From the person, for in-person services; null if unknown.")
    needs: list[str] = Field(description="The need codes this service answers, in the order of the person's needs.")
    reasons: list[str] = Field(
        description="Why it was suggested, in short phrases.", examples=[["matches: bereavement", "1.2 km", "free"]]
    )
    waitlisted: bool = Field(description="The service has a waiting list.")
    url: str = Field(description="The service's page in the Linkwell directory.")


class NeedOut(Schema):
    code: str
    label: str
    evidence: str = Field(description='The words that gave the need away ("husband died"), or "referral reason".')


class RecommendationsOut(Schema):
    results: list[ResultOut]
    needs: list[NeedOut] = Field(description="The needs Linkwell understood from the text and the need codes.")


class ProblemOut(Schema):
    field: str | None = Field(
        description='The field at fault, as a path such as "location.postcode"; null when it is not one field.'
    )
    message: str


class ProblemsOut(Schema):
    detail: list[ProblemOut]

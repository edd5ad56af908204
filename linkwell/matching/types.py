"""What the matching engine is asked and what it answers. The engine (matching.engine.recommend), the JSON
API, the case page and the inbox preview all speak these types."""

import enum
import uuid
from dataclasses import dataclass, field


class Availability(enum.StrEnum):
    WEEKDAY_DAYTIME = "weekday_daytime"
    EVENINGS = "evenings"
    WEEKENDS = "weekends"


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class PersonFacts:
    """What is known about the person that services' eligibility depends on. None means unknown."""

    age: int | None = None
    # "female", "male" or another word the person uses; only women-only and men-only services depend on it.
    gender: str | None = None


@dataclass(frozen=True)
class Preferences:
    """Constraints the person has. Every default means "no constraint"."""

    max_distance_km: float | None = None
    wheelchair_access: bool = False
    no_online: bool = False
    free_only: bool = False
    # Empty: any time suits.
    availability: frozenset[Availability] = frozenset()


@dataclass(frozen=True)
class MatchRequest:
    text: str = ""
    # Need codes already known (referrals.needs.Need values), e.g. the referral's reasons.
    needs: tuple[str, ...] = ()
    location: Point | None = None
    person: PersonFacts = field(default_factory=PersonFacts)
    preferences: Preferences = field(default_factory=Preferences)
    limit: int = 10


@dataclass(frozen=True)
class UnderstoodNeed:
    code: str
    label: str
    # The words in the text that gave it away ("husband died"), or "referral reason".
    evidence: str


@dataclass(frozen=True)
class Suggestion:
    service_id: uuid.UUID
    name: str
    organisation_name: str
    score: float
    distance_km: float | None
    # Need codes this service answers, in the order of the person's needs.
    needs: tuple[str, ...]
    # Short phrases a link worker reads at a glance: "matches: bereavement", "1.2 km", "Wednesdays 2pm",
    # "free", "step-free access", "waiting list".
    reasons: tuple[str, ...]
    waitlisted: bool = False


@dataclass(frozen=True)
class MatchResult:
    suggestions: list[Suggestion]
    needs: list[UnderstoodNeed]
    # Needs the text rules out ("doesn't want counselling"), as need codes or directory category names.
    ruled_out: list[str] = field(default_factory=list)

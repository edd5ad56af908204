"""What the matching engine is asked about a person, from what Linkwell has recorded about them: the referral
(before a case exists, for the inbox preview) or the case (the referral plus the link worker's conversation and
the person's goals).

Only what the record really says becomes a constraint. Nothing here guesses: no email address does not mean no
internet, and an unknown gender or age is left unknown, so the engine does not rule out services on a hunch.
"""

from datetime import date

from django.utils import timezone

from linkwell.casework.models import Case, Conversation, Goal, GoalStatus
from linkwell.directory.postcodes import LocationNotFound, locate
from linkwell.matching.types import MatchRequest, PersonFacts, Point, Preferences
from linkwell.people.models import Person, StatedGender
from linkwell.referrals.inbox_queries import age_on
from linkwell.referrals.models import Referral
from linkwell.referrals.needs import Need

# Only these stated genders say which single-sex groups a person belongs in; "indeterminate" and "not known"
# leave the question to the link worker, as unknown.
_GENDER_WORDS = {StatedGender.FEMALE: "female", StatedGender.MALE: "male"}

# Words in the person's recorded access needs that mean they need step-free access.
_STEP_FREE_WORDS = ("wheelchair", "step-free", "step free", "mobility scooter")

# A person referred for help getting online cannot use an online-only service yet.
_OFFLINE_NEEDS = frozenset({Need.DIGITAL_EXCLUSION})


def request_for_referral(referral: Referral, person: Person, *, limit: int, today: date | None = None) -> MatchRequest:
    """For a referral no one has worked on yet: its reasons and the referrer's words. One or two queries (to
    place the person's postcode)."""
    return _request(person, reasons=referral.reasons, texts=[referral.reason_text], limit=limit, today=today)


def request_for_case(case: Case, *, limit: int, today: date | None = None) -> MatchRequest:
    """For an open case: the referral, the latest "what matters" conversation and the goals still being worked
    on. Three or four queries."""
    conversation = Conversation.objects.filter(case=case).order_by("-held_on", "-recorded_at").first()
    goals = Goal.objects.filter(plan__case=case, status=GoalStatus.ACTIVE).values_list("text", flat=True)
    texts = [case.referral.reason_text]
    if conversation is not None:
        texts += [conversation.what_matters, conversation.barriers, conversation.notes]
    texts += list(goals)
    return _request(case.person, reasons=case.referral.reasons, texts=texts, limit=limit, today=today)


def _request(person: Person, *, reasons: list[str], texts: list[str], limit: int, today: date | None) -> MatchRequest:
    needs = tuple(code for code in reasons if code in Need.values and code != Need.OTHER)
    return MatchRequest(
        text="\n\n".join(text.strip() for text in texts if text and text.strip()),
        needs=needs,
        location=_home_of(person),
        person=PersonFacts(
            age=age_on(person.date_of_birth, today or timezone.localdate()),
            gender=_GENDER_WORDS.get(StatedGender(person.stated_gender)) if person.stated_gender else None,
        ),
        preferences=Preferences(
            wheelchair_access=needs_step_free_access(person),
            no_online=any(code in _OFFLINE_NEEDS for code in needs),
        ),
        limit=limit,
    )


def needs_step_free_access(person: Person) -> bool:
    recorded = person.accessible_formats.casefold()
    return any(word in recorded for word in _STEP_FREE_WORDS)


def _home_of(person: Person) -> Point | None:
    """Where the person lives: their postcode, or else their town. None when neither can be placed (nothing
    recorded, or an NHS pseudo-postcode for no fixed abode and no town), so distance does not count."""
    for place in (person.postcode, person.town):
        if not place:
            continue
        try:
            found = locate(place)
        except LocationNotFound:
            continue
        return Point(latitude=found.latitude, longitude=found.longitude)
    return None

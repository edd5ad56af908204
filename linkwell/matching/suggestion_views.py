"""The "Suggested services" shown where link workers decide where a person could go: on the case page and
above the onward-referral search (each with one click to the referral's confirm page), and as a short preview
on a referral in the team inbox, before anyone has spoken to the person.

The engine (matching.engine) ranks the directory; this module says what to ask it about the person
(matching.from_records), leaves out services the case has already used, and works out what the link worker
can do with each suggestion. A fixed number of queries, however many services the directory holds."""

from dataclasses import dataclass
from typing import Any

from linkwell.accounts.models import User
from linkwell.casework.access import may_work_on_case
from linkwell.casework.models import Case, CaseStatus, OnwardReferral, Signposting
from linkwell.casework.onward_display import offer_of
from linkwell.directory.models import Service
from linkwell.matching.engine import recommend
from linkwell.matching.from_records import request_for_case, request_for_referral
from linkwell.matching.types import Suggestion, UnderstoodNeed
from linkwell.people.models import Person
from linkwell.referrals.models import Referral

CASE_SUGGESTIONS = 5
INBOX_PREVIEW = 3
# However many services a case has already used, the engine is asked for no more than an API caller may ask.
MOST_SUGGESTIONS = 50


@dataclass(frozen=True)
class SuggestedService:
    suggestion: Suggestion
    # What a link worker can do with the service: casework.onward_display's REFER, WAITLIST, SIGNPOST or FULL;
    # None where nothing can be done yet (the inbox preview, before a case exists), so it is not looked up.
    offer: str | None


@dataclass(frozen=True)
class Suggestions:
    services: list[SuggestedService]
    # What the engine understood the person needs, so the link worker can tell why these were chosen.
    needs: list[UnderstoodNeed]


def case_section(case: Case, user: User) -> dict[str, Any]:
    """What this area shows on the case page (matching/case/_suggestions.html): suggestions only while the case
    is open, and only to those who may refer from it."""
    if case.status != CaseStatus.OPEN or not may_work_on_case(user, case):
        return {"suggestions": None}
    return {"suggestions": suggestions_for_case(case)}


def suggestions_for_case(case: Case, *, limit: int = CASE_SUGGESTIONS) -> Suggestions:
    """The best services for the person that the case has not already referred or signposted them to."""
    used = set(
        OnwardReferral.objects.filter(case=case)
        .order_by()
        .values_list("service_id", flat=True)
        .union(Signposting.objects.filter(case=case).order_by().values_list("service_id", flat=True))
    )
    # Ask for enough that leaving out the services already used still leaves `limit`.
    result = recommend(request_for_case(case, limit=min(limit + len(used), MOST_SUGGESTIONS)))
    kept = [suggestion for suggestion in result.suggestions if suggestion.service_id not in used][:limit]
    services = Service.objects.filter(pk__in=[suggestion.service_id for suggestion in kept]).only(
        "id", "referral_method", "capacity_status"
    )
    offers = {service.pk: offer_of(service) for service in services}
    return Suggestions(
        services=[
            SuggestedService(suggestion=suggestion, offer=offers[suggestion.service_id])
            for suggestion in kept
            # A service deleted since the engine looked at the directory is not offered.
            if suggestion.service_id in offers
        ],
        needs=result.needs,
    )


def inbox_preview(referral: Referral, person: Person) -> Suggestions:
    result = recommend(request_for_referral(referral, person, limit=INBOX_PREVIEW))
    return Suggestions(
        services=[SuggestedService(suggestion=suggestion, offer=None) for suggestion in result.suggestions],
        needs=result.needs,
    )

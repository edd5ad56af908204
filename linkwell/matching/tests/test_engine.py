from datetime import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from linkwell.directory.models import Accessibility, CapacityStatus, Location, LocationType, Service, ServiceAtLocation
from linkwell.directory.tests.builders import CHELMSFORD, make_service
from linkwell.matching.engine import recommend
from linkwell.matching.types import Availability, MatchRequest, PersonFacts, Point, Preferences

pytestmark = pytest.mark.django_db

BEREAVEMENT = (("Bereavement support groups", "Bereavement"),)
HERE = Point(*CHELMSFORD)


def names(request: MatchRequest) -> list[str]:
    return [suggestion.name for suggestion in recommend(request).suggestions]


def grief(**preferences: object) -> MatchRequest:
    return MatchRequest(
        text="Grieving since her husband died",
        location=HERE,
        person=PersonFacts(age=70, gender="female"),
        preferences=Preferences(**preferences),  # type: ignore[arg-type]
    )


def test_a_fitting_service_is_suggested_with_reasons() -> None:
    make_service(
        "Bereavement café", categories=BEREAVEMENT, wheelchair=True, byday="WE", opens=time(14), closes=time(16)
    )
    [suggestion] = recommend(grief(wheelchair_access=True)).suggestions
    assert suggestion.name == "Bereavement café"
    assert suggestion.needs[0] == "bereavement"
    assert suggestion.reasons[:5] == ("matches: bereavement", "0.0 km", "Wednesdays 2pm", "free", "step-free access")


@pytest.mark.parametrize(
    ("change", "preferences", "person"),
    [
        ({"state": "draft"}, {}, {}),
        ({"status": "temporarily closed"}, {}, {}),
        ({"capacity_status": CapacityStatus.FULL}, {}, {}),
        ({"minimum_age": 75}, {}, {}),
        ({"maximum_age": 65}, {}, {}),
        ({"eligibility_description": "A group for men only."}, {}, {}),
        ({"description": "A bereavement group for women who have lost a partner."}, {}, {"gender": None}),
    ],
)
def test_a_service_the_person_is_not_eligible_for_is_never_suggested(change, preferences, person) -> None:
    service = make_service("Bereavement café", categories=BEREAVEMENT)
    Service.objects.filter(pk=service.pk).update(**change)
    request = grief(**preferences)
    if person:
        request = MatchRequest(text=request.text, location=HERE, person=PersonFacts(age=70, **person))
    assert names(request) == []


def test_too_far_is_excluded_but_phone_services_are_not_limited_by_distance() -> None:
    make_service("Far café", categories=BEREAVEMENT, at=(51.89, 0.90))  # Colchester, about 35 km
    phone = make_service("Grief line", categories=BEREAVEMENT, at=None)
    line = Location.objects.create(name="By phone", location_type=LocationType.VIRTUAL, description="We call you.")
    ServiceAtLocation.objects.create(service=phone, location=line)
    assert names(grief(max_distance_km=10)) == ["Grief line"]


def test_online_only_is_excluded_for_someone_without_internet() -> None:
    make_service("Online grief group", categories=BEREAVEMENT, at=None, online=True)
    assert names(grief()) == ["Online grief group"]
    assert names(grief(no_online=True)) == []
    assert names(MatchRequest(text="Grieving, no internet", location=HERE)) == []


def test_step_free_needs_the_flag_or_the_notes_and_no_note_against_it() -> None:
    unmarked = make_service("Unmarked hall", categories=BEREAVEMENT)
    stairs = make_service("Upstairs room", categories=BEREAVEMENT, wheelchair=True)
    Accessibility.objects.create(
        location=stairs.service_at_locations.get().location, description="First floor, stairs only"
    )
    noted = make_service("Ramped hall", categories=BEREAVEMENT)
    Accessibility.objects.create(location=noted.service_at_locations.get().location, description="Step-free access")
    assert unmarked.wheelchair_accessible is False
    assert names(grief(wheelchair_access=True)) == ["Ramped hall"]
    assert names(MatchRequest(text="Grieving, can't manage stairs", location=HERE)) == ["Ramped hall"]


def test_free_only_excludes_services_that_charge() -> None:
    make_service("Paid café", categories=BEREAVEMENT, cost=Decimal("3"))
    make_service("Free café", categories=BEREAVEMENT)
    assert names(grief(free_only=True)) == ["Free café"]


def test_availability_comes_from_the_schedules_and_unknown_times_are_said() -> None:
    make_service("Day café", categories=BEREAVEMENT, byday="WE", opens=time(10), closes=time(12))
    make_service("Evening café", categories=BEREAVEMENT, byday="WE", opens=time(18), closes=time(20))
    make_service("Saturday café", categories=BEREAVEMENT, byday="SA", opens=time(10), closes=time(12))
    make_service("Café with no times", categories=BEREAVEMENT)
    suggestions = recommend(grief(availability=frozenset({Availability.EVENINGS}))).suggestions
    assert [suggestion.name for suggestion in suggestions] == ["Evening café", "Café with no times"]
    assert "times not listed: check they suit" in suggestions[1].reasons
    assert names(grief(availability=frozenset({Availability.WEEKENDS}))) == ["Saturday café", "Café with no times"]


def test_waitlisted_services_are_marked() -> None:
    service = make_service("Counselling", categories=(("Bereavement counselling", "Bereavement"),))
    Service.objects.filter(pk=service.pk).update(capacity_status=CapacityStatus.WAITLIST)
    [suggestion] = recommend(grief()).suggestions
    assert suggestion.waitlisted
    assert "waiting list" in suggestion.reasons


def test_ruled_out_support_is_not_suggested() -> None:
    make_service("Counselling", categories=(("Bereavement counselling", "Bereavement"),))
    make_service("Bereavement café", categories=BEREAVEMENT)
    result = recommend(MatchRequest(text="Grieving but doesn't want counselling", location=HERE))
    assert [suggestion.name for suggestion in result.suggestions] == ["Bereavement café"]
    assert "Bereavement counselling" in result.ruled_out


def test_several_needs_are_each_covered_before_any_gets_a_second() -> None:
    for number in range(4):
        make_service(f"Bereavement group {number}", categories=BEREAVEMENT)
    make_service("Debt advice", categories=(("Debt advice", "Money, debt and benefits"),))
    make_service("Food bank", categories=(("Food banks", "Food"),))
    suggestions = recommend(MatchRequest(text="Widowed, in debt and has no food", location=HERE, limit=3)).suggestions
    assert {suggestion.name for suggestion in suggestions} == {"Food bank", "Debt advice", "Bereavement group 0"}


def test_nearer_ranks_higher_among_equals() -> None:
    make_service("Further café", categories=BEREAVEMENT, at=(51.80, 0.55))
    make_service("Nearer café", categories=BEREAVEMENT, at=(51.74, 0.47))
    assert names(grief()) == ["Nearer café", "Further café"]


def test_the_index_follows_directory_changes() -> None:
    service = make_service("Bereavement café", categories=BEREAVEMENT)
    assert names(grief()) == ["Bereavement café"]
    make_service("Second café", categories=BEREAVEMENT)
    assert sorted(names(grief())) == ["Bereavement café", "Second café"]
    # Archiving through the actions moves last_modified on; the count stays the same.
    Service.objects.filter(pk=service.pk).update(
        state="archived", last_modified=service.last_modified.replace(year=2030)
    )
    assert names(grief()) == ["Second café"]


def test_a_warm_recommendation_makes_one_query() -> None:
    make_service("Bereavement café", categories=BEREAVEMENT)
    recommend(grief())
    with CaptureQueriesContext(connection) as queries:
        recommend(grief())
        recommend(MatchRequest(text="no food and lonely", location=HERE))
    assert len(queries.captured_queries) == 2

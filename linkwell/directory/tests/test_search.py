from datetime import time
from decimal import Decimal
from typing import Any

import pytest

from linkwell.directory.models import PublicationState, ServiceStatus
from linkwell.directory.search import SORT_DISTANCE, SORT_NAME, DirectoryQuery, Origin, search_services
from linkwell.directory.taxonomy import term_id
from linkwell.directory.tests.builders import CHELMSFORD, make_service
from linkwell.lib.geo import distance_km

pytestmark = pytest.mark.django_db

CM1 = Origin(latitude=CHELMSFORD[0], longitude=CHELMSFORD[1], label="CM1 1AA")
GENTLE = (("Gentle exercise", "Physical activity"),)


def names(query: DirectoryQuery) -> list[str]:
    return [result.service.name for result in search_services(query).object_list]


def test_words_match_whole_words_prefixes_and_stems():
    make_service("Riverside Walking Group", description="A friendly walk along the river.")
    make_service("Debt Advice Drop-in", description="Free confidential money advice.")

    assert names(DirectoryQuery(words="walk")) == ["Riverside Walking Group"]
    assert names(DirectoryQuery(words="walks")) == ["Riverside Walking Group"]
    assert names(DirectoryQuery(words="money advice")) == ["Debt Advice Drop-in"]
    assert names(DirectoryQuery(words="money walking")) == []


def test_search_words_cannot_inject_full_text_syntax():
    make_service("Art Club", description="Painting and drawing.")

    for text in ['"', "art OR", "NEAR(art)", "art*", "-art", "art:*", "(art", "';--"]:
        search_services(DirectoryQuery(words=text))


def test_only_published_visible_services_are_found():
    make_service("Published Choir")
    make_service("Draft Choir", state=PublicationState.DRAFT)
    make_service("Archived Choir", state=PublicationState.ARCHIVED)
    make_service("Closed Choir", status=ServiceStatus.DEFUNCT)
    make_service("Paused Choir", status=ServiceStatus.TEMPORARILY_CLOSED)

    assert names(DirectoryQuery(words="choir", sort=SORT_NAME)) == ["Paused Choir", "Published Choir"]


def test_free_wheelchair_and_delivery_filters():
    make_service("Free Accessible", wheelchair=True)
    make_service("Paid Accessible", wheelchair=True, cost=Decimal("3.50"))
    make_service("Free Stepped")
    make_service("Phone Befriending", at=None, online=True)

    assert names(DirectoryQuery(free_only=True, wheelchair=True)) == ["Free Accessible"]
    assert names(DirectoryQuery(delivery="online")) == ["Phone Befriending"]
    assert "Phone Befriending" not in names(DirectoryQuery(delivery="in_person"))


def test_a_zero_cost_option_still_counts_as_free():
    make_service("Suggested Donation Club", cost=Decimal("0"))

    assert names(DirectoryQuery(free_only=True)) == ["Suggested Donation Club"]


def test_day_and_time_of_day_filters():
    make_service("Wednesday Morning", byday="WE", opens=time(10), closes=time(11, 30))
    make_service("Thursday Evening", byday="TH", opens=time(19), closes=time(21))
    make_service("Saturday Afternoon", byday="SA", opens=time(14), closes=time(16))

    assert names(DirectoryQuery(days=frozenset({2}))) == ["Wednesday Morning"]
    assert names(DirectoryQuery(times=frozenset({"evening"}))) == ["Thursday Evening"]
    assert names(DirectoryQuery(times=frozenset({"weekend"}))) == ["Saturday Afternoon"]
    assert names(DirectoryQuery(times=frozenset({"morning", "weekend"}), sort=SORT_NAME)) == [
        "Saturday Afternoon",
        "Wednesday Morning",
    ]


def test_choosing_a_category_includes_its_sub_categories():
    make_service("Health Walk", categories=(("Walking groups", "Physical activity"),))
    make_service("Chair Yoga", categories=GENTLE)
    make_service("Food Bank", categories=(("Food banks", "Food"),))

    found = names(DirectoryQuery(category_ids=(term_id("Physical activity"),), sort=SORT_NAME))

    assert found == ["Chair Yoga", "Health Walk"]
    assert names(DirectoryQuery(category_ids=(term_id("Walking groups", "Physical activity"),))) == ["Health Walk"]


def test_distance_filter_and_order_use_true_distances():
    make_service("Near", at=(51.7400, 0.4700))  # about 0.5 km
    make_service("Middle", at=(51.7356, 0.5300))  # about 4.2 km east
    make_service("Far", at=(51.6300, 0.6100))  # about 15 km
    make_service("Online Only", at=None, online=True)

    page = search_services(DirectoryQuery(origin=CM1, radius_km=5, sort=SORT_DISTANCE))

    assert [result.service.name for result in page.object_list] == ["Near", "Middle"]
    near, middle = page.object_list
    assert near.distance_km == pytest.approx(distance_km(*CHELMSFORD, 51.7400, 0.4700))
    assert middle.distance_km == pytest.approx(4.24, abs=0.05)


def test_the_nearest_of_several_locations_counts():
    service = make_service("Two Venues", at=(51.6300, 0.6100))
    from linkwell.directory.models import Location, LocationType, ServiceAtLocation

    second = Location.objects.create(location_type=LocationType.PHYSICAL, latitude=51.7370, longitude=0.4690)
    ServiceAtLocation.objects.create(service=service, location=second)

    page = search_services(DirectoryQuery(origin=CM1, radius_km=1))

    assert [result.service.name for result in page.object_list] == ["Two Venues"]
    assert (page.object_list[0].distance_km or 0) < 0.2


def test_free_gentle_exercise_on_wednesday_within_5_km_wheelchair_accessible():
    wanted: dict[str, Any] = {
        "categories": GENTLE,
        "wheelchair": True,
        "byday": "WE",
        "opens": time(10),
        "closes": time(11),
    }
    make_service("Seated Strength", description="Gentle exercise from a chair.", at=(51.7420, 0.4800), **wanted)
    make_service("Costs Money", description="Gentle exercise.", cost=Decimal("3"), **wanted)
    make_service("Too Far", description="Gentle exercise.", at=(51.6300, 0.6100), **wanted)
    make_service("Stairs Only", description="Gentle exercise.", categories=GENTLE, byday="WE", opens=time(10))
    make_service("Thursday Class", description="Gentle exercise.", categories=GENTLE, wheelchair=True, byday="TH")

    query = DirectoryQuery(
        words="gentle exercise", origin=CM1, radius_km=5, days=frozenset({2}), free_only=True, wheelchair=True
    )

    assert names(query) == ["Seated Strength"]


def test_relevance_puts_name_matches_first():
    make_service("Yoga for Beginners", description="Stretch and breathe.")
    make_service("Community Centre Timetable", description="Lots on, including yoga on Fridays and bingo.")

    assert names(DirectoryQuery(words="yoga"))[0] == "Yoga for Beginners"


def test_a_results_page_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    for number in range(25):
        make_service(f"Group {number}", byday="MO", opens=time(10), cost=Decimal("2"), categories=GENTLE)

    with django_assert_max_num_queries(8):
        page = search_services(DirectoryQuery(origin=CM1, radius_km=10), per_page=20)
        assert len(page.object_list) == 20
        assert all(result.next_session and result.categories and result.cost == "£2" for result in page.object_list)

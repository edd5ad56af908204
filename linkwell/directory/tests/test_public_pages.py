import uuid
from datetime import time
from decimal import Decimal

import pytest
from django.test import Client

from linkwell.directory.models import PublicationState
from linkwell.directory.taxonomy import term_id
from linkwell.directory.tests.builders import make_service

pytestmark = pytest.mark.django_db


def test_the_search_page_lists_published_services_to_anyone():
    make_service("Riverside Walking Group")
    make_service("Hidden Draft", state=PublicationState.DRAFT)

    response = Client().get("/services/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Riverside Walking Group" in page
    assert "Hidden Draft" not in page


def test_searching_near_a_postcode_shows_distances_in_km_and_miles():
    make_service("Seated Strength", at=(51.7420, 0.4800), byday="WE", opens=time(10), closes=time(11))

    response = Client().get("/services/", {"location": "CM1 1AA", "radius": "5"})

    page = response.content.decode()
    assert "1 service" in page
    assert "within 5 km of" in page
    assert "km (" in page
    assert "miles)" in page


def test_the_full_filter_set_finds_the_one_right_service():
    gentle = (("Gentle exercise", "Physical activity"),)
    make_service(
        "Seated Strength",
        description="Gentle exercise.",
        at=(51.7420, 0.4800),
        wheelchair=True,
        byday="WE",
        opens=time(10),
        closes=time(11),
        categories=gentle,
    )
    make_service(
        "Paid Chair Class",
        description="Gentle exercise.",
        wheelchair=True,
        byday="WE",
        opens=time(10),
        cost=Decimal("3"),
        categories=gentle,
    )

    response = Client().get(
        "/services/",
        {
            "q": "gentle exercise",
            "location": "cm1 1aa",
            "radius": "5",
            "days": "2",
            "free": "on",
            "wheelchair": "on",
            "category": str(term_id("Physical activity")),
        },
    )

    page = response.content.decode()
    assert "Seated Strength" in page
    assert "Paid Chair Class" not in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"location": "SW1A 1AA"}, "We could not find"),
        ({"location": "12345"}, "Enter a real postcode"),
        ({"location": "ZZ99 3VZ"}, "pseudo-postcode"),
        ({"location": "Atlantis"}, "Atlantis"),
        ({"sort": "distance"}, "Enter a postcode or town to sort by distance"),
        ({"radius": "7000"}, "Choose a distance from the list"),
        ({"category": "not-a-category"}, "Choose a category from the list"),
    ],
)
def test_bad_search_input_gets_a_clear_message_not_a_crash(params, message):
    response = Client().get("/services/", params)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()


def test_a_typed_town_works_instead_of_a_postcode():
    make_service("Colchester Choir", at=(51.8892, 0.9042), town="Colchester", postcode="CO1 1AA")

    response = Client().get("/services/", {"location": "colchester", "radius": "5"})

    assert "Colchester Choir" in response.content.decode()


def test_the_service_page_shows_what_a_person_needs_to_go():
    service = make_service(
        "Seated Strength",
        description="Gentle exercise from a chair.",
        wheelchair=True,
        byday="WE",
        opens=time(10),
        closes=time(11, 30),
        cost=Decimal("2.50"),
    )

    page = Client().get(f"/services/{service.pk}/").content.decode()

    for text in [
        "Seated Strength",
        "Chelmer Community Trust",
        "Every Wednesday, 10am to 11:30am",
        "1 High Street",
        "CM1 1AA",
        "£2.50",
        "Wheelchair accessible.",
        "How to go or be referred",
        "Next session",
    ]:
        assert text in page, text


@pytest.mark.parametrize("state", [PublicationState.DRAFT, PublicationState.ARCHIVED])
def test_unpublished_and_unknown_services_are_not_found(state):
    hidden = make_service("Hidden", state=state)

    assert Client().get(f"/services/{hidden.pk}/").status_code == 404
    assert Client().get(f"/services/{uuid.uuid4()}/").status_code == 404
    assert Client().get("/services/not-a-uuid/").status_code == 404


def test_listing_text_is_escaped():
    make_service("<script>alert(1)</script> Club", description="<b>bold</b>")

    page = Client().get("/services/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_results_are_paginated_and_keep_the_filters():
    for number in range(25):
        make_service(f"Group {number:02d}", byday="MO", opens=time(10))

    first = Client().get("/services/", {"days": "0", "sort": "name"}).content.decode()
    second = Client().get("/services/", {"days": "0", "sort": "name", "page": "2"}).content.decode()

    assert "Group 00" in first
    assert "Group 19" in first
    assert "Group 20" not in first
    assert "Group 20" in second
    assert "Group 24" in second
    assert "days=0&amp;sort=name&amp;page=2" in first


def test_a_postcode_located_only_to_its_district_says_so():
    make_service("Seated Strength", at=(51.7420, 0.4800))

    page = Client().get("/services/", {"location": "CM1 1AA"}).content.decode()

    assert "measured from the middle of the CM1 area" in page

from datetime import time
from urllib.parse import urlencode

import pytest

from linkwell.directory.models import Schedule
from linkwell.oruk.tests.fixtures import ART, BEFRIENDING, PHYSICAL_ACTIVITY, WALKING

pytestmark = pytest.mark.django_db


def names(client, endpoint: str = "services", **params: object) -> list[str]:
    response = client.get(f"/oruk/{endpoint}?{urlencode(params)}")
    assert response.status_code == 200, response.content
    contents = response.json()["contents"]
    return [item["service"]["name"] if endpoint == "service_at_locations" else item["name"] for item in contents]


def test_search_matches_words_and_prefixes_in_published_services_only(client, directory):
    assert names(client, search="walk") == ["Riverside Walking Group"]
    assert names(client, search="printmaking young") == ["Young Makers Art Club"]
    assert names(client, search="supper") == []


def test_a_taxonomy_term_finds_services_under_it_as_well(client, directory):
    assert names(client, taxonomy_term_id=WALKING) == ["Riverside Walking Group"]
    assert names(client, taxonomy_term_id=PHYSICAL_ACTIVITY) == ["Riverside Walking Group"]
    assert names(client, taxonomy_term_id=ART) == ["Young Makers Art Club"]
    assert names(client, taxonomy_term_id="00000000-0000-4000-8000-000000000000") == []


def test_a_taxonomy_finds_services_with_any_of_its_terms(client, directory):
    assert names(client, taxonomy_id=directory.local_taxonomy.pk) == ["Telephone Befriending"]
    assert len(names(client, taxonomy_id=directory.taxonomy.pk)) == 3


def test_an_organization_finds_its_published_services(client, directory):
    assert names(client, organization_id=directory.trust.pk) == ["Riverside Walking Group", "Telephone Befriending"]
    assert names(client, organization_id=directory.hidden_org.pk) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-01-01", ["Riverside Walking Group", "Telephone Befriending"]),
        ("2026-01-01T00:00:00.001Z", ["Riverside Walking Group"]),
        ("2026-03-15T10:30:45.123Z", ["Riverside Walking Group"]),
        ("2026-03-15T11:30:45.124+01:00", []),
        # The plus sign of an offset, left unencoded, arrives as a space.
        ("2026-03-15T11:30:45 01:00", ["Riverside Walking Group"]),
        ("2020-01-01T00:00:00", ["Riverside Walking Group", "Telephone Befriending", "Young Makers Art Club"]),
    ],
)
def test_modified_after_includes_the_moment_itself(client, directory, value, expected):
    assert names(client, modified_after=value) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"minimum_age": 50}, ["Riverside Walking Group", "Telephone Befriending"]),
        ({"minimum_age": 16}, ["Telephone Befriending", "Young Makers Art Club"]),
        ({"minimum_age": 16, "maximum_age": 25}, ["Telephone Befriending", "Young Makers Art Club"]),
        ({"minimum_age": 16, "maximum_age": 30}, ["Telephone Befriending"]),
        ({"maximum_age": 80}, ["Riverside Walking Group", "Telephone Befriending"]),
        ({"minimum_age": 12.5}, ["Telephone Befriending"]),
    ],
)
def test_every_age_given_must_be_one_the_service_accepts(client, directory, params, expected):
    assert names(client, **params) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"day": "MO"}, ["Riverside Walking Group"]),
        ({"day": "monday"}, ["Riverside Walking Group"]),
        ({"day": "sa"}, ["Young Makers Art Club"]),
        ({"day": "Wednesday"}, ["Young Makers Art Club"]),
        # A weekly rule with no byday repeats on the weekday of its dtstart (a Friday).
        ({"day": "FR"}, ["Telephone Befriending"]),
        ({"day": "SU"}, []),
        ({"day": "2MO"}, ["Riverside Walking Group"]),
        ({"start_time": "10:00"}, ["Riverside Walking Group", "Telephone Befriending", "Young Makers Art Club"]),
        ({"start_time": "10:00:01"}, ["Telephone Befriending", "Young Makers Art Club"]),
        ({"end_time": "15:00"}, ["Riverside Walking Group", "Telephone Befriending"]),
        ({"start_time": "12:00", "end_time": "16:00"}, ["Telephone Befriending"]),
        ({"day": "MO", "start_time": "12:00"}, []),
        ({"day": "WE", "end_time": "20:00"}, ["Young Makers Art Club"]),
    ],
)
def test_day_and_times_must_hold_on_one_schedule(client, directory, params, expected):
    assert names(client, **params) == expected


def test_postcode_and_proximity_find_services_within_that_many_metres(client, directory):
    # CM1 1AA is about 1.1 km north of the walking group's venue and 35 km from Colchester.
    assert names(client, postcode="CM1 1AA", proximity=2000) == ["Riverside Walking Group"]
    assert names(client, postcode="cm11aa", proximity=1000) == []
    assert names(client, postcode="CM1 1AA", proximity=50_000) == ["Riverside Walking Group", "Young Makers Art Club"]
    assert names(client, postcode="CO1 1AA", proximity=10) == ["Young Makers Art Club"]


def test_filters_combine_with_and(client, directory):
    assert names(client, organization_id=directory.trust.pk, search="walk") == ["Riverside Walking Group"]
    assert names(client, organization_id=directory.trust.pk, search="painting") == []
    assert names(client, taxonomy_term_id=WALKING, day="MO", minimum_age=60, postcode="CM1 1AA", proximity=2000) == [
        "Riverside Walking Group"
    ]
    assert names(client, taxonomy_term_id=WALKING, day="TU") == []
    assert names(client, taxonomy_term_id=BEFRIENDING, minimum_age=18, modified_after="2026-01-01") == [
        "Telephone Befriending"
    ]


def test_blank_parameters_mean_no_filter(client, directory):
    assert len(names(client, search="", day="", postcode="", proximity="", taxonomy_id="")) == 3


def test_service_at_locations_take_the_service_filters(client, directory):
    assert names(client, "service_at_locations") == ["Riverside Walking Group", "Young Makers Art Club"]
    assert names(client, "service_at_locations", search="painting") == ["Young Makers Art Club"]
    assert names(client, "service_at_locations", day="MO", minimum_age=50) == ["Riverside Walking Group"]
    assert names(client, "service_at_locations", taxonomy_term_id=PHYSICAL_ACTIVITY, search="walk") == [
        "Riverside Walking Group"
    ]
    assert names(client, "service_at_locations", organization_id=directory.arts.pk, search="walk") == []


def test_proximity_on_service_at_locations_measures_each_links_own_location(client, directory):
    assert names(client, "service_at_locations", postcode="CO1 1AA", proximity=3000) == ["Young Makers Art Club"]
    assert names(client, "service_at_locations", postcode="CM1 1AA", proximity=3000, search="walk") == [
        "Riverside Walking Group"
    ]


def test_taxonomy_terms_filter_by_taxonomy_parent_and_top_level(client, directory):
    def term_names(**params: object) -> list[str]:
        body = client.get(f"/oruk/taxonomy_terms?per_page=1000&{urlencode(params)}").json()
        return [term["name"] for term in body["contents"]]

    assert term_names(taxonomy_id=directory.local_taxonomy.pk) == ["Older people"]
    assert term_names(parent_id=BEFRIENDING) == []
    assert "Walking groups" in term_names(parent_id=PHYSICAL_ACTIVITY)
    top = term_names(taxonomy_id=directory.taxonomy.pk, top_only="true")
    assert "Physical activity" in top
    assert "Walking groups" not in top


def test_a_day_with_a_week_of_the_month_matches_that_week_or_every_such_weekday(client, directory):
    Schedule.objects.create(service=directory.art, freq="MONTHLY", byday="-1SU", opens_at=time(11), closes_at=time(12))

    assert names(client, day="-1SU") == ["Young Makers Art Club"]
    assert names(client, day="1SU") == []
    assert names(client, day="SU") == ["Young Makers Art Club"]
    # Every Saturday includes the first and the last one.
    assert names(client, day="1SA") == ["Young Makers Art Club"]
    assert names(client, day="-1sa") == ["Young Makers Art Club"]
    assert names(client, day="1FR") == ["Telephone Befriending"]

import math
import re
import uuid

import pytest
from django.core.management import call_command
from django.db.models import QuerySet

from linkwell.accounts.demo import load_accounts
from linkwell.directory import fulltext
from linkwell.directory.demo import SERVICES, load_directory
from linkwell.directory.demo_services import LOCATIONS, ORGANIZATIONS, demo_id
from linkwell.directory.models import (
    Accessibility,
    Address,
    Attribute,
    CapacityStatus,
    Contact,
    CostOption,
    Funding,
    Language,
    LinkEntity,
    Location,
    LocationType,
    Organization,
    OrganizationIdentifier,
    Phone,
    PublicationState,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
)
from linkwell.directory.taxonomy import CATEGORIES, term_id

pytestmark = pytest.mark.django_db

CHELMSFORD = (51.7356, 0.4685)  # the centre used for CM1 1AA
WEDNESDAY = 1 << 2
DRAMA_NUMBER = re.compile(r"^(01632 960\d{3}|07700 900\d{3})$")

CHILD_MODELS = (
    Organization,
    OrganizationIdentifier,
    Funding,
    Service,
    Location,
    ServiceAtLocation,
    Address,
    Accessibility,
    Phone,
    Contact,
    Schedule,
    CostOption,
    Language,
    ServiceArea,
    Attribute,
)


@pytest.fixture
def directory() -> int:
    load_accounts()
    return load_directory()


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in CHILD_MODELS}


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def published() -> QuerySet[Service]:
    return Service.objects.filter(state=PublicationState.PUBLISHED)


def services_in(category: str, parent: str | None = None) -> set[uuid.UUID]:
    return set(
        Attribute.objects.filter(
            link_entity=LinkEntity.SERVICE, taxonomy_term_id=term_id(category, parent)
        ).values_list("link_id", flat=True)
    )


def wednesday_search_misses(service: Service) -> set[str]:
    """Which parts of 'free gentle exercise on a Wednesday within 5 km of CM1 1AA, wheelchair
    accessible' the service fails, judged on the derived search columns."""
    places = [
        link.location
        for link in service.service_at_locations.select_related("location")
        if link.location.location_type == LocationType.PHYSICAL
    ]
    near = [place for place in places if km_between(CHELMSFORD, (place.latitude or 0, place.longitude or 0)) <= 5]
    misses = set()
    if not service.is_free:
        misses.add("free")
    if not service.day_mask & WEDNESDAY:
        misses.add("wednesday")
    if not near:
        misses.add("within 5 km")
    elif not any(place.wheelchair_accessible for place in near):
        misses.add("wheelchair accessible")
    return misses


def gentle_exercise_listings() -> list[Service]:
    ids = services_in("Gentle exercise", "Physical activity")
    return [
        service
        for service in published().filter(pk__in=ids).order_by("name")
        if "gentle exercise" in service.description.lower()
    ]


def test_the_demo_directory_has_about_150_services_almost_all_published(directory):
    assert directory == len(SERVICES) == Service.objects.count()
    assert 140 <= directory <= 170
    assert published().count() >= 140
    assert 3 <= Service.objects.exclude(state=PublicationState.PUBLISHED).count() <= 5
    assert Service.objects.filter(state=PublicationState.DRAFT).exists()
    assert Service.objects.filter(state=PublicationState.ARCHIVED).exists()
    assert 1 <= Service.objects.filter(status=ServiceStatus.TEMPORARILY_CLOSED).count() <= 2
    assert 60 <= Organization.objects.count() <= 80


def test_every_top_level_category_has_a_published_service(directory):
    published_ids = set(published().values_list("pk", flat=True))
    for name, _, children in CATEGORIES:
        in_category = set().union(*(services_in(child, name) for child, _ in children))
        assert in_category & published_ids, name


def test_most_sub_categories_are_used(directory):
    children = [(child, name) for name, _, kids in CATEGORIES for child, _ in kids]
    used = [pair for pair in children if services_in(*pair)]

    assert len(used) >= 0.9 * len(children)


def test_loading_twice_changes_no_rows(directory):
    before = row_counts()
    stamps = dict(Service.objects.values_list("pk", "last_modified"))

    assert load_directory() == directory

    assert row_counts() == before
    assert dict(Service.objects.values_list("pk", "last_modified")) == stamps


def test_a_changed_listing_is_rewritten_in_place_without_duplicates(directory):
    before = row_counts()
    walk = Service.objects.get(pk=demo_id("service", "cwf-central-park-walk"))
    Service.objects.filter(pk=walk.pk).update(name="Edited", import_fingerprint="")
    Schedule.objects.filter(service=walk).delete()

    load_directory()

    walk.refresh_from_db()
    assert walk.name == "Central Park health walk"
    assert walk.day_mask == 1  # Monday, recomputed from the restored schedule
    assert row_counts() == before


def test_ids_are_fixed_so_they_never_change_between_installations(directory):
    assert demo_id("service", "cwf-central-park-walk") == uuid.uuid5(
        uuid.UUID("4b51546a-6e45-41d7-ac03-237c7d22f203"), "service/cwf-central-park-walk"
    )
    assert Service.objects.filter(pk=demo_id("service", "cwf-central-park-walk")).exists()


def test_free_wheelchair_accessible_gentle_exercise_on_a_wednesday_near_cm1_has_matches(directory):
    matches = [service for service in gentle_exercise_listings() if not wednesday_search_misses(service)]

    assert len(matches) >= 2
    for service in matches:
        assert service.is_free
        assert service.wheelchair_accessible
        assert service.in_person
        assert service.status == ServiceStatus.ACTIVE
    assert {service.pk for service in matches} >= {
        demo_id("service", "caa-seated-strength-and-balance"),
        demo_id("service", "cwf-wednesday-stroll-and-stretch"),
    }


def test_the_wednesday_search_has_a_near_miss_for_each_of_its_conditions(directory):
    misses = [wednesday_search_misses(service) for service in gentle_exercise_listings()]

    for condition in ("free", "wednesday", "within 5 km", "wheelchair accessible"):
        assert {condition} in misses, condition


def test_the_wednesday_matches_are_found_by_full_text_search(directory):
    found = set(fulltext.matching(published(), "gentle exercise", ranked=False).values_list("pk", flat=True))

    assert demo_id("service", "caa-seated-strength-and-balance") in found
    assert demo_id("service", "tai-chi-for-health-moulsham") in found


def test_the_demo_provider_organisation_manages_some_services(directory):
    managed = Service.objects.filter(managed_by__slug="chelmsford-walking-friends")

    assert 3 <= managed.count() <= 4
    assert {service.organization.name for service in managed} == {"Chelmsford Walking Friends"}
    assert Organization.objects.get(name="Chelmsford Walking Friends").managed_by is not None
    assert not Service.objects.exclude(organization__name="Chelmsford Walking Friends").exclude(managed_by=None)


def test_some_services_are_full_or_have_a_waiting_list(directory):
    busy = Service.objects.filter(capacity_status__in=[CapacityStatus.FULL, CapacityStatus.WAITLIST])

    assert busy.filter(capacity_status=CapacityStatus.FULL).exists()
    assert busy.filter(capacity_status=CapacityStatus.WAITLIST).exists()
    for service in busy:
        assert service.capacity_maximum
        assert service.capacity_available == 0


def test_schedules_cover_weekly_fortnightly_and_monthly_sessions_at_every_time_of_day(directory):
    assert Schedule.objects.filter(interval=2, dtstart__isnull=False).exists()
    assert Schedule.objects.filter(freq="MONTHLY", byday__startswith="-1").exists()
    assert Schedule.objects.filter(freq="MONTHLY", byday__startswith="1").exists()
    periods = set(published().values_list("period_mask", flat=True))
    for period in (1, 2, 4):  # morning, afternoon, evening
        assert any(mask & period for mask in periods), period
    assert published().filter(day_mask__gte=1 << 5).exists()  # Saturday or Sunday
    for schedule in Schedule.objects.filter(interval=2):
        assert schedule.dtstart
        assert schedule.dtstart.strftime("%a")[:2].upper() == schedule.byday


def test_listings_were_verified_in_the_last_year_and_have_a_review_date(directory):
    for service in Service.objects.all():
        assert service.verified_at
        assert service.review_due
        assert service.review_due > service.verified_at.date()
    assert published().filter(in_person=False, online=True).exists()


def test_every_place_is_in_essex_with_a_postcode_and_coordinates(directory):
    for address in Address.objects.select_related("location"):
        assert address.state_province == "Essex"
        assert address.country == "GB"
        assert re.fullmatch(r"(CM|SS|CO|RM|CB|IG|EN)\d{1,2} \d[A-Z]{2}", address.postal_code)
        assert 51.4 < (address.location.latitude or 0) < 52.1
        assert -0.1 < (address.location.longitude or 0) < 1.4
    assert Location.objects.filter(location_type=LocationType.VIRTUAL, addresses__isnull=False).count() == 0


def test_every_contact_detail_is_fictional(directory):
    for number in Phone.objects.values_list("number", flat=True):
        assert DRAMA_NUMBER.match(number), number
    for email in [
        *Organization.objects.values_list("email", flat=True),
        *Service.objects.exclude(referral_email="").values_list("referral_email", flat=True),
        *Contact.objects.values_list("email", flat=True),
    ]:
        assert email.endswith(".example.org"), email
    for website in Organization.objects.values_list("website", flat=True):
        assert re.fullmatch(r"https://[a-z-]+\.example\.org", website), website
    for identifier in OrganizationIdentifier.objects.values_list("identifier", flat=True):
        assert identifier.startswith("1999"), identifier


def test_the_demo_data_refers_only_to_places_and_organisations_it_defines():
    organizations = {spec.slug for spec in ORGANIZATIONS}
    locations = {spec.slug for spec in LOCATIONS}

    assert len(organizations) == len(ORGANIZATIONS)
    assert len(locations) == len(LOCATIONS)
    assert len({spec.slug for spec in SERVICES}) == len(SERVICES)
    for spec in SERVICES:
        assert spec.organization in organizations, spec.slug
        assert set(spec.locations) <= locations, spec.slug
        assert spec.categories, spec.slug


def test_the_demo_command_loads_the_directory(settings, capsys):
    # pytest-django turns DEBUG off; the demo only runs with it on.
    settings.DEBUG = True

    call_command("demo", "--no-serve")

    output = capsys.readouterr().out
    assert f"Directory: {len(SERVICES)} services from {len(ORGANIZATIONS)} organisations." in output
    assert Service.objects.count() == len(SERVICES)
    assert Service.objects.get(pk=demo_id("service", "cwf-central-park-walk")).managed_by is not None


def test_demo_venue_postcodes_locate_to_the_venue_itself():
    from linkwell.directory.postcodes import locate

    load_directory()
    address = Address.objects.filter(postal_code__startswith="CM3 ").select_related("location").first()
    assert address is not None

    point = locate(address.postal_code)

    assert point.precision == "postcode"
    assert (point.latitude, point.longitude) == (address.location.latitude, address.location.longitude)

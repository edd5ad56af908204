import pytest

from linkwell.directory.models import Place, Postcode, PostcodeDistrict
from linkwell.directory.postcodes import LocationNotFound, Point, locate, place_names

pytestmark = pytest.mark.django_db


def test_the_migration_loaded_every_essex_district_and_the_main_towns():
    assert PostcodeDistrict.objects.count() >= 70
    assert {"CM1", "CO15", "SS0", "SS17", "RM17", "IG10", "EN9", "CB11"} <= set(
        PostcodeDistrict.objects.values_list("district", flat=True)
    )
    assert {"Chelmsford", "Southend-on-Sea", "Canvey Island", "Walton-on-the-Naze"} <= set(place_names())


def test_a_loaded_postcode_is_located_exactly():
    Postcode.objects.create(postcode="CM1 1XX", latitude=51.7361, longitude=0.4798)
    assert locate("cm1 1xx") == Point(51.7361, 0.4798, "CM1 1XX", "postcode")


def test_a_terminated_postcode_still_marks_where_its_addresses_are():
    Postcode.objects.create(postcode="CM2 9XX", latitude=51.71, longitude=0.49, terminated=True)
    assert locate("CM2 9XX").precision == "postcode"


def test_a_postcode_not_loaded_falls_back_to_its_district_centroid():
    district = PostcodeDistrict.objects.get(district="CM1")
    point = locate("CM1 1AA")
    assert point == Point(district.latitude, district.longitude, "CM1 1AA", "district")


def test_an_outward_code_alone_is_located_at_its_district():
    district = PostcodeDistrict.objects.get(district="SS11")
    assert locate(" ss11 ") == Point(district.latitude, district.longitude, "SS11", "district")


def test_a_town_is_found_by_name_whatever_the_case():
    place = Place.objects.get(name="Chelmsford")
    assert locate("  chelmsford ") == Point(place.latitude, place.longitude, "Chelmsford", "place")


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Southend", "Southend-on-Sea"),
        ("southend on sea", "Southend-on-Sea"),
        ("Canvey", "Canvey Island"),
        ("Leigh", "Leigh-on-Sea"),
        ("Walton", "Walton-on-the-Naze"),
        ("Tolleshunt Darcy", "Tolleshunt D'Arcy"),
        ("Kelvedon", "Kelvedon"),
    ],
)
def test_a_town_is_found_by_the_way_people_shorten_or_spell_it(typed, found):
    assert locate(typed).label == found


def test_a_short_form_matching_several_towns_asks_for_the_full_name():
    Place.objects.create(name="Great Testing", county="Essex", latitude=51.8, longitude=0.5)
    Place.objects.create(name="Great Trying", county="Essex", latitude=51.8, longitude=0.6)
    with pytest.raises(LocationNotFound, match="could not find a town called Great T in our list"):
        locate("Great T")
    with pytest.raises(
        LocationNotFound, match=r"More than one town matches Great: .*Great Testing.*Type the full name"
    ):
        locate("Great")


def test_only_whole_words_count_as_a_short_form():
    with pytest.raises(LocationNotFound):
        locate("Chelms")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("TR1 1XX", "We could not find the postcode TR1 1XX. Check it and try again, or type a town."),
        ("XX1 1XX", "Enter a real postcode, like CM1 1AA"),
        (
            "ZZ99 3VZ",
            "ZZ99 3VZ is an NHS pseudo-postcode (no fixed abode), so it has no location. "
            "Type a town or a nearby postcode instead.",
        ),
        (
            "zz99 6cz",
            "ZZ99 6CZ is an NHS pseudo-postcode, so it has no location. Type a town or a nearby postcode instead.",
        ),
        ("Atlantis", "We could not find a town called Atlantis in our list. Try a postcode."),
        ("12345", "Enter a real postcode, like CM1 1AA"),
        ("CM1 1", "Enter a real postcode, like CM1 1AA"),
        ("tr1", "We could not find the postcode area TR1. Enter a full postcode, like CM1 1AA, or type a town."),
        ("", "Enter a postcode or the name of a town."),
        ("   ", "Enter a postcode or the name of a town."),
    ],
)
def test_what_cannot_be_located_gets_a_specific_message(typed, message):
    with pytest.raises(LocationNotFound) as raised:
        locate(typed)
    assert str(raised.value) == message


def test_locate_raises_nothing_but_location_not_found():
    for typed in ["!!!", "CM1 1AA" * 30, "\x00", "Ω", "ZZ99", "GIR 0AA"]:
        with pytest.raises(LocationNotFound):
            locate(typed)


def test_place_names_lists_every_place_in_order():
    names = place_names()
    assert names == sorted(names)
    assert len(names) == Place.objects.count()

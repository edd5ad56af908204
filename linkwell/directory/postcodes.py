"""Turning what someone types ("CM1 1AA", "CM1", "Southend") into a point to search around."""

import re
from dataclasses import dataclass
from typing import Literal

from linkwell.directory.models import Place, Postcode, PostcodeDistrict
from linkwell.lib.postcodes import InvalidPostcode, is_pseudo, normalise, normalise_district, pseudo_meaning

Precision = Literal["postcode", "district", "place"]

# Place.name is at most this long, so longer text cannot be a town and is not worth echoing back.
_LONGEST_INPUT = 100


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float
    label: str
    # "postcode": the full postcode is loaded; "district": the centroid of its outward code, a few km out;
    # "place": the centre of a town typed by name.
    precision: Precision


class LocationNotFound(ValueError):
    """Nothing to search around. str() tells the person what went wrong and what to type instead."""


def locate(text: str) -> Point:
    """A full postcode, an outward code alone or a town name, as a point. Raises only LocationNotFound."""
    typed = " ".join(text.split())
    # Control characters cannot be in a postcode or a name, and PostgreSQL refuses NUL in a query.
    if not typed or not typed.isprintable():
        raise LocationNotFound("Enter a postcode or the name of a town.")
    if len(typed) > _LONGEST_INPUT:
        raise LocationNotFound("That is too long for a postcode or a town. Enter a postcode or the name of a town.")
    # Town names have no digits and postcodes always do, so a digit decides which was meant.
    if not any(character.isdigit() for character in typed):
        return _locate_place(typed)
    try:
        postcode = normalise(typed)
    except InvalidPostcode as not_a_postcode:
        # "CM1 1" is half a postcode, not the district CM11.
        if " " in typed:
            raise LocationNotFound(str(not_a_postcode)) from None
        try:
            district = normalise_district(typed)
        except InvalidPostcode:
            raise LocationNotFound(str(not_a_postcode)) from None
        return _locate_district(district)
    return _locate_postcode(postcode)


def _locate_postcode(postcode: str) -> Point:
    if is_pseudo(postcode):
        meaning = pseudo_meaning(postcode)
        what = f"an NHS pseudo-postcode ({meaning})" if meaning else "an NHS pseudo-postcode"
        raise LocationNotFound(
            f"{postcode} is {what}, so it has no location. Type a town or a nearby postcode instead."
        )
    # A terminated postcode still marks where its addresses are, so it is used like a live one.
    row = Postcode.objects.filter(postcode=postcode).first()
    if row is not None:
        return Point(row.latitude, row.longitude, postcode, "postcode")
    district = PostcodeDistrict.objects.filter(district=postcode.split(" ", 1)[0]).first()
    if district is not None:
        return Point(district.latitude, district.longitude, postcode, "district")
    raise LocationNotFound(f"We could not find the postcode {postcode}. Check it and try again, or type a town.")


def _locate_district(code: str) -> Point:
    district = PostcodeDistrict.objects.filter(district=code).first()
    if district is None:
        raise LocationNotFound(
            f"We could not find the postcode area {code}. Enter a full postcode, like CM1 1AA, or type a town."
        )
    return Point(district.latitude, district.longitude, code, "district")


def _place_key(name: str) -> str:
    """Compares names the way people type them: "southend on sea", "Bishops Stortford", "St. Osyth"."""
    without_marks = re.sub(r"['’.]", "", name.casefold())
    return " ".join(re.sub(r"[^\w]+", " ", without_marks).split())


def _locate_place(typed: str) -> Point:
    place = Place.objects.filter(name__iexact=typed).first()
    if place is None:
        place = _match_place(typed)
    return Point(place.latitude, place.longitude, place.name, "place")


def _match_place(typed: str) -> Place:
    key = _place_key(typed)
    names = list(Place.objects.values_list("name", flat=True))
    exact = [name for name in names if _place_key(name) == key]
    # "Southend" for Southend-on-Sea: the typed words must be the whole first words of the name.
    starting = exact or [name for name in names if key and _place_key(name).startswith(f"{key} ")]
    if len(starting) == 1:
        return Place.objects.get(name=starting[0])
    if len(starting) > 1:
        listed = ", ".join(sorted(starting)[:-1]) + f" or {max(starting)}"
        raise LocationNotFound(f"More than one town matches {typed}: {listed}. Type the full name.")
    raise LocationNotFound(f"We could not find a town called {typed} in our list. Try a postcode.")


def place_names() -> list[str]:
    """Every town and village locate() knows by name, in order, for a hint or a datalist."""
    return list(Place.objects.order_by("name").values_list("name", flat=True))

"""Postcode districts and towns shipped with Linkwell (Essex), so search by place works with no
postcode file loaded. Full postcodes come from `linkwell import_postcodes` (ONSPD or NSPL)."""

import csv
from pathlib import Path

from django.db import transaction

from linkwell.directory.models import Place, PostcodeDistrict

DATA = Path(__file__).parent / "data"
DISTRICTS_FILE = DATA / "essex_postcode_districts.csv"
PLACES_FILE = DATA / "essex_places.csv"


@transaction.atomic
def load_reference_geography() -> tuple[int, int]:
    """Upsert the shipped districts and places; returns how many of each the files hold."""
    with DISTRICTS_FILE.open(newline="", encoding="utf-8") as districts_file:
        districts = [
            PostcodeDistrict(
                district=row["district"].strip().upper(),
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                town=row["town"].strip(),
            )
            for row in csv.DictReader(districts_file)
        ]
    PostcodeDistrict.objects.bulk_create(
        districts, update_conflicts=True, unique_fields=["district"], update_fields=["latitude", "longitude", "town"]
    )
    with PLACES_FILE.open(newline="", encoding="utf-8") as places_file:
        places = [
            Place(
                name=row["name"].strip(),
                county=row["county"].strip(),
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
            )
            for row in csv.DictReader(places_file)
        ]
    Place.objects.bulk_create(
        places, update_conflicts=True, unique_fields=["name"], update_fields=["county", "latitude", "longitude"]
    )
    return len(districts), len(places)

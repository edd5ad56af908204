"""Load full postcodes from an ONS Postcode Directory (ONSPD) or NSPL CSV, or a .zip holding one.

Columns are found by name, because ONS has renamed them between releases (standards.md §5.3).

The deprivation decile comes from the file's IMD column, which holds the rank of the postcode's LSOA in its
own nation's index (1 = most deprived). Only England's is turned into a decile: Wales, Scotland and Northern
Ireland rank against different indices with different numbers of areas, so their postcodes are left without
one. A row is English when its country code is E92000001 or, in a file without a country column, when its
LSOA code starts E01; a file with neither says nothing we can trust, and gets no deciles.
"""

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.db import transaction

from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.directory.models import Postcode
from linkwell.lib.postcodes import InvalidPostcode, is_pseudo, normalise

# Every name each needed column has had, best first. pcds is already in the single-space form;
# the padded forms normalise to the same thing.
POSTCODE_COLUMNS = ("pcds", "pcd", "pcd7", "pcd2", "pcd8")
LATITUDE_COLUMNS = ("lat", "latitude")
LONGITUDE_COLUMNS = ("long", "lon", "lng", "longitude")
TERMINATED_COLUMNS = ("doterm", "terminated")
LSOA_COLUMNS = ("lsoa21", "lsoa21cd", "lsoa11", "lsoa11cd")
# "imd" (older files), "imd20ind", "imd25ind" (files naming the column by the index's edition).
IMD_COLUMN = re.compile(r"imd(?:(?P<year>\d\d)ind)?")
COUNTRY_COLUMN = re.compile(r"ctry(?:\d\dcd)?")

ENGLAND = "E92000001"
ENGLISH_LSOA_PREFIX = "E01"
# The number of LSOAs each edition of the English IMD ranks: 2019 over the 2011 areas, 2025 over the 2021 ones.
ENGLISH_LSOAS = {2019: 32_844, 2025: 33_755}
# Files that name the column "imd" carry the 2019 index; "imdNNind" names the edition from 20NN.
DEFAULT_IMD_EDITION = 2019

# ONS marks a postcode with no grid reference with this latitude (and longitude 0).
NO_GRID_REFERENCE_LATITUDE = 99.999999

DEFAULT_BATCH_SIZE = 5000


class Columns:
    """Where the needed fields are in one file's rows."""

    def __init__(self, header: list[str], source: str) -> None:
        names = {name.strip().lower(): index for index, name in enumerate(header)}
        self.postcode = [names[name] for name in POSTCODE_COLUMNS if name in names]
        latitude = next((names[name] for name in LATITUDE_COLUMNS if name in names), None)
        longitude = next((names[name] for name in LONGITUDE_COLUMNS if name in names), None)
        # A file without termination dates is read as all live: geocoding still works.
        self.terminated = next((names[name] for name in TERMINATED_COLUMNS if name in names), None)
        self.imd, self.imd_edition = _imd_column(names)
        self.country = next((index for name, index in names.items() if COUNTRY_COLUMN.fullmatch(name)), None)
        self.lsoa = next((names[name] for name in LSOA_COLUMNS if name in names), None)
        missing = []
        if not self.postcode:
            missing.append(f"a postcode ({_either(POSTCODE_COLUMNS)})")
        if latitude is None:
            missing.append(f"latitude ({_either(LATITUDE_COLUMNS)})")
        if longitude is None:
            missing.append(f"longitude ({_either(LONGITUDE_COLUMNS)})")
        if missing or latitude is None or longitude is None:
            raise CommandError(
                f"{source} is missing columns an ONS Postcode Directory or NSPL file has: {'; '.join(missing)}. "
                f"Its first columns are: {', '.join(header[:12]) or 'none'}."
            )
        self.latitude, self.longitude = latitude, longitude


def _imd_column(names: dict[str, int]) -> tuple[int | None, int]:
    """Where the IMD rank is, and which edition of the English index it is from."""
    for name, index in names.items():
        match = IMD_COLUMN.fullmatch(name)
        if match is not None:
            year = match["year"]
            return index, 2025 if year is not None and int(year) >= 25 else DEFAULT_IMD_EDITION
    return None, DEFAULT_IMD_EDITION


def english_decile(rank: int, lsoas: int) -> int | None:
    """The decile of an LSOA's rank among `lsoas` (1 = the most deprived tenth): ceil(rank / (lsoas / 10))."""
    if not 1 <= rank <= lsoas:
        return None
    return (rank * 10 + lsoas - 1) // lsoas


def read_decile(row: list[str], columns: Columns, lsoas: int) -> int | None:
    """The row's English IMD decile, or None for other nations, unknown nations and missing ranks."""
    if columns.imd is None:
        return None

    def value(index: int | None) -> str:
        return row[index].strip() if index is not None and index < len(row) else ""

    if columns.country is not None:
        english = value(columns.country) == ENGLAND
    else:
        english = columns.lsoa is not None and value(columns.lsoa).startswith(ENGLISH_LSOA_PREFIX)
    rank = value(columns.imd)
    if not english or not rank.isdigit():
        return None
    return english_decile(int(rank), lsoas)


def _either(names: tuple[str, ...]) -> str:
    return ", ".join(names[:-1]) + f" or {names[-1]}"


class Progress:
    """One line on stderr, redrawn in place: how far through the file, and how many rows so far."""

    WIDTH = 30

    def __init__(self, stream: OutputWrapper, total_bytes: int) -> None:
        self.stream = stream
        self.total_bytes = max(total_bytes, 1)
        self.shown = -1

    def update(self, done_bytes: int, rows: int, *, force: bool = False) -> None:
        percent = min(100, done_bytes * 100 // self.total_bytes)
        # Redrawing only when the figure moves keeps a log file from filling with identical lines.
        if percent == self.shown and not force:
            return
        self.shown = percent
        filled = self.WIDTH * percent // 100
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {percent:3d}%  {rows:,} rows read", ending="")
        self.stream.flush()

    def finish(self, rows: int) -> None:
        self.update(self.total_bytes, rows, force=True)
        self.stream.write("")


def as_text(raw: IO[bytes]) -> io.TextIOWrapper:
    # Only ASCII columns matter here, so a stray byte elsewhere in the row must not stop the import.
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")


@contextmanager
def open_postcode_csv(path: Path) -> Iterator[tuple[IO[bytes], int, str]]:
    """The CSV's bytes, their length (for the progress bar) and a name for messages.

    ONS ships a .zip with the whole-UK file, the same rows split by area, and code-to-name lookups:
    the largest CSV with a postcode column is the whole-UK one.
    """
    if not path.is_file():
        raise CommandError(f"There is no file at {path}.")
    if not zipfile.is_zipfile(path):
        with path.open("rb") as raw:
            yield raw, path.stat().st_size, path.name
        return
    with zipfile.ZipFile(path) as archive:
        candidates = []
        for member in archive.infolist():
            if member.is_dir() or not member.filename.lower().endswith(".csv"):
                continue
            with archive.open(member) as raw:
                header = next(csv.reader(as_text(raw)), [])
            if {name.strip().lower() for name in header} & set(POSTCODE_COLUMNS):
                candidates.append(member)
        if not candidates:
            raise CommandError(f"{path.name} holds no CSV with a postcode column ({_either(POSTCODE_COLUMNS)}).")
        chosen = max(candidates, key=lambda member: member.file_size)
        with archive.open(chosen) as raw:
            yield raw, chosen.file_size, f"{path.name}:{chosen.filename}"


def read_location(row: list[str], columns: Columns) -> tuple[float, float] | None:
    """The row's latitude and longitude, or None where ONS has no grid reference for it."""
    try:
        latitude = float(row[columns.latitude])
        longitude = float(row[columns.longitude])
    except (IndexError, ValueError):
        return None
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    if math.isclose(latitude, NO_GRID_REFERENCE_LATITUDE) or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude


def read_postcode(row: list[str], columns: Columns) -> str | None:
    """The row's postcode in single-space form, or None if it has none we can use."""
    for index in columns.postcode:
        value = row[index] if index < len(row) else ""
        if not value.strip():
            continue
        try:
            postcode = normalise(value)
        except InvalidPostcode:
            return None
        # Pseudo-postcodes mark an unknown address, never a place, so they have nothing to geocode.
        return None if is_pseudo(postcode) else postcode
    return None


def save_batch(batch: dict[str, Postcode], *, with_deciles: bool) -> int:
    """Upsert the batch; returns how many of its postcodes have a decile. A file without an IMD column leaves
    the deciles an earlier file gave."""
    fields = ["latitude", "longitude", "terminated", *(["imd_decile"] if with_deciles else [])]
    with transaction.atomic():
        Postcode.objects.bulk_create(
            batch.values(), update_conflicts=True, unique_fields=["postcode"], update_fields=fields
        )
    return sum(1 for postcode in batch.values() if postcode.imd_decile is not None)


class Command(BaseCommand):
    help = "Load or refresh full postcodes from an ONS Postcode Directory or NSPL CSV (or a .zip of one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The ONSPD or NSPL .csv, or the .zip ONS publishes.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=f"Postcodes written per transaction (default {DEFAULT_BATCH_SIZE}).",
        )
        parser.add_argument(
            "--imd-edition",
            type=int,
            choices=sorted(ENGLISH_LSOAS),
            help="The edition of the English Index of Multiple Deprivation the file's imd column ranks by "
            "(default: read from the column's name, imd25ind for 2025, otherwise 2019).",
        )

    def handle(self, *args: Any, file: Path, batch_size: int, imd_edition: int | None, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        loaded = no_location = bad_postcode = rows_read = with_decile = 0
        with open_postcode_csv(file) as (raw, total_bytes, source):
            reader = csv.reader(as_text(raw))
            columns = Columns(next(reader, []), source)
            lsoas = ENGLISH_LSOAS[imd_edition or columns.imd_edition]
            with_deciles = columns.imd is not None
            progress = Progress(self.stderr, total_bytes)
            # Keyed by postcode: PostgreSQL refuses to upsert the same row twice in one statement.
            batch: dict[str, Postcode] = {}
            for row in reader:
                rows_read += 1
                postcode = read_postcode(row, columns)
                if postcode is None:
                    bad_postcode += 1
                    continue
                location = read_location(row, columns)
                if location is None:
                    no_location += 1
                    continue
                terminated = columns.terminated is not None and bool(
                    columns.terminated < len(row) and row[columns.terminated].strip()
                )
                batch[postcode] = Postcode(
                    postcode=postcode,
                    latitude=location[0],
                    longitude=location[1],
                    terminated=terminated,
                    imd_decile=read_decile(row, columns, lsoas),
                )
                if len(batch) >= batch_size:
                    with_decile += save_batch(batch, with_deciles=with_deciles)
                    loaded += len(batch)
                    batch = {}
                    progress.update(raw.tell(), rows_read)
            if batch:
                with_decile += save_batch(batch, with_deciles=with_deciles)
                loaded += len(batch)
            progress.finish(rows_read)
        record(
            by=None,
            action=AuditAction.POSTCODES_IMPORTED,
            detail={
                "file": file.name,
                "loaded": loaded,
                "skipped_no_location": no_location,
                "skipped_bad_postcode": bad_postcode,
                "with_deprivation_decile": with_decile,
            },
        )
        self.stdout.write(
            f"{loaded:,} loaded, {no_location:,} skipped (no location), {bad_postcode:,} skipped (bad postcode)"
        )
        self.stdout.write(
            f"{with_decile:,} with a deprivation decile (England)"
            if with_deciles
            else "No deprivation deciles: the file has no imd column"
        )

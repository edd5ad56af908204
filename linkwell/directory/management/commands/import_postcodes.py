"""Load full postcodes from an ONS Postcode Directory (ONSPD) or NSPL CSV, or a .zip holding one.

Columns are found by name, because ONS has renamed them between releases (standards.md §5.3).
"""

import csv
import io
import math
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


def save_batch(batch: dict[str, Postcode]) -> None:
    with transaction.atomic():
        Postcode.objects.bulk_create(
            batch.values(),
            update_conflicts=True,
            unique_fields=["postcode"],
            update_fields=["latitude", "longitude", "terminated"],
        )


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

    def handle(self, *args: Any, file: Path, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        loaded = no_location = bad_postcode = rows_read = 0
        with open_postcode_csv(file) as (raw, total_bytes, source):
            reader = csv.reader(as_text(raw))
            columns = Columns(next(reader, []), source)
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
                    postcode=postcode, latitude=location[0], longitude=location[1], terminated=terminated
                )
                if len(batch) >= batch_size:
                    save_batch(batch)
                    loaded += len(batch)
                    batch = {}
                    progress.update(raw.tell(), rows_read)
            if batch:
                save_batch(batch)
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
            },
        )
        self.stdout.write(
            f"{loaded:,} loaded, {no_location:,} skipped (no location), {bad_postcode:,} skipped (bad postcode)"
        )

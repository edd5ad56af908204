"""`linkwell import_oruk SOURCE`: import services from an Open Referral UK feed (see directory.importing)."""

import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from linkwell.directory import importing

TIMEOUT_SECONDS = 30


def fetch_json(url: str) -> object:
    """GET one URL of an ORUK API and parse it. Raises importing.SourceError with a readable reason."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise importing.SourceError(f"{url} is not an http or https address")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked just above
        url, headers={"Accept": "application/json", "User-Agent": "Linkwell ORUK importer"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - checked above
            body = response.read()
    except urllib.error.HTTPError as error:
        raise importing.SourceError(f"{url} answered HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise importing.SourceError(f"could not reach {url}: {reason}") from None
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise importing.SourceError(f"{url} did not answer with JSON: {error}") from None


def read_json_file(path: Path) -> object:
    try:
        return json.loads(path.read_bytes())
    except OSError as error:
        raise importing.SourceError(f"cannot read {path}: {error.strerror or error}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise importing.SourceError(f"{path} is not JSON: {error}") from None


class ProgressBar:
    """A one-line bar redrawn in place on a terminal; elsewhere only the final line is written."""

    WIDTH = 30

    def __init__(self, stream: OutputWrapper, label: str) -> None:
        self.stream = stream
        self.label = label
        self.interactive = stream.isatty()
        self.total = 0

    def _write(self, text: str) -> None:
        # Plain text: on a terminal Django would colour everything on stderr as an error.
        self.stream.write(text, style_func=lambda message: message, ending="")
        self.stream.flush()

    def __call__(self, done: int, total: int) -> None:
        self.total = total
        if self.interactive and total:
            filled = self.WIDTH * done // total
            self._write(f"\r{self.label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total}")

    def finish(self, noun: str) -> None:
        if self.interactive and self.total:
            self._write("\n")
        self._write(f"{self.label}: {self.total} {noun}{'' if self.total == 1 else 's'}.\n")


class Command(BaseCommand):
    help = (
        "Import services from an Open Referral UK feed, 3.0 or legacy v1: a JSON file (a page, a list of "
        "services or one service) or an ORUK API base URL. Re-running is safe: unchanged records are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="A JSON file, or the base URL of an ORUK API (https://…).")
        parser.add_argument(
            "--taxonomy-name",
            default="",
            help='Name for the taxonomy of terms whose source does not name one (default "Imported from <source>").',
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and import, then roll everything back: nothing is written."
        )

    def handle(self, *args: object, source: str, taxonomy_name: str, dry_run: bool, **options: object) -> None:
        is_url = urlsplit(source).scheme in ("http", "https")
        origin = (urlsplit(source).hostname or source) if is_url else Path(source).name
        try:
            if is_url:
                fetching = ProgressBar(self.stderr, "Fetching")
                records, failures = importing.records_from_api(source, fetch=fetch_json, progress=fetching)
                fetching.finish("service")
            else:
                records, failures = importing.records_from_document(read_json_file(Path(source))), []
        except importing.SourceError as error:
            raise CommandError(f"Cannot import from {source}: {error}") from None
        importing_bar = ProgressBar(self.stderr, "Importing")
        result = importing.import_services(
            records,
            source=source,
            taxonomy_name=taxonomy_name.strip() or f"Imported from {origin}",
            dry_run=dry_run,
            failures=failures,
            progress=importing_bar,
        )
        importing_bar.finish("record")
        self.stdout.write(result.summary())
        for record_id, reason in result.rejections:
            self.stdout.write(f"rejected {record_id}: {reason}")
        if dry_run:
            self.stdout.write("Dry run: every change was rolled back, so nothing was written.")

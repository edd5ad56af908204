"""Loading healthcare use counts from a CSV a practice extracts, keyed by NHS number (`linkwell import_usage`).

The file:
- a header row naming the columns, in any order: nhs_number, timepoint (baseline or follow_up), period_end
  (the last day of the 6 months: 2026-05-31 or 31/05/2026) and source (self_reported, gp_record or other) are
  required; then any of the counts gp_appointments, prescriptions, ae_attendances, outpatient_appointments,
  social_care_contacts. A blank count, or a count column left out, is unknown, which is not the same as 0.
- each row is checked as a count typed into the case is (usage_actions.check_usage) and its NHS number with
  Modulus 11. A good row is attached to the live person with that NHS number, and to their most recent case.

Rows are read as they stream in and written in batches, all inside one transaction: the file loads as a
whole or not at all (a rejected row is reported and left out; it never stops the others). A row for a
person, timepoint, source and period already held replaces that record, so loading the same extract again
changes nothing. What is printed never holds an NHS number in full, and the audit log holds only counts."""

import csv
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.casework.models import Case
from linkwell.outcomes.models import USAGE_COUNT_FIELDS, UsageRecord, UsageSource, UsageTimepoint
from linkwell.outcomes.usage_actions import ENTER_A_COUNT, check_usage
from linkwell.people.models import Person
from linkwell.people.nhs_numbers import InvalidNHSNumber, normalise_nhs_number

KEY_COLUMNS = ("nhs_number", "timepoint", "period_end", "source")
KNOWN_COLUMNS = (*KEY_COLUMNS, *USAGE_COUNT_FIELDS)
DEFAULT_BATCH_SIZE = 2000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
# Spellings a spreadsheet may carry for the same values.
TIMEPOINT_SPELLINGS = {"baseline": UsageTimepoint.BASELINE, "follow_up": UsageTimepoint.FOLLOW_UP}
SOURCE_SPELLINGS = {value: UsageSource(value) for value in UsageSource.values}


class UnusableFile(ValueError):
    """The file cannot be read as a usage extract at all (its header). str() says why, to the operator."""


@dataclass
class ImportReport:
    rows: int = 0
    matched: int = 0
    unmatched: int = 0
    rejected: int = 0
    # One line per row left out, in file order, with its row number and a masked NHS number.
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UsageRow:
    line: int
    nhs_number: str
    timepoint: str
    period_end: date
    source: str
    counts: dict[str, int | None]

    @property
    def key(self) -> tuple[str, str, str, date]:
        return (self.nhs_number, self.timepoint, self.source, self.period_end)


def mask_nhs_number(raw: str) -> str:
    """Enough of an NHS number to find the row in the file, never the whole: "*******675"."""
    digits = "".join(character for character in raw if character.isascii() and character.isdigit())
    return "*******" + digits[-3:] if len(digits) >= 7 else "not shown"


class Columns:
    def __init__(self, header: list[str]) -> None:
        names = [name.strip().lower() for name in header]
        if not any(names):
            raise UnusableFile("The file is empty. Its first row must name the columns: " + ", ".join(KNOWN_COLUMNS))
        repeated = sorted({name for name in names if names.count(name) > 1 and name})
        unknown = [name for name in names if name and name not in KNOWN_COLUMNS]
        missing = [name for name in KEY_COLUMNS if name not in names]
        problems = []
        if missing:
            problems.append(f"it has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}")
        if unknown:
            problems.append(f"these columns are not known: {', '.join(unknown)}")
        if repeated:
            problems.append(f"these columns appear twice: {', '.join(repeated)}")
        if not missing and not any(name in USAGE_COUNT_FIELDS for name in names):
            problems.append(f"it has no count columns ({', '.join(USAGE_COUNT_FIELDS)})")
        if problems:
            raise UnusableFile(
                f"The first row must name the columns, and {'; '.join(problems)}. "
                f"The columns are: {', '.join(KNOWN_COLUMNS)}."
            )
        self.index = {name: position for position, name in enumerate(names) if name}
        self.width = len(names)

    def value(self, row: list[str], name: str) -> str:
        position = self.index.get(name)
        return row[position].strip() if position is not None else ""


def _parse_date(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _parse_count(text: str) -> int | str | None:
    """The count, None when blank (unknown), or the text itself when it is not a whole number."""
    if not text:
        return None
    return int(text) if text.isascii() and text.lstrip("-").isdigit() else text


def parse_row(row: list[str], columns: Columns, line: int) -> UsageRow | str:
    """The row's values, or the reasons it is rejected."""
    if len(row) != columns.width:
        return f"it has {len(row)} values but the header has {columns.width} columns"
    reasons = []
    raw_number = columns.value(row, "nhs_number")
    nhs_number = ""
    if not raw_number:
        reasons.append("there is no NHS number")
    else:
        try:
            nhs_number = normalise_nhs_number(raw_number)
        except InvalidNHSNumber:
            compact = "".join(raw_number.split()).replace("-", "")
            reasons.append(
                "the NHS number fails the Modulus 11 check"
                if len(compact) == 10 and compact.isascii() and compact.isdigit()
                else "the NHS number is not 10 digits"
            )
    timepoint = TIMEPOINT_SPELLINGS.get(columns.value(row, "timepoint").lower().replace("-", "_"))
    if timepoint is None:
        reasons.append("the timepoint must be baseline or follow_up")
    source = SOURCE_SPELLINGS.get(columns.value(row, "source").lower().replace("-", "_"))
    if source is None:
        reasons.append("the source must be self_reported, gp_record or other")
    raw_date = columns.value(row, "period_end")
    period_end = _parse_date(raw_date)
    if period_end is None:
        reasons.append("period_end must be a date like 2026-05-31 or 31/05/2026")
    counts: dict[str, int | None] = {}
    for name in USAGE_COUNT_FIELDS:
        parsed = _parse_count(columns.value(row, name))
        if isinstance(parsed, str):
            reasons.append(f"{name} must be a whole number, or blank if not known")
        else:
            counts[name] = parsed
    if not reasons:
        errors: dict[str, str] = {}
        counts = check_usage(
            errors, timepoint=timepoint or "", period_end=period_end, source=source or "", counts=counts
        )
        for name, message in errors.items():
            if message == ENTER_A_COUNT:
                reasons.append("every count is blank: at least one must be known")
            else:
                reasons.append(f"{name}: {message}" if name in USAGE_COUNT_FIELDS else message)
    if reasons or timepoint is None or source is None or period_end is None:
        return "; ".join(reasons)
    return UsageRow(line, nhs_number, timepoint, period_end, source, counts)


def _people_and_cases(numbers: set[str]) -> dict[str, tuple[uuid.UUID, uuid.UUID | None]]:
    """NHS number → (the live person's id, their most recent case's id or None), for those on record."""
    people = dict(
        Person.objects.filter(nhs_number__in=numbers, merged_into__isnull=True).values_list("nhs_number", "id")
    )
    latest: dict[uuid.UUID, uuid.UUID] = {}
    for person_id, case_id in (
        Case.objects.filter(person_id__in=people.values())
        .order_by("person_id", "-opened_at")
        .values_list("person_id", "id")
    ):
        latest.setdefault(person_id, case_id)
    return {number: (person_id, latest.get(person_id)) for number, person_id in people.items()}


class Loader:
    def __init__(self, *, label: str, batch_size: int, report: ImportReport) -> None:
        self.label = label
        self.batch_size = batch_size
        self.report = report
        # Keyed by person, timepoint, source and period: a later row in the file replaces an earlier one, and
        # PostgreSQL refuses to upsert the same row twice in one statement.
        self.batch: dict[tuple[str, str, str, date], UsageRow] = {}
        self.repeats: dict[tuple[str, str, str, date], int] = {}
        self.rejections: list[tuple[int, str]] = []

    def reject(self, line: int, reason: str, raw_number: str) -> None:
        self.report.rejected += 1
        self.rejections.append((line, f"Row {line}: rejected ({mask_nhs_number(raw_number)}): {reason}"))

    def add(self, row: UsageRow) -> None:
        if row.key in self.batch:
            # A later row for the same person, timepoint, source and period replaces the earlier one, as it
            # would in the next batch; both still count as matched (or unmatched).
            self.repeats[row.key] = self.repeats.get(row.key, 0) + 1
        self.batch[row.key] = row
        if len(self.batch) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        matches = _people_and_cases({row.nhs_number for row in self.batch.values()})
        now = timezone.now()
        records = []
        lines = list(self.rejections)
        for row in self.batch.values():
            match = matches.get(row.nhs_number)
            rows = 1 + self.repeats.get(row.key, 0)
            if match is None:
                self.report.unmatched += rows
                masked = mask_nhs_number(row.nhs_number)
                lines.append((row.line, f"Row {row.line}: unmatched ({masked}): no person with this NHS number"))
                continue
            person_id, case_id = match
            self.report.matched += rows
            records.append(
                UsageRecord(
                    person_id=person_id,
                    case_id=case_id,
                    timepoint=row.timepoint,
                    period_end=row.period_end,
                    source=row.source,
                    recorded_at=now,
                    recorded_by=None,
                    import_label=self.label,
                    **row.counts,
                )
            )
        UsageRecord.objects.bulk_create(
            records,
            update_conflicts=True,
            unique_fields=["person", "timepoint", "source", "period_end"],
            update_fields=[*USAGE_COUNT_FIELDS, "case", "recorded_at", "recorded_by", "import_label"],
        )
        self.report.problems.extend(message for _, message in sorted(lines))
        self.batch = {}
        self.repeats = {}
        self.rejections = []


def import_usage(
    rows: Iterable[list[str]],
    *,
    label: str,
    dry_run: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    line_number: Callable[[], int],
) -> ImportReport:
    """Load the rows of a usage CSV (its header first), all in one transaction; with `dry_run`, check and match
    every row the same way, then undo. `line_number` gives the file row just read, for messages."""
    iterator = iter(rows)
    columns = Columns(next(iterator, []))
    report = ImportReport()
    with transaction.atomic():
        loader = Loader(label=label, batch_size=batch_size, report=report)
        for row in iterator:
            if not any(value.strip() for value in row):
                continue
            report.rows += 1
            line = line_number()
            parsed = parse_row(row, columns, line)
            if isinstance(parsed, str):
                raw_number = columns.value(row, "nhs_number") if len(row) == columns.width else ""
                loader.reject(line, parsed, raw_number)
            else:
                loader.add(parsed)
        loader.flush()
        record(
            by=None,
            action=AuditAction.USAGE_IMPORTED,
            detail={
                "file": label,
                "rows": report.rows,
                "matched": report.matched,
                "unmatched": report.unmatched,
                "rejected": report.rejected,
            },
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def read_csv(stream: Iterable[str]) -> tuple[Iterable[list[str]], Callable[[], int]]:
    """A CSV reader over `stream` and a way to ask which file row it has just read."""
    reader = csv.reader(stream)
    return reader, lambda: reader.line_num

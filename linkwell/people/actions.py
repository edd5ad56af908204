"""Every write to person records, consent and possible duplicates, each audited in the same transaction.

Audit details name fields and ids, never the values: the audit log is read more widely than the records.
"""

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from linkwell.accounts.models import Organisation, OrganisationKind, User
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.lib import rows
from linkwell.lib.postcodes import InvalidPostcode
from linkwell.lib.postcodes import normalise as normalise_postcode
from linkwell.people.duplicates import PossibleMatch, find_matches
from linkwell.people.merging import run_merge_hooks
from linkwell.people.models import (
    Consent,
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    ContactMethod,
    DuplicateStatus,
    EthnicCategory,
    Person,
    PossibleDuplicate,
    StatedGender,
)
from linkwell.people.nhs_numbers import InvalidNHSNumber, normalise_nhs_number

OLDEST_AGE_YEARS = 120
NHS_NUMBER_TAKEN = (
    "Another person's record already has this NHS number. Check the number, or ask the team to merge the records"
)
CONSENT_NOTE_LENGTH = Consent._meta.get_field("note").max_length or 500


@dataclass(frozen=True)
class PersonDetails:
    """What a form or the API can say about a person. Blank strings mean "not known"."""

    given_name: str
    family_name: str
    preferred_name: str = ""
    date_of_birth: date | None = None
    nhs_number: str = ""
    stated_gender: str = ""
    ethnic_category: str = ""
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    preferred_contact_method: str = ""
    may_leave_message: bool = False
    needs_interpreter: bool = False
    interpreter_language: str = ""
    accessible_formats: str = ""
    gp_practice: Organisation | None = None
    gp_practice_ods_code: str = ""
    gp_practice_name: str = ""


DETAIL_FIELDS = tuple(field.name for field in dataclasses.fields(PersonDetails))
_TEXT_FIELDS = tuple(field.name for field in dataclasses.fields(PersonDetails) if field.type is str)
_REQUIRED = {"given_name": "Enter a given name", "family_name": "Enter a family name"}
_CHOICES = {
    "stated_gender": (StatedGender.values, "Choose a gender from the list"),
    "ethnic_category": (EthnicCategory.values, "Choose an ethnic group from the list"),
    "preferred_contact_method": (ContactMethod.values, "Choose a way to contact them from the list"),
}


class PersonProblem(ValueError):
    """Every reason the details cannot be saved, by field name ("__all__" for the record as a whole)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


class ConsentProblem(ValueError):
    pass


class DuplicateProblem(ValueError):
    pass


@dataclass(frozen=True)
class PersonResult:
    person: Person
    possible_duplicates: list[PossibleDuplicate]
    # True when the NHS number found an existing record, which is returned unchanged.
    matched_on_nhs_number: bool


_MAX_LENGTHS = {field.name: field.max_length for field in Person._meta.concrete_fields if field.max_length}
# The partial unique constraint person_nhs_number_unique as an ON CONFLICT target, its condition spelled as
# Django writes it in the index: SQLite matches the two by their form (a test holds them together).
LIVE_NHS_NUMBER_CONFLICT = """("nhs_number") WHERE (NOT ("nhs_number" = '') AND "merged_into_id" IS NULL)"""
_LABELS = {field.name: str(field.verbose_name) for field in Person._meta.concrete_fields}


def _label(field_name: str) -> str:
    label = _LABELS[field_name]
    return label[:1].upper() + label[1:]


def validate_person_details(details: PersonDetails) -> PersonDetails:
    """A normalised copy (text trimmed, NHS number without spaces, postcode as "CM1 1AA"), or PersonProblem
    naming every problem at once."""
    errors: dict[str, str] = {}
    cleaned: dict[str, object] = {name: getattr(details, name).strip() for name in _TEXT_FIELDS}

    for name, message in _REQUIRED.items():
        if not cleaned[name]:
            errors[name] = message
    for name in _TEXT_FIELDS:
        value = str(cleaned[name])
        limit = _MAX_LENGTHS.get(name)
        # The NHS number and postcode get their own messages below, from their raw form.
        if limit is not None and len(value) > limit and name not in {"nhs_number", "postcode"}:
            errors[name] = f"{_label(name)} must be {limit} characters or fewer"
    for name, (allowed, message) in _CHOICES.items():
        if cleaned[name] and cleaned[name] not in allowed:
            errors[name] = message

    if cleaned["nhs_number"]:
        try:
            cleaned["nhs_number"] = normalise_nhs_number(str(cleaned["nhs_number"]))
        except InvalidNHSNumber as problem:
            errors["nhs_number"] = str(problem)
    if cleaned["postcode"]:
        try:
            cleaned["postcode"] = normalise_postcode(str(cleaned["postcode"]))
        except InvalidPostcode as problem:
            errors["postcode"] = str(problem)
    if cleaned["email"] and "email" not in errors:
        try:
            validate_email(str(cleaned["email"]))
        except ValidationError:
            errors["email"] = "Enter an email address in the correct format, like name@example.com"
    cleaned["gp_practice_ods_code"] = str(cleaned["gp_practice_ods_code"]).upper()

    if details.date_of_birth is not None:
        today = timezone.localdate()
        if details.date_of_birth > today:
            errors["date_of_birth"] = "Date of birth must be in the past"
        elif details.date_of_birth < _years_before(today, OLDEST_AGE_YEARS):
            errors["date_of_birth"] = f"Date of birth must be within the last {OLDEST_AGE_YEARS} years"
    if details.gp_practice is not None and details.gp_practice.kind != OrganisationKind.GP_PRACTICE:
        errors["gp_practice"] = "Choose a GP practice"

    if errors:
        raise PersonProblem(errors)
    return dataclasses.replace(details, **cleaned)  # type: ignore[arg-type]


def _years_before(day: date, years: int) -> date:
    # 29 February has no match in most years; the day before is as good for a 120-year limit.
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _field_values(details: PersonDetails) -> dict[str, object]:
    return {name: getattr(details, name) for name in DETAIL_FIELDS}


def find_or_create_person(*, details: PersonDetails, by: User | None, savepoint: bool = True) -> PersonResult:
    """The live record with this NHS number, unchanged, or a new record. Records that may be the same
    person are flagged for the team to check, never merged.

    `savepoint=False` is for a caller inside its own atomic block that lets any error end that block (as
    receive_referral does): then a savepoint here would only cost two more round trips to the database."""
    with transaction.atomic(savepoint=savepoint):
        return _find_or_create_person(details=details, by=by)


def _find_or_create_person(*, details: PersonDetails, by: User | None) -> PersonResult:
    details = validate_person_details(details)
    matches = find_matches(
        nhs_number=details.nhs_number,
        given_name=details.given_name,
        family_name=details.family_name,
        date_of_birth=details.date_of_birth,
        postcode=details.postcode,
    )
    if matches.exact is not None:
        return PersonResult(person=matches.exact, possible_duplicates=[], matched_on_nhs_number=True)
    person = Person(**_field_values(details))
    if not rows.insert([person], on_conflict=LIVE_NHS_NUMBER_CONFLICT):
        # Another request created a live record with this NHS number after our look-up: the partial unique
        # constraint skipped ours (no savepoint needed), and theirs is now committed and visible.
        existing = Person.objects.filter(nhs_number=details.nhs_number, merged_into__isnull=True).first()
        if existing is None:
            raise IntegrityError("A person record clashed on its NHS number, but no live record holds the number")
        return PersonResult(person=existing, possible_duplicates=[], matched_on_nhs_number=True)
    record(
        by=by,
        action=AuditAction.PERSON_CREATED,
        obj=person,
        person_id=str(person.pk),
        detail={"fields": _filled_fields(details)},
    )
    flagged = _flag_possible_duplicates(person=person, matches=matches.possible, by=by)
    return PersonResult(person=person, possible_duplicates=flagged, matched_on_nhs_number=False)


def _filled_fields(details: PersonDetails) -> list[str]:
    return [name for name, value in _field_values(details).items() if value not in ("", None, False)]


def _flag_possible_duplicates(
    *, person: Person, matches: list[PossibleMatch], by: User | None
) -> list[PossibleDuplicate]:
    if not matches:
        return []
    already_paired = {
        pk
        for pair in PossibleDuplicate.objects.filter(Q(person=person) | Q(other=person)).values_list(
            "person_id", "other_id"
        )
        for pk in pair
    }
    flagged = []
    for match in matches:
        if match.person.pk == person.pk or match.person.pk in already_paired:
            continue
        duplicate = PossibleDuplicate.objects.create(
            person=person, other=match.person, score=match.score, reasons=match.reasons
        )
        record(
            by=by,
            action=AuditAction.POSSIBLE_DUPLICATE_FOUND,
            obj=duplicate,
            person_id=str(person.pk),
            detail={"other_person_id": str(match.person.pk), "score": match.score, "reasons": match.reasons},
        )
        flagged.append(duplicate)
    return flagged


@transaction.atomic
def update_person(*, person: Person, details: PersonDetails, by: User | None) -> list[str]:
    """Replace the record's details with these (blank clears a field). Returns the names of the fields
    that changed; `person` is refreshed. Changed names or date of birth are checked for duplicates again."""
    details = validate_person_details(details)
    # Compared with the row as it is now, locked, not with whatever copy the caller read earlier.
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.merged_into_id is not None:
        raise PersonProblem({"__all__": "This record was merged into another. Change that record instead"})
    changed = []
    for name, value in _field_values(details).items():
        old = current.gp_practice_id if name == "gp_practice" else getattr(current, name)
        new = value.pk if isinstance(value, Organisation) else value
        if old != new:
            setattr(current, name, value)
            changed.append(name)
    if not changed:
        person.refresh_from_db()
        return []
    if "nhs_number" in changed and details.nhs_number:
        taken = Person.objects.filter(nhs_number=details.nhs_number, merged_into__isnull=True).exclude(pk=current.pk)
        if taken.exists():
            raise PersonProblem({"nhs_number": NHS_NUMBER_TAKEN})
    current.updated_at = timezone.now()
    try:
        with transaction.atomic():
            current.save(update_fields=[*changed, "updated_at"])
    except IntegrityError as error:
        # Only the NHS number can break a constraint here: the choices were checked above.
        raise PersonProblem({"nhs_number": NHS_NUMBER_TAKEN}) from error
    record(by=by, action=AuditAction.PERSON_UPDATED, obj=current, person_id=str(current.pk), detail={"fields": changed})
    if {"given_name", "family_name", "date_of_birth", "postcode", "nhs_number"} & set(changed):
        matches = find_matches(
            nhs_number=current.nhs_number,
            given_name=current.given_name,
            family_name=current.family_name,
            date_of_birth=current.date_of_birth,
            postcode=current.postcode,
        )
        _flag_possible_duplicates(person=current, matches=matches.possible, by=by)
    person.refresh_from_db()
    return changed


# --- Consent ------------------------------------------------------------------------------------
def current_consent(person: Person) -> dict[ConsentPurpose, Consent | None]:
    """The newest decision for each purpose (None where none was asked). One query."""
    newest: dict[ConsentPurpose, Consent | None] = dict.fromkeys(ConsentPurpose)
    for consent in Consent.objects.filter(person=person).order_by("purpose", "-decided_at"):
        purpose = ConsentPurpose(consent.purpose)
        if newest[purpose] is None:
            newest[purpose] = consent
    return newest


def record_consent(
    *,
    person: Person,
    purpose: ConsentPurpose,
    decision: ConsentDecision,
    method: ConsentMethod,
    by: User | None,
    by_label: str,
    note: str = "",
    savepoint: bool = True,
) -> Consent:
    """A new decision. Earlier ones stay as they were: the newest row for a purpose is the current one.

    `savepoint=False` is for a caller inside its own atomic block that lets any error end that block: then a
    savepoint here would only cost two more round trips to the database."""
    with transaction.atomic(savepoint=savepoint):
        decisions = _record_decisions(
            person=person, choices=[(purpose, decision, method)], by=by, by_label=by_label, note=note, new_person=False
        )
        return decisions[0]


def record_consents(
    *,
    person: Person,
    choices: Sequence[tuple[ConsentPurpose, ConsentDecision, ConsentMethod]],
    by: User | None,
    by_label: str,
    new_person: bool = False,
) -> dict[ConsentPurpose, Consent | None]:
    """Several decisions about one person, in the order they were made, written in one INSERT; returns the
    newest decision for each purpose afterwards. `new_person` says the caller created the person in the
    transaction it is still in (as receive_referral does): nobody else can see the record and it has no
    earlier decisions, so nothing needs locking or reading. Any error ends the caller's transaction: no
    savepoint of its own."""
    newest = _current_decisions(person, new_person=new_person)
    for consent in _record_decisions(
        person=person, choices=choices, by=by, by_label=by_label, note="", new_person=new_person, newest=newest
    ):
        newest[ConsentPurpose(consent.purpose)] = consent
    return newest


def _current_decisions(person: Person, *, new_person: bool) -> dict[ConsentPurpose, Consent | None]:
    if new_person:
        return dict.fromkeys(ConsentPurpose)
    # Locking the person serialises decisions about them, so "withdraw only what is given" holds.
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.merged_into_id is not None:
        raise ConsentProblem("This record was merged into another. Record consent on that record instead")
    return current_consent(locked)


def _record_decisions(
    *,
    person: Person,
    choices: Sequence[tuple[ConsentPurpose, ConsentDecision, ConsentMethod]],
    by: User | None,
    by_label: str,
    note: str,
    new_person: bool,
    newest: dict[ConsentPurpose, Consent | None] | None = None,
) -> list[Consent]:
    _check_recorder(by_label=by_label, note=note)
    newest = dict(newest) if newest is not None else _current_decisions(person, new_person=new_person)
    consents = []
    for purpose, decision, method in choices:
        consent = _new_consent(
            person=person,
            purpose=purpose,
            decision=decision,
            method=method,
            by=by,
            by_label=by_label,
            note=note,
            previous=newest[ConsentPurpose(purpose)],
        )
        newest[ConsentPurpose(purpose)] = consent
        consents.append(consent)
    rows.insert(consents)
    for consent in consents:
        record(
            by=by,
            action=AuditAction.CONSENT_RECORDED,
            obj=consent,
            person_id=str(person.pk),
            detail={"purpose": consent.purpose, "decision": consent.decision, "method": consent.method},
        )
    return consents


def _check_recorder(*, by_label: str, note: str) -> None:
    if not by_label.strip():
        raise ConsentProblem("Say who recorded the decision")
    if len(note) > CONSENT_NOTE_LENGTH:
        raise ConsentProblem(f"The note must be {CONSENT_NOTE_LENGTH} characters or fewer")


def _new_consent(
    *,
    person: Person,
    purpose: ConsentPurpose,
    decision: ConsentDecision,
    method: ConsentMethod,
    by: User | None,
    by_label: str,
    note: str,
    previous: Consent | None,
) -> Consent:
    """The decision after `previous` (the current one for the purpose, if any), not yet saved."""
    if decision == ConsentDecision.WITHDRAWN and (previous is None or previous.decision != ConsentDecision.GIVEN):
        raise ConsentProblem(
            f"Consent for {ConsentPurpose(purpose).label.lower()} cannot be withdrawn because it is not currently given"
        )
    decided_at = timezone.now()
    if previous is not None and decided_at <= previous.decided_at:
        # The newest row is the current decision, so a new decision must sort after the last one even
        # when the clock has not moved on (or has stepped back).
        decided_at = previous.decided_at + timedelta(microseconds=1)
    return Consent(
        person=person,
        purpose=purpose,
        decision=decision,
        method=method,
        decided_at=decided_at,
        recorded_by_id=by.pk if by is not None else None,
        recorded_by_label=by_label.strip(),
        note=note.strip(),
    )


def withdraw_consent(
    *,
    person: Person,
    purpose: ConsentPurpose,
    method: ConsentMethod,
    by: User | None,
    by_label: str,
    note: str = "",
) -> Consent:
    return record_consent(
        person=person,
        purpose=purpose,
        decision=ConsentDecision.WITHDRAWN,
        method=method,
        by=by,
        by_label=by_label,
        note=note,
    )


# --- Duplicates and merging ---------------------------------------------------------------------
@transaction.atomic
def resolve_possible_duplicate(*, duplicate: PossibleDuplicate, same_person: bool, by: User) -> None:
    """A person's decision on a possible duplicate. The same person: the two records are merged into one."""
    locked = PossibleDuplicate.objects.select_for_update().get(pk=duplicate.pk)
    if locked.status != DuplicateStatus.OPEN:
        raise DuplicateProblem("This possible duplicate has already been checked")
    if same_person:
        _merge(duplicate=locked, by=by)
    else:
        _close(locked, status=DuplicateStatus.DIFFERENT_PEOPLE, by=by)
    duplicate.refresh_from_db()


def _close(duplicate: PossibleDuplicate, *, status: DuplicateStatus, by: User) -> None:
    duplicate.status = status
    duplicate.resolved_at = timezone.now()
    duplicate.resolved_by_id = by.pk
    duplicate.save(update_fields=["status", "resolved_at", "resolved_by_id"])
    record(
        by=by,
        action=AuditAction.DUPLICATE_RESOLVED,
        obj=duplicate,
        person_id=str(duplicate.person_id),
        detail={"outcome": status.value, "other_person_id": str(duplicate.other_id)},
    )


def _merge(*, duplicate: PossibleDuplicate, by: User) -> None:
    # Locked in primary-key order, so two merges touching the same records cannot deadlock.
    first, second = (
        Person.objects.select_for_update().filter(pk__in=[duplicate.person_id, duplicate.other_id]).order_by("pk")
    )
    if first.merged_into_id is not None or second.merged_into_id is not None:
        raise DuplicateProblem("One of these records has already been merged into another")
    if first.nhs_number and second.nhs_number and first.nhs_number != second.nhs_number:
        raise DuplicateProblem(
            "These records have different NHS numbers, so they cannot be merged. "
            "Check the NHS numbers, or record that they are different people"
        )
    kept, merged = sorted(
        (first, second), key=lambda person: (not person.nhs_number, person.created_at, str(person.pk))
    )

    now = timezone.now()
    merged.merged_into = kept
    merged.updated_at = now
    # Saved before the kept record takes anything from it, so the NHS number is never live twice.
    merged.save(update_fields=["merged_into", "updated_at"])

    filled = _fill_blanks(kept=kept, merged=merged)
    kept.updated_at = now
    kept.save(update_fields=[*filled, "updated_at"])

    copied = _copy_consents(kept=kept, merged=merged)
    moved, dropped = _move_possible_duplicates(kept=kept, merged=merged, resolving=duplicate, by=by)
    run_merge_hooks(kept=kept, merged=merged)
    _close(duplicate, status=DuplicateStatus.SAME_PERSON, by=by)
    record(
        by=by,
        action=AuditAction.PEOPLE_MERGED,
        obj=kept,
        person_id=str(kept.pk),
        detail={
            "kept_person_id": str(kept.pk),
            "merged_person_id": str(merged.pk),
            "filled_fields": filled,
            "consents_copied": copied,
            "possible_duplicates_moved": moved,
            "possible_duplicates_dropped": dropped,
        },
    )


def _fill_blanks(*, kept: Person, merged: Person) -> list[str]:
    """Fields the kept record lacks and the merged one has. Yes/no fields are left alone: "no" there
    may be an answer, not a gap."""
    filled = []
    for name in DETAIL_FIELDS:
        attribute = "gp_practice_id" if name == "gp_practice" else name
        value = getattr(merged, attribute)
        if isinstance(value, bool) or value in ("", None) or getattr(kept, attribute) not in ("", None):
            continue
        setattr(kept, attribute, value)
        filled.append(name)
    return filled


def _copy_consents(*, kept: Person, merged: Person) -> int:
    """Consent rows are permanent, so the merged record keeps its own and the kept record gets copies with
    the original time, method and recorder, each saying where it came from."""
    prefix = f"Copied from merged record {merged.pk}"
    copies = []
    for consent in Consent.objects.filter(person=merged).order_by("decided_at"):
        note = f"{prefix}: {consent.note}" if consent.note else prefix
        if len(note) > CONSENT_NOTE_LENGTH:
            # The full note is still on the original row.
            note = note[: CONSENT_NOTE_LENGTH - 1] + "…"
        copies.append(
            Consent(
                person=kept,
                purpose=consent.purpose,
                decision=consent.decision,
                method=consent.method,
                decided_at=consent.decided_at,
                recorded_by_id=consent.recorded_by_id,
                recorded_by_label=consent.recorded_by_label,
                note=note,
            )
        )
    Consent.objects.bulk_create(copies)
    return len(copies)


def _move_possible_duplicates(
    *, kept: Person, merged: Person, resolving: PossibleDuplicate, by: User
) -> tuple[int, int]:
    """Other open questions about the merged record: those between the two records are answered by this
    merge; those with a third record move to the kept one, unless that pair is already being asked.
    Returns how many moved and how many were dropped as repeats."""
    open_pairs = PossibleDuplicate.objects.filter(
        Q(person=merged) | Q(other=merged), status=DuplicateStatus.OPEN
    ).exclude(pk=resolving.pk)
    kept_pairs = {
        pk
        for pair in PossibleDuplicate.objects.filter(Q(person=kept) | Q(other=kept)).values_list(
            "person_id", "other_id"
        )
        for pk in pair
    }
    moved = dropped = 0
    for pair in open_pairs:
        third = pair.other_id if pair.person_id == merged.pk else pair.person_id
        if third == kept.pk:
            _close(pair, status=DuplicateStatus.SAME_PERSON, by=by)
        elif third in kept_pairs:
            # The kept record is already paired with this third record: the same question, asked once.
            pair.delete()
            dropped += 1
        else:
            if pair.person_id == merged.pk:
                pair.person = kept
            else:
                pair.other = kept
            pair.save(update_fields=["person", "other"])
            kept_pairs.add(third)
            moved += 1
    return moved, dropped

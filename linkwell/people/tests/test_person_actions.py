from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.db.models import UniqueConstraint
from django.utils import timezone

from linkwell.accounts.models import OrganisationKind
from linkwell.accounts.tests.factories import OrganisationFactory, UserFactory
from linkwell.audit.models import AuditEvent
from linkwell.people.actions import (
    LIVE_NHS_NUMBER_CONFLICT,
    PersonProblem,
    find_or_create_person,
    update_person,
    validate_person_details,
)
from linkwell.people.duplicates import Matches
from linkwell.people.models import DuplicateStatus, Person, PossibleDuplicate
from linkwell.people.tests.builders import NHS_NUMBER, OTHER_NHS_NUMBER, details, person

pytestmark = pytest.mark.django_db


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("at"))


# --- Validation ---------------------------------------------------------------------------------
def test_details_are_normalised():
    cleaned = validate_person_details(
        details(given_name="  Joanne ", nhs_number="999 234 5675", postcode=" cm11aa", gp_practice_ods_code="a81001")
    )

    assert (cleaned.given_name, cleaned.nhs_number, cleaned.postcode) == ("Joanne", NHS_NUMBER, "CM1 1AA")
    assert cleaned.gp_practice_ods_code == "A81001"


def test_a_pseudo_postcode_is_accepted():
    assert validate_person_details(details(postcode="zz99 3vz")).postcode == "ZZ99 3VZ"


def test_every_problem_is_reported_at_once():
    with pytest.raises(PersonProblem) as raised:
        validate_person_details(
            details(
                given_name=" ",
                family_name="",
                nhs_number="999 234 5676",
                date_of_birth=timezone.localdate() + timedelta(days=1),
                postcode="NOT A POSTCODE",
                stated_gender="M",
                ethnic_category="Q",
                preferred_contact_method="pigeon",
                email="not-an-email",
                town="x" * 101,
            )
        )

    assert raised.value.errors == {
        "given_name": "Enter a given name",
        "family_name": "Enter a family name",
        "nhs_number": "This is not a valid NHS number. Check it has been copied correctly",
        "date_of_birth": "Date of birth must be in the past",
        "postcode": "Enter a real postcode, like CM1 1AA",
        "stated_gender": "Choose a gender from the list",
        "ethnic_category": "Choose an ethnic group from the list",
        "preferred_contact_method": "Choose a way to contact them from the list",
        "email": "Enter an email address in the correct format, like name@example.com",
        "town": "Town must be 100 characters or fewer",
    }


def test_a_short_nhs_number_says_it_must_be_ten_digits():
    with pytest.raises(PersonProblem) as raised:
        validate_person_details(details(nhs_number="999 234"))

    assert raised.value.errors == {"nhs_number": "An NHS number must be 10 digits, like 999 234 5675"}


def test_a_date_of_birth_over_120_years_ago_is_refused():
    long_ago = timezone.localdate().replace(year=timezone.localdate().year - 121)

    with pytest.raises(PersonProblem) as raised:
        validate_person_details(details(date_of_birth=long_ago))

    assert raised.value.errors == {"date_of_birth": "Date of birth must be within the last 120 years"}


def test_the_gp_practice_must_be_a_gp_practice():
    scheme = OrganisationFactory.create(kind=OrganisationKind.SCHEME)

    with pytest.raises(PersonProblem) as raised:
        validate_person_details(details(gp_practice=scheme))

    assert raised.value.errors == {"gp_practice": "Choose a GP practice"}


# --- find_or_create_person ----------------------------------------------------------------------
def test_a_new_person_is_created_and_audited_with_the_actor():
    referrer = UserFactory.create()
    practice = OrganisationFactory.create(kind=OrganisationKind.GP_PRACTICE)

    result = find_or_create_person(
        details=details(nhs_number="999 234 5675", email="jo@example.org", gp_practice=practice), by=referrer
    )

    person = Person.objects.get()
    assert result.person == person
    assert (result.matched_on_nhs_number, result.possible_duplicates) == (False, [])
    assert (person.nhs_number, person.gp_practice) == (NHS_NUMBER, practice)
    [event] = events("people.person_created")
    assert (event.actor_id, event.person_id, event.object_id) == (referrer.pk, str(person.pk), str(person.pk))
    assert event.detail == {
        "fields": ["given_name", "family_name", "date_of_birth", "nhs_number", "postcode", "email", "gp_practice"]
    }


def test_the_public_creating_a_person_is_recorded_as_the_system():
    find_or_create_person(details=details(), by=None)

    [event] = events("people.person_created")
    assert (event.actor_id, event.actor_label) == (None, "system")


def test_an_nhs_number_match_returns_the_existing_record_unchanged_and_records_nothing():
    existing = person(nhs_number=NHS_NUMBER, given_name="Joanne", phone="01234 567890")

    result = find_or_create_person(details=details(nhs_number=NHS_NUMBER, given_name="Jo", phone=""), by=None)

    assert (result.person, result.matched_on_nhs_number) == (existing, True)
    existing.refresh_from_db()
    assert (existing.given_name, existing.phone) == ("Joanne", "01234 567890")
    assert Person.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_a_near_duplicate_is_flagged_for_checking_and_never_merged():
    referrer = UserFactory.create()
    existing = person(given_name="Joanne", family_name="Fictional")

    result = find_or_create_person(details=details(given_name="Jo", family_name="Fictionel"), by=referrer)

    assert result.person != existing
    assert Person.objects.filter(merged_into__isnull=True).count() == 2
    [duplicate] = result.possible_duplicates
    assert (duplicate.person, duplicate.other, duplicate.status) == (result.person, existing, DuplicateStatus.OPEN)
    assert duplicate.score == 80
    [event] = events("people.possible_duplicate_found")
    assert (event.actor_id, event.person_id) == (referrer.pk, str(result.person.pk))
    assert event.detail["other_person_id"] == str(existing.pk)


def test_invalid_details_save_nothing_at_all():
    person()

    with pytest.raises(PersonProblem):
        find_or_create_person(details=details(nhs_number="123"), by=None)

    assert Person.objects.count() == 1
    assert not PossibleDuplicate.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_failure_after_creating_leaves_nothing_half_saved():
    person()

    with (
        mock.patch("linkwell.people.actions._flag_possible_duplicates", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        find_or_create_person(details=details(), by=None)

    assert Person.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_losing_a_race_on_the_nhs_number_returns_the_record_the_other_request_made():
    # The other request's record is committed between our look-up and our insert: the look-up is made
    # to miss it, so the database's unique constraint is what catches the second live record.
    theirs = person(nhs_number=NHS_NUMBER)

    with mock.patch("linkwell.people.actions.find_matches", return_value=Matches(exact=None, possible=[])):
        result = find_or_create_person(details=details(nhs_number=NHS_NUMBER), by=None)

    assert (result.person, result.matched_on_nhs_number) == (theirs, True)
    assert Person.objects.count() == 1
    assert not AuditEvent.objects.exists()
    # The skipped insert left the outer transaction usable.
    assert Person.objects.filter(pk=theirs.pk).exists()


def test_the_nhs_number_conflict_target_is_the_unique_constraint_as_the_database_has_it():
    [constraint] = [c for c in Person._meta.constraints if c.name == "person_nhs_number_unique"]
    assert isinstance(constraint, UniqueConstraint)

    class Editor:
        # What _get_condition_sql uses of a schema editor (a real one cannot open inside a test's transaction
        # on SQLite); the condition's only value is the empty string.
        def __init__(self):
            self.connection = connection

        def quote_value(self, value):
            return f"'{value}'"

    condition = constraint._get_condition_sql(Person, Editor())  # type: ignore[attr-defined]  # private, unstubbed
    assert f'("nhs_number") WHERE {condition}' == LIVE_NHS_NUMBER_CONFLICT


# --- update_person ------------------------------------------------------------------------------
def test_updating_returns_and_audits_only_the_changed_field_names():
    worker = UserFactory.create()
    record = person(phone="01234 567890")

    changed = update_person(
        person=record,
        details=details(phone="01234 000000", town="Chelmsford", postcode="cm1 1aa"),
        by=worker,
    )

    assert changed == ["town", "phone"]
    assert (record.phone, record.town, record.postcode) == ("01234 000000", "Chelmsford", "CM1 1AA")
    [event] = events("people.person_updated")
    assert (event.actor_id, event.detail) == (worker.pk, {"fields": ["town", "phone"]})


def test_an_update_that_changes_nothing_records_nothing():
    record = person()

    assert update_person(person=record, details=details(), by=None) == []
    assert not AuditEvent.objects.exists()


def test_an_nhs_number_already_on_another_live_record_is_refused_clearly():
    person(nhs_number=NHS_NUMBER, given_name="Someone", family_name="Else", date_of_birth=date(1990, 1, 1))
    record = person(nhs_number=OTHER_NHS_NUMBER)

    with pytest.raises(PersonProblem) as raised:
        update_person(person=record, details=details(nhs_number=NHS_NUMBER), by=None)

    assert raised.value.errors == {
        "nhs_number": "Another person's record already has this NHS number. "
        "Check the number, or ask the team to merge the records"
    }
    record.refresh_from_db()
    assert record.nhs_number == OTHER_NHS_NUMBER


def test_an_nhs_number_taken_in_a_race_is_refused_by_the_database():
    person(nhs_number=NHS_NUMBER, given_name="Someone", family_name="Else", date_of_birth=date(1990, 1, 1))
    record = person()

    # The other record appears after the look-up, so only the database's unique constraint sees it.
    with (
        mock.patch("django.db.models.query.QuerySet.exists", return_value=False),
        pytest.raises(PersonProblem) as raised,
    ):
        update_person(person=record, details=details(nhs_number=NHS_NUMBER), by=None)

    assert list(raised.value.errors) == ["nhs_number"]


def test_an_nhs_number_on_a_merged_record_can_be_reused():
    kept = person(given_name="Someone", family_name="Else", date_of_birth=date(1990, 1, 1))
    person(nhs_number=NHS_NUMBER, merged_into=kept, given_name="Someone", family_name="Else")

    changed = update_person(
        person=kept,
        details=details(
            given_name="Someone", family_name="Else", date_of_birth=date(1990, 1, 1), nhs_number=NHS_NUMBER
        ),
        by=None,
    )

    assert (changed, kept.nhs_number) == (["nhs_number"], NHS_NUMBER)


def test_a_merged_record_cannot_be_updated():
    kept = person()
    merged = person(merged_into=kept)

    with pytest.raises(PersonProblem, match="merged into another"):
        update_person(person=merged, details=details(town="Chelmsford"), by=None)


def test_changing_a_name_to_look_like_someone_else_flags_a_possible_duplicate():
    existing = person(given_name="Robert", family_name="Fictional")
    record = person(given_name="Alan", family_name="Fictional")

    update_person(person=record, details=details(given_name="Bob"), by=None)

    [duplicate] = PossibleDuplicate.objects.all()
    assert (duplicate.person, duplicate.other) == (record, existing)


def test_an_update_does_not_flag_a_pair_already_flagged():
    existing = person(given_name="Joanne")
    record = person(given_name="Jo")
    PossibleDuplicate.objects.create(person=existing, other=record, score=80)

    update_person(person=record, details=details(given_name="Joanne"), by=None)

    assert PossibleDuplicate.objects.count() == 1

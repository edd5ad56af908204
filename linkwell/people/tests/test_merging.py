from datetime import timedelta

import pytest
from django.utils import timezone

from linkwell.accounts.tests.factories import UserFactory
from linkwell.audit.models import AuditEvent
from linkwell.people import merging
from linkwell.people.actions import DuplicateProblem, current_consent, record_consent, resolve_possible_duplicate
from linkwell.people.models import (
    Consent,
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    DuplicateStatus,
    Person,
    PossibleDuplicate,
)
from linkwell.people.tests.builders import NHS_NUMBER, OTHER_NHS_NUMBER, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return UserFactory.create()


@pytest.fixture
def hooks(monkeypatch):
    registered: list[merging.MergeHook] = []
    monkeypatch.setattr(merging, "MERGE_HOOKS", registered)
    return registered


def pair(older, newer):
    return PossibleDuplicate.objects.create(person=newer, other=older, score=80, reasons=["same date of birth"])


def older_and_newer(**newer_fields):
    older = person(created_at=timezone.now() - timedelta(days=10), phone="", town="Chelmsford")
    newer = person(**{"given_name": "Jo", "phone": "01234 567890", "town": "Basildon", **newer_fields})
    return older, newer


def test_different_people_closes_the_question_and_is_audited(worker, hooks):
    older, newer = older_and_newer()
    duplicate = pair(older, newer)
    hooks.append(lambda kept, merged: pytest.fail("no merge should happen"))

    resolve_possible_duplicate(duplicate=duplicate, same_person=False, by=worker)

    assert (duplicate.status, duplicate.resolved_by_id) == (DuplicateStatus.DIFFERENT_PEOPLE, worker.pk)
    assert duplicate.resolved_at is not None
    assert Person.objects.filter(merged_into__isnull=True).count() == 2
    [event] = AuditEvent.objects.filter(action="people.duplicate_resolved")
    assert (event.actor_id, event.detail) == (
        worker.pk,
        {"outcome": "different_people", "other_person_id": str(older.pk)},
    )


def test_the_same_person_merges_into_the_older_record_filling_its_gaps(worker, hooks):
    older, newer = older_and_newer()
    duplicate = pair(older, newer)

    resolve_possible_duplicate(duplicate=duplicate, same_person=True, by=worker)

    older.refresh_from_db()
    newer.refresh_from_db()
    assert newer.merged_into == older
    assert older.merged_into is None
    # Blanks are filled; what the kept record already says stays.
    assert (older.given_name, older.phone, older.town) == ("Joanne", "01234 567890", "Chelmsford")
    assert (duplicate.status, duplicate.resolved_by_id) == (DuplicateStatus.SAME_PERSON, worker.pk)
    [event] = AuditEvent.objects.filter(action="people.merged")
    assert event.actor_id == worker.pk
    assert event.person_id == str(older.pk)
    assert (event.detail["kept_person_id"], event.detail["merged_person_id"]) == (str(older.pk), str(newer.pk))
    assert event.detail["filled_fields"] == ["phone"]
    assert AuditEvent.objects.filter(action="people.duplicate_resolved").count() == 1


def test_the_record_with_the_nhs_number_is_kept_even_if_newer(worker, hooks):
    older, newer = older_and_newer(nhs_number=NHS_NUMBER)

    resolve_possible_duplicate(duplicate=pair(older, newer), same_person=True, by=worker)

    older.refresh_from_db()
    assert older.merged_into == newer


def test_records_with_different_nhs_numbers_are_never_merged(worker, hooks):
    older, newer = older_and_newer(nhs_number=NHS_NUMBER)
    Person.objects.filter(pk=older.pk).update(nhs_number=OTHER_NHS_NUMBER)
    duplicate = pair(older, newer)

    with pytest.raises(DuplicateProblem, match="different NHS numbers"):
        resolve_possible_duplicate(duplicate=duplicate, same_person=True, by=worker)

    duplicate.refresh_from_db()
    assert duplicate.status == DuplicateStatus.OPEN
    assert not Person.objects.filter(merged_into__isnull=False).exists()
    assert not AuditEvent.objects.exists()


def test_a_question_already_answered_cannot_be_answered_again(worker, hooks):
    duplicate = pair(*older_and_newer())
    resolve_possible_duplicate(duplicate=duplicate, same_person=False, by=worker)

    with pytest.raises(DuplicateProblem, match="already been checked"):
        resolve_possible_duplicate(duplicate=duplicate, same_person=True, by=worker)


def test_every_hook_is_called_with_the_kept_and_merged_records_inside_the_merge(worker, hooks):
    older, newer = older_and_newer()
    calls = []
    hooks.append(lambda kept, merged: calls.append(("first", kept, merged)))
    hooks.append(lambda kept, merged: calls.append(("second", kept, merged)))

    resolve_possible_duplicate(duplicate=pair(older, newer), same_person=True, by=worker)

    assert calls == [("first", older, newer), ("second", older, newer)]


def test_a_failing_hook_undoes_the_whole_merge(worker, hooks):
    older, newer = older_and_newer()
    duplicate = pair(older, newer)

    def refuse(kept, merged):
        raise RuntimeError("referrals could not be moved")

    hooks.append(refuse)

    with pytest.raises(RuntimeError):
        resolve_possible_duplicate(duplicate=duplicate, same_person=True, by=worker)

    duplicate.refresh_from_db()
    assert duplicate.status == DuplicateStatus.OPEN
    assert not Person.objects.filter(merged_into__isnull=False).exists()
    assert not Consent.objects.exists()
    assert not AuditEvent.objects.exists()


def test_consents_are_copied_to_the_kept_record_and_the_originals_stay(worker, hooks):
    older, newer = older_and_newer()
    original = record_consent(
        person=newer,
        purpose=ConsentPurpose.SUPPORT,
        decision=ConsentDecision.GIVEN,
        method=ConsentMethod.PHONE,
        by=worker,
        by_label="Sam Example (link worker)",
        note="Happy to be called",
    )

    resolve_possible_duplicate(duplicate=pair(older, newer), same_person=True, by=worker)

    copy = current_consent(older)[ConsentPurpose.SUPPORT]
    assert copy is not None
    assert copy.pk != original.pk
    assert (copy.decision, copy.decided_at, copy.recorded_by_label) == (
        "given",
        original.decided_at,
        original.recorded_by_label,
    )
    assert copy.note == f"Copied from merged record {newer.pk}: Happy to be called"
    assert Consent.objects.get(pk=original.pk).person == newer
    assert AuditEvent.objects.get(action="people.merged").detail["consents_copied"] == 1


def test_the_newest_decision_across_both_records_is_current_after_a_merge(worker, hooks):
    older, newer = older_and_newer()
    for who, decision in ((older, ConsentDecision.GIVEN), (newer, ConsentDecision.REFUSED)):
        record_consent(
            person=who,
            purpose=ConsentPurpose.EVALUATION,
            decision=decision,
            method=ConsentMethod.PHONE,
            by=worker,
            by_label="x",
        )

    resolve_possible_duplicate(duplicate=pair(older, newer), same_person=True, by=worker)

    current = current_consent(older)[ConsentPurpose.EVALUATION]
    assert current is not None
    assert current.decision == ConsentDecision.REFUSED


def test_other_questions_about_the_merged_record_are_answered_moved_or_dropped(worker, hooks):
    older, newer = older_and_newer()
    third = person(given_name="Joan")
    fourth = person(given_name="Joanna")
    duplicate = pair(older, newer)
    reverse = PossibleDuplicate.objects.create(person=older, other=newer, score=80)
    moved = PossibleDuplicate.objects.create(person=newer, other=third, score=75)
    repeat = PossibleDuplicate.objects.create(person=fourth, other=newer, score=75)
    PossibleDuplicate.objects.create(person=older, other=fourth, score=75)

    resolve_possible_duplicate(duplicate=duplicate, same_person=True, by=worker)

    reverse.refresh_from_db()
    moved.refresh_from_db()
    assert reverse.status == DuplicateStatus.SAME_PERSON
    assert (moved.person, moved.other, moved.status) == (older, third, DuplicateStatus.OPEN)
    assert not PossibleDuplicate.objects.filter(pk=repeat.pk).exists()
    detail = AuditEvent.objects.get(action="people.merged").detail
    assert (detail["possible_duplicates_moved"], detail["possible_duplicates_dropped"]) == (1, 1)


def test_a_record_already_merged_cannot_be_merged_again(worker, hooks):
    older, newer = older_and_newer()
    elsewhere = person(given_name="Someone")
    Person.objects.filter(pk=newer.pk).update(merged_into=elsewhere)

    with pytest.raises(DuplicateProblem, match="already been merged"):
        resolve_possible_duplicate(duplicate=pair(older, newer), same_person=True, by=worker)

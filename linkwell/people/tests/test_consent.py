from datetime import timedelta

import pytest
from django.utils import timezone

from linkwell.accounts.tests.factories import UserFactory
from linkwell.audit.models import AuditEvent
from linkwell.people.actions import ConsentProblem, current_consent, record_consent, withdraw_consent
from linkwell.people.models import (
    Consent,
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    ConsentRecordIsPermanent,
)
from linkwell.people.tests.builders import person

pytestmark = pytest.mark.django_db

SUPPORT = ConsentPurpose.SUPPORT


def give(who, purpose=SUPPORT, by=None):
    return record_consent(
        person=who,
        purpose=purpose,
        decision=ConsentDecision.GIVEN,
        method=ConsentMethod.PHONE,
        by=by,
        by_label="Sam Example (link worker)",
    )


def test_a_decision_is_recorded_with_who_recorded_it_and_audited():
    worker = UserFactory.create()
    someone = person()

    consent = give(someone, by=worker)

    assert (consent.decision, consent.recorded_by_id, consent.recorded_by_label) == (
        "given",
        worker.pk,
        "Sam Example (link worker)",
    )
    [event] = AuditEvent.objects.filter(action="people.consent_recorded")
    assert (event.actor_id, event.person_id) == (worker.pk, str(someone.pk))
    assert event.detail == {"purpose": "support", "decision": "given", "method": "phone"}


def test_consent_rows_cannot_be_changed_or_deleted_through_the_orm():
    consent = give(person())

    consent.note = "changed"
    with pytest.raises(ConsentRecordIsPermanent):
        consent.save()
    with pytest.raises(ConsentRecordIsPermanent):
        consent.delete()
    with pytest.raises(ConsentRecordIsPermanent):
        Consent.objects.filter(pk=consent.pk).update(decision=ConsentDecision.REFUSED)
    with pytest.raises(ConsentRecordIsPermanent):
        Consent.objects.filter(pk=consent.pk).delete()
    assert Consent.objects.get().decision == ConsentDecision.GIVEN


def test_withdrawal_is_a_new_row_and_becomes_the_current_decision():
    someone = person()
    given = give(someone)

    withdrawn = withdraw_consent(
        person=someone, purpose=SUPPORT, method=ConsentMethod.IN_PERSON, by=None, by_label="the person, in person"
    )

    assert Consent.objects.count() == 2
    assert Consent.objects.get(pk=given.pk).decision == ConsentDecision.GIVEN
    assert withdrawn.decision == ConsentDecision.WITHDRAWN
    assert withdrawn.decided_at > given.decided_at
    assert current_consent(someone)[SUPPORT] == withdrawn


def test_withdrawing_consent_that_is_not_given_is_refused():
    someone = person()
    record_consent(
        person=someone,
        purpose=ConsentPurpose.EVALUATION,
        decision=ConsentDecision.REFUSED,
        method=ConsentMethod.ONLINE_FORM,
        by=None,
        by_label="the person, online",
    )

    for purpose in (ConsentPurpose.EVALUATION, ConsentPurpose.SUPPORT):
        with pytest.raises(ConsentProblem, match="cannot be withdrawn because it is not currently given"):
            withdraw_consent(person=someone, purpose=purpose, method=ConsentMethod.PHONE, by=None, by_label="x")
    assert Consent.objects.count() == 1


def test_current_consent_is_the_newest_row_for_each_purpose_in_one_query(django_assert_num_queries):
    someone = person()
    earlier = timezone.now() - timedelta(days=30)
    Consent.objects.create(
        person=someone,
        purpose=ConsentPurpose.CONTACT_DIGITAL,
        decision=ConsentDecision.GIVEN,
        method=ConsentMethod.WRITTEN,
        decided_at=earlier,
        recorded_by_label="x",
    )
    newer = Consent.objects.create(
        person=someone,
        purpose=ConsentPurpose.CONTACT_DIGITAL,
        decision=ConsentDecision.REFUSED,
        method=ConsentMethod.WRITTEN,
        decided_at=earlier + timedelta(days=1),
        recorded_by_label="x",
    )
    support = give(someone)
    give(person(given_name="Other"))

    with django_assert_num_queries(1):
        current = current_consent(someone)

    assert current == {
        ConsentPurpose.SUPPORT: support,
        ConsentPurpose.SHARE_WITH_PROVIDERS: None,
        ConsentPurpose.CONTACT_DIGITAL: newer,
        ConsentPurpose.EVALUATION: None,
    }


def test_a_new_decision_sorts_after_the_last_even_if_the_clock_has_not_moved():
    someone = person()
    given = give(someone)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: given.decided_at)
        withdrawn = withdraw_consent(person=someone, purpose=SUPPORT, method=ConsentMethod.PHONE, by=None, by_label="x")

    assert withdrawn.decided_at > given.decided_at
    assert current_consent(someone)[SUPPORT] == withdrawn


def test_consent_cannot_be_recorded_on_a_merged_record():
    merged = person(merged_into=person())

    with pytest.raises(ConsentProblem, match="merged into another"):
        give(merged)


def test_who_recorded_it_must_be_said():
    with pytest.raises(ConsentProblem, match="Say who recorded"):
        record_consent(
            person=person(),
            purpose=SUPPORT,
            decision=ConsentDecision.GIVEN,
            method=ConsentMethod.PHONE,
            by=None,
            by_label=" ",
        )

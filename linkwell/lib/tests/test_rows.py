# Test SQL from table and column names in model metadata.
# ruff: noqa: S608

import datetime as dt
import uuid

import pytest
from django.db import IntegrityError, transaction

from linkwell.accounts.models import Organisation, OrganisationKind
from linkwell.accounts.tests.factories import OrganisationFactory
from linkwell.audit.models import AuditEvent
from linkwell.clients.models import ApiClient
from linkwell.lib import rows
from linkwell.people.models import Consent, ConsentDecision, ConsentMethod, ConsentPurpose, Person
from linkwell.people.tests.builders import NHS_NUMBER, person

pytestmark = pytest.mark.django_db

COMPARED = ("given_name", "family_name", "date_of_birth", "nhs_number", "postcode", "created_at", "updated_at")


def test_an_inserted_row_reads_back_through_the_orm_as_it_was_made():
    made = Person(given_name="Ada", family_name="Example", date_of_birth=dt.date(1950, 3, 4), nhs_number=NHS_NUMBER)

    assert rows.insert([made]) == 1

    read = Person.objects.get(pk=made.pk)
    assert [getattr(read, name) for name in COMPARED] == [getattr(made, name) for name in COMPARED]
    assert not made._state.adding


def test_an_auto_increment_key_comes_back_onto_each_instance_and_json_round_trips():
    events = [AuditEvent(actor_label="system", action=f"test.{n}", detail={"n": n, "at": "x"}) for n in range(3)]

    assert rows.insert(events) == 3

    assert all(event.pk is not None for event in events)
    assert [AuditEvent.objects.get(pk=event.pk).detail for event in events] == [{"n": n, "at": "x"} for n in range(3)]


def test_a_row_clashing_on_the_conflict_target_is_skipped_and_the_transaction_carries_on():
    theirs = person(nhs_number=NHS_NUMBER)
    ours = Person(given_name="Ada", family_name="Other", nhs_number=NHS_NUMBER)
    target = """("nhs_number") WHERE (NOT ("nhs_number" = '') AND "merged_into_id" IS NULL)"""

    with transaction.atomic():
        assert rows.insert([ours], on_conflict=target) == 0
        # No savepoint was needed: the transaction still answers.
        assert list(Person.objects.values_list("pk", flat=True)) == [theirs.pk]
    assert ours._state.adding


def test_a_clash_outside_the_conflict_target_still_raises():
    consent = Consent(
        person_id=uuid.uuid4(),  # no such person: the foreign key refuses it
        purpose=ConsentPurpose.SUPPORT,
        decision=ConsentDecision.GIVEN,
        method=ConsentMethod.IN_PERSON,
        decided_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        recorded_by_label="test",
    )
    with transaction.atomic():
        rows.insert([consent])
        # Foreign keys are checked at commit on both databases; check now.
        with pytest.raises(IntegrityError):
            transaction.get_connection().check_constraints()
        transaction.set_rollback(True)


def test_insert_refuses_mixed_models_and_a_conflict_target_for_several_rows():
    with pytest.raises(TypeError):
        rows.insert([Person(given_name="A", family_name="B"), AuditEvent(actor_label="x", action="y")])
    with pytest.raises(ValueError, match="one instance"):
        rows.insert([Person(given_name="A", family_name="B")] * 2, on_conflict="(id)")
    assert rows.insert([]) == 0


def test_fetch_builds_instances_with_their_related_rows_as_select_related_would(django_assert_num_queries):
    organisation = OrganisationFactory.create(name="Fetch Council")
    client = ApiClient.objects.create(organisation=organisation, label="Fetcher", token_hash="a" * 64, token_prefix="x")

    with django_assert_num_queries(1):
        [found] = rows.fetch(
            ApiClient,
            f"FROM {rows.table(ApiClient)} c JOIN {rows.table(Organisation)} o ON o.id = c.organisation_id"
            " WHERE c.token_hash = %s",
            ["a" * 64],
            alias="c",
            related=[("organisation", Organisation, "o")],
        )
        assert found.organisation.name == "Fetch Council"
    assert found == client
    assert (found.created_at, found.revoked_at) == (client.created_at, None)


def test_an_outer_join_that_finds_nothing_gives_none():
    network = OrganisationFactory.create(kind=OrganisationKind.PCN, name="Riverside PCN")
    with_parent = OrganisationFactory.create(kind=OrganisationKind.GP_PRACTICE, parent=network)
    without = OrganisationFactory.create(kind=OrganisationKind.GP_PRACTICE)

    found = rows.fetch(
        Organisation,
        f"FROM {rows.table(Organisation)} o LEFT JOIN {rows.table(Organisation)} parent ON parent.id = o.parent_id"
        " WHERE o.id IN (%s, %s) ORDER BY o.id",
        [with_parent.pk, without.pk],
        alias="o",
        related=[("parent", Organisation, "parent")],
    )

    assert [(row.pk, row.parent) for row in found] == [(with_parent.pk, network), (without.pk, None)]
    assert found[0].parent is not None
    assert found[0].parent.name == "Riverside PCN"


def test_instance_of_converts_each_column_as_the_orm_does():
    practice = OrganisationFactory.create(kind=OrganisationKind.GP_PRACTICE, ods_code="Z99123")
    with rows.statements() as cursor:
        cursor.execute(
            f"SELECT {rows.columns(Organisation, 'o')} FROM {rows.table(Organisation)} o WHERE o.id = %s", [practice.pk]
        )
        values = cursor.fetchone()
    made = rows.instance_of(Organisation, values)
    assert made == practice
    assert (made.kind, made.ods_code) == (OrganisationKind.GP_PRACTICE, "Z99123")
    assert rows.instance_of(Organisation, [None] * rows.width(Organisation)) is None

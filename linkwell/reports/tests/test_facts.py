"""The report facts: what a row holds, and that a refresh notices each kind of change and nothing else."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from linkwell.accounts.models import Organisation, OrganisationKind
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory, user_with_role
from linkwell.casework.actions import reassign_case
from linkwell.casework.care import record_contact
from linkwell.casework.discharge import discharge_case
from linkwell.casework.models import (
    Case,
    CaseTransition,
    Contact,
    ContactKind,
    DischargeReason,
    Plan,
    SchemeSettings,
)
from linkwell.casework.plans import plan_version, update_plan
from linkwell.casework.tests.builders import open_case
from linkwell.directory.models import Postcode
from linkwell.people.models import Person
from linkwell.referrals.actions import change_status
from linkwell.referrals.models import Referral, ReferralStatus, ReferralTransition
from linkwell.referrals.tests.factories import PersonFactory, ReferralFactory
from linkwell.reports.facts import rebuild_facts, refresh_facts, vacuum_report_tables
from linkwell.reports.models import FactRefreshState, ReferralFact, ReferralFactNeed

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - dt.timedelta(days=40)


def _push_everything_into_the_past() -> None:
    """Stamp every record as written long ago, so the next refresh sees only what a test changes next."""
    Referral.objects.update(received_at=LONG_AGO, status_changed_at=LONG_AGO)
    ReferralTransition.objects.update(at=LONG_AGO)
    Person.objects.update(updated_at=LONG_AGO)
    Case.objects.update(opened_at=LONG_AGO)
    CaseTransition.objects.update(at=LONG_AGO)
    Contact.objects.update(at=LONG_AGO, recorded_at=LONG_AGO)
    Plan.objects.update(updated_at=LONG_AGO)


def _facts_as_rows() -> dict[Any, dict[str, Any]]:
    rows = {}
    for fact in ReferralFact.objects.all():
        row = {field.attname: getattr(fact, field.attname) for field in ReferralFact._meta.concrete_fields}
        row.pop("refreshed_at")
        row["needs"] = sorted(ReferralFactNeed.objects.filter(fact=fact).values_list("need", flat=True))
        rows[fact.pk] = row
    return rows


@pytest.fixture
def settled_case() -> Case:
    """A case opened long ago, with its facts built and nothing changed since."""
    case = open_case(reasons=["loneliness", "debt"])
    _push_everything_into_the_past()
    rebuild_facts()
    return Case.objects.select_related("referral", "team", "person", "link_worker").get(pk=case.pk)


def test_a_fact_row_denormalises_the_referral_person_and_place():
    icb = OrganisationFactory.create(kind=OrganisationKind.COMMISSIONER)
    pcn = OrganisationFactory.create(kind=OrganisationKind.PCN, parent=icb)
    practice = OrganisationFactory.create(kind=OrganisationKind.GP_PRACTICE, parent=pcn)
    Postcode.objects.create(postcode="CM1 1AA", latitude=51.7, longitude=0.47, imd_decile=3)
    person = PersonFactory.create(
        date_of_birth=dt.date(1960, 6, 15),
        stated_gender="2",
        ethnic_category="A",
        postcode="CM1 1AA",
        gp_practice=practice,
    )
    referral = ReferralFactory.create(
        person=person,
        reasons=["loneliness", "debt", "loneliness"],
        received_at=dt.datetime(2026, 6, 14, 12, tzinfo=dt.UTC),
    )

    assert rebuild_facts() == 1

    fact = ReferralFact.objects.get(pk=referral.pk)
    assert fact.received_on == dt.date(2026, 6, 14)
    assert fact.received_month == dt.date(2026, 6, 1)
    assert (fact.scheme_id, fact.team_id) == (referral.team.scheme_id, referral.team_id)
    assert (fact.practice_id, fact.pcn_id, fact.icb_id) == (practice.pk, pcn.pk, icb.pk)
    # A day before the 66th birthday.
    assert fact.age_band == "65-74"
    assert (fact.stated_gender, fact.ethnic_category, fact.imd_decile) == ("2", "A", 3)
    assert fact.status == ReferralStatus.RECEIVED
    assert (fact.supported, fact.substantive, fact.contacts_made, fact.case_id) == (False, False, 0, None)
    assert sorted(fact.needs.values_list("need", flat=True)) == ["debt", "loneliness"]


def test_ages_fall_in_bands_on_the_birthday_and_unknown_ages_stay_empty():
    received = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    turns_18 = ReferralFactory.create(person__date_of_birth=dt.date(2008, 3, 1), received_at=received)
    still_17 = ReferralFactory.create(person__date_of_birth=dt.date(2008, 3, 2), received_at=received)
    very_old = ReferralFactory.create(person__date_of_birth=dt.date(1930, 1, 1), received_at=received)
    unknown = ReferralFactory.create(person__date_of_birth=None, received_at=received)

    rebuild_facts()

    bands = dict(ReferralFact.objects.values_list("referral_id", "age_band"))
    assert bands == {turns_18.pk: "18-24", still_17.pk: "0-17", very_old.pk: "85+", unknown.pk: ""}


def test_first_contact_is_the_move_to_in_contact_or_the_first_contact_made_whichever_came_first():
    team = TeamFactory.create()
    worker = user_with_role(Role.LINK_WORKER, team=team)
    received = timezone.now() - dt.timedelta(days=10)
    referral = ReferralFactory.create(team=team, received_at=received)
    change_status(referral=referral, to_status=ReferralStatus.ALLOCATED, by=worker, allocate_to=worker)
    change_status(referral=referral, to_status=ReferralStatus.IN_CONTACT, by=worker)
    ReferralTransition.objects.filter(referral=referral, to_status=ReferralStatus.IN_CONTACT).update(
        at=received + dt.timedelta(days=4)
    )
    change_status(referral=referral, to_status=ReferralStatus.ACCEPTED, by=worker)
    case = Case.objects.get(referral=referral)
    record_contact(
        case=case,
        at=received + dt.timedelta(days=2),
        kind=ContactKind.PHONE,
        made=True,
        duration_minutes=20,
        note="",
        by=worker,
    )
    record_contact(
        case=case,
        at=received + dt.timedelta(days=1),
        kind=ContactKind.PHONE,
        made=False,
        duration_minutes=None,
        note="",
        by=worker,
    )

    rebuild_facts()

    fact = ReferralFact.objects.get(pk=referral.pk)
    # The attempt a day in did not reach the person; the call on day 2 did, before the status moved on day 4.
    assert fact.days_to_first_contact == 2
    assert fact.first_contact_on == (received + dt.timedelta(days=2)).astimezone(dt.UTC).date()
    assert (fact.contacts_made, fact.supported) == (1, True)
    assert fact.link_worker_id == worker.pk
    assert fact.case_id == case.pk


def test_a_refresh_with_nothing_changed_recomputes_nothing(settled_case):
    assert refresh_facts() == 0


def test_a_refresh_picks_up_a_new_referral(settled_case):
    referral = ReferralFactory.create(team=settled_case.team)

    assert refresh_facts() == 1
    assert ReferralFact.objects.filter(pk=referral.pk).exists()


def test_a_refresh_picks_up_a_referral_status_change():
    team = TeamFactory.create()
    lead = user_with_role(Role.TEAM_LEAD, team=team)
    referral = ReferralFactory.create(team=team)
    _push_everything_into_the_past()
    rebuild_facts()

    change_status(referral=referral, to_status=ReferralStatus.NOT_APPROPRIATE, by=lead, reason="Needs a GP")

    assert refresh_facts() == 1
    assert ReferralFact.objects.get(pk=referral.pk).status == ReferralStatus.NOT_APPROPRIATE


def test_a_refresh_picks_up_contacts(settled_case):
    for day in (1, 2, 3):
        record_contact(
            case=settled_case,
            at=LONG_AGO + dt.timedelta(days=day),
            kind=ContactKind.PHONE,
            made=True,
            duration_minutes=15,
            note="",
            by=settled_case.link_worker,
        )

    assert refresh_facts() == 1
    fact = ReferralFact.objects.get(pk=settled_case.referral_id)
    assert (fact.contacts_made, fact.supported, fact.substantive) == (3, True, True)


def test_a_refresh_picks_up_an_agreed_plan(settled_case):
    update_plan(
        case=settled_case,
        expected_version=plan_version(settled_case),
        agreed_on=timezone.localdate(),
        summary="Join a walking group",
        by=settled_case.link_worker,
    )

    assert refresh_facts() == 1
    fact = ReferralFact.objects.get(pk=settled_case.referral_id)
    assert (fact.plan_agreed, fact.substantive, fact.contacts_made) == (True, True, 0)


def test_a_refresh_picks_up_a_discharge(settled_case):
    discharge_case(
        case=settled_case, reason=DischargeReason.GOALS_MET, summary="Goals met", by=settled_case.link_worker
    )

    assert refresh_facts() == 1
    fact = ReferralFact.objects.get(pk=settled_case.referral_id)
    assert (fact.case_status, fact.discharge_reason) == ("discharged", "goals_met")
    assert fact.discharged_on == timezone.now().astimezone(dt.UTC).date()


def test_a_refresh_picks_up_a_case_given_to_another_worker(settled_case):
    other = user_with_role(Role.LINK_WORKER, team=settled_case.team)
    lead = user_with_role(Role.TEAM_LEAD, team=settled_case.team)
    reassign_case(case=settled_case, to=other, by=lead)

    assert refresh_facts() == 1
    assert ReferralFact.objects.get(pk=settled_case.referral_id).link_worker_id == other.pk


def test_a_refresh_picks_up_a_change_to_the_person(settled_case):
    Postcode.objects.create(postcode="CM2 0AA", latitude=51.7, longitude=0.48, imd_decile=8)
    Person.objects.filter(pk=settled_case.person_id).update(postcode="CM2 0AA", updated_at=timezone.now())

    assert refresh_facts() == 1
    assert ReferralFact.objects.get(pk=settled_case.referral_id).imd_decile == 8


def test_substantive_engagement_follows_the_schemes_setting_and_a_change_to_it_is_picked_up(settled_case):
    for day in (1, 2):
        record_contact(
            case=settled_case,
            at=LONG_AGO + dt.timedelta(days=day),
            kind=ContactKind.VIDEO,
            made=True,
            duration_minutes=30,
            note="",
            by=settled_case.link_worker,
        )
    refresh_facts()
    assert ReferralFact.objects.get(pk=settled_case.referral_id).substantive is False  # 2 of the default 3

    SchemeSettings.objects.create(scheme=Organisation.objects.get(pk=settled_case.scheme_id), substantive_contacts=2)

    assert refresh_facts() == 1
    fact = ReferralFact.objects.get(pk=settled_case.referral_id)
    assert (fact.substantive_threshold, fact.substantive) == (2, True)


def test_rebuilding_gives_the_same_rows_as_refreshing_step_by_step(settled_case):
    worker = settled_case.link_worker
    record_contact(
        case=settled_case,
        at=LONG_AGO + dt.timedelta(days=1),
        kind=ContactKind.PHONE,
        made=True,
        duration_minutes=10,
        note="",
        by=worker,
    )
    refresh_facts()
    second = open_case(team=settled_case.team, worker=worker, reasons=["housing"])
    ReferralFactory.create(team=settled_case.team, reasons=[])
    refresh_facts()
    discharge_case(case=second, reason=DischargeReason.MOVED_AWAY, summary="Moved to Leeds", by=worker)
    refresh_facts()
    refreshed = _facts_as_rows()

    rebuild_facts()

    assert _facts_as_rows() == refreshed
    assert len(refreshed) == 3


def test_the_first_refresh_builds_everything_and_sets_the_watermark():
    ReferralFactory.create_batch(2)

    assert refresh_facts() == 2
    assert FactRefreshState.objects.get().refreshed_through is not None


def _received_days_as_stored(model: type[ReferralFact] | type[ReferralFactNeed]) -> list[dt.date]:
    """The rows' days in the order the database keeps the rows (PostgreSQL's ctid, SQLite's rowid)."""
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT received_on FROM {model._meta.db_table} ORDER BY {position}")  # noqa: S608
        return [row[0] if isinstance(row[0], dt.date) else dt.date.fromisoformat(row[0]) for row in cursor]


def test_a_rebuild_writes_the_facts_in_order_of_the_day_received_whatever_order_the_referrals_came_in():
    # Reports read ranges of days: a day's rows kept together are read from a few pages, not one page each.
    for days_ago in (3, 40, 10, 90, 1):
        ReferralFactory.create(received_at=timezone.now() - dt.timedelta(days=days_ago), reasons=["debt", "housing"])

    rebuild_facts()

    for model in (ReferralFact, ReferralFactNeed):
        days = _received_days_as_stored(model)
        assert len(days) == (5 if model is ReferralFact else 10)
        assert days == sorted(days)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_vacuuming_after_a_rebuild_marks_the_rewritten_pages_all_visible():
    ReferralFactory.create_batch(3)
    rebuild_facts()

    def all_visible_pages() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = %s", [ReferralFact._meta.db_table])
            return int(cursor.fetchone()[0])

    assert all_visible_pages() == 0
    vacuum_report_tables()
    assert all_visible_pages() >= 1

import pytest
from django.db import IntegrityError

from linkwell.accounts import actions
from linkwell.accounts.models import Membership, Organisation, OrganisationKind, User
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory, UserFactory
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_membership_must_be_in_an_organisation_or_a_team():
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=UserFactory.create(), role=Role.REFERRER)


def test_a_membership_cannot_be_in_both_an_organisation_and_a_team():
    with pytest.raises(IntegrityError):
        Membership.objects.create(
            user=UserFactory.create(),
            role=Role.LINK_WORKER,
            organisation=OrganisationFactory.create(),
            team=TeamFactory.create(),
        )


def test_a_membership_role_must_be_a_known_role():
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=UserFactory.create(), role="wizard", organisation=OrganisationFactory.create())


def test_the_same_role_cannot_be_given_twice_in_one_team():
    user, team = UserFactory.create(), TeamFactory.create()
    Membership.objects.create(user=user, role=Role.LINK_WORKER, team=team)
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, role=Role.LINK_WORKER, team=team)


def test_emails_are_stored_lower_case_and_unique():
    User.objects.create_user(email="Jo@Example.org", password="x", full_name="Jo")
    assert User.objects.get().email == "jo@example.org"
    with pytest.raises(IntegrityError):
        User.objects.create_user(email="JO@example.org", password="x", full_name="Jo again")


def test_the_database_refuses_a_mixed_case_email_written_directly():
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="Jo@Example.org", full_name="Jo")])


def test_ods_codes_are_unique_but_may_be_blank():
    OrganisationFactory.create(ods_code="")
    OrganisationFactory.create(ods_code="")
    OrganisationFactory.create(ods_code="Z10001")
    with pytest.raises(IntegrityError):
        OrganisationFactory.create(ods_code="Z10001")


def test_creating_a_team_records_its_coverage_and_is_audited():
    scheme = OrganisationFactory.create(kind=OrganisationKind.SCHEME)
    practice = OrganisationFactory.create(kind=OrganisationKind.GP_PRACTICE, ods_code="Z10001")

    team = actions.create_team(
        scheme=scheme,
        name="Chelmsford",
        slug="chelmsford",
        covered_organisations=[practice],
        postcode_districts=["cm1", " CM2 "],
        by=None,
    )

    assert list(team.covered_organisations.all()) == [practice]
    assert [district.district for district in team.postcode_districts.all()] == ["CM1", "CM2"]
    event = AuditEvent.objects.get(action=AuditAction.TEAM_CREATED)
    assert event.actor_label == "system"
    assert event.detail["postcode_districts"] == ["CM1", "CM2"]


def test_a_team_with_a_malformed_postcode_district_is_not_created():
    scheme = OrganisationFactory.create(kind=OrganisationKind.SCHEME)

    with pytest.raises(ValueError, match=r"not postcode districts.*CM1 1AA"):
        actions.create_team(
            scheme=scheme, name="X", slug="x", covered_organisations=[], postcode_districts=["CM1 1AA"], by=None
        )

    assert not scheme.teams.exists()


def test_a_team_must_belong_to_a_scheme():
    practice = OrganisationFactory.create(kind=OrganisationKind.GP_PRACTICE)

    with pytest.raises(ValueError, match="not a gp practice"):
        actions.create_team(
            scheme=practice, name="X", slug="x", covered_organisations=[], postcode_districts=[], by=None
        )


def test_giving_a_role_is_audited_with_who_gave_it():
    admin, user = UserFactory.create(email="admin@example.org"), UserFactory.create(email="jo@example.org")
    organisation = Organisation.objects.create(name="Surgery", slug="surgery", kind=OrganisationKind.GP_PRACTICE)

    actions.add_membership(user=user, role=Role.REFERRER, organisation=organisation, by=admin)

    event = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_ADDED)
    assert (event.actor_label, event.detail) == (
        "admin@example.org",
        {"user": "jo@example.org", "role": "referrer", "in": "Surgery"},
    )

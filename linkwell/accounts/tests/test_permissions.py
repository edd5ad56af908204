import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from linkwell.accounts.models import Membership, OrganisationKind
from linkwell.accounts.permissions import has_permission
from linkwell.accounts.roles import PUBLIC_PERMISSIONS, ROLE_DEFINITIONS, Permission, Role
from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_every_permission_has_a_plain_english_description_and_every_role_a_definition():
    assert all(permission.description for permission in Permission)
    assert set(ROLE_DEFINITIONS) == set(Role)
    assert all(definition.description and definition.permissions for definition in ROLE_DEFINITIONS.values())


def test_only_admins_may_browse_the_audit_log():
    holders = {
        role for role, definition in ROLE_DEFINITIONS.items() if Permission.VIEW_AUDIT_LOG in definition.permissions
    }
    assert holders == {Role.ADMIN}


def test_only_team_leads_and_admins_may_check_and_merge_possible_duplicates():
    holders = {
        role for role, definition in ROLE_DEFINITIONS.items() if Permission.CHECK_DUPLICATES in definition.permissions
    }
    assert holders == {Role.TEAM_LEAD, Role.ADMIN}


def test_anonymous_visitors_have_only_public_permissions():
    anonymous = AnonymousUser()
    assert {permission for permission in Permission if has_permission(anonymous, permission)} == PUBLIC_PERMISSIONS


def test_a_user_without_a_role_has_only_public_permissions():
    user = UserFactory.create()
    assert {permission for permission in Permission if has_permission(user, permission)} == PUBLIC_PERMISSIONS


def test_a_link_worker_reads_case_records_of_their_own_team_only():
    own_team, other_team = TeamFactory.create(), TeamFactory.create()
    user = user_with_role(Role.LINK_WORKER, team=own_team)

    assert has_permission(user, Permission.VIEW_CASE_RECORDS, team=own_team)
    assert not has_permission(user, Permission.VIEW_CASE_RECORDS, team=other_team)
    assert not has_permission(user, Permission.ALLOCATE_REFERRALS, team=own_team)


def test_a_role_held_in_a_scheme_reaches_every_team_of_that_scheme_and_no_other():
    scheme = OrganisationFactory.create(kind=OrganisationKind.SCHEME)
    team_in_scheme, team_elsewhere = TeamFactory.create(scheme=scheme), TeamFactory.create()
    lead = user_with_role(Role.TEAM_LEAD, organisation=scheme)

    assert has_permission(lead, Permission.ALLOCATE_REFERRALS, team=team_in_scheme)
    assert not has_permission(lead, Permission.ALLOCATE_REFERRALS, team=team_elsewhere)


def test_a_team_role_counts_within_its_scheme_organisation():
    team = TeamFactory.create()
    worker = user_with_role(Role.LINK_WORKER, team=team)

    assert has_permission(worker, Permission.VIEW_TEAM_INBOX, organisation=team.scheme)
    assert not has_permission(worker, Permission.VIEW_TEAM_INBOX, organisation=OrganisationFactory.create())


def test_a_provider_may_edit_listings_of_their_own_organisation_only():
    own, other = OrganisationFactory.create(kind=OrganisationKind.COMMUNITY_PROVIDER), OrganisationFactory.create()
    provider = user_with_role(Role.PROVIDER, organisation=own)

    assert has_permission(provider, Permission.EDIT_OWN_LISTINGS, organisation=own)
    assert not has_permission(provider, Permission.EDIT_OWN_LISTINGS, organisation=other)
    assert not has_permission(provider, Permission.EDIT_DIRECTORY)


def test_admin_permissions_apply_everywhere():
    admin = user_with_role(Role.ADMIN)

    assert has_permission(admin, Permission.VIEW_CASE_RECORDS, team=TeamFactory.create())
    assert not has_permission(admin, Permission.MAKE_REFERRAL)


def test_commissioners_see_reports_but_no_case_records():
    commissioner = user_with_role(Role.COMMISSIONER)

    assert has_permission(commissioner, Permission.VIEW_COMMISSIONER_REPORTS)
    assert not has_permission(commissioner, Permission.VIEW_CASE_RECORDS)
    assert not has_permission(commissioner, Permission.VIEW_TEAM_INBOX)


def test_a_closed_account_has_no_permissions():
    user = user_with_role(Role.ADMIN, is_active=False)
    assert not has_permission(user, Permission.VIEW_AUDIT_LOG)


def test_a_superuser_has_every_permission():
    user = UserFactory.create(is_superuser=True)
    assert all(has_permission(user, permission) for permission in Permission)


def test_memberships_are_read_once_per_user_object(django_assert_num_queries):
    user = user_with_role(Role.ADMIN)
    user = type(user).objects.get(pk=user.pk)

    with django_assert_num_queries(1):
        for permission in Permission:
            has_permission(user, permission)


@pytest.mark.parametrize(
    ("role", "sees_audit_log"),
    [(role, role == Role.ADMIN) for role in Role],
)
def test_navigation_shows_only_what_the_role_allows(role, sees_audit_log):
    client = Client()
    client.force_login(user_with_role(role))

    page = client.get("/").content.decode()

    assert ('href="/audit/"' in page) is sees_audit_log
    assert 'class="nhsuk-header__navigation-link" href="/"' in page


def test_anonymous_visitors_see_only_public_areas_and_a_sign_in_link():
    page = Client().get("/").content.decode()

    assert 'class="nhsuk-header__navigation-link" href="/services/"' in page
    assert 'href="/audit/"' not in page
    assert 'class="nhsuk-header__navigation-link" href="/"' not in page
    assert 'href="/accounts/sign-in/"' in page


def test_a_user_with_no_role_is_told_so_on_the_home_page():
    client = Client()
    client.force_login(UserFactory.create())

    page = client.get("/").content.decode()

    assert "You do not have a role in any organisation or team yet" in page
    assert 'href="/audit/"' not in page


def test_the_account_page_lists_each_role_with_what_it_allows():
    team = TeamFactory.create(name="Chelmsford link workers")
    client = Client()
    client.force_login(user_with_role(Role.LINK_WORKER, team=team))

    page = client.get("/accounts/account/").content.decode()

    assert "Link worker – Chelmsford link workers" in page
    assert Permission.VIEW_CASE_RECORDS.description in page


def test_the_roles_page_describes_every_role_to_signed_in_users_only():
    assert Client().get("/accounts/roles/").status_code == 302
    client = Client()
    client.force_login(UserFactory.create())

    page = client.get("/accounts/roles/").content.decode()

    for definition in ROLE_DEFINITIONS.values():
        assert definition.role.label in page
    assert Membership.objects.count() == 0

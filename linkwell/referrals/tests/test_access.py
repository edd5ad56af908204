import uuid

import pytest
from django.http import Http404
from django.test import RequestFactory

from linkwell.accounts.models import Membership, OrganisationKind
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory, UserFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.people.access import get_person_for_user, people_for_user, view_person
from linkwell.referrals.access import get_referral_for_user, has_team_sight, referrals_for_user
from linkwell.referrals.tests.factories import PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams():
    scheme = OrganisationFactory.create(kind=OrganisationKind.SCHEME)
    return TeamFactory.create(scheme=scheme), TeamFactory.create(scheme=scheme), TeamFactory.create()


def test_team_members_see_their_own_teams_referrals_only(teams):
    own, other, _ = teams
    mine, theirs = ReferralFactory.create(team=own), ReferralFactory.create(team=other)
    for role in (Role.LINK_WORKER, Role.TEAM_LEAD):
        user = user_with_role(role, team=own)
        assert list(referrals_for_user(user)) == [mine]
        assert get_referral_for_user(user, mine.pk) == mine
        with pytest.raises(Http404):
            get_referral_for_user(user, theirs.pk)


def test_another_teams_referral_is_as_missing_as_one_that_does_not_exist(teams):
    own, other, _ = teams
    theirs = ReferralFactory.create(team=other)
    user = user_with_role(Role.LINK_WORKER, team=own)
    for referral_id in (theirs.pk, uuid.uuid4(), "not-a-uuid"):
        with pytest.raises(Http404) as raised:
            get_referral_for_user(user, referral_id)
        assert str(raised.value) == "No such referral"


def test_a_role_in_the_scheme_organisation_reaches_all_the_schemes_teams(teams):
    own, other, elsewhere = teams
    lead = user_with_role(Role.TEAM_LEAD, organisation=own.scheme)
    in_scheme = {ReferralFactory.create(team=own), ReferralFactory.create(team=other)}
    ReferralFactory.create(team=elsewhere)
    assert set(referrals_for_user(lead)) == in_scheme


def test_referrers_and_champions_see_only_the_referrals_they_made_and_without_team_sight(teams):
    own, _, _ = teams
    for role in (Role.REFERRER, Role.CHAMPION):
        referrer = user_with_role(role)
        made = ReferralFactory.create(team=own, referred_by=referrer)
        ReferralFactory.create(team=own)
        assert list(referrals_for_user(referrer)) == [made]
        assert get_referral_for_user(referrer, made.pk) == made
        assert not has_team_sight(referrer, made)


def test_team_members_and_admins_have_team_sight(teams, admin_user):
    own, _, _ = teams
    referral = ReferralFactory.create(team=own)
    assert has_team_sight(user_with_role(Role.LINK_WORKER, team=own), referral)
    assert has_team_sight(admin_user, referral)
    assert not has_team_sight(user_with_role(Role.LINK_WORKER), referral)


def test_providers_commissioners_editors_and_people_without_roles_see_no_referrals(teams):
    own, _, _ = teams
    referral = ReferralFactory.create(team=own)
    for user in (
        user_with_role(Role.PROVIDER),
        user_with_role(Role.COMMISSIONER, organisation=own.scheme),
        user_with_role(Role.DIRECTORY_EDITOR),
        UserFactory.create(),
    ):
        assert not referrals_for_user(user).exists()
        with pytest.raises(Http404):
            get_referral_for_user(user, referral.pk)


def test_inactive_team_members_see_nothing(teams):
    own, _, _ = teams
    ReferralFactory.create(team=own)
    user = user_with_role(Role.LINK_WORKER, team=own, is_active=False)
    assert not referrals_for_user(user).exists()


def test_admins_and_superusers_see_every_referral(teams, admin_user):
    everything = {ReferralFactory.create(team=team) for team in teams}
    superuser = UserFactory.create(is_superuser=True)
    assert set(referrals_for_user(admin_user)) == everything
    assert set(referrals_for_user(superuser)) == everything


def test_listing_referrals_takes_a_fixed_number_of_queries(teams, django_assert_num_queries):
    own, _, _ = teams
    user = user_with_role(Role.TEAM_LEAD, team=own)
    Membership.objects.create(user=user, role=Role.REFERRER, organisation=OrganisationFactory.create())
    ReferralFactory.create_batch(5, team=own)
    with django_assert_num_queries(2):  # the memberships, then the referrals
        assert len(list(referrals_for_user(user))) == 5


def test_a_person_is_visible_to_the_team_their_referral_went_to_and_nobody_else(teams):
    own, other, _ = teams
    person = PersonFactory.create()
    ReferralFactory.create(team=own, person=person)
    ReferralFactory.create(team=own, person=person)
    stranger = PersonFactory.create()
    ReferralFactory.create(team=other, person=stranger)
    PersonFactory.create()  # nobody referred them
    user = user_with_role(Role.LINK_WORKER, team=own)

    assert list(people_for_user(user)) == [person]
    assert get_person_for_user(user, person.pk) == person
    for person_id in (stranger.pk, uuid.uuid4(), "not-a-uuid"):
        with pytest.raises(Http404):
            get_person_for_user(user, person_id)


def test_referring_a_person_does_not_open_their_record_to_the_referrer(teams):
    own, _, _ = teams
    referrer = user_with_role(Role.REFERRER)
    referral = ReferralFactory.create(team=own, referred_by=referrer)
    assert get_referral_for_user(referrer, referral.pk) == referral
    assert not people_for_user(referrer).exists()
    with pytest.raises(Http404):
        get_person_for_user(referrer, referral.person_id)


def test_admins_see_every_referred_person_and_others_none(teams, admin_user):
    people = {ReferralFactory.create(team=team).person for team in teams}
    assert set(people_for_user(admin_user)) == people
    assert not people_for_user(user_with_role(Role.COMMISSIONER)).exists()
    assert not people_for_user(user_with_role(Role.PROVIDER)).exists()


def test_viewing_a_person_writes_the_audit_event_and_refusal_writes_none(teams):
    own, other, _ = teams
    mine, theirs = ReferralFactory.create(team=own), ReferralFactory.create(team=other)
    request = RequestFactory().get("/people/x")
    request.user = user_with_role(Role.LINK_WORKER, team=own)

    assert view_person(request, mine.person_id) == mine.person
    with pytest.raises(Http404):
        view_person(request, theirs.person_id)

    events = list(AuditEvent.objects.filter(action=AuditAction.PERSON_VIEWED))
    assert len(events) == 1
    assert events[0].person_id == str(mine.person_id)
    assert events[0].actor_id == request.user.pk
    assert events[0].detail == {"path": "/people/x"}

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from linkwell.accounts.models import Membership
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import TeamFactory, UserFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.referrals.actions import (
    IllegalTransition,
    allocate,
    change_status,
    mark_not_appropriate,
    pick_up,
    withdraw,
)
from linkwell.referrals.models import TRANSITIONS, Referral, ReferralStatus, ReferralTransition
from linkwell.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db
S = ReferralStatus
WORKING = {S.ALLOCATED, S.IN_CONTACT, S.ACCEPTED, S.DECLINED_BY_PERSON, S.UNABLE_TO_CONTACT}


@pytest.fixture
def team():
    return TeamFactory.create()


@pytest.fixture
def lead(team):
    return user_with_role(Role.TEAM_LEAD, team=team)


@pytest.fixture
def worker(team):
    return user_with_role(Role.LINK_WORKER, team=team)


def referral_in(status, team, worker=None):
    holder = worker if status in WORKING or worker else None
    return ReferralFactory.create(team=team, status=status, allocated_to=holder)


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(start, end) for start, ends in TRANSITIONS.items() for end in sorted(ends)],
)
def test_every_legal_move_is_made_logged_and_audited(team, lead, worker, from_status, to_status):
    referral = referral_in(from_status, team, worker if from_status in WORKING else None)
    other_worker = user_with_role(Role.LINK_WORKER, team=team)
    allocate_to = other_worker if to_status == S.ALLOCATED else None

    change_status(referral=referral, to_status=to_status, by=lead, reason="Moved on", allocate_to=allocate_to)

    stored = Referral.objects.get(pk=referral.pk)
    assert stored.status == referral.status == to_status
    assert stored.status_reason == "Moved on"
    transition = ReferralTransition.objects.get(referral=referral)
    assert (transition.from_status, transition.to_status, transition.by_id) == (from_status, to_status, lead.pk)
    assert transition.allocated_to_id == stored.allocated_to_id
    event = AuditEvent.objects.get(action=AuditAction.REFERRAL_STATUS_CHANGED)
    assert event.object_id == str(referral.pk)
    assert event.person_id == str(referral.person_id)
    assert event.detail["from"] == from_status
    assert event.detail["to"] == to_status


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (S.RECEIVED, S.IN_CONTACT),
        (S.RECEIVED, S.ACCEPTED),
        (S.TRIAGED, S.RECEIVED),
        (S.TRIAGED, S.TRIAGED),
        (S.ALLOCATED, S.TRIAGED),
        (S.IN_CONTACT, S.ALLOCATED),
        (S.ACCEPTED, S.WITHDRAWN),
        (S.WITHDRAWN, S.RECEIVED),
        (S.NOT_APPROPRIATE, S.ALLOCATED),
    ],
)
def test_moves_the_state_machine_does_not_allow_are_refused_and_change_nothing(
    team, lead, worker, from_status, to_status
):
    referral = referral_in(from_status, team, worker if from_status in WORKING else None)
    with pytest.raises(IllegalTransition, match="cannot become"):
        change_status(referral=referral, to_status=to_status, by=lead, reason="Because", allocate_to=worker)
    assert Referral.objects.get(pk=referral.pk).status == from_status
    assert not ReferralTransition.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.REFERRAL_STATUS_CHANGED).exists()


@pytest.mark.parametrize("to_status", [S.NOT_APPROPRIATE, S.WITHDRAWN])
def test_closing_as_not_appropriate_or_withdrawn_needs_a_reason(team, lead, to_status):
    referral = referral_in(S.RECEIVED, team)
    with pytest.raises(IllegalTransition, match="Say why"):
        change_status(referral=referral, to_status=to_status, by=lead, reason="   ")
    with pytest.raises(IllegalTransition, match="500 characters"):
        change_status(referral=referral, to_status=to_status, by=lead, reason="x" * 501)
    assert Referral.objects.get(pk=referral.pk).status == S.RECEIVED


def test_the_wrappers_close_with_their_reason(team, lead):
    first, second = referral_in(S.RECEIVED, team), referral_in(S.TRIAGED, team)
    mark_not_appropriate(referral=first, by=lead, reason="Needs urgent mental health care instead")
    withdraw(referral=second, by=lead, reason="The referrer withdrew it")
    assert (first.status, first.status_reason) == (S.NOT_APPROPRIATE, "Needs urgent mental health care instead")
    assert Referral.objects.get(pk=second.pk).status == S.WITHDRAWN


def test_a_team_lead_allocates_to_any_link_worker_in_the_team_and_can_reallocate(team, lead, worker):
    referral = referral_in(S.RECEIVED, team)
    allocate(referral=referral, to=worker, by=lead)
    assert Referral.objects.get(pk=referral.pk).allocated_to == worker

    colleague = user_with_role(Role.LINK_WORKER, team=team)
    allocate(referral=referral, to=colleague, by=lead)
    assert Referral.objects.get(pk=referral.pk).allocated_to == colleague
    assert [t.allocated_to_id for t in ReferralTransition.objects.filter(referral=referral)] == [
        worker.pk,
        colleague.pk,
    ]


def test_a_team_lead_may_take_a_referral_themselves(team, lead):
    referral = referral_in(S.TRIAGED, team)
    pick_up(referral=referral, by=lead)
    assert Referral.objects.get(pk=referral.pk).allocated_to == lead


def test_reallocating_to_the_same_worker_is_refused(team, lead, worker):
    referral = referral_in(S.ALLOCATED, team, worker)
    with pytest.raises(IllegalTransition, match="already allocated"):
        allocate(referral=referral, to=worker, by=lead)


def test_a_link_worker_picks_up_a_referral_for_themselves_only(team, worker):
    referral = referral_in(S.RECEIVED, team)
    colleague = user_with_role(Role.LINK_WORKER, team=team)
    with pytest.raises(PermissionDenied, match="for themselves only"):
        allocate(referral=referral, to=colleague, by=worker)
    pick_up(referral=referral, by=worker)
    assert Referral.objects.get(pk=referral.pk).allocated_to == worker


def test_allocation_needs_a_link_worker_in_the_referrals_own_team(team, lead):
    referral = referral_in(S.RECEIVED, team)
    elsewhere = user_with_role(Role.LINK_WORKER)
    referrer = user_with_role(Role.REFERRER)
    admin = user_with_role(Role.ADMIN)
    gone = user_with_role(Role.LINK_WORKER, team=team, is_active=False)
    for candidate in (elsewhere, referrer, admin, gone):
        with pytest.raises(IllegalTransition, match="is not a link worker in"):
            allocate(referral=referral, to=candidate, by=lead)
    with pytest.raises(IllegalTransition, match="Choose the link worker"):
        change_status(referral=referral, to_status=S.ALLOCATED, by=lead)
    assert Referral.objects.get(pk=referral.pk).allocated_to is None


def test_a_link_worker_in_the_scheme_organisation_may_be_allocated(team, lead):
    scheme_worker = UserFactory.create()
    Membership.objects.create(user=scheme_worker, role=Role.LINK_WORKER, organisation=team.scheme)
    referral = referral_in(S.RECEIVED, team)
    allocate(referral=referral, to=scheme_worker, by=lead)
    assert Referral.objects.get(pk=referral.pk).allocated_to == scheme_worker


def test_only_allocation_names_a_worker_and_later_moves_keep_them(team, lead, worker):
    referral = referral_in(S.ALLOCATED, team, worker)
    with pytest.raises(IllegalTransition, match="Only allocating"):
        change_status(referral=referral, to_status=S.IN_CONTACT, by=lead, allocate_to=lead)
    change_status(referral=referral, to_status=S.IN_CONTACT, by=worker)
    change_status(referral=referral, to_status=S.ACCEPTED, by=worker)
    assert Referral.objects.get(pk=referral.pk).allocated_to == worker


def test_people_outside_the_team_cannot_change_status_or_allocate(team, worker):
    referral = referral_in(S.RECEIVED, team)
    other_lead = user_with_role(Role.TEAM_LEAD)
    for outsider in (
        other_lead,
        user_with_role(Role.REFERRER),
        user_with_role(Role.CHAMPION),
        user_with_role(Role.PROVIDER),
        user_with_role(Role.COMMISSIONER),
    ):
        with pytest.raises(PermissionDenied, match="Only members of the referral's team"):
            change_status(referral=referral, to_status=S.TRIAGED, by=outsider)
    with pytest.raises(PermissionDenied):
        allocate(referral=referral, to=worker, by=other_lead)
    assert not ReferralTransition.objects.exists()


def test_the_referrer_cannot_change_the_status_of_a_referral_they_made(team):
    referrer = user_with_role(Role.REFERRER)
    referral = ReferralFactory.create(team=team, referred_by=referrer)
    with pytest.raises(PermissionDenied):
        withdraw(referral=referral, by=referrer, reason="Changed my mind")


def test_an_admin_may_change_status_but_not_allocate(team, worker):
    admin = user_with_role(Role.ADMIN)
    referral = referral_in(S.RECEIVED, team)
    change_status(referral=referral, to_status=S.TRIAGED, by=admin)
    with pytest.raises(PermissionDenied, match="Only the team lead"):
        allocate(referral=referral, to=worker, by=admin)


def test_the_change_works_from_the_locked_current_row_not_a_stale_copy(team, lead, worker):
    referral = referral_in(S.RECEIVED, team)
    stale = Referral.objects.get(pk=referral.pk)
    change_status(referral=referral, to_status=S.TRIAGED, by=lead)
    # The stale copy still says "received"; the move is judged on the row as it is now.
    change_status(referral=stale, to_status=S.ALLOCATED, by=lead, allocate_to=worker)
    assert [(t.from_status, t.to_status) for t in ReferralTransition.objects.order_by("at", "id")] == [
        (S.RECEIVED, S.TRIAGED),
        (S.TRIAGED, S.ALLOCATED),
    ]
    with pytest.raises(IllegalTransition):
        change_status(referral=stale, to_status=S.TRIAGED, by=lead)


def test_the_referral_row_is_locked_for_the_change(team, lead):
    referral = referral_in(S.RECEIVED, team)
    with CaptureQueriesContext(connection) as queries:
        change_status(referral=referral, to_status=S.TRIAGED, by=lead)
    first_select = next(q["sql"] for q in queries.captured_queries if 'FROM "referrals_referral"' in q["sql"])
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in first_select
    else:
        # SQLite locks the whole database for a write transaction instead; Django leaves the clause out.
        assert "FOR UPDATE" not in first_select

import pytest
from django.core.exceptions import PermissionDenied

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import TeamFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.actions import CaseworkProblem, add_case_note, reassign_case
from linkwell.casework.models import Case, CaseStatus, CaseTransition
from linkwell.casework.tests.builders import open_case
from linkwell.casework.versioning import StaleEdit, save_if_current
from linkwell.people.actions import DuplicateProblem
from linkwell.people.merging import run_merge_hooks
from linkwell.referrals.actions import IllegalTransition, change_status
from linkwell.referrals.models import Referral, ReferralStatus
from linkwell.referrals.tests.factories import PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def test_accepting_a_referral_opens_a_case_held_by_its_link_worker():
    case = open_case()

    assert case.status == CaseStatus.OPEN
    assert case.link_worker_id == case.referral.allocated_to_id
    assert case.person_id == case.referral.person_id
    assert case.scheme_id == case.team.scheme_id
    assert list(CaseTransition.objects.filter(case=case).values_list("to_status", flat=True)) == [CaseStatus.OPEN]
    assert AuditEvent.objects.filter(action=AuditAction.CASE_OPENED, object_id=str(case.pk)).count() == 1


def test_a_second_open_case_in_the_same_scheme_is_refused_and_the_referral_stays_unaccepted():
    case = open_case()
    second = ReferralFactory.create(
        team=case.team, person=case.person, status=ReferralStatus.IN_CONTACT, allocated_to=case.link_worker
    )

    with pytest.raises(IllegalTransition, match=case.referral.reference):
        change_status(referral=second, to_status=ReferralStatus.ACCEPTED, by=case.link_worker)

    assert Referral.objects.get(pk=second.pk).status == ReferralStatus.IN_CONTACT
    assert Case.objects.filter(person=case.person).count() == 1


def test_the_same_person_may_have_open_cases_with_two_schemes():
    case = open_case()
    open_case(person=case.person)

    assert Case.objects.filter(person=case.person, status=CaseStatus.OPEN).count() == 2


def test_the_team_lead_gives_a_case_to_another_link_worker():
    case = open_case()
    lead = user_with_role(Role.TEAM_LEAD, team=case.team)
    colleague = user_with_role(Role.LINK_WORKER, team=case.team)

    reassign_case(case=case, to=colleague, by=lead, note="Covering leave")

    assert Case.objects.get(pk=case.pk).link_worker == colleague
    assert CaseTransition.objects.filter(case=case).values_list("note", flat=True).last() == "Covering leave"
    assert AuditEvent.objects.filter(action=AuditAction.CASE_REASSIGNED).count() == 1


def test_link_workers_cannot_reassign_and_workers_outside_the_team_cannot_hold_the_case():
    case = open_case()
    lead = user_with_role(Role.TEAM_LEAD, team=case.team)
    outsider = user_with_role(Role.LINK_WORKER, team=TeamFactory.create())

    with pytest.raises(PermissionDenied):
        reassign_case(case=case, to=case.link_worker, by=user_with_role(Role.LINK_WORKER, team=case.team))
    with pytest.raises(CaseworkProblem) as problem:
        reassign_case(case=case, to=outsider, by=lead)
    assert "link_worker" in problem.value.errors


def test_case_notes_are_checked_and_audited():
    case = open_case()

    with pytest.raises(CaseworkProblem):
        add_case_note(case=case, text="   ", by=case.link_worker)
    with pytest.raises(PermissionDenied):
        add_case_note(case=case, text="Hello", by=user_with_role(Role.LINK_WORKER))
    note = add_case_note(case=case, text="  Rang her daughter  ", by=case.link_worker)

    assert note.text == "Rang her daughter"
    assert AuditEvent.objects.filter(action=AuditAction.CASE_NOTE_ADDED, person_id=str(case.person_id)).exists()


def test_a_stale_save_is_refused_and_changes_nothing():
    case = open_case()
    first, second = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    colleague = user_with_role(Role.LINK_WORKER, team=case.team)

    save_if_current(first, expected_version=first.version, fields={"link_worker": colleague}, what="the case")
    with pytest.raises(StaleEdit, match="Someone else changed the case"):
        save_if_current(
            second, expected_version=second.version, fields={"link_worker": case.link_worker}, what="the case"
        )

    stored = Case.objects.get(pk=case.pk)
    assert stored.link_worker == colleague
    assert stored.version == 2


def test_merging_moves_cases_to_the_kept_record_but_never_makes_two_open_cases_in_one_scheme():
    case = open_case()
    other = PersonFactory.create()
    open_case(team=case.team, person=other)

    with pytest.raises(DuplicateProblem, match="open case"):
        run_merge_hooks(kept=case.person, merged=other)

    lonely = PersonFactory.create()
    run_merge_hooks(kept=lonely, merged=case.person)
    assert Case.objects.get(pk=case.pk).person == lonely

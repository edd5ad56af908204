from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.discharge import CLOSED_ON_DISCHARGE, discharge_case
from linkwell.casework.message_back import (
    REFERRAL_ACCEPTED,
    SOCIAL_PRESCRIBING_DECLINED,
    NoMessageBack,
    build_message_back,
    is_ready,
)
from linkwell.casework.models import (
    Case,
    CaseStatus,
    CaseTransition,
    Conversation,
    ConversationArea,
    DischargeReason,
    FollowUp,
    Goal,
    GoalStatus,
    GoalUpdate,
    LifeArea,
    OnwardReferral,
    OnwardStatus,
    Plan,
    SafeguardingConcern,
    Signposting,
)
from linkwell.casework.tests.builders import open_case
from linkwell.conftest import client_for
from linkwell.directory.tests.builders import make_service
from linkwell.referrals.models import ReferralStatus
from linkwell.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def a_full_case():
    """A case with a conversation, a plan with goals, an onward referral and a signposting."""
    case = open_case(referrer_email="dr.ashworth@example.org", referrer_name="Dr Ashworth")
    worker = case.link_worker
    conversation = Conversation.objects.create(
        case=case,
        held_on=timezone.localdate(),
        what_matters="Getting out of the house and seeing people again",
        recorded_by=worker,
    )
    ConversationArea.objects.create(conversation=conversation, area=LifeArea.SOCIAL_CONNECTION, is_priority=True)
    ConversationArea.objects.create(conversation=conversation, area=LifeArea.MONEY, is_priority=False)
    plan = Plan.objects.create(case=case)
    goal = Goal.objects.create(plan=plan, text="Go to the walking group every week", created_by=worker)
    GoalUpdate.objects.create(goal=goal, by=worker, progress=4)
    GoalUpdate.objects.create(goal=goal, by=worker, progress=8, from_status="active", to_status="achieved")
    Goal.objects.filter(pk=goal.pk).update(status=GoalStatus.ACHIEVED)
    walking = make_service("Riverside walking group", organization="Chelmer Ramblers")
    cafe = make_service("Memory café", organization="Chelmer Community Trust")
    now = timezone.now()
    OnwardReferral.objects.create(
        case=case,
        service=walking,
        status=OnwardStatus.STARTED,
        reason="Wants to walk with others",
        sent_by=worker,
        sent_at=now,
        respond_by=now + timedelta(days=14),
    )
    Signposting.objects.create(case=case, service=cafe, by=worker)
    return case


def test_discharge_closes_the_case_logs_it_closes_follow_ups_and_tells_the_referrer(django_capture_on_commit_callbacks):
    case = a_full_case()
    FollowUp.objects.create(
        case=case,
        title="Check in",
        due_on=timezone.localdate(),
        assigned_to=case.link_worker,
        created_by=case.link_worker,
    )

    with django_capture_on_commit_callbacks(execute=True):
        discharge_case(case=case, reason=DischargeReason.GOALS_MET, summary="Walking weekly.", by=case.link_worker)

    stored = Case.objects.get(pk=case.pk)
    assert stored.status == CaseStatus.DISCHARGED
    assert stored.closed_at is not None
    assert CaseTransition.objects.filter(case=case, to_status=CaseStatus.DISCHARGED).count() == 1
    assert FollowUp.objects.get(case=case).done_note == CLOSED_ON_DISCHARGE
    assert AuditEvent.objects.filter(action=AuditAction.CASE_DISCHARGED, person_id=str(case.person_id)).count() == 1
    [email] = mail.outbox
    assert email.to == ["dr.ashworth@example.org"]
    assert case.referral.reference in email.subject
    # Email is not a secure channel: no name, no clinical detail.
    assert case.person.family_name not in email.body
    assert "Walking weekly" not in email.body


def test_discharge_refuses_bad_input_and_saves_nothing():
    case = open_case()

    with pytest.raises(CaseworkProblem) as problem:
        discharge_case(case=case, reason="retired", summary="  ", by=case.link_worker)

    assert set(problem.value.errors) == {"reason", "summary"}
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN


def test_an_open_safeguarding_concern_must_be_closed_first():
    case = open_case()
    SafeguardingConcern.objects.create(case=case, summary="Neighbour worried about falls", raised_by=case.link_worker)

    with pytest.raises(CaseworkProblem, match="safeguarding"):
        discharge_case(case=case, reason=DischargeReason.MOVED_AWAY, summary="Moved to Leeds", by=case.link_worker)


def test_only_the_team_discharges_and_only_once():
    case = open_case()

    with pytest.raises(PermissionDenied):
        discharge_case(case=case, reason=DischargeReason.OTHER, summary="x", by=user_with_role(Role.LINK_WORKER))
    discharge_case(case=case, reason=DischargeReason.OTHER, summary="Done", by=case.link_worker)
    with pytest.raises(CaseworkProblem, match="closed"):
        discharge_case(case=case, reason=DischargeReason.OTHER, summary="Again", by=case.link_worker)


def test_the_message_back_says_who_when_what_matters_support_and_outcome():
    case = a_full_case()
    assert not is_ready(case.referral)
    with pytest.raises(NoMessageBack):
        build_message_back(case.referral)

    discharge_case(case=case, reason=DischargeReason.GOALS_MET, summary="Walking weekly.", by=case.link_worker)
    letter = build_message_back(case.referral)

    assert is_ready(case.referral)
    assert letter.coded_event == REFERRAL_ACCEPTED
    assert letter.what_matters.startswith("Getting out of the house")
    assert letter.priority_areas == ["Social connection"]
    assert [(goal.text, goal.status, goal.progress) for goal in letter.goals] == [
        ("Go to the walking group every week", "Achieved", 8)
    ]
    assert [(line.service, line.kind, line.outcome) for line in letter.activities] == [
        ("Riverside walking group", "Referred", "Started"),
        ("Memory café", "Signposted", "Told how to go along"),
    ]
    assert letter.discharge_reason == "Goals met"
    assert letter.referrer.startswith("Dr Ashworth")


def test_a_declined_referral_has_a_message_back_with_the_declined_code():
    referral = ReferralFactory.create(status=ReferralStatus.DECLINED_BY_PERSON)

    letter = build_message_back(referral)

    assert letter.coded_event == SOCIAL_PRESCRIBING_DECLINED
    assert letter.case is None


# --- Pages --------------------------------------------------------------------------------------
def test_the_link_worker_discharges_through_the_page_and_reads_the_letter():
    case = a_full_case()
    client = client_for(case.link_worker)

    form = client.get(f"/cases/{case.pk}/discharge/")
    assert form.status_code == 200
    response = client.post(f"/cases/{case.pk}/discharge/", {"reason": "goals_met", "summary": "<b>Walking</b> weekly"})

    assert response.status_code == 302
    assert response["Location"] == f"/cases/message-back/{case.referral_id}/"
    letter = client.get(response["Location"])
    content = letter.content.decode()
    assert letter.status_code == 200
    assert "871731000000106" in content
    assert "Riverside walking group" in content
    assert "&lt;b&gt;Walking&lt;/b&gt; weekly" in content
    assert AuditEvent.objects.filter(action=AuditAction.MESSAGE_BACK_VIEWED, object_id=str(case.referral_id)).exists()


def test_discharge_page_shows_field_messages_and_the_concern_problem():
    case = open_case()
    SafeguardingConcern.objects.create(case=case, summary="Worried", raised_by=case.link_worker)
    client = client_for(case.link_worker)

    empty = client.post(f"/cases/{case.pk}/discharge/", {})
    refused = client.post(f"/cases/{case.pk}/discharge/", {"reason": "other", "summary": "Moving on"})

    assert empty.status_code == 400
    assert "Choose why the person is being discharged" in empty.content.decode()
    assert refused.status_code == 400
    assert "Close the open safeguarding concern" in refused.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN


def test_discharge_page_access():
    case = open_case()
    path = f"/cases/{case.pk}/discharge/"

    assert client_for(case.link_worker).get(path).status_code == 200
    assert client_for(user_with_role(Role.TEAM_LEAD, team=case.team)).get(path).status_code == 200
    assert client_for(user_with_role(Role.LINK_WORKER)).get(path).status_code == 404
    missing = "/cases/00000000-0000-0000-0000-000000000000/discharge/"
    assert client_for(case.link_worker).get(missing).status_code == 404
    for role in (Role.REFERRER, Role.PROVIDER, Role.COMMISSIONER):
        assert client_for(user_with_role(role)).get(path).status_code == 403
    anonymous = Client().get(path)
    assert anonymous.status_code == 302
    assert "sign-in" in anonymous["Location"]


def test_the_message_back_is_open_to_the_team_and_the_referrer_only():
    referrer = user_with_role(Role.REFERRER)
    case = open_case(referred_by=referrer)
    discharge_case(case=case, reason=DischargeReason.DECLINED_FURTHER, summary="No more", by=case.link_worker)
    path = f"/cases/message-back/{case.referral_id}/"

    assert client_for(case.link_worker).get(path).status_code == 200
    assert client_for(referrer).get(path).status_code == 200
    status_page = client_for(referrer).get(f"/referrals/{case.referral_id}/")
    assert path in status_page.content.decode()
    for outsider in (
        user_with_role(Role.LINK_WORKER),
        user_with_role(Role.REFERRER),
        user_with_role(Role.PROVIDER),
        user_with_role(Role.COMMISSIONER, organisation=OrganisationFactory.create()),
    ):
        assert client_for(outsider).get(path).status_code == 404


def test_no_message_back_before_discharge():
    case = open_case()

    assert client_for(case.link_worker).get(f"/cases/message-back/{case.referral_id}/").status_code == 404

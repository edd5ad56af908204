"""Sending onward referrals, signposting, and every move through the onward status state machine."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.models import (
    ONWARD_TRANSITIONS,
    CaseStatus,
    DeclineReason,
    OnwardReferral,
    OnwardStatus,
    OnwardTransition,
    SchemeSettings,
    Signposting,
)
from linkwell.casework.onward import (
    EMAILED_LINK,
    LINK_WORKER_MOVES,
    PROVIDER_MOVES,
    SYSTEM,
    OnwardProblem,
    change_onward_status,
    due_for_reminder,
    expire_overdue,
    next_statuses,
    send_onward_referral,
    signpost,
)
from linkwell.casework.tests.builders import open_case
from linkwell.casework.tests.onward_builders import consent_to_share, provider_for, refer, referable_service
from linkwell.directory.models import CapacityStatus, PublicationState, ReferralMethod, Service, ServiceStatus
from linkwell.people.models import ConsentDecision, ContactMethod

pytestmark = pytest.mark.django_db

S = OnwardStatus


@pytest.fixture
def case():
    case = open_case()
    person = case.person
    person.phone = "07700 900123"
    person.email = "ada@example.org"
    person.preferred_contact_method = ContactMethod.PHONE
    person.needs_interpreter = True
    person.interpreter_language = "Polish"
    person.accessible_formats = "Large print"
    person.save()
    consent_to_share(person)
    return case


@pytest.fixture
def service():
    return referable_service()


def _force_status(onward: OnwardReferral, status: OnwardStatus) -> None:
    """Put a referral straight into a status, as if it had got there, to test the moves out of it."""
    onward.status = status
    onward.decline_reason = DeclineReason.FULL if status == S.DECLINED else ""
    onward.save(update_fields=["status", "decline_reason"])


# --- Sending ------------------------------------------------------------------------------------
def test_sending_a_referral_shares_only_the_minimum_and_sets_a_deadline_14_days_on(case, service):
    onward = send_onward_referral(
        case=case, service=service, reason="  Would like company on walks ", by=case.link_worker
    )

    onward.refresh_from_db()
    assert onward.status == S.SENT
    assert onward.shared_details == {
        "name": case.person.display_name,
        "phone": "07700 900123",
        "email": "ada@example.org",
        "preferred_contact": "Phone call",
        "reason": "Would like company on walks",
        "access_needs": "Needs an interpreter (Polish); Accessible formats: Large print",
    }
    assert onward.respond_by - onward.sent_at == timedelta(days=14)
    assert onward.sent_by == case.link_worker
    assert onward.first_response_at is None
    assert list(onward.transitions.values_list("from_status", "to_status", "by_label")) == [
        ("", S.SENT, case.link_worker.email)
    ]
    event = AuditEvent.objects.get(action=AuditAction.ONWARD_REFERRAL_SENT, object_id=str(onward.pk))
    assert event.person_id == str(case.person_id)


def test_the_link_worker_may_change_or_clear_the_access_needs_line(case, service):
    edited = send_onward_referral(
        case=case, service=service, reason="Company", access_needs="Needs a Polish interpreter", by=case.link_worker
    )
    assert edited.shared_details["access_needs"] == "Needs a Polish interpreter"

    other = referable_service("Chelmer art class")
    cleared = send_onward_referral(case=case, service=other, reason="Company", access_needs="", by=case.link_worker)
    assert cleared.shared_details["access_needs"] == ""


def test_the_deadline_comes_from_the_schemes_settings(case, service):
    SchemeSettings.objects.create(scheme=case.scheme, onward_response_days=7)

    onward = send_onward_referral(case=case, service=service, reason="Company", by=case.link_worker)

    assert onward.respond_by - onward.sent_at == timedelta(days=7)


@pytest.mark.parametrize("method", [ReferralMethod.LINKWELL, ReferralMethod.EMAIL, ReferralMethod.PHONE])
def test_services_taking_referrals_in_any_way_can_be_referred_to(case, method):
    onward = send_onward_referral(
        case=case, service=referable_service(method=method), reason="Company", by=case.link_worker
    )
    assert onward.status == S.SENT


def test_a_waiting_list_service_queues_the_referral_as_waitlisted(case):
    service = referable_service(capacity=CapacityStatus.WAITLIST)

    onward = send_onward_referral(case=case, service=service, reason="Company", by=case.link_worker)

    assert onward.status == S.WAITLISTED
    assert onward.first_response_at is None
    assert onward.transitions.get().to_status == S.WAITLISTED


def test_the_provider_confirms_a_place_on_its_waiting_list_once_and_it_then_cannot_expire(case):
    service = referable_service(capacity=CapacityStatus.WAITLIST)
    onward = send_onward_referral(case=case, service=service, reason="Company", by=case.link_worker)
    provider = provider_for(service)

    change_onward_status(onward=onward, to_status=S.WAITLISTED, by=provider, note="You are number 3")

    assert onward.first_response_at is not None
    assert S.WAITLISTED not in next_statuses(onward)
    with pytest.raises(OnwardProblem, match="already on the waiting list"):
        change_onward_status(onward=onward, to_status=S.WAITLISTED, by=provider)
    with pytest.raises(OnwardProblem, match="cannot expire"):
        change_onward_status(onward=onward, to_status=S.EXPIRED, by=None, by_label=SYSTEM)


def _refused(case, service, **kwargs) -> dict[str, str]:
    """The problems that refuse the referral; nothing is saved."""
    before = OnwardReferral.objects.count()
    with pytest.raises(CaseworkProblem) as refused:
        send_onward_referral(case=case, service=service, by=case.link_worker, **{"reason": "Company", **kwargs})
    assert OnwardReferral.objects.count() == before
    return refused.value.errors


def test_a_full_service_is_refused(case):
    errors = _refused(case, referable_service(capacity=CapacityStatus.FULL))
    assert errors == {"service": "This service is full and is not taking new referrals"}


def test_a_signpost_only_service_is_refused_for_referral(case):
    errors = _refused(case, referable_service(method=ReferralMethod.SIGNPOST))
    assert "Record a signposting instead" in errors["service"]


@pytest.mark.parametrize("state", [PublicationState.DRAFT, PublicationState.ARCHIVED])
def test_an_unpublished_service_is_refused(case, state):
    errors = _refused(case, referable_service(state=state))
    assert errors == {"service": "This service is not listed in the directory any more"}


@pytest.mark.parametrize("status", [ServiceStatus.INACTIVE, ServiceStatus.DEFUNCT])
def test_a_published_service_that_has_closed_for_good_is_refused(case, status):
    errors = _refused(case, referable_service(status=status))
    assert errors == {"service": "This service is not listed in the directory any more"}


def test_a_temporarily_closed_service_still_takes_referrals(case):
    onward = send_onward_referral(
        case=case,
        service=referable_service(status=ServiceStatus.TEMPORARILY_CLOSED),
        reason="Company",
        by=case.link_worker,
    )
    assert onward.status == S.SENT


@pytest.mark.parametrize("decision", [None, ConsentDecision.REFUSED, ConsentDecision.WITHDRAWN])
def test_without_consent_to_share_nothing_is_sent(service, decision):
    case = open_case()
    if decision == ConsentDecision.WITHDRAWN:
        consent_to_share(case.person)
    if decision is not None:
        consent_to_share(case.person, decision)

    errors = _refused(case, service)

    assert "has not agreed to share their details" in errors["consent"]
    assert not AuditEvent.objects.filter(action=AuditAction.ONWARD_REFERRAL_SENT).exists()


def test_a_second_live_referral_to_the_same_service_is_refused(case, service):
    first = send_onward_referral(case=case, service=service, reason="Company", by=case.link_worker)

    errors = _refused(case, service)

    assert errors == {"service": "The person already has a referral to this service in progress"}
    assert list(OnwardReferral.objects.filter(case=case)) == [first]


@pytest.mark.parametrize("final", [S.DECLINED, S.WITHDRAWN, S.EXPIRED, S.COMPLETED])
def test_once_a_referral_is_over_the_person_may_be_referred_again(case, service, final):
    _force_status(send_onward_referral(case=case, service=service, reason="Company", by=case.link_worker), final)

    again = send_onward_referral(case=case, service=service, reason="Try again", by=case.link_worker)

    assert again.status == S.SENT


@pytest.mark.parametrize(
    ("reason", "message"),
    [("   ", "Say why you are referring the person"), ("x" * 1001, "Keep this to 1000 characters or fewer")],
)
def test_the_reason_is_required_and_kept_short(case, service, reason, message):
    assert _refused(case, service, reason=reason) == {"reason": message}


def test_an_overlong_access_needs_line_is_refused(case, service):
    assert _refused(case, service, access_needs="x" * 501) == {"access_needs": "Keep this to 500 characters or fewer"}


def test_every_problem_is_reported_at_once(service):
    case = open_case()
    errors = _refused(case, referable_service(capacity=CapacityStatus.FULL), reason="")
    assert set(errors) == {"reason", "service", "consent"}


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.PROVIDER, Role.REFERRER, Role.COMMISSIONER])
def test_only_the_cases_team_may_refer(case, service, role):
    outsider = user_with_role(role)
    with pytest.raises(PermissionDenied):
        send_onward_referral(case=case, service=service, reason="Company", by=outsider)
    assert not OnwardReferral.objects.exists()


def test_a_colleague_in_the_team_may_refer(case, service):
    lead = user_with_role(Role.TEAM_LEAD, team=case.team)
    assert send_onward_referral(case=case, service=service, reason="Company", by=lead).sent_by == lead


def test_a_closed_case_refers_nobody(case, service):
    case.status = CaseStatus.DISCHARGED
    case.closed_at = timezone.now()
    case.save()

    errors = _refused(case, service)

    assert errors == {"": "This case is closed: the person has been discharged."}


# --- Signposting --------------------------------------------------------------------------------
def test_signposting_records_the_service_and_note_without_consent():
    case = open_case()  # no consent to share: nothing is shared
    service = referable_service("Chelmer drop-in", method=ReferralMethod.SIGNPOST)

    signposting = signpost(case=case, service=service, note="  Gave them the leaflet ", by=case.link_worker)

    assert (signposting.case, signposting.service, signposting.note) == (case, service, "Gave them the leaflet")
    assert AuditEvent.objects.filter(action=AuditAction.SIGNPOSTED, object_id=str(signposting.pk)).count() == 1
    assert not OnwardReferral.objects.exists()


def test_signposting_to_an_unlisted_service_is_refused(case):
    service = referable_service(method=ReferralMethod.SIGNPOST, state=PublicationState.ARCHIVED)
    with pytest.raises(CaseworkProblem) as refused:
        signpost(case=case, service=service, by=case.link_worker)
    assert refused.value.errors == {"service": "This service is not listed in the directory any more"}


def test_an_overlong_signposting_note_is_refused(case, service):
    with pytest.raises(CaseworkProblem) as refused:
        signpost(case=case, service=service, note="x" * 1001, by=case.link_worker)
    assert set(refused.value.errors) == {"note"}
    assert not Signposting.objects.exists()


def test_only_the_team_signposts_and_only_in_an_open_case(case, service):
    with pytest.raises(PermissionDenied):
        signpost(case=case, service=service, by=user_with_role(Role.LINK_WORKER))
    case.status = CaseStatus.DISCHARGED
    case.closed_at = timezone.now()
    case.save()
    with pytest.raises(CaseworkProblem):
        signpost(case=case, service=service, by=case.link_worker)
    assert not Signposting.objects.exists()


# --- The state machine --------------------------------------------------------------------------
def test_the_state_machine_is_the_one_the_scheme_agreed():
    assert {
        S.SENT: {S.ACCEPTED, S.DECLINED, S.WAITLISTED, S.STARTED, S.WITHDRAWN, S.EXPIRED},
        S.WAITLISTED: {S.WAITLISTED, S.ACCEPTED, S.DECLINED, S.STARTED, S.WITHDRAWN, S.EXPIRED},
        S.ACCEPTED: {S.STARTED, S.DID_NOT_ATTEND, S.WITHDRAWN},
        S.STARTED: {S.COMPLETED, S.STOPPED},
        S.DECLINED: set(),
        S.COMPLETED: set(),
        S.STOPPED: set(),
        S.DID_NOT_ATTEND: set(),
        S.WITHDRAWN: set(),
        S.EXPIRED: set(),
    } == ONWARD_TRANSITIONS
    assert {S.ACCEPTED, S.DECLINED, S.WAITLISTED, S.STARTED, S.COMPLETED, S.STOPPED, S.DID_NOT_ATTEND} == PROVIDER_MOVES
    assert {
        S.ACCEPTED,
        S.DECLINED,
        S.STARTED,
        S.COMPLETED,
        S.STOPPED,
        S.DID_NOT_ATTEND,
        S.WITHDRAWN,
    } == LINK_WORKER_MOVES


def _mover(onward: OnwardReferral, to_status: OnwardStatus) -> dict[str, Any]:
    """Someone allowed to make the move, if the state machine allows it."""
    if to_status == S.EXPIRED:
        return {"by": None, "by_label": SYSTEM}
    if to_status == S.WITHDRAWN:
        return {"by": onward.case.link_worker}
    return {"by": provider_for(onward.service)}


@pytest.mark.parametrize("from_status", list(S))
@pytest.mark.parametrize("to_status", [status for status in S if status != S.SENT])
def test_every_move_the_state_machine_allows_and_no_other(case, service, from_status, to_status):
    onward = refer(case, service)
    _force_status(onward, from_status)
    extra: dict[str, Any] = {"decline_reason": DeclineReason.NOT_ELIGIBLE} if to_status == S.DECLINED else {}

    if to_status in ONWARD_TRANSITIONS[from_status]:
        change_onward_status(onward=onward, to_status=to_status, **_mover(onward, to_status), **extra)
        assert OnwardReferral.objects.get(pk=onward.pk).status == to_status
        assert onward.status == to_status
        assert onward.transitions.latest("at", "id").from_status == from_status
    else:
        with pytest.raises(OnwardProblem, match="cannot become"):
            change_onward_status(onward=onward, to_status=to_status, **_mover(onward, to_status), **extra)
        assert OnwardReferral.objects.get(pk=onward.pk).status == from_status
        assert onward.transitions.count() == 1


@pytest.mark.parametrize("from_status", list(S))
def test_nobody_may_send_a_referral_back_to_sent(case, service, from_status):
    onward = refer(case, service)
    _force_status(onward, from_status)
    for actor in ({"by": case.link_worker}, {"by": provider_for(service)}, {"by": None, "by_label": EMAILED_LINK}):
        with pytest.raises(PermissionDenied):
            change_onward_status(onward=onward, to_status=S.SENT, **actor)


# --- Who may move a referral --------------------------------------------------------------------
@pytest.mark.parametrize("to_status", sorted(move for move in PROVIDER_MOVES if move in ONWARD_TRANSITIONS[S.SENT]))
def test_the_services_provider_answers_and_its_first_answer_is_timed(case, service, to_status):
    onward = refer(case, service)
    provider = provider_for(service)
    extra: dict[str, Any] = {"decline_reason": DeclineReason.FULL} if to_status == S.DECLINED else {}

    change_onward_status(onward=onward, to_status=to_status, by=provider, note="We meet on Tuesdays", **extra)

    onward.refresh_from_db()
    assert onward.first_response_at is not None
    transition = onward.transitions.latest("at", "id")
    assert (transition.by_id, transition.by_label, transition.note) == (
        provider.pk,
        provider.email,
        "We meet on Tuesdays",
    )
    event = AuditEvent.objects.get(action=AuditAction.ONWARD_REFERRAL_CHANGED, object_id=str(onward.pk))
    assert event.detail == {"from": "sent", "to": to_status.value, "by": provider.email}


def test_a_later_answer_does_not_move_the_first_response_time(case, service):
    onward = refer(case, service)
    provider = provider_for(service)
    change_onward_status(onward=onward, to_status=S.ACCEPTED, by=provider)
    first = OnwardReferral.objects.get(pk=onward.pk).first_response_at

    change_onward_status(onward=onward, to_status=S.STARTED, by=provider)

    assert OnwardReferral.objects.get(pk=onward.pk).first_response_at == first


def test_an_emailed_link_answers_as_the_provider(case, service):
    onward = refer(case, service)

    change_onward_status(onward=onward, to_status=S.ACCEPTED, by=None, by_label=EMAILED_LINK)

    onward.refresh_from_db()
    assert onward.first_response_at is not None
    assert onward.transitions.latest("at", "id").by_id is None
    assert onward.transitions.latest("at", "id").by_label == EMAILED_LINK


def test_an_emailed_link_cannot_withdraw_or_expire(case, service):
    onward = refer(case, service)
    for to_status in (S.WITHDRAWN, S.EXPIRED):
        with pytest.raises(PermissionDenied):
            change_onward_status(onward=onward, to_status=to_status, by=None, by_label=EMAILED_LINK)


def test_the_system_only_expires(case, service):
    onward = refer(case, service)
    with pytest.raises(PermissionDenied):
        change_onward_status(onward=onward, to_status=S.ACCEPTED, by=None, by_label=SYSTEM)
    with pytest.raises(PermissionDenied):
        change_onward_status(onward=onward, to_status=S.EXPIRED, by=None, by_label="someone")

    change_onward_status(onward=onward, to_status=S.EXPIRED, by=None, by_label=SYSTEM)

    onward.refresh_from_db()
    assert onward.status == S.EXPIRED
    assert onward.first_response_at is None


def test_a_provider_may_not_withdraw_a_referral(case, service):
    onward = refer(case, service)
    with pytest.raises(PermissionDenied):
        change_onward_status(onward=onward, to_status=S.WITHDRAWN, by=provider_for(service))


def test_a_provider_of_another_organisation_may_not_answer(case, service):
    onward = refer(case, service)
    provider_for(service)
    stranger = provider_for(referable_service("Another group"))
    with pytest.raises(PermissionDenied):
        change_onward_status(onward=onward, to_status=S.ACCEPTED, by=stranger)
    assert OnwardReferral.objects.get(pk=onward.pk).status == S.SENT


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.TEAM_LEAD])
def test_the_team_records_what_the_person_said_without_timing_a_provider_answer(case, service, role):
    onward = refer(case, service)
    colleague = user_with_role(role, team=case.team)

    change_onward_status(onward=onward, to_status=S.STARTED, by=colleague, note="She went on Tuesday")
    change_onward_status(onward=onward, to_status=S.COMPLETED, by=case.link_worker)

    onward.refresh_from_db()
    assert onward.status == S.COMPLETED
    assert onward.first_response_at is None


def test_the_link_worker_withdraws_but_does_not_put_people_on_waiting_lists(case, service):
    onward = refer(case, service)
    with pytest.raises(PermissionDenied):
        change_onward_status(onward=onward, to_status=S.WAITLISTED, by=case.link_worker)

    change_onward_status(onward=onward, to_status=S.WITHDRAWN, by=case.link_worker, note="Moved away")

    assert OnwardReferral.objects.get(pk=onward.pk).status == S.WITHDRAWN


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.TEAM_LEAD, Role.REFERRER, Role.COMMISSIONER, Role.PROVIDER])
def test_nobody_outside_the_team_or_the_provider_may_move_a_referral(case, service, role):
    onward = refer(case, service)
    outsider = user_with_role(role)
    for to_status in (S.ACCEPTED, S.WITHDRAWN, S.STARTED):
        with pytest.raises(PermissionDenied):
            change_onward_status(onward=onward, to_status=to_status, by=outsider)
    assert onward.transitions.count() == 1


def test_no_user_may_expire_a_referral(case, service):
    onward = refer(case, service)
    for user in (case.link_worker, provider_for(service)):
        with pytest.raises(PermissionDenied):
            change_onward_status(onward=onward, to_status=S.EXPIRED, by=user)


# --- Declining and notes ------------------------------------------------------------------------
@pytest.mark.parametrize("reason", [reason for reason in DeclineReason if reason != DeclineReason.OTHER])
def test_each_decline_reason_is_kept(case, service, reason):
    onward = refer(case, service)
    change_onward_status(onward=onward, to_status=S.DECLINED, by=provider_for(service), decline_reason=reason)
    assert OnwardReferral.objects.get(pk=onward.pk).decline_reason == reason
    assert onward.decline_reason == reason


@pytest.mark.parametrize("reason", ["", "busy"])
def test_a_decline_needs_one_of_the_reasons(case, service, reason):
    onward = refer(case, service)
    with pytest.raises(OnwardProblem, match="Choose why the referral is declined"):
        change_onward_status(onward=onward, to_status=S.DECLINED, by=provider_for(service), decline_reason=reason)
    assert OnwardReferral.objects.get(pk=onward.pk).status == S.SENT


def test_declining_for_another_reason_needs_a_note(case, service):
    onward = refer(case, service)
    provider = provider_for(service)
    with pytest.raises(OnwardProblem, match="Say why the referral is declined"):
        change_onward_status(
            onward=onward, to_status=S.DECLINED, by=provider, decline_reason=DeclineReason.OTHER, note="  "
        )

    change_onward_status(
        onward=onward, to_status=S.DECLINED, by=provider, decline_reason=DeclineReason.OTHER, note="Ages 18-25 only"
    )

    assert onward.transitions.latest("at", "id").note == "Ages 18-25 only"


def test_only_a_decline_has_a_decline_reason(case, service):
    onward = refer(case, service)
    with pytest.raises(OnwardProblem, match="Only a declined referral"):
        change_onward_status(
            onward=onward, to_status=S.ACCEPTED, by=provider_for(service), decline_reason=DeclineReason.FULL
        )


def test_a_note_is_kept_short(case, service):
    onward = refer(case, service)
    with pytest.raises(OnwardProblem, match="1000 characters"):
        change_onward_status(onward=onward, to_status=S.ACCEPTED, by=provider_for(service), note="x" * 1001)


# --- The deadline -------------------------------------------------------------------------------
def _sent_days_ago(case, name: str, days: float, **kwargs) -> OnwardReferral:
    onward = refer(case, referable_service(name, **kwargs))
    shift = timedelta(days=days)
    OnwardReferral.objects.filter(pk=onward.pk).update(
        sent_at=onward.sent_at - shift, respond_by=onward.respond_by - shift
    )
    onward.refresh_from_db()
    return onward


def test_expiry_ends_referrals_left_unanswered_past_their_deadline(case):
    overdue = _sent_days_ago(case, "Overdue group", 15)
    overdue_on_list = _sent_days_ago(case, "Overdue waiting list", 15, capacity=CapacityStatus.WAITLIST)
    answered = _sent_days_ago(case, "Answered group", 15)
    change_onward_status(onward=answered, to_status=S.ACCEPTED, by=provider_for(answered.service))
    put_on_list = _sent_days_ago(case, "Put on list group", 15)
    change_onward_status(onward=put_on_list, to_status=S.WAITLISTED, by=provider_for(put_on_list.service))
    not_yet = _sent_days_ago(case, "Recent group", 13)

    assert expire_overdue() == 2

    statuses = dict(OnwardReferral.objects.values_list("pk", "status"))
    assert statuses[overdue.pk] == statuses[overdue_on_list.pk] == S.EXPIRED
    assert statuses[answered.pk] == S.ACCEPTED
    assert statuses[put_on_list.pk] == S.WAITLISTED
    assert statuses[not_yet.pk] == S.SENT
    assert overdue.transitions.latest("at", "id").by_label == SYSTEM
    assert expire_overdue() == 0


def test_a_referral_the_provider_answered_meanwhile_does_not_expire(case):
    onward = _sent_days_ago(case, "Overdue group", 15)
    stale = OnwardReferral.objects.get(pk=onward.pk)
    # Between expiry listing the overdue referrals and reaching this one, the provider waitlists it.
    change_onward_status(onward=onward, to_status=S.WAITLISTED, by=provider_for(onward.service))

    with pytest.raises(OnwardProblem, match="cannot expire"):
        change_onward_status(onward=stale, to_status=S.EXPIRED, by=None, by_label=SYSTEM)

    assert OnwardReferral.objects.get(pk=onward.pk).status == S.WAITLISTED


def test_expiry_is_measured_against_the_time_given(case):
    onward = refer(case, referable_service())
    assert expire_overdue(now=onward.respond_by - timedelta(seconds=1)) == 0
    assert expire_overdue(now=onward.respond_by) == 1


def test_reminders_are_due_halfway_to_the_deadline_once(case):
    halfway = _sent_days_ago(case, "Halfway group", 7)
    on_list = _sent_days_ago(case, "Waiting list group", 8, capacity=CapacityStatus.WAITLIST)
    _sent_days_ago(case, "Early group", 6)
    reminded = _sent_days_ago(case, "Reminded group", 8)
    OnwardReferral.objects.filter(pk=reminded.pk).update(reminder_sent_at=timezone.now())
    answered = _sent_days_ago(case, "Answered group", 8)
    change_onward_status(onward=answered, to_status=S.ACCEPTED, by=provider_for(answered.service))
    _sent_days_ago(case, "Overdue group", 15)

    assert {onward.pk for onward in due_for_reminder()} == {halfway.pk, on_list.pk}


def test_a_shorter_deadline_brings_the_reminder_forward(case):
    SchemeSettings.objects.create(scheme=case.scheme, onward_response_days=4)
    onward = _sent_days_ago(case, "Quick group", 2)
    assert [due.pk for due in due_for_reminder()] == [onward.pk]
    assert due_for_reminder(now=onward.sent_at + timedelta(days=1)) == []


def test_a_service_already_fetched_is_checked_afresh_when_sending(case, service):
    stale = Service.objects.get(pk=service.pk)
    Service.objects.filter(pk=service.pk).update(capacity_status=CapacityStatus.FULL)

    with pytest.raises(CaseworkProblem):
        send_onward_referral(case=case, service=stale, reason="Company", by=case.link_worker)


def test_transitions_are_logged_in_order(case, service):
    onward = refer(case, service)
    provider = provider_for(service)
    change_onward_status(onward=onward, to_status=S.ACCEPTED, by=provider)
    change_onward_status(onward=onward, to_status=S.STARTED, by=case.link_worker)

    assert list(OnwardTransition.objects.filter(onward_referral=onward).values_list("from_status", "to_status")) == [
        ("", S.SENT),
        (S.SENT, S.ACCEPTED),
        (S.ACCEPTED, S.STARTED),
    ]

"""The contacts log, follow-ups and safeguarding concerns: the rules in casework.care and the forms' parsing."""

from datetime import time, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.care import (
    NewFollowUp,
    close_concern,
    complete_follow_up,
    raise_concern,
    record_contact,
    set_follow_up,
)
from linkwell.casework.care_forms import ContactForm, parse_time_of_day
from linkwell.casework.models import (
    Case,
    CaseStatus,
    ConcernStatus,
    Contact,
    ContactKind,
    FollowUp,
    SafeguardingConcern,
)
from linkwell.casework.tests.builders import open_case

pytestmark = pytest.mark.django_db


def a_case(**referral_fields: Any) -> Case:
    return open_case(received_at=timezone.now() - timedelta(days=10), **referral_fields)


def discharged(case: Case) -> Case:
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.DISCHARGED, closed_at=timezone.now())
    case.refresh_from_db()
    return case


def contact(case: Case, **overrides: object) -> Contact:
    values: dict[str, object] = {
        "case": case,
        "at": timezone.now() - timedelta(hours=1),
        "kind": ContactKind.PHONE,
        "made": True,
        "duration_minutes": 20,
        "note": "Talked about the walking group",
        "by": case.link_worker,
        **overrides,
    }
    return record_contact(**values)  # type: ignore[arg-type]


def problems(error: pytest.ExceptionInfo[CaseworkProblem]) -> dict[str, str]:
    return error.value.errors


# --- Contacts -----------------------------------------------------------------------------------
def test_a_contact_made_is_logged_and_audited():
    case = a_case()

    logged = contact(case, note="  Talked about the walking group  ")

    assert logged.made
    assert logged.duration_minutes == 20
    assert logged.kind == ContactKind.PHONE
    assert logged.note == "Talked about the walking group"
    assert logged.recorded_by == case.link_worker
    event = AuditEvent.objects.get(action=AuditAction.CONTACT_RECORDED)
    assert event.object_id == str(logged.pk)
    assert event.person_id == str(case.person_id)
    assert event.detail == {"case_id": str(case.pk), "kind": "phone", "made": True}


def test_an_attempt_needs_no_duration():
    logged = contact(a_case(), made=False, duration_minutes=None, note="No answer, left no message")

    assert not logged.made
    assert logged.duration_minutes is None


@pytest.mark.parametrize(
    ("made", "duration", "message"),
    [
        (True, None, "Enter how long the contact took, in minutes"),
        (True, 0, "The duration must be between 1 and 600 minutes"),
        (True, 601, "The duration must be between 1 and 600 minutes"),
        (False, 601, "The duration must be 600 minutes or less"),
    ],
)
def test_the_duration_must_be_sensible(made, duration, message):
    case = a_case()

    with pytest.raises(CaseworkProblem) as refused:
        contact(case, made=made, duration_minutes=duration)

    assert problems(refused) == {"duration_minutes": message}
    assert not Contact.objects.exists()


def test_a_contact_cannot_be_in_the_future():
    with pytest.raises(CaseworkProblem) as refused:
        contact(a_case(), at=timezone.now() + timedelta(minutes=5))

    assert problems(refused) == {"at": "The contact must not be in the future"}


def test_a_contact_cannot_be_before_the_referral_arrived():
    case = a_case()

    with pytest.raises(CaseworkProblem) as refused:
        contact(case, at=case.referral.received_at - timedelta(days=1))

    assert "when the referral was received" in problems(refused)["at"]


def test_a_contact_in_the_minute_the_referral_arrived_counts():
    received = timezone.now() - timedelta(days=1)
    case = open_case(received_at=received)

    logged = contact(case, at=received.replace(second=0, microsecond=0))

    assert logged.pk is not None


def test_a_long_note_is_refused():
    with pytest.raises(CaseworkProblem) as refused:
        contact(a_case(), note="x" * 1001)

    assert problems(refused) == {"note": "Keep this to 1000 characters or fewer"}


def test_a_contact_with_a_follow_up_sets_both():
    case = a_case()
    due = timezone.localdate() + timedelta(days=14)

    contact(case, follow_up=NewFollowUp(title="Check the group got in touch", due_on=due, assigned_to=case.link_worker))

    follow_up = FollowUp.objects.get()
    assert (follow_up.case, follow_up.due_on, follow_up.assigned_to) == (case, due, case.link_worker)
    assert follow_up.created_by == case.link_worker
    assert AuditEvent.objects.filter(action=AuditAction.FOLLOW_UP_SET, object_id=str(follow_up.pk)).exists()


def test_a_bad_follow_up_saves_neither_and_names_the_contact_forms_fields():
    case = a_case()
    stranger = user_with_role(Role.LINK_WORKER)

    with pytest.raises(CaseworkProblem) as refused:
        contact(
            case,
            follow_up=NewFollowUp(title="", due_on=timezone.localdate() - timedelta(days=1), assigned_to=stranger),
        )

    assert set(problems(refused)) == {"follow_up_title", "follow_up_on", "follow_up_assigned_to"}
    assert not Contact.objects.exists()
    assert not FollowUp.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CONTACT_RECORDED).exists()


def test_only_the_cases_team_can_log_contacts():
    case = a_case()
    other_team_worker = user_with_role(Role.LINK_WORKER)

    with pytest.raises(PermissionDenied):
        contact(case, by=other_team_worker)


def test_a_colleague_in_the_team_can_log_contacts():
    case = a_case()
    colleague = user_with_role(Role.LINK_WORKER, team=case.team)

    assert contact(case, by=colleague).recorded_by == colleague


def test_no_contacts_on_a_closed_case():
    case = discharged(a_case())

    with pytest.raises(CaseworkProblem) as refused:
        contact(case)

    assert problems(refused) == {"": "This case is closed: the person has been discharged."}


# --- Follow-ups ---------------------------------------------------------------------------------
def follow_up(case: Case, **overrides: object) -> FollowUp:
    values: dict[str, object] = {
        "case": case,
        "title": "Call to check the referrals are on track",
        "due_on": timezone.localdate() + timedelta(days=7),
        "assigned_to": case.link_worker,
        "by": case.link_worker,
        **overrides,
    }
    return set_follow_up(**values)  # type: ignore[arg-type]


def test_a_follow_up_can_go_to_a_colleague_and_is_audited():
    case = a_case()
    colleague = user_with_role(Role.LINK_WORKER, team=case.team)

    created = follow_up(case, assigned_to=colleague)

    assert created.assigned_to == colleague
    assert created.done_at is None
    event = AuditEvent.objects.get(action=AuditAction.FOLLOW_UP_SET)
    assert event.detail == {
        "case_id": str(case.pk),
        "due_on": created.due_on.isoformat(),
        "assigned_to_id": colleague.pk,
    }


def test_a_follow_up_may_be_due_today():
    assert follow_up(a_case(), due_on=timezone.localdate()).due_on == timezone.localdate()


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (-1, "The follow-up must be due today or later"),
        (400, "The follow-up must be due within a year"),
    ],
)
def test_a_follow_up_must_be_due_soon_but_not_in_the_past(days, message):
    with pytest.raises(CaseworkProblem) as refused:
        follow_up(a_case(), due_on=timezone.localdate() + timedelta(days=days))

    assert problems(refused) == {"due_on": message}


def test_a_follow_up_needs_a_title_and_a_date():
    with pytest.raises(CaseworkProblem) as refused:
        follow_up(a_case(), title="   ", due_on=None)

    assert problems(refused) == {"title": "Enter what needs doing", "due_on": "Enter when the follow-up is due"}


@pytest.mark.parametrize("role", [Role.REFERRER, Role.COMMISSIONER, Role.ADMIN])
def test_a_follow_up_goes_only_to_someone_who_holds_cases_in_the_team(role):
    case = a_case()
    someone = user_with_role(role, team=case.team) if role == Role.REFERRER else user_with_role(role)

    with pytest.raises(CaseworkProblem) as refused:
        follow_up(case, assigned_to=someone)

    assert "is not a link worker in" in problems(refused)["assigned_to"]


def test_no_new_follow_ups_on_a_closed_case():
    with pytest.raises(CaseworkProblem):
        follow_up(discharged(a_case()))


def test_a_follow_up_is_done_once():
    case = a_case()
    created = follow_up(case)
    colleague = user_with_role(Role.TEAM_LEAD, team=case.team)

    done = complete_follow_up(follow_up=created, note="Rang; all on track", by=colleague)

    assert done.done_by == colleague
    assert done.done_note == "Rang; all on track"
    assert done.done_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.FOLLOW_UP_DONE, object_id=str(created.pk)).exists()
    with pytest.raises(CaseworkProblem) as refused:
        complete_follow_up(follow_up=created, note="", by=case.link_worker)
    assert problems(refused)[""].startswith("This follow-up was already marked as done on")
    assert AuditEvent.objects.filter(action=AuditAction.FOLLOW_UP_DONE).count() == 1


def test_a_follow_up_left_on_a_closed_case_can_still_be_done():
    case = a_case()
    created = follow_up(case)
    discharged(case)

    assert complete_follow_up(follow_up=created, note="", by=case.link_worker).done_at is not None


def test_only_the_team_can_complete_a_follow_up():
    created = follow_up(a_case())

    with pytest.raises(PermissionDenied):
        complete_follow_up(follow_up=created, note="", by=user_with_role(Role.LINK_WORKER))


# --- Safeguarding concerns ------------------------------------------------------------------------
def concern(case: Case, **overrides: object) -> SafeguardingConcern:
    values: dict[str, object] = {
        "case": case,
        "summary": "Says a neighbour is taking their pension",
        "details": "Mentioned it twice on the phone.",
        "action_taken": "Talked to the safeguarding lead.",
        "by": case.link_worker,
        **overrides,
    }
    return raise_concern(**values)  # type: ignore[arg-type]


def test_a_concern_is_raised_and_noted_in_the_audit_log_without_its_words():
    case = a_case()

    raised = concern(case)

    assert raised.status == ConcernStatus.OPEN
    assert raised.raised_by == case.link_worker
    event = AuditEvent.objects.get(action=AuditAction.CONCERN_RAISED)
    assert event.object_id == str(raised.pk)
    assert event.person_id == str(case.person_id)
    assert event.detail["case_id"] == str(case.pk)
    assert "pension" not in str(event.detail)


def test_a_concern_needs_a_summary():
    with pytest.raises(CaseworkProblem) as refused:
        concern(a_case(), summary=" ")

    assert problems(refused) == {"summary": "Enter a short summary of the concern"}
    assert not SafeguardingConcern.objects.exists()


def test_a_concern_cannot_be_raised_on_another_teams_case_or_a_closed_one():
    case = a_case()
    with pytest.raises(PermissionDenied):
        concern(case, by=user_with_role(Role.LINK_WORKER))
    with pytest.raises(CaseworkProblem):
        concern(discharged(case))


def test_a_concern_is_closed_once_with_a_note():
    case = a_case()
    raised = concern(case)

    with pytest.raises(CaseworkProblem) as refused:
        close_concern(concern=raised, closing_note="", by=case.link_worker)
    assert problems(refused) == {"closing_note": "Enter what was done about the concern, and why it can be closed"}

    closed = close_concern(concern=raised, closing_note="The bank has stopped the payments", by=case.link_worker)
    assert closed.status == ConcernStatus.CLOSED
    assert closed.closed_by == case.link_worker
    assert AuditEvent.objects.filter(action=AuditAction.CONCERN_CLOSED, object_id=str(raised.pk)).exists()

    with pytest.raises(CaseworkProblem) as again:
        close_concern(concern=raised, closing_note="Again", by=case.link_worker)
    assert problems(again)[""].startswith("This concern was already closed on")


def test_a_concern_can_be_closed_after_discharge_but_only_by_the_team():
    case = a_case()
    raised = concern(case)
    discharged(case)

    with pytest.raises(PermissionDenied):
        close_concern(concern=raised, closing_note="Resolved", by=user_with_role(Role.LINK_WORKER))
    assert close_concern(concern=raised, closing_note="Resolved", by=case.link_worker).status == ConcernStatus.CLOSED


# --- Parsing ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14:30", time(14, 30)),
        ("14.30", time(14, 30)),
        ("9:05", time(9, 5)),
        ("2:30pm", time(14, 30)),
        ("2.30 PM", time(14, 30)),
        ("9am", time(9, 0)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("midday", time(12, 0)),
        ("9", time(9, 0)),
    ],
)
def test_times_are_read_as_people_type_them(typed, expected):
    assert parse_time_of_day(typed) == expected


@pytest.mark.parametrize("typed", ["", "25:00", "10:75", "13pm", "0am", "half past", "10:3"])
def test_things_that_are_not_times_are_refused(typed):
    with pytest.raises(ValueError, match="Not a time"):
        parse_time_of_day(typed)


def contact_form(**fields: str) -> ContactForm:
    today = timezone.localdate()
    data = {
        "at_0": str(today.day),
        "at_1": str(today.month),
        "at_2": str(today.year),
        "at_time": "9:30am",
        "kind": "phone",
        "made": "made",
        "duration_minutes": "15",
        **fields,
    }
    return ContactForm(data)


def test_the_contact_form_puts_date_and_time_together_in_uk_time():
    form = contact_form(at_time="14:30")

    assert form.is_valid(), form.errors
    at = form.contact_at()
    assert timezone.localtime(at).time() == time(14, 30)
    assert at.tzinfo is not None


def test_the_contact_form_asks_for_a_duration_only_when_the_person_was_reached():
    assert not contact_form(duration_minutes="").is_valid()
    assert contact_form(made="attempted", duration_minutes="").is_valid()


def test_the_contact_form_wants_both_parts_of_a_follow_up_or_neither():
    title_only = contact_form(follow_up_title="Ring back")
    date_only = contact_form(follow_up_on_0="1", follow_up_on_1="1", follow_up_on_2="2030")

    assert not title_only.is_valid()
    assert "follow_up_on" in title_only.errors
    assert not date_only.is_valid()
    assert date_only.errors["follow_up_title"] == ["Enter what needs doing"]
    assert contact_form().is_valid()

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from linkwell.accounts.models import User
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import TeamFactory, user_with_role
from linkwell.audit.models import AuditEvent
from linkwell.casework.caseload_queries import DECLINED_FLAG_DAYS, Flag
from linkwell.casework.models import (
    Case,
    CaseStatus,
    ConcernStatus,
    Contact,
    ContactKind,
    DeclineReason,
    FollowUp,
    OnwardReferral,
    OnwardStatus,
    SafeguardingConcern,
)
from linkwell.casework.tests.builders import open_case
from linkwell.conftest import client_for
from linkwell.directory.tests.builders import make_service
from linkwell.referrals.models import Urgency
from linkwell.referrals.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
CASELOAD = reverse("casework:caseload")


@pytest.fixture
def team():
    return TeamFactory.create()


@pytest.fixture
def worker(team):
    return user_with_role(Role.LINK_WORKER, team=team, full_name="Jo Worker")


@pytest.fixture
def lead(team):
    return user_with_role(Role.TEAM_LEAD, team=team, full_name="Priya Lead")


def case_for(worker: User, family_name: str = "", **referral_fields) -> Case:
    team = worker.memberships.get().team
    person = PersonFactory.create(**({"family_name": family_name} if family_name else {}))
    return open_case(team=team, worker=worker, person=person, **referral_fields)


def names(response) -> list[str]:
    return [row.case.person.family_name for row in response.context["rows"]]


def follow_up(case: Case, title: str, due_on: date, *, done: bool = False) -> FollowUp:
    return FollowUp.objects.create(
        case=case,
        title=title,
        due_on=due_on,
        assigned_to=case.link_worker,
        created_by=case.link_worker,
        done_at=timezone.now() if done else None,
        done_by=case.link_worker if done else None,
    )


def contact(case: Case, at, *, made: bool = True) -> Contact:
    return Contact.objects.create(
        case=case,
        at=at,
        kind=ContactKind.PHONE,
        made=made,
        duration_minutes=20 if made else None,
        recorded_by=case.link_worker,
    )


def onward(case: Case, status: OnwardStatus, *, changed_days_ago: int = 0, respond_in_days: int = 14):
    now = timezone.now()
    sent_at = now - timedelta(days=30)
    return OnwardReferral.objects.create(
        case=case,
        service=make_service(f"Group {OnwardReferral.objects.count()}"),
        status=status,
        reason="Company",
        sent_at=sent_at,
        sent_by=case.link_worker,
        respond_by=now + timedelta(days=respond_in_days),
        status_changed_at=now - timedelta(days=changed_days_ago),
        decline_reason=DeclineReason.FULL if status == OnwardStatus.DECLINED else "",
    )


# --- Whose cases ---------------------------------------------------------------------------------
def test_a_link_worker_sees_their_own_open_cases_only(team, worker):
    mine = case_for(worker, "Mine")
    colleague = user_with_role(Role.LINK_WORKER, team=team)
    case_for(colleague, "Colleagues")
    case_for(user_with_role(Role.LINK_WORKER), "Elsewhere")
    closed = case_for(worker, "Closed")
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.DISCHARGED, closed_at=timezone.now())

    response = client_for(worker).get(CASELOAD)

    assert response.status_code == 200
    assert names(response) == [mine.person.family_name]
    assert "worker" not in response.context["form"].fields
    assert "Colleagues" not in response.content.decode()


def test_a_team_lead_sees_the_whole_team_and_can_choose_mine_or_one_worker(team, worker, lead):
    case_for(worker, "Workers")
    case_for(lead, "Leads")
    case_for(user_with_role(Role.LINK_WORKER), "Elsewhere")
    client = client_for(lead)

    assert sorted(names(client.get(CASELOAD))) == ["Leads", "Workers"]
    assert names(client.get(CASELOAD, {"worker": "mine"})) == ["Leads"]
    assert names(client.get(CASELOAD, {"worker": str(worker.pk)})) == ["Workers"]
    assert "Link worker" in client.get(CASELOAD).content.decode()


def test_a_worker_who_is_not_in_the_leads_team_cannot_be_chosen(lead):
    stranger = user_with_role(Role.LINK_WORKER)
    case_for(stranger, "Elsewhere")

    response = client_for(lead).get(CASELOAD, {"worker": str(stranger.pk)})

    assert response.status_code == 400
    assert response.context["rows"] == []
    assert "There is a problem" in response.content.decode()


def test_administrators_see_every_teams_cases(worker):
    case_for(worker, "Ours")
    case_for(user_with_role(Role.LINK_WORKER), "Theirs")

    response = client_for(user_with_role(Role.ADMIN)).get(CASELOAD)

    assert sorted(names(response)) == ["Ours", "Theirs"]
    assert "All teams" in response.content.decode()


def test_the_list_is_not_audited_as_reading_cases(worker):
    case_for(worker)
    before = AuditEvent.objects.count()
    client_for(worker).get(CASELOAD)
    assert AuditEvent.objects.count() == before


def test_an_empty_caseload_says_so(worker):
    response = client_for(worker).get(CASELOAD)
    assert "You have no open cases" in response.content.decode()
    assert "0 open cases, 0 overdue follow-ups" in " ".join(response.content.decode().split())


# --- Columns -------------------------------------------------------------------------------------
def test_each_row_shows_days_open_last_contact_made_and_the_next_follow_up(worker):
    case = case_for(worker)
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=12))
    made = timezone.now() - timedelta(days=5)
    contact(case, made)
    contact(case, timezone.now() - timedelta(days=1), made=False)
    today = timezone.localdate()
    follow_up(case, "Already done", today - timedelta(days=9), done=True)
    follow_up(case, "Call about the walking group", today + timedelta(days=3))
    follow_up(case, "Later", today + timedelta(days=10))

    response = client_for(worker).get(CASELOAD)

    [row] = response.context["rows"]
    assert row.days_open == 12
    assert row.last_contact_at == made
    assert (row.next_due_title, row.next_due_on, row.is_overdue) == (
        "Call about the walking group",
        today + timedelta(days=3),
        False,
    )
    page = response.content.decode()
    assert "12 days" in page
    assert "Call about the walking group" in page
    assert ">Overdue<" not in page


def test_an_overdue_follow_up_is_said_in_words_and_counted(worker):
    case = case_for(worker)
    follow_up(case, "Check the referral", timezone.localdate() - timedelta(days=2))
    follow_up(case, "Also late", timezone.localdate() - timedelta(days=1))
    case_for(worker)

    response = client_for(worker).get(CASELOAD)

    page = " ".join(response.content.decode().split())
    assert "2 open cases, 2 overdue follow-ups" in page
    assert '<strong class="nhsuk-tag nhsuk-tag--red">Overdue</strong>' in page
    assert "No contact yet" in page


def test_flags_show_what_needs_attention(worker):
    quiet = case_for(worker, "Quiet")
    flagged = case_for(worker, "Flagged", urgency=Urgency.URGENT)
    SafeguardingConcern.objects.create(case=flagged, summary="Worried", raised_by=worker)
    follow_up(flagged, "Late", timezone.localdate() - timedelta(days=1))
    onward(flagged, OnwardStatus.DECLINED, changed_days_ago=2)

    rows = {row.case.pk: row.flags for row in client_for(worker).get(CASELOAD).context["rows"]}

    assert rows[quiet.pk] == []
    assert rows[flagged.pk] == [
        Flag.SAFEGUARDING,
        Flag.OVERDUE_FOLLOW_UP,
        Flag.REFERRAL_DECLINED,
        Flag.URGENT_REFERRAL,
    ]


def test_a_closed_concern_and_an_old_decline_raise_no_flag(worker):
    case = case_for(worker)
    SafeguardingConcern.objects.create(
        case=case,
        summary="Resolved",
        raised_by=worker,
        status=ConcernStatus.CLOSED,
        closed_at=timezone.now(),
        closed_by=worker,
    )
    onward(case, OnwardStatus.DECLINED, changed_days_ago=DECLINED_FLAG_DAYS + 1)
    onward(case, OnwardStatus.ACCEPTED)

    [row] = client_for(worker).get(CASELOAD).context["rows"]

    assert row.flags == []


def test_a_referral_unanswered_past_its_deadline_or_expired_is_flagged(worker):
    unanswered, expired = case_for(worker, "Unanswered"), case_for(worker, "Expired")
    onward(unanswered, OnwardStatus.SENT, respond_in_days=-1)
    onward(expired, OnwardStatus.EXPIRED, changed_days_ago=1)

    rows = client_for(worker).get(CASELOAD).context["rows"]

    assert all(row.flags == [Flag.REFERRAL_DECLINED] for row in rows)
    assert len(rows) == 2


# --- Filters and order ---------------------------------------------------------------------------
def test_the_flag_filter_keeps_only_flagged_cases(worker):
    case_for(worker, "Plain")
    concern = case_for(worker, "Concern")
    SafeguardingConcern.objects.create(case=concern, summary="Worried", raised_by=worker)
    late = case_for(worker, "Late")
    follow_up(late, "Late", timezone.localdate() - timedelta(days=1))
    declined = case_for(worker, "Declined")
    onward(declined, OnwardStatus.DECLINED)
    case_for(worker, "Urgent", urgency=Urgency.URGENT)
    client = client_for(worker)

    for flag, expected in [
        (Flag.SAFEGUARDING, ["Concern"]),
        (Flag.OVERDUE_FOLLOW_UP, ["Late"]),
        (Flag.REFERRAL_DECLINED, ["Declined"]),
        (Flag.URGENT_REFERRAL, ["Urgent"]),
    ]:
        response = client.get(CASELOAD, {"flag": flag.value})
        assert names(response) == expected, flag
        assert response.context["open_cases"] == 1


def test_cases_sort_by_next_due_days_open_last_contact_or_name(worker):
    now, today = timezone.now(), timezone.localdate()
    a = case_for(worker, "Avery")
    b = case_for(worker, "Brook")
    c = case_for(worker, "Carter")
    for case, days in ((a, 3), (b, 30), (c, 10)):
        Case.objects.filter(pk=case.pk).update(opened_at=now - timedelta(days=days))
    follow_up(a, "Soon", today + timedelta(days=1))
    follow_up(b, "Later", today + timedelta(days=5))
    contact(a, now - timedelta(days=20))
    contact(c, now - timedelta(days=1))
    client = client_for(worker)

    assert names(client.get(CASELOAD)) == ["Avery", "Brook", "Carter"]  # next due; none set comes last
    assert names(client.get(CASELOAD, {"order": "days_open"})) == ["Brook", "Carter", "Avery"]
    assert names(client.get(CASELOAD, {"order": "last_contact"})) == ["Brook", "Avery", "Carter"]
    assert names(client.get(CASELOAD, {"order": "name"})) == ["Avery", "Brook", "Carter"]


def test_an_unknown_choice_is_a_problem_not_a_server_error(worker):
    response = client_for(worker).get(CASELOAD, {"order": "nonsense", "flag": "nope"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


# --- Cost ----------------------------------------------------------------------------------------
def _give_cases(worker: User, count: int) -> None:
    today = timezone.localdate()
    for index in range(count):
        case = case_for(worker, urgency=Urgency.URGENT if index % 2 else Urgency.ROUTINE)
        contact(case, timezone.now() - timedelta(days=index + 1))
        follow_up(case, f"Call {index}", today + timedelta(days=index - 3))
        if index % 3 == 0:
            SafeguardingConcern.objects.create(case=case, summary="Worried", raised_by=worker)
        if index % 4 == 0:
            onward(case, OnwardStatus.DECLINED)


def _queries_for_caseload(user: User, **params: str) -> int:
    client = client_for(user)
    client.get(CASELOAD, params)  # the session and the like warm up first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CASELOAD, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"flag": "overdue_follow_up", "order": "last_contact"}])
def test_the_caseload_costs_the_same_queries_for_3_cases_as_for_25(team, worker, lead, params):
    _give_cases(worker, 3)
    few = {"worker": _queries_for_caseload(worker, **params), "lead": _queries_for_caseload(lead, **params)}
    _give_cases(worker, 22)
    assert Case.objects.filter(link_worker=worker).count() == 25
    many = {"worker": _queries_for_caseload(worker, **params), "lead": _queries_for_caseload(lead, **params)}
    assert many == few


def test_long_caseloads_are_paged_and_keep_their_filters(worker):
    _give_cases(worker, 26)
    client = client_for(worker)

    first = client.get(CASELOAD, {"order": "name"})
    second = client.get(CASELOAD, {"order": "name", "page": "2"})

    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 1
    assert "order=name&amp;page=2" in first.content.decode()
    assert set(names(first)).isdisjoint(names(second))

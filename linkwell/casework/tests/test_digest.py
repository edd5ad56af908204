"""The daily follow-up digest: who gets one, what it counts, and that it never carries names or details."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from linkwell.accounts.models import User
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.casework.digest import counts_in_words, digests_for, send_digests
from linkwell.casework.models import Case, CaseStatus, FollowUp
from linkwell.casework.tasks import send_follow_up_digests
from linkwell.casework.tests.builders import open_case

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 5)


def follow_up(
    case: Case, due_on: date, *, title: str = "Ring about the choir", assigned_to: User | None = None, **fields: Any
) -> FollowUp:
    # Made directly: the action would refuse dates already past, and these tests need them.
    return FollowUp.objects.create(
        case=case,
        title=title,
        due_on=due_on,
        assigned_to=assigned_to or case.link_worker,
        created_by=case.link_worker,
        **fields,
    )


@pytest.mark.parametrize(
    ("due_today", "overdue", "words"),
    [
        (3, 2, "3 follow-ups due today, 2 overdue"),
        (1, 1, "1 follow-up due today, 1 overdue"),
        (1, 0, "1 follow-up due today"),
        (0, 2, "2 follow-ups overdue"),
        (0, 1, "1 follow-up overdue"),
    ],
)
def test_counts_read_as_words(due_today, overdue, words):
    assert counts_in_words(due_today, overdue) == words


def test_a_digest_counts_each_workers_due_and_overdue_follow_ups_case_by_case(django_assert_max_num_queries):
    first = open_case()
    worker = first.link_worker
    second = open_case(team=first.team, worker=worker)
    follow_up(first, TODAY)
    follow_up(first, TODAY - timedelta(days=1))
    follow_up(second, TODAY - timedelta(days=9))
    follow_up(second, TODAY)
    follow_up(second, TODAY + timedelta(days=1))  # not due yet
    follow_up(first, TODAY - timedelta(days=30), done_at=timezone.now(), done_by=worker)  # done
    colleague = user_with_role(Role.LINK_WORKER, team=first.team)
    follow_up(first, TODAY, assigned_to=colleague)

    with django_assert_max_num_queries(2):
        digests = {digest.to: digest for digest in digests_for(TODAY)}

    assert set(digests) == {worker, colleague}
    mine = digests[worker]
    assert (mine.due_today, mine.overdue) == (2, 2)
    # The case waiting longest comes first.
    assert [(case.reference, case.due_today, case.overdue) for case in mine.cases] == [
        (second.referral.reference, 1, 1),
        (first.referral.reference, 1, 1),
    ]
    assert mine.cases[0].url.endswith(f"/cases/{second.pk}/")
    assert (digests[colleague].due_today, digests[colleague].overdue) == (1, 0)


def test_no_digest_for_discharged_cases_inactive_workers_or_nothing_due():
    discharged = open_case()
    follow_up(discharged, TODAY)
    Case.objects.filter(pk=discharged.pk).update(status=CaseStatus.DISCHARGED, closed_at=timezone.now())
    gone = open_case()
    follow_up(gone, TODAY)
    gone.link_worker.is_active = False
    gone.link_worker.save(update_fields=["is_active"])
    follow_up(open_case(), TODAY + timedelta(days=1))

    assert digests_for(TODAY) == []


def test_the_email_gives_counts_references_and_links_but_no_names_or_details(django_capture_on_commit_callbacks):
    case = open_case()
    follow_up(case, TODAY, title="Ask about the bruises")
    follow_up(case, TODAY - timedelta(days=2), title="Ask about the debt letters")

    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(on=TODAY) == 1

    [message] = mail.outbox
    assert message.to == [case.link_worker.email]
    assert message.subject == "Your follow-ups for Thursday 5 March 2026: 1 follow-up due today, 1 overdue"
    assert "You have 1 follow-up due today, 1 overdue." in message.body
    assert f"Referral {case.referral.reference}: 1 follow-up due today, 1 overdue" in message.body
    assert f"/cases/{case.pk}/" in message.body
    everything = f"{message.subject}\n{message.body}"
    person = case.person
    for private in (person.given_name, person.family_name, "bruises", "debt", case.link_worker.full_name):
        assert private not in everything


def test_the_task_sends_for_the_day_it_is_given_or_today(django_capture_on_commit_callbacks):
    case = open_case()
    follow_up(case, TODAY)
    follow_up(case, timezone.localdate())

    with django_capture_on_commit_callbacks(execute=True):
        assert send_follow_up_digests.call(on=TODAY.isoformat()) == 1
        assert send_follow_up_digests.call() == 1
    assert len(mail.outbox) == 2


def test_the_command_queues_the_days_digests(capsys, django_capture_on_commit_callbacks):
    case = open_case()
    follow_up(case, TODAY)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_follow_up_digests", "--date", "2026-03-05")

    # Tests run tasks at once; in production a worker sends them.
    assert len(mail.outbox) == 1
    assert "Queued the follow-up digests for 5 March 2026" in capsys.readouterr().out


def test_the_command_refuses_a_date_it_cannot_read():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_follow_up_digests", "--date", "5/3/2026")


def test_a_second_run_for_the_same_day_sends_nothing_twice(django_capture_on_commit_callbacks):
    case = open_case()
    follow_up(case, TODAY)
    later = open_case()

    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(on=TODAY) == 1
        follow_up(later, TODAY)
        # Only the worker who has not had today's digest gets one; tomorrow's is a new day.
        assert send_digests(on=TODAY) == 1
        assert send_digests(on=TODAY + timedelta(days=1)) == 2

    sent_to = [message.to[0] for message in mail.outbox]
    assert sent_to[:2] == [case.link_worker.email, later.link_worker.email]
    assert sorted(sent_to[2:]) == sorted([case.link_worker.email, later.link_worker.email])

"""The response deadline: a reminder to the provider halfway (once, with fresh links), then expiry, with the
link worker told. Run by `linkwell run_onward_deadlines` or the onward_deadlines task."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from linkwell.casework.models import LinkPurpose, OnwardReferral, OnwardStatus, ProviderLink
from linkwell.casework.onward import SYSTEM, change_onward_status
from linkwell.casework.onward_tasks import onward_deadlines, run_onward_deadlines
from linkwell.casework.tests.onward_builders import provider_for, provider_organisation
from linkwell.casework.tests.provider_builders import (
    REFERRAL_ADDRESS,
    last_change,
    link_path,
    sent_referral,
    service_for,
)
from linkwell.directory.models import CapacityStatus

pytestmark = pytest.mark.django_db


def stored(onward: OnwardReferral) -> OnwardReferral:
    return OnwardReferral.objects.get(pk=onward.pk)


def test_nothing_happens_before_halfway(django_capture_on_commit_callbacks):
    onward = sent_referral()

    with django_capture_on_commit_callbacks(execute=True):
        run = run_onward_deadlines(now=onward.sent_at + timedelta(days=6, hours=23))

    assert (run.reminded, run.expired) == (0, 0)
    assert mail.outbox == []
    assert stored(onward).reminder_sent_at is None


def test_halfway_the_provider_is_reminded_once_with_fresh_links(django_capture_on_commit_callbacks):
    onward = sent_referral()
    first_accept = link_path(onward, LinkPurpose.ACCEPT)
    halfway = onward.sent_at + timedelta(days=7)

    with django_capture_on_commit_callbacks(execute=True):
        run = run_onward_deadlines(now=halfway)

    assert (run.reminded, run.expired) == (1, 0)
    [message] = mail.outbox
    reference = onward.case.referral.reference
    assert message.to == [REFERRAL_ADDRESS]
    assert message.subject == f"Reminder: please answer referral {reference} to Chelmer walking group"
    assert "Marnie" not in message.body
    assert stored(onward).reminder_sent_at == halfway
    assert ProviderLink.objects.filter(onward_referral=onward).count() == 6
    fresh_accept = link_path(onward, LinkPurpose.ACCEPT)
    assert fresh_accept != first_accept
    assert f"http://127.0.0.1:8000{fresh_accept}" in message.body
    fresh = ProviderLink.objects.filter(onward_referral=onward, purpose=LinkPurpose.ACCEPT).latest("created_at")
    assert fresh.expires_at == onward.respond_by

    with django_capture_on_commit_callbacks(execute=True):
        again = run_onward_deadlines(now=halfway + timedelta(days=1))

    assert again.reminded == 0
    assert len(mail.outbox) == 1


def test_an_answered_referral_is_neither_reminded_nor_expired():
    onward = sent_referral()
    Client().post(link_path(onward, LinkPurpose.ACCEPT))

    assert run_onward_deadlines(now=onward.sent_at + timedelta(days=8)).reminded == 0
    run = run_onward_deadlines(now=onward.respond_by + timedelta(days=1))

    assert run.expired == 0
    assert stored(onward).status == OnwardStatus.ACCEPTED


def test_an_organisation_answering_in_the_inbox_has_its_provider_users_reminded(django_capture_on_commit_callbacks):
    onward = sent_referral(service_for(managed_by=provider_organisation(), referral_email=""))
    first, second = provider_for(onward.service), provider_for(onward.service)

    with django_capture_on_commit_callbacks(execute=True):
        run_onward_deadlines(now=onward.sent_at + timedelta(days=8))

    assert sorted(message.to[0] for message in mail.outbox) == sorted([first.email, second.email])
    assert all("http://127.0.0.1:8000/provider/" in message.body for message in mail.outbox)
    assert all("/r/" not in message.body for message in mail.outbox)
    assert not ProviderLink.objects.filter(onward_referral=onward).exists()


def test_past_the_deadline_the_referral_expires_and_the_link_worker_is_told(django_capture_on_commit_callbacks):
    onward = sent_referral()

    with django_capture_on_commit_callbacks(execute=True):
        run = run_onward_deadlines(now=onward.respond_by)

    assert (run.reminded, run.expired) == (0, 1)
    expired = stored(onward)
    assert expired.status == OnwardStatus.EXPIRED
    assert last_change(expired).by_label == SYSTEM
    [message] = mail.outbox
    assert message.to == [onward.case.link_worker.email]
    assert "expired: no answer in time" in message.subject
    assert run_onward_deadlines(now=onward.respond_by + timedelta(hours=1)).expired == 0


def test_a_referral_queued_on_a_waiting_list_expires_unanswered_but_one_the_provider_waitlisted_does_not():
    queued = sent_referral(service_for(capacity=CapacityStatus.WAITLIST))
    answered = sent_referral(service_for(name="Springfield allotment club"), case=queued.case)
    change_onward_status(onward=answered, to_status=OnwardStatus.WAITLISTED, by=provider_for(answered.service))
    assert queued.status == OnwardStatus.WAITLISTED

    run_onward_deadlines(now=queued.respond_by + timedelta(minutes=1))

    assert stored(queued).status == OnwardStatus.EXPIRED
    assert stored(answered).status == OnwardStatus.WAITLISTED


def test_the_command_runs_the_deadlines_and_says_what_it_did():
    onward = sent_referral()
    now = timezone.now()
    OnwardReferral.objects.filter(pk=onward.pk).update(sent_at=now - timedelta(days=15), respond_by=now)
    halfway = sent_referral(service_for(name="Springfield allotment club"), case=onward.case)
    OnwardReferral.objects.filter(pk=halfway.pk).update(
        sent_at=now - timedelta(days=8), respond_by=now + timedelta(days=6)
    )
    out = StringIO()

    call_command("run_onward_deadlines", stdout=out)

    assert out.getvalue().strip() == "Reminded providers of 1 referral; expired 1 referral."
    assert stored(onward).status == OnwardStatus.EXPIRED
    assert stored(halfway).reminder_sent_at is not None


def test_the_task_runs_the_deadlines():
    onward = sent_referral()
    OnwardReferral.objects.filter(pk=onward.pk).update(
        sent_at=timezone.now() - timedelta(days=15), respond_by=timezone.now() - timedelta(minutes=1)
    )

    result = onward_deadlines.enqueue()

    assert result.return_value == {"reminded": 0, "expired": 1}
    assert stored(onward).status == OnwardStatus.EXPIRED

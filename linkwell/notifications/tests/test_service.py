import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.notifications import backends
from linkwell.notifications.service import notify
from linkwell.notifications.tasks import MAX_ATTEMPTS, send_email_notification, send_sms_notification

pytestmark = pytest.mark.django_db

CONTEXT = {"reference": "LW-7K3M-9QPX", "team_name": "Chelmsford Link", "team_phone": "01245 000000", "team_email": ""}


class FlakyBackend:
    """Fails a set number of times, then delivers."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.attempts = 0
        self.sent: list[str] = []

    def send_email(self, *, to: str, subject: str, body: str, template: str, reference: str) -> None:
        self._try(to)

    def send_sms(self, *, to: str, body: str, template: str, reference: str) -> None:
        self._try(to)

    def _try(self, to: str) -> None:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise ConnectionError("provider unavailable")
        self.sent.append(to)


def test_notify_sends_email_and_text_only_after_commit(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.NOTIFICATIONS_SMS_BACKEND = "file"
    settings.NOTIFICATIONS_FILE_DIR = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            to_email="person@example.org",
            to_phone="07700900123",
            template="emails/referrals/received_person",
            context=CONTEXT,
            reference="LW-7K3M-9QPX",
        )
        assert mail.outbox == []
        assert not (tmp_path / "sms.jsonl").exists()

    [message] = mail.outbox
    assert message.to == ["person@example.org"]
    assert "LW-7K3M-9QPX" in message.subject
    assert "07700900123" in (tmp_path / "sms.jsonl").read_text()


def test_notify_sends_nothing_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    @transaction.atomic
    def failing_change() -> None:
        notify(
            to_email="person@example.org",
            template="emails/referrals/received_person",
            context=CONTEXT,
            reference="LW-1",
        )
        raise RuntimeError("the change failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        failing_change()

    assert mail.outbox == []


def test_notify_needs_somewhere_to_send():
    with pytest.raises(ValueError, match="email address or a phone number"):
        notify(template="emails/referrals/received_person", context=CONTEXT, reference="LW-1")


def test_a_send_that_fails_twice_is_retried_and_delivered_once(monkeypatch, caplog):
    flaky = FlakyBackend(failures=2)
    monkeypatch.setattr(backends, "email_backend", lambda: flaky)

    send_email_notification.enqueue(to="jo@example.org", subject="S", body="B", template="emails/x", reference="LW-1")

    assert flaky.attempts == 3
    assert flaky.sent == ["jo@example.org"]
    assert not AuditEvent.objects.filter(action=AuditAction.NOTIFICATION_FAILED).exists()
    assert [r.attempt for r in caplog.records if r.levelname == "WARNING"] == [1, 2]


def test_a_send_that_always_fails_stops_after_three_attempts_and_is_audited(monkeypatch, caplog):
    flaky = FlakyBackend(failures=99)
    monkeypatch.setattr(backends, "sms_backend", lambda: flaky)

    send_sms_notification.enqueue(to="07700900123", body="Private words", template="sms/x", reference="LW-1")

    assert flaky.attempts == MAX_ATTEMPTS == 3
    assert flaky.sent == []
    event = AuditEvent.objects.get(action=AuditAction.NOTIFICATION_FAILED)
    assert (event.object_type, event.object_id, event.actor_label) == ("notification", "LW-1", "system")
    assert event.detail == {"channel": "sms", "template": "sms/x", "attempt": 3, "error": "ConnectionError"}
    # Logs say what failed and where, never to whom or what it said.
    assert "07700900123" not in caplog.text
    assert "Private words" not in caplog.text


def test_a_deferring_task_backend_retries_later_with_backoff(monkeypatch, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    monkeypatch.setattr(backends, "email_backend", lambda: FlakyBackend(failures=99))

    send_email_notification.call(to="jo@example.org", subject="S", body="B", template="emails/x", reference="LW-1")

    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after is not None
    assert 50 <= (retry.run_after - retry.enqueued_at).total_seconds() <= 70

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from linkwell.notifications.email import queue_email
from linkwell.notifications.tasks import send_email

pytestmark = pytest.mark.django_db

CONTEXT = {"user": {"full_name": "Jo & Sam"}, "reset_url": "https://x.example/r", "valid_minutes": 60}


def test_email_is_sent_only_after_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        queue_email(to="jo@example.org", template="emails/password_reset", context=CONTEXT)
        assert mail.outbox == []

    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    # Plain-text emails are not HTML-escaped.
    assert "Dear Jo & Sam" in mail.outbox[0].body


def test_no_email_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    @transaction.atomic
    def failing_change() -> None:
        queue_email(to="jo@example.org", template="emails/password_reset", context=CONTEXT)
        raise RuntimeError("the change failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        failing_change()

    assert mail.outbox == []


# The worker closes database connections between tasks, so this needs real commits, not a rolled-back test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_database_queue_holds_the_email_until_a_worker_sends_it(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

    with transaction.atomic():
        queue_email(to="jo@example.org", template="emails/password_reset", context=CONTEXT)

    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "linkwell.notifications.tasks.send_email"

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert [message.to for message in mail.outbox] == [["jo@example.org"]]


def test_send_email_task_delivers_through_the_configured_backend():
    send_email.call(to=["a@example.org"], subject="Hello", body="Body", html_body="<p>Body</p>")

    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives)
    assert message.subject == "Hello"
    assert message.alternatives[0][1] == "text/html"

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from linkwell.notifications.queue import enqueue_with_change
from linkwell.notifications.tasks import send_email

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_the_database_queue_writes_its_task_inside_the_change(settings, django_capture_on_commit_callbacks):
    settings.TASKS = DATABASE_QUEUE
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        enqueue_with_change(send_email, to=["jo@example.org"], subject="S", body="B")
        # Already written, in the change's own transaction: the worker sees it when (and if) that commits.
        queued = DBTaskResult.objects.get()
    assert callbacks == []
    assert queued.task_path == "linkwell.notifications.tasks.send_email"
    assert queued.args_kwargs["kwargs"]["to"] == ["jo@example.org"]


def test_a_change_that_rolls_back_takes_its_queued_task_with_it(settings):
    settings.TASKS = DATABASE_QUEUE

    @transaction.atomic
    def failing_change() -> None:
        enqueue_with_change(send_email, to=["jo@example.org"], subject="S", body="B")
        raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    assert not DBTaskResult.objects.exists()


def test_a_queue_that_runs_tasks_at_once_waits_for_the_commit(mailoutbox, django_capture_on_commit_callbacks):
    # The tests' own queue is the immediate backend.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_with_change(send_email, to=["jo@example.org"], subject="S", body="B")
        assert mailoutbox == []
    assert len(callbacks) == 1
    assert [message.to for message in mailoutbox] == [["jo@example.org"]]
    assert not DBTaskResult.objects.exists()

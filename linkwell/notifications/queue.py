"""Queueing a task that must run only if the change that asked for it is saved."""

from typing import Any

from django.db import DEFAULT_DB_ALIAS, router, transaction
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def enqueue_with_change(task: Task[..., Any], **kwargs: Any) -> None:
    """Queue `task` to run once the surrounding transaction commits, and never if it rolls back.

    The database queue writes its task row inside that transaction (a transactional outbox): the row is
    saved with the change or not at all, and the worker, which only sees committed rows, cannot run it
    early. So a crash between the change's commit and the queueing can no longer lose the message, and the
    change and its messages cost one commit, not one each. A queue that runs tasks at once (the immediate
    backend in tests and development) or keeps them elsewhere waits for the commit instead."""
    if _queues_in_the_same_transaction(task):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(**kwargs))


def _queues_in_the_same_transaction(task: Task[..., Any]) -> bool:
    # The application's transactions are on the default database; a task row written elsewhere would not be in them.
    return isinstance(task.get_backend(), DatabaseBackend) and router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS

"""Sending email: rendered now, queued once the surrounding transaction commits, delivered by the worker."""

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string

from linkwell.notifications.tasks import send_email


def queue_email(*, to: str, template: str, context: dict[str, Any]) -> None:
    """Render `<template>.subject.txt` and `<template>.body.txt` and send them after commit.

    If the transaction rolls back, nothing is sent: no email about a change that did not happen.
    """
    subject = " ".join(render_to_string(f"{template}.subject.txt", context).split())
    body = render_to_string(f"{template}.body.txt", context)
    transaction.on_commit(lambda: send_email.enqueue(to=[to], subject=subject, body=body))

"""Sending email: rendered now, queued once the surrounding transaction commits, delivered by the worker."""

from typing import Any

from django.template.loader import render_to_string

from linkwell.notifications.queue import enqueue_with_change
from linkwell.notifications.tasks import send_email


def queue_email(*, to: str, template: str, context: dict[str, Any]) -> None:
    """Render `<template>.subject.txt` and `<template>.body.txt` and send them after commit.

    If the transaction rolls back, nothing is sent: no email about a change that did not happen.
    """
    subject = " ".join(render_to_string(f"{template}.subject.txt", context).split())
    body = render_to_string(f"{template}.body.txt", context)
    enqueue_with_change(send_email, to=[to], subject=subject, body=body)

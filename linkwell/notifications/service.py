"""The one way the application sends a notification: render now, inside the change that caused it, and
queue a task that runs only if that change commits. If the transaction rolls back, nothing is sent."""

import logging
from typing import Any

from django.template.loader import render_to_string

from linkwell.notifications.queue import enqueue_with_change
from linkwell.notifications.tasks import send_email_notification, send_sms_notification

logger = logging.getLogger("linkwell.notifications")


def notify(*, to_email: str = "", to_phone: str = "", template: str, context: dict[str, Any], reference: str) -> None:
    """Email `to_email` (`<template>.subject.txt` and `.body.txt`) and/or text `to_phone`
    (`<template>.sms.txt`). `reference` goes in logs, audit and the provider's records; keep it free of
    personal data (a referral reference, say)."""
    if not to_email and not to_phone:
        raise ValueError("notify() needs an email address or a phone number")
    if to_email:
        subject = " ".join(render_to_string(f"{template}.subject.txt", context).split())
        body = render_to_string(f"{template}.body.txt", context)
        enqueue_with_change(
            send_email_notification, to=to_email, subject=subject, body=body, template=template, reference=reference
        )
    if to_phone:
        # One SMS fragment is 160 characters; squeeze the layout whitespace so texts cost as little as they can.
        text = " ".join(render_to_string(f"{template}.sms.txt", context).split())
        enqueue_with_change(send_sms_notification, to=to_phone, body=text, template=template, reference=reference)
    logger.info(
        "Notification queued for after commit",
        extra={"template": template, "reference": reference, "email": bool(to_email), "sms": bool(to_phone)},
    )

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.notifications import backends

logger = logging.getLogger("linkwell.notifications")

# django-tasks never retries by itself, so a failed send queues itself again: three tries in all,
# waiting one minute, then four, which rides out a short outage without spamming a broken provider.
MAX_ATTEMPTS = 3
FIRST_RETRY_DELAY = timedelta(minutes=1)
BACKOFF_FACTOR = 4


@task()
def send_email(*, to: list[str], subject: str, body: str, html_body: str = "") -> None:
    """Deliver one email through Django's configured email backend (SMTP in production)."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


@task()
def send_email_notification(
    *, to: str, subject: str, body: str, template: str, reference: str, attempt: int = 1
) -> None:
    log: dict[str, str | int] = {"channel": "email", "template": template, "reference": reference, "attempt": attempt}
    try:
        backends.email_backend().send_email(to=to, subject=subject, body=body, template=template, reference=reference)
    except Exception as error:
        _failed(send_email_notification, error=error, log=log, retry={"to": to, "subject": subject, "body": body})
        return
    logger.info("Notification sent", extra=log)


@task()
def send_sms_notification(*, to: str, body: str, template: str, reference: str, attempt: int = 1) -> None:
    log: dict[str, str | int] = {"channel": "sms", "template": template, "reference": reference, "attempt": attempt}
    try:
        backends.sms_backend().send_sms(to=to, body=body, template=template, reference=reference)
    except Exception as error:
        _failed(send_sms_notification, error=error, log=log, retry={"to": to, "body": body})
        return
    logger.info("Notification sent", extra=log)


def _failed(
    notification_task: Task[..., None], *, error: Exception, log: dict[str, str | int], retry: dict[str, str]
) -> None:
    # The error's type only: provider messages can quote the address or the text.
    attempt = int(log["attempt"])
    log = {**log, "error": type(error).__name__}
    if attempt >= MAX_ATTEMPTS:
        logger.error("Notification failed; giving up", extra=log)
        record(
            by=None,
            action=AuditAction.NOTIFICATION_FAILED,
            object_type="notification",
            object_id=str(log["reference"]),
            detail={key: log[key] for key in ("channel", "template", "attempt", "error")},
        )
        return
    logger.warning("Notification failed; will try again", extra=log)
    if notification_task.get_backend().supports_defer:
        delay = FIRST_RETRY_DELAY * BACKOFF_FACTOR ** (attempt - 1)
        notification_task = notification_task.using(run_after=timezone.now() + delay)
    # A backend that cannot defer (the immediate one in tests and development) retries straight away.
    notification_task.enqueue(
        **retry, template=str(log["template"]), reference=str(log["reference"]), attempt=attempt + 1
    )

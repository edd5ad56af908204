"""Where a rendered message goes. One small class per delivery route, chosen by settings, so the service and
the tasks never know which route is in use."""

import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage

logger = logging.getLogger("linkwell.notifications")

# Real Notify API keys are "<key name>-<service id>-<secret>", both ids 36-character UUIDs.
_UUID_LENGTH = 36

Opener = Callable[..., Any]


class EmailBackend(Protocol):
    def send_email(self, *, to: str, subject: str, body: str, template: str, reference: str) -> None: ...


class SmsBackend(Protocol):
    def send_sms(self, *, to: str, body: str, template: str, reference: str) -> None: ...


class DjangoEmailBackend:
    """Django's EMAIL_BACKEND: the console in development, SMTP in production, locmem in tests."""

    def send_email(self, *, to: str, subject: str, body: str, template: str, reference: str) -> None:
        EmailMessage(subject=subject, body=body, to=[to]).send()


class ConsoleBackend:
    """For development: says a message would have gone, without the address or the words."""

    def send_email(self, *, to: str, subject: str, body: str, template: str, reference: str) -> None:
        logger.info("Email written to the console", extra={"template": template, "reference": reference})

    def send_sms(self, *, to: str, body: str, template: str, reference: str) -> None:
        logger.info("Text message written to the console", extra={"template": template, "reference": reference})


class FileBackend:
    """Appends each message as a JSON line, so a demo or a test can read what would have been sent."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory or settings.NOTIFICATIONS_FILE_DIR)

    def _append(self, filename: str, entry: dict[str, str]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        entry = {"sent_at": datetime.now(tz=UTC).isoformat(), **entry}
        with (self.directory / filename).open("a", encoding="utf-8") as file:
            file.write(json.dumps(entry) + "\n")

    def send_email(self, *, to: str, subject: str, body: str, template: str, reference: str) -> None:
        self._append(
            "email.jsonl",
            {"to": to, "subject": subject, "body": body, "template": template, "reference": reference},
        )

    def send_sms(self, *, to: str, body: str, template: str, reference: str) -> None:
        self._append("sms.jsonl", {"to": to, "body": body, "template": template, "reference": reference})


def notify_jwt(*, service_id: str, secret: str, issued_at: int | None = None) -> str:
    """The bearer token GOV.UK Notify expects: a JWT signed HS256 with the API key's secret, naming the
    service as issuer. Notify rejects tokens more than 30 seconds old, so make a fresh one per request."""

    def encode(part: bytes) -> str:
        return base64.urlsafe_b64encode(part).rstrip(b"=").decode("ascii")

    header = encode(json.dumps({"typ": "JWT", "alg": "HS256"}, separators=(",", ":")).encode())
    claims = {"iss": service_id, "iat": int(time.time()) if issued_at is None else issued_at}
    payload = encode(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{encode(signature)}"


class NotifyBackend:
    """GOV.UK Notify, or any service speaking its v2 API. Notify holds the message layout; we fill its
    template with our rendered words as personalisation fields ("subject" and "body" for email, "body"
    for text messages), so our templates stay the single source of the wording."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        template_ids: dict[str, str] | None = None,
        opener: Opener = urllib.request.urlopen,
    ) -> None:
        api_key = settings.NOTIFY_API_KEY if api_key is None else api_key
        if len(api_key) < 2 * _UUID_LENGTH + 2:
            raise ImproperlyConfigured("NOTIFY_API_KEY must be a Notify API key: <key name>-<service id>-<secret>.")
        self.service_id = api_key[-(2 * _UUID_LENGTH + 1) : -(_UUID_LENGTH + 1)]
        self.secret = api_key[-_UUID_LENGTH:]
        self.base_url = (settings.NOTIFY_BASE_URL if base_url is None else base_url).rstrip("/")
        if not self.base_url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("NOTIFY_BASE_URL must be an http(s) address.")
        self.template_ids = settings.NOTIFY_TEMPLATE_IDS if template_ids is None else template_ids
        self.opener = opener

    def _template_id(self, template: str) -> str:
        try:
            return self.template_ids[template]
        except KeyError:
            raise ImproperlyConfigured(f"NOTIFY_TEMPLATE_IDS has no Notify template for {template!r}.") from None

    def _post(self, path: str, payload: dict[str, Any]) -> None:
        # The scheme is checked in __init__, so urllib cannot be steered to file: or other schemes.
        request = urllib.request.Request(  # noqa: S310
            f"{self.base_url}{path}",
            data=json.dumps(payload).encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {notify_jwt(service_id=self.service_id, secret=self.secret)}",
            },
        )
        # urlopen raises HTTPError for any 4xx/5xx answer, which the task counts as a failed attempt.
        with self.opener(request, timeout=settings.NOTIFY_TIMEOUT) as response:
            response.read()

    def send_email(self, *, to: str, subject: str, body: str, template: str, reference: str) -> None:
        self._post(
            "/v2/notifications/email",
            {
                "template_id": self._template_id(template),
                "email_address": to,
                "personalisation": {"subject": subject, "body": body},
                "reference": reference,
            },
        )

    def send_sms(self, *, to: str, body: str, template: str, reference: str) -> None:
        self._post(
            "/v2/notifications/sms",
            {
                "template_id": self._template_id(template),
                "phone_number": to,
                "personalisation": {"body": body},
                "reference": reference,
            },
        )


# Console and file suit development and demos for email too; production uses Django's SMTP or Notify.
_EMAIL_BACKENDS: dict[str, Callable[[], EmailBackend]] = {
    "django": DjangoEmailBackend,
    "console": ConsoleBackend,
    "file": FileBackend,
    "notify": NotifyBackend,
}
_SMS_BACKENDS: dict[str, Callable[[], SmsBackend]] = {
    "console": ConsoleBackend,
    "file": FileBackend,
    "notify": NotifyBackend,
}


def email_backend() -> EmailBackend:
    choice = settings.NOTIFICATIONS_EMAIL_BACKEND
    if choice not in _EMAIL_BACKENDS:
        raise ImproperlyConfigured(f"NOTIFICATIONS_EMAIL_BACKEND must be one of {', '.join(_EMAIL_BACKENDS)}.")
    return _EMAIL_BACKENDS[choice]()


def sms_backend() -> SmsBackend:
    choice = settings.NOTIFICATIONS_SMS_BACKEND
    if choice not in _SMS_BACKENDS:
        raise ImproperlyConfigured(f"NOTIFICATIONS_SMS_BACKEND must be one of {', '.join(_SMS_BACKENDS)}.")
    return _SMS_BACKENDS[choice]()

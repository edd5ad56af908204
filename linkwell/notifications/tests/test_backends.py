import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.request
from io import BytesIO

import pytest
from django.core import mail

from linkwell.notifications.backends import (
    ConsoleBackend,
    DjangoEmailBackend,
    FileBackend,
    NotifyBackend,
    email_backend,
    sms_backend,
)

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"linkwell_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_IDS = {"emails/referrals/received_person": "f33517ff-2a88-4f6e-b855-c550268ce08a"}


class FakeOpener:
    """Stands in for urllib's urlopen and keeps what would have gone over the network."""

    def __init__(self) -> None:
        self.requests: list[tuple[urllib.request.Request, float]] = []

    def __call__(self, request: urllib.request.Request, timeout: float) -> BytesIO:
        self.requests.append((request, timeout))
        return BytesIO(b'{"id": "740e5834-3a29-46b4-9a6f-16142fde533a"}')


def b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


@pytest.fixture
def opener():
    return FakeOpener()


@pytest.fixture
def notify(opener):
    return NotifyBackend(api_key=API_KEY, base_url="https://notify.example/", template_ids=TEMPLATE_IDS, opener=opener)


def test_django_backend_sends_through_the_configured_email_backend():
    DjangoEmailBackend().send_email(
        to="jo@example.org", subject="Hello", body="Body", template="emails/x", reference="LW-AAAA-BBBB"
    )

    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [(["jo@example.org"], "Hello", "Body")]


def test_console_backend_logs_the_reference_but_not_the_address_or_words(caplog):
    with caplog.at_level(logging.INFO, logger="linkwell.notifications"):
        ConsoleBackend().send_sms(to="07700900123", body="Private words", template="sms/x", reference="LW-AAAA-BBBB")

    [entry] = caplog.records
    assert entry.reference == "LW-AAAA-BBBB"
    assert "07700900123" not in caplog.text
    assert "Private words" not in caplog.text


def test_file_backend_appends_one_json_line_per_message(settings, tmp_path):
    settings.NOTIFICATIONS_FILE_DIR = tmp_path / "notifications"
    backend = FileBackend()

    backend.send_sms(to="07700900123", body="First", template="sms/x", reference="LW-1")
    backend.send_email(to="jo@example.org", subject="S", body="Second", template="emails/x", reference="LW-2")
    backend.send_sms(to="07700900124", body="Third", template="sms/x", reference="LW-3")

    texts = [json.loads(line) for line in (tmp_path / "notifications" / "sms.jsonl").read_text().splitlines()]
    assert [(t["to"], t["body"], t["reference"]) for t in texts] == [
        ("07700900123", "First", "LW-1"),
        ("07700900124", "Third", "LW-3"),
    ]
    [email] = [json.loads(line) for line in (tmp_path / "notifications" / "email.jsonl").read_text().splitlines()]
    assert (email["to"], email["subject"], email["body"]) == ("jo@example.org", "S", "Second")


def test_notify_backend_posts_an_sms_with_a_signed_token(notify, opener):
    before = int(time.time())
    notify.send_sms(
        to="07700900123", body="Your reference", template="emails/referrals/received_person", reference="LW-1"
    )

    [(request, timeout)] = opener.requests
    assert request.full_url == "https://notify.example/v2/notifications/sms"
    assert request.get_method() == "POST"
    assert timeout == 10
    assert json.loads(request.data) == {
        "template_id": "f33517ff-2a88-4f6e-b855-c550268ce08a",
        "phone_number": "07700900123",
        "personalisation": {"body": "Your reference"},
        "reference": "LW-1",
    }
    scheme, token = request.get_header("Authorization").split(" ")
    assert scheme == "Bearer"
    header, claims, signature = token.split(".")
    expected = hmac.new(SECRET.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    assert hmac.compare_digest(b64decode(signature), expected)
    assert json.loads(b64decode(header)) == {"typ": "JWT", "alg": "HS256"}
    payload = json.loads(b64decode(claims))
    assert payload["iss"] == SERVICE_ID
    assert before <= payload["iat"] <= int(time.time())


def test_notify_backend_posts_an_email_with_subject_and_body_as_personalisation(notify, opener):
    notify.send_email(
        to="jo@example.org",
        subject="Referral received",
        body="Line one\nLine two",
        template="emails/referrals/received_person",
        reference="LW-1",
    )

    [(request, _)] = opener.requests
    assert request.full_url == "https://notify.example/v2/notifications/email"
    body = json.loads(request.data)
    assert body["email_address"] == "jo@example.org"
    assert body["personalisation"] == {"subject": "Referral received", "body": "Line one\nLine two"}


def test_notify_backend_refuses_a_template_it_has_no_notify_id_for(notify, opener):
    with pytest.raises(Exception, match="NOTIFY_TEMPLATE_IDS"):
        notify.send_sms(to="07700900123", body="x", template="emails/unknown", reference="LW-1")
    assert opener.requests == []


def test_notify_backend_refuses_a_malformed_api_key():
    with pytest.raises(Exception, match="NOTIFY_API_KEY"):
        NotifyBackend(api_key="not-a-key", template_ids={})


def test_settings_choose_the_backends(settings):
    settings.NOTIFICATIONS_EMAIL_BACKEND = "django"
    settings.NOTIFICATIONS_SMS_BACKEND = "file"
    settings.NOTIFY_API_KEY = API_KEY
    assert isinstance(email_backend(), DjangoEmailBackend)
    assert isinstance(sms_backend(), FileBackend)

    settings.NOTIFICATIONS_EMAIL_BACKEND = "notify"
    settings.NOTIFICATIONS_SMS_BACKEND = "console"
    assert isinstance(email_backend(), NotifyBackend)
    assert isinstance(sms_backend(), ConsoleBackend)

    settings.NOTIFICATIONS_SMS_BACKEND = "carrier-pigeon"
    with pytest.raises(Exception, match="NOTIFICATIONS_SMS_BACKEND"):
        sms_backend()


def test_notify_backend_refuses_an_address_that_is_not_http():
    with pytest.raises(Exception, match="NOTIFY_BASE_URL"):
        NotifyBackend(api_key=API_KEY, base_url="file:///etc", template_ids={})

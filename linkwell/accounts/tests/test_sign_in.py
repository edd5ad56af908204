from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from linkwell.accounts.tests.factories import PASSWORD, UserFactory
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/sign-in/"


def attempt(client: Client, email: str, password: str):
    return client.post(SIGN_IN, {"username": email, "password": password})


def test_signing_in_with_the_right_password_redirects_home_and_is_audited():
    user = UserFactory.create(email="jo@example.org")
    client = Client(REMOTE_ADDR="192.0.2.10")

    response = attempt(client, "jo@example.org", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    event = AuditEvent.objects.get(action=AuditAction.SIGNED_IN)
    assert (event.actor_id, event.actor_label, event.ip) == (user.pk, "jo@example.org", "192.0.2.10")
    assert event.at is not None


def test_email_address_is_not_case_sensitive():
    UserFactory.create(email="jo@example.org")

    response = attempt(Client(), "  Jo@Example.ORG ", PASSWORD)

    assert response.status_code == 302


def test_a_wrong_password_shows_a_clear_error_and_is_audited():
    UserFactory.create(email="jo@example.org")

    response = attempt(Client(), "jo@example.org", "not-the-password")

    assert response.status_code == 400
    assert "The email address or password is not right" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert event.actor_label == "anonymous"
    assert event.detail == {"attempted_email": "jo@example.org"}


def test_empty_fields_get_field_level_messages():
    response = Client().post(SIGN_IN, {"username": "", "password": ""})

    page = response.content.decode()
    assert "Enter your email address" in page
    assert "Enter your password" in page
    assert "There is a problem" in page
    assert "<title>Error: Sign in – Linkwell</title>" in page


def test_five_wrong_passwords_lock_the_account_from_that_address_with_a_clear_message():
    UserFactory.create(email="jo@example.org")
    client = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(4):
        assert attempt(client, "jo@example.org", "wrong-password").status_code == 400

    fifth = attempt(client, "jo@example.org", "wrong-password")

    assert fifth.status_code == 429
    assert "Too many attempts to sign in" in fifth.content.decode()
    assert "paused for 15 minutes" in fifth.content.decode()
    # Even the right password is refused while locked.
    assert attempt(client, "jo@example.org", PASSWORD).status_code == 429
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN_LOCKED_OUT).count() == 2


def test_changing_the_case_of_the_email_does_not_dodge_the_lock():
    UserFactory.create(email="jo@example.org")
    client = Client(REMOTE_ADDR="192.0.2.10")
    for variant in ["jo@example.org", "JO@example.org", "Jo@Example.org", "jo@EXAMPLE.org", "jO@example.org"]:
        response = attempt(client, variant, "wrong-password")

    assert response.status_code == 429


def test_a_lock_on_one_address_does_not_lock_the_user_out_elsewhere():
    UserFactory.create(email="jo@example.org")
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(5):
        attempt(attacker, "jo@example.org", "wrong-password")

    response = attempt(Client(REMOTE_ADDR="192.0.2.10"), "jo@example.org", PASSWORD)

    assert response.status_code == 302


def test_the_lock_lifts_after_the_cool_off_period():
    UserFactory.create(email="jo@example.org")
    client = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(5):
        attempt(client, "jo@example.org", "wrong-password")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = attempt(client, "jo@example.org", PASSWORD)

    assert response.status_code == 302


def test_a_closed_account_cannot_sign_in():
    UserFactory.create(email="jo@example.org", is_active=False)

    response = attempt(Client(), "jo@example.org", PASSWORD)

    assert response.status_code == 400


@pytest.mark.parametrize("target", ["https://evil.example.com/", "//evil.example.com/x"])
def test_sign_in_never_redirects_to_another_site(target):
    UserFactory.create(email="jo@example.org")

    response = Client().post(f"{SIGN_IN}?next={target}", {"username": "jo@example.org", "password": PASSWORD})

    assert response["Location"] == "/"


def test_sign_in_returns_to_the_page_that_asked_for_it():
    UserFactory.create(email="jo@example.org")

    response = Client().post(
        SIGN_IN, {"username": "jo@example.org", "password": PASSWORD, "next": "/accounts/account/"}
    )

    assert response["Location"] == "/accounts/account/"


def test_pages_that_need_a_user_send_anonymous_visitors_to_sign_in():
    response = Client().get("/accounts/account/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/?next=/accounts/account/"


def test_signing_out_needs_a_post_and_is_audited():
    user = UserFactory.create()
    client = Client()
    client.force_login(user)

    confirm = client.get("/accounts/sign-out/")
    assert confirm.status_code == 200
    assert client.get("/accounts/account/").status_code == 200

    response = client.post("/accounts/sign-out/")

    assert response["Location"] == "/accounts/signed-out/"
    assert client.get("/accounts/account/").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.SIGNED_OUT, actor_id=user.pk).exists()


def test_each_request_pushes_the_idle_timeout_forward(settings):
    user = UserFactory.create()
    client = Client()
    client.force_login(user)
    session = Session.objects.get()
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=1))

    client.get("/accounts/account/")

    expiry = Session.objects.get(pk=session.pk).expire_date
    assert expiry > timezone.now() + timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1)


def test_a_session_idle_past_the_timeout_is_signed_out():
    user = UserFactory.create()
    client = Client()
    client.force_login(user)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get("/accounts/account/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")

import re

import pytest
from django.core import mail
from django.test import Client

from linkwell.accounts.tests.factories import PASSWORD, UserFactory
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-much-longer-new-passphrase"


def request_reset(client: Client, email: str, capture):
    with capture(execute=True):
        return client.post("/accounts/password-reset/", {"email": email})


def reset_link() -> str:
    match = re.search(r"http://[^/]+(/accounts/password-reset/\S+/)", str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_a_user_can_reset_a_forgotten_password_by_email(django_capture_on_commit_callbacks):
    user = UserFactory.create(email="jo@example.org", full_name="Jo Hughes")
    client = Client()

    response = request_reset(client, "JO@example.org", django_capture_on_commit_callbacks)

    assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jo@example.org"]
    assert mail.outbox[0].subject == "Reset your Linkwell password"
    assert "Dear Jo Hughes" in mail.outbox[0].body
    # Django moves the token out of the URL into the session before showing the form.
    form_page = client.get(reset_link(), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == "/accounts/password-reset/done/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert list(AuditEvent.objects.filter(actor_id=user.pk).values_list("action", flat=True)) == [
        AuditAction.PASSWORD_RESET
    ]
    # The link works once.
    assert "This reset link does not work" in client.get(reset_link(), follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(django_capture_on_commit_callbacks):
    response = request_reset(Client(), "nobody@example.org", django_capture_on_commit_callbacks)

    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET_REQUESTED)
    assert event.detail == {"requested_for": "nobody@example.org", "account_found": False}


def test_a_closed_account_gets_no_reset_email(django_capture_on_commit_callbacks):
    UserFactory.create(email="jo@example.org", is_active=False)

    request_reset(Client(), "jo@example.org", django_capture_on_commit_callbacks)

    assert mail.outbox == []


def test_a_bad_email_address_gets_a_field_message():
    response = Client().post("/accounts/password-reset/", {"email": "not an email"})

    assert response.status_code == 400
    assert "Enter an email address in the correct format" in response.content.decode()


def test_a_forged_reset_link_does_not_work():
    user = UserFactory.create()

    response = Client().get(f"/accounts/password-reset/{user.pk}/forged-token/", follow=True)

    assert "This reset link does not work" in response.content.decode()


def test_mismatched_new_passwords_are_refused_with_a_clear_message(django_capture_on_commit_callbacks):
    user = UserFactory.create(email="jo@example.org")
    client = Client()
    request_reset(client, "jo@example.org", django_capture_on_commit_callbacks)
    form_url = client.get(reset_link(), follow=True).redirect_chain[-1][0]

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})

    assert "The new passwords do not match" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_signed_in_user_can_change_their_password_and_stays_signed_in():
    user = UserFactory.create()
    client = Client()
    client.force_login(user)

    response = client.post(
        "/accounts/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert "Your password has been changed" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get("/accounts/account/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED, actor_id=user.pk).exists()


def test_changing_password_needs_the_current_one():
    user = UserFactory.create()
    client = Client()
    client.force_login(user)

    response = client.post(
        "/accounts/account/password/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 400
    assert "Your current password is not right" in response.content.decode()


def test_a_weak_new_password_is_refused():
    user = UserFactory.create()
    client = Client()
    client.force_login(user)

    response = client.post(
        "/accounts/account/password/", {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    )

    assert response.status_code == 400
    assert "too short" in response.content.decode()

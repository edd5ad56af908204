import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from linkwell.accounts.demo import DEMO_PASSWORD, USERS
from linkwell.accounts.models import Membership, Organisation, Team, User
from linkwell.accounts.roles import Role
from linkwell.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    # pytest-django turns DEBUG off; the demo only runs with it on.
    settings.DEBUG = True


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (User, Organisation, Team, Membership, AuditEvent))


def test_demo_loads_one_user_per_role_and_prints_their_logins(capsys):
    call_command("demo", "--no-serve")

    output = capsys.readouterr().out
    assert f"every password: {DEMO_PASSWORD}" in output
    assert {user.role for user in USERS} == set(Role)
    for user in USERS:
        assert user.email in output


def test_loading_the_demo_twice_changes_nothing():
    call_command("demo", "--no-serve")
    first = counts()

    call_command("demo", "--no-serve")

    assert counts() == first


def test_every_demo_login_works():
    call_command("demo", "--no-serve")
    User.objects.filter(email=USERS[0].email).update(password="changed-by-someone")
    call_command("demo", "--no-serve")

    for user in USERS:
        response = Client().post("/accounts/sign-in/", {"username": user.email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, user.email


def test_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("demo", "--no-serve")

    assert not User.objects.exists()

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.checks import Error, Warning

from linkwell.core.checks import check_deployment_settings

PRODUCTION_ENVIRONMENT = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-for-the-test-" + "y" * 20,
    "ALLOWED_HOSTS": "linkwell.example.org",
    "SITE_URL": "https://linkwell.example.org",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def run_linkwell(*args: str, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    keep = {
        name: value
        for name, value in os.environ.items()
        if name not in {"PYTEST_VERSION", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "linkwell.cli", *args],
        env={**keep, **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_without_debug_a_missing_secret_key_stops_start_up_with_a_clear_error():
    result = run_linkwell("check", environment={"DEBUG": "false", "SECRET_KEY": ""})

    assert result.returncode != 0
    assert "SECRET_KEY is not set. With DEBUG off Linkwell needs a long random SECRET_KEY" in result.stderr


def test_a_typo_in_a_true_false_setting_is_reported_not_guessed():
    result = run_linkwell("check", environment={"DEBUG": "ture"})

    assert "DEBUG must be true or false, not 'ture'" in result.stderr


def test_an_unsupported_database_url_is_reported():
    result = run_linkwell("check", environment={"DATABASE_URL": "mysql://localhost/linkwell"})

    assert "DATABASE_URL must be a sqlite:/// or postgres:// address" in result.stderr


def test_production_settings_pass_djangos_deployment_checks_without_warnings(tmp_path):
    result = run_linkwell(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        environment={**PRODUCTION_ENVIRONMENT, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )

    assert result.returncode == 0, result.stderr + result.stdout


def test_deployment_checks_flag_dangerous_configuration(settings):
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.SITE_URL = "http://linkwell.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    messages = check_deployment_settings(None)

    assert {message.id for message in messages} == {
        "linkwell.E002",
        "linkwell.W001",
        "linkwell.W002",
        "linkwell.W004",
        "linkwell.W005",
    }
    assert all(isinstance(message, Error | Warning) for message in messages)


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert settings.DATABASES["default"]["OPTIONS"]["timeout"] >= 5
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]


def test_times_are_stored_in_utc_and_shown_in_uk_time():
    assert settings.USE_TZ is True
    assert settings.TIME_ZONE == "Europe/London"

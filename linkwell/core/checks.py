"""System checks for configuration that would be dangerous or broken in a real deployment."""

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

NON_DELIVERING_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@register(Tags.staticfiles)
def check_frontend_installed(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    if settings.NHSUK_FRONTEND_DIST.is_dir() or settings.STATIC_ROOT.joinpath("nhsuk").is_dir():
        return []
    return [
        Error(
            "The NHS.UK frontend assets are missing, so pages would have no styles.",
            hint="Run `npm ci` in the project folder (make demo and make test do this for you).",
            id="linkwell.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_deployment_settings(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        messages.append(
            Error(
                "SECRET_KEY is the development key published in Linkwell's source code.",
                hint="Set SECRET_KEY in the environment to a long random value.",
                id="linkwell.E002",
            )
        )
    if settings.EMAIL_BACKEND in NON_DELIVERING_EMAIL_BACKENDS:
        messages.append(
            Warning(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which never delivers email: "
                "password resets and notifications would be lost.",
                hint="Use django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST and credentials.",
                id="linkwell.W001",
            )
        )
    site = urlsplit(settings.SITE_URL)
    if site.scheme != "https":
        messages.append(
            Warning(
                f"SITE_URL ({settings.SITE_URL}) is not https: links in emails would travel unencrypted.",
                hint="Set SITE_URL to the public https:// address of this installation.",
                id="linkwell.W002",
            )
        )
    if site.hostname and site.hostname not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        messages.append(
            Warning(
                f"SITE_URL's host {site.hostname} is not in ALLOWED_HOSTS, so links in emails would not work.",
                hint="Add it to ALLOWED_HOSTS.",
                id="linkwell.W003",
            )
        )
    if "*" in settings.ALLOWED_HOSTS:
        messages.append(
            Warning(
                "ALLOWED_HOSTS contains '*', so forged Host headers would be accepted.",
                hint="List the real host names.",
                id="linkwell.W004",
            )
        )
    if settings.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend":
        messages.append(
            Warning(
                "Background tasks run inside web requests (ImmediateBackend): a slow mail server slows every page "
                "that sends email, and a failure is lost instead of retried later.",
                hint="Use django_tasks_db.DatabaseBackend and run `linkwell db_worker`.",
                id="linkwell.W005",
            )
        )
    return messages

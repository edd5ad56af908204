import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.template.backends.jinja2 import Template as Jinja2Template
from django.test import Client
from django.test.signals import template_rendered

from linkwell.accounts.models import User
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.audit.append_only import install_triggers, remove_triggers
from linkwell.clients.auth import forget_clients
from linkwell.directory.reference_geography import load_reference_geography
from linkwell.directory.taxonomy import ensure_linkwell_taxonomy
from linkwell.reports.summary_reads import forget_summary_reads

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the same thread
# are still synchronous and safe, so let them through.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


@pytest.fixture(autouse=True, scope="session")
def _jinja2_templates_report_their_context() -> Iterator[None]:
    """Let the test client see `response.context`, as it does for Django templates."""
    original = Jinja2Template.render

    def render(self: Jinja2Template, context: dict[str, object] | None = None, request: object = None) -> str:
        template_rendered.send(sender=self, template=self, context=dict(context or {}))
        return original(self, context, request)  # type: ignore[arg-type]

    Jinja2Template.render = render  # type: ignore[method-assign]
    yield
    Jinja2Template.render = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _no_network_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _no_summary_reads_from_other_tests() -> None:
    # Kept by refresh stamp, which two tests' databases can share.
    forget_summary_reads()


@pytest.fixture(autouse=True)
def _no_api_clients_remembered_from_other_tests() -> None:
    # Each test's database numbers its clients afresh, and some tests revoke a client behind the action's back.
    forget_clients()


@pytest.fixture
def link_worker(db) -> User:
    return user_with_role(Role.LINK_WORKER, email="link.worker@example.org")


@pytest.fixture
def admin_user(db) -> User:
    return user_with_role(Role.ADMIN, email="admin@example.org")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


# --- Browser tests ------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"Browser tests need Debian's chromium at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def reference_data(transactional_db) -> None:
    """Tests with real commits empty every table afterwards, even rows the migrations loaded (the
    category taxonomy, postcode districts and towns), so each such test puts them back first."""
    ensure_linkwell_taxonomy()
    load_reference_geography()


@pytest.fixture
def page(browser, live_server, reference_data) -> Iterator[object]:
    # The live server runs in another thread, so browser tests need committed data (transactional_db).
    # Django empties the tables after each such test; on SQLite that is a DELETE, which the audit
    # table's append-only trigger refuses, so the trigger is lifted just for that clean-up.
    install_triggers(connection)
    context = browser.new_context(base_url=live_server.url)
    # No network in tests: anything not served by the live server (such as web fonts) is refused.
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
    if connection.vendor == "sqlite":
        remove_triggers(connection)

"""Real-browser journeys: every demo role signs in and every page it reaches passes axe."""

import pytest
from playwright.sync_api import Page, expect

from linkwell.accounts.demo import DEMO_PASSWORD, USERS, DemoUser, load_accounts
from linkwell.accounts.roles import Role
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.core.tests.browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/accounts/sign-in/",
    "/accounts/password-reset/",
    "/accounts/password-reset/sent/",
    "/accounts/password-reset/1/not-a-token/",
    "/accounts/signed-out/",
    "/accessibility/",
    "/no-such-page/",
]
PAGES_FOR_EVERY_USER = ["/", "/accounts/account/", "/accounts/account/password/", "/accounts/roles/"]


def test_public_pages_are_accessible(page: Page):
    for path in PUBLIC_PAGES:
        page.goto(path)
        assert_accessible(page)


@pytest.mark.parametrize("demo_user", USERS, ids=lambda user: f"{user.role.value}-{user.email.split('@')[0]}")
def test_each_demo_user_signs_in_and_every_page_they_can_reach_is_accessible(page: Page, demo_user: DemoUser):
    load_accounts()

    sign_in(page, demo_user.email, DEMO_PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.get_by_role("heading", name=demo_user.role.label)).to_be_visible()
    navigation = page.get_by_role("navigation", name="Menu").get_by_role("link")
    hrefs = [href for link in navigation.all() if (href := link.get_attribute("href"))]
    assert ("/audit/" in hrefs) is (demo_user.role == Role.ADMIN)
    for path in dict.fromkeys([*hrefs, *PAGES_FOR_EVERY_USER]):
        response = page.goto(path)
        assert response is not None, path
        assert response.status == 200, path
        assert_accessible(page)

    page.goto("/accounts/sign-out/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You are signed out")).to_be_visible()


def test_form_errors_are_summarised_accessibly_and_focus_the_summary(page: Page):
    page.goto("/accounts/sign-in/")
    page.get_by_role("button", name="Sign in").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter your email address")
    expect(page).to_have_title("Error: Sign in – Linkwell")
    assert_accessible(page)
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()


def test_five_wrong_passwords_show_the_throttled_page(page: Page):
    load_accounts()
    for _ in range(5):
        sign_in(page, "jo.hughes@example.org", "not-the-password")

    expect(page.get_by_role("heading", name="Too many attempts to sign in")).to_be_visible()
    assert_accessible(page)


def test_the_audit_log_with_filters_and_errors_is_accessible(page: Page):
    load_accounts()
    record(by=None, action=AuditAction.DEMO_DATA_LOADED)
    sign_in(page, "alex.morgan@example.org", DEMO_PASSWORD)

    page.goto("/audit/?action=auth.signed_in")
    expect(page.get_by_role("cell", name="alex.morgan@example.org").first).to_be_visible()
    assert_accessible(page)
    page.goto("/audit/?date_from=2026-07-02&date_to=2026-07-01")
    expect(page.get_by_role("alert")).to_contain_text("The to date must be the same as or after the from date")
    assert_accessible(page)


def test_a_keyboard_user_can_skip_to_content_and_sign_in(page: Page):
    load_accounts()
    page.goto("/accounts/sign-in/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    page.get_by_label("Email address").focus()
    page.keyboard.type("priya.shah@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Welcome, Priya Shah")).to_be_visible()


def test_signing_in_works_without_javascript(browser, live_server, reference_data):
    load_accounts()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page = context.new_page()
    try:
        sign_in(page, "ada.okafor@example.org", DEMO_PASSWORD)
        expect(page.get_by_role("heading", name="Welcome, Dr Ada Okafor")).to_be_visible()
    finally:
        context.close()

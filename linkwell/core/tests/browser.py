"""Helpers for browser tests: sign in through the real form and check pages with axe."""

from typing import Any

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def assert_accessible(page: Any) -> None:
    results = _axe.run(page)
    assert results.violations_count == 0, f"axe found problems on {page.url}:\n{results.generate_report()}"


def sign_in(page: Any, email: str, password: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()

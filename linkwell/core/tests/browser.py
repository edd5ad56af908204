"""Helpers for browser tests: sign in through the real form, move about the page by keyboard only, and check
pages with axe."""

from datetime import date
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

_axe = Axe()
# More presses than any page has focusable elements before its target, so a missing target fails, not hangs.
MOST_TABS = 200


def assert_accessible(page: Any) -> None:
    results = _axe.run(page)
    assert results.violations_count == 0, f"axe found problems on {page.url}:\n{results.generate_report()}"


def sign_in(page: Any, email: str, password: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would: it must be reachable, in order."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {target}")


def press(page: Page, control: Locator) -> None:
    """Tab to a link or button and press Enter on it."""
    tab_to(page, control)
    page.keyboard.press("Enter")


def type_into(page: Page, field: Locator, text: str) -> None:
    tab_to(page, field)
    page.keyboard.type(text)


def type_date(page: Page, day_box: Locator, when: date) -> None:
    """Fill in a day, month and year date from its day box, by keyboard."""
    type_into(page, day_box, str(when.day))
    page.keyboard.press("Tab")
    page.keyboard.type(str(when.month))
    page.keyboard.press("Tab")
    page.keyboard.type(str(when.year))


def sign_in_by_keyboard(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/sign-in/")
    type_into(page, page.get_by_label("Email address"), email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()

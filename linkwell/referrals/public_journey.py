"""The self-referral journey's state: the answers so far, kept in the session as one JSON-safe dict, and the
order of the questions. Nothing reaches the database until the person sends the referral from the check page."""

from datetime import date
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

from linkwell.accounts.models import Organisation, OrganisationKind

ANSWERS_KEY = "public_referral"
# The reference of the referral just sent, shown once on the confirmation page.
SENT_KEY = "public_referral_sent"

# (slug, title) in the order the questions are asked.
STEPS: list[tuple[str, str]] = [
    ("name", "Your name"),
    ("date-of-birth", "Your date of birth"),
    ("gp-practice", "Your GP practice"),
    ("postcode", "Your postcode"),
    ("contact", "How to contact you"),
    ("help", "What you would like help with"),
    ("communication", "Talking to you"),
    ("consent", "Your agreement"),
]
STEP_SLUGS = [slug for slug, _ in STEPS]


def answers(session: SessionBase) -> dict[str, Any]:
    stored = session.get(ANSWERS_KEY)
    return dict(stored) if isinstance(stored, dict) else {}


def save_step(session: SessionBase, step: str, values: dict[str, Any]) -> None:
    current = answers(session)
    current.update(values)
    current["done"] = sorted({*current.get("done", []), step})
    # A fixed answer leaves no stale problem behind.
    current.get("problems", {}).pop(step, None)
    session[ANSWERS_KEY] = current


def set_problems(session: SessionBase, problems: dict[str, list[tuple[str, str]]]) -> None:
    """Problems found at submit, by step: [(field name or "", message), …]."""
    current = answers(session)
    current["problems"] = problems
    session[ANSWERS_KEY] = current


def problems_for(session: SessionBase, step: str) -> list[tuple[str, str]]:
    return [(field, message) for field, message in answers(session).get("problems", {}).get(step, [])]


def clear(session: SessionBase) -> None:
    session.pop(ANSWERS_KEY, None)


def needs_postcode(current: dict[str, Any]) -> bool:
    # The postcode only routes the referral when the person could not name their practice.
    return "gp-practice" in current.get("done", []) and not current.get("gp_practice")


def steps_for(current: dict[str, Any]) -> list[str]:
    return [slug for slug in STEP_SLUGS if slug != "postcode" or needs_postcode(current)]


def first_unanswered(current: dict[str, Any]) -> str | None:
    done = set(current.get("done", []))
    return next((slug for slug in steps_for(current) if slug not in done), None)


def first_with_problem(current: dict[str, Any]) -> str | None:
    problems = current.get("problems", {})
    return next((slug for slug in steps_for(current) if problems.get(slug)), None)


def previous_step(current: dict[str, Any], step: str) -> str | None:
    order = steps_for(current) if step in steps_for(current) else STEP_SLUGS
    index = order.index(step)
    return order[index - 1] if index > 0 else None


def next_step(current: dict[str, Any], step: str) -> str | None:
    order = steps_for(current)
    index = order.index(step)
    return order[index + 1] if index + 1 < len(order) else None


def practices() -> list[Organisation]:
    return list(Organisation.objects.filter(kind=OrganisationKind.GP_PRACTICE).order_by("name", "pk"))


def practice_from(current: dict[str, Any]) -> Organisation | None:
    chosen = current.get("gp_practice") or ""
    if not chosen:
        return None
    return Organisation.objects.filter(kind=OrganisationKind.GP_PRACTICE, pk=chosen).first()


def date_of_birth(current: dict[str, Any]) -> date | None:
    stored = current.get("date_of_birth")
    return date.fromisoformat(stored) if stored else None

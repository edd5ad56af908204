"""Every error the API gives has one shape, {"detail": [{"field": ..., "message": ...}]}, so a client shows
problems the same way whatever went wrong. Pydantic's errors are reshaped into it: the field as a dotted path
from the top of the request body, and a message a developer (or their user) can act on."""

from typing import Any

from ninja.errors import ValidationError


class FieldProblem(ValueError):
    """Input the schema accepted but the endpoint cannot use (a postcode nobody knows, say)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def problems_body(field: str | None, message: str) -> dict[str, list[dict[str, Any]]]:
    return {"detail": [{"field": field, "message": message}]}


# Pydantic's words for these say what is wrong but not what to do.
_MESSAGES = {
    "extra_forbidden": "This API has no such field; check its spelling against /api/v1/openapi.json.",
    "missing": "Send a JSON object as the request body.",
}

# Where ninja puts a body's fields: ("body", "<parameter name>", ...).
_BODY_PREFIX = 2


def reshaped(error: ValidationError) -> dict[str, list[dict[str, Any]]]:
    detail = []
    for problem in error.errors:
        location = [str(part) for part in problem.get("loc", ())[_BODY_PREFIX:]]
        detail.append(
            {
                "field": ".".join(location) or None,
                "message": _MESSAGES.get(problem.get("type", ""), problem.get("msg", "Not valid")),
            }
        )
    return {"detail": detail}

import logging
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("linkwell.request")

_REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
# Paths that carry a secret: the emailed single-use provider links (/r/<signed token>/) and the links sent to
# people to answer a wellbeing measure (/m/<signed token>/).
_SECRET_PATH_PREFIXES = ("/r/", "/m/")


def loggable_path(path: str) -> str:
    """The path, with any secret it carries replaced, so logs never hold a working link."""
    for prefix in _SECRET_PATH_PREFIXES:
        if path.startswith(prefix):
            return prefix + "…"
    return path


class RequestLogMiddleware:
    """One structured log line per request, with an id that is also returned to the client."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        supplied = request.META.get(_REQUEST_ID_HEADER, "")
        # Accept a caller's id only if it looks like one, so logs cannot be polluted with arbitrary text.
        request_id = supplied if 8 <= len(supplied) <= 64 and supplied.replace("-", "").isalnum() else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                # The path only: query strings can carry search words or personal details.
                "path": loggable_path(request.path),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response

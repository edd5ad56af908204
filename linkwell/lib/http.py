from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# A page with a form cannot be "no-referrer": browsers then send its POST with "Origin: null", which Django's
# CSRF check rightly refuses. "strict-origin" still never sends the path, where a link's key is.
FORM_REFERRER_POLICY = "strict-origin"


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address, trusting X-Forwarded-For only as far as our own proxies append to it."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded: list[str] = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        # Each trusted proxy appends the address it saw, so the client is `proxies` entries from the end.
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    remote = request.META.get("REMOTE_ADDR")
    return str(remote) if remote else None


def declared_body_too_large(request: HttpRequest, limit: int) -> bool:
    """Whether the request says its body is bigger than `limit` bytes, or will not say: either way it is
    refused before it is read."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    return not declared.isdigit() or int(declared) > limit


def keyed_link_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For pages whose address is a key (emailed single-use links): never send it on as a referrer, never
    keep the page in a cache, never index it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper

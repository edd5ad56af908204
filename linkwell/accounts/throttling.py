"""Hooks for django-axes, which counts failed sign-ins in the database and locks out repeat offenders."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from linkwell.accounts.models import normalise_email
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record


def attempted_email(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """Count attempts against the normalised address, so changing its case does not reset the count."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalise_email(str(raw))[:254]


def locked_out_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    record(
        by=request.user,
        action=AuditAction.SIGN_IN_LOCKED_OUT,
        request=request,
        detail={"attempted_email": attempted_email(request, credentials)},
    )
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )

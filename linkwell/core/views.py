import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from linkwell.accounts.permissions import memberships_of
from linkwell.accounts.roles import ROLE_DEFINITIONS, Role
from linkwell.core.navigation import navigation_for

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/home_public.html")
    roles = sorted({Role(membership.role) for membership in memberships_of(request.user)}, key=list(Role).index)
    return render(
        request,
        "core/home.html",
        {
            "roles": [ROLE_DEFINITIONS[role] for role in roles],
            "areas": [item for item in navigation_for(request) if item["href"] != request.path],
        },
    )


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # The full error (which may name hosts) goes to the log, not to an open endpoint.
        logger.error("health check: database unavailable", exc_info=error)
        return JsonResponse(
            {
                "status": "error",
                "database": "unavailable",
                "reason": f"database did not answer ({type(error).__name__})",
            },
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"title": "Sorry, there is a problem with your request"}, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: the failure may be the database, which the session and user need.
    page = loader.get_template("core/error.html").render({"title": "Sorry, there is a problem with the service"})
    return HttpResponse(page, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)

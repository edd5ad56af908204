"""The JSON API at /api/v1/, described by the OpenAPI document at /api/v1/openapi.json.

The interactive docs page is off: django-ninja would fetch Swagger UI from a CDN here (we render with Jinja2, not
Django templates), and Linkwell's pages load nothing from other sites. Load the OpenAPI document into any
OpenAPI viewer instead."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from linkwell.api import recommendations
from linkwell.api.auth import NOT_SIGNED_IN, ClientToken, StaffSession
from linkwell.api.problems import FieldProblem, problems_body, reshaped

api = NinjaAPI(
    title="Linkwell API",
    version="1",
    description=(
        "Linkwell's JSON API. Authenticate with an API client's bearer token (created by an administrator with "
        "`linkwell create_api_client`), or from a browser signed in to Linkwell as someone who makes referrals "
        "(sending the CSRF token in the X-CSRFToken header). Errors are JSON: "
        '{"detail": [{"field": "location.postcode", "message": "..."}]}.'
    ),
    urls_namespace="api",
    docs_url=None,
    auth=[ClientToken(), StaffSession()],
)
api.add_router("/", recommendations.router)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return api.create_response(request, reshaped(error), status=422)


@api.exception_handler(FieldProblem)
def _unusable(request: HttpRequest, problem: FieldProblem) -> HttpResponse:
    return api.create_response(request, problems_body(problem.field, problem.message), status=422)


@api.exception_handler(HttpError)
def _refused(request: HttpRequest, error: HttpError) -> HttpResponse:
    # Ninja's own "Unauthorized", when no credentials came at all, says nothing about what to send.
    message = NOT_SIGNED_IN if error.status_code == 401 and error.message == "Unauthorized" else error.message
    response = api.create_response(request, problems_body(None, message), status=error.status_code)
    if error.status_code == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response

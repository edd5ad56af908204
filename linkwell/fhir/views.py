"""FHIR endpoints for machine clients: bearer-token auth, no sessions, so no CSRF."""

import functools
import json
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from linkwell.casework.message_back import NoMessageBack, build_message_back
from linkwell.clients.auth import authenticate_bearer
from linkwell.clients.models import ApiClient
from linkwell.fhir import resources
from linkwell.fhir.message_back import message_back_bundle
from linkwell.fhir.translate import FhirProblem, Issue, create_referral, parse_json
from linkwell.lib.http import declared_body_too_large
from linkwell.referrals.models import Referral

# A referral with a long letter is a few kilobytes; anything near this is not a referral.
MAX_BODY_BYTES = 64 * 1024


def _fhir(data: dict[str, Any], status: int = 200, **headers: str) -> HttpResponse:
    response = HttpResponse(json.dumps(data), status=status, content_type=resources.FHIR_JSON)
    for name, value in headers.items():
        response[name] = value
    return response


def _problem(status: int, code: str, diagnostics: str, expression: str = "") -> HttpResponse:
    return _fhir(resources.operation_outcome([Issue(code, diagnostics, expression)]), status)


ClientView = Callable[..., HttpResponse]


def _with_client(view: ClientView) -> Callable[..., HttpResponse]:
    """Passes the calling ApiClient to the view, or answers 401 for a missing, unknown or revoked token."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, **kwargs: str) -> HttpResponse:
        client = authenticate_bearer(request)
        if client is None:
            response = _problem(401, "login", "Send a valid bearer token in the Authorization header")
            response["WWW-Authenticate"] = "Bearer"
            return response
        return view(request, client, **kwargs)

    return wrapped


def _referral_for_client(client: ApiClient, referral_id: str) -> Referral | None:
    """Only referrals this client sent; missing and someone else's look the same."""
    try:
        pk = uuid.UUID(referral_id)
    except ValueError:
        return None
    return Referral.objects.select_related("person", "team").filter(pk=pk, api_client=client).first()


def _not_found() -> HttpResponse:
    return _problem(404, "not-found", "No such ServiceRequest")


def metadata(request: HttpRequest) -> HttpResponse:
    return _fhir(resources.capability_statement())


@csrf_exempt
@require_http_methods(["POST"])
@_with_client
def create_service_request(request: HttpRequest, client: ApiClient) -> HttpResponse:
    if declared_body_too_large(request, MAX_BODY_BYTES):
        return _problem(413, "too-long", f"Keep the request body to {MAX_BODY_BYTES // 1024} KB or less")
    try:
        referral = create_referral(parse_json(request.body), client=client)
    except FhirProblem as problem:
        return _fhir(resources.operation_outcome(problem.issues), problem.status)
    # The referral comes back with the person and team it was saved with: nothing to read again.
    return _fhir(resources.service_request(referral), 201, Location=f"/fhir/ServiceRequest/{referral.pk}")


@require_GET
@_with_client
def read_service_request(request: HttpRequest, client: ApiClient, referral_id: str) -> HttpResponse:
    referral = _referral_for_client(client, referral_id)
    return _not_found() if referral is None else _fhir(resources.service_request(referral))


@require_GET
@_with_client
def search_tasks(request: HttpRequest, client: ApiClient) -> HttpResponse:
    focus = request.GET.get("focus", "")
    kind, _, referral_id = focus.rpartition("/")
    if not kind.endswith("ServiceRequest") or not referral_id:
        return _problem(400, "required", "Search by focus=ServiceRequest/{id}", "focus")
    referral = _referral_for_client(client, referral_id)
    return _fhir(resources.searchset([] if referral is None else [resources.task(referral)]))


@require_GET
@_with_client
def read_message_back(request: HttpRequest, client: ApiClient, referral_id: str) -> HttpResponse:
    """ServiceRequest/{id}/$message-back: the document Bundle once support has ended or was declined."""
    referral = _referral_for_client(client, referral_id)
    if referral is None:
        return _not_found()
    try:
        letter = build_message_back(referral)
    except NoMessageBack:
        return _problem(404, "not-found", "There is no message back yet: support has not ended")
    return _fhir(message_back_bundle(letter))

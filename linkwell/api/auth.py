"""Who may call the JSON API: an API client with a bearer token, or a signed-in member of staff who refers people.

Bearer calls carry no cookies, so they need no CSRF token; a browser session does, because a page on another
site could otherwise make a signed-in user's browser post for them. A token that is sent but not valid is
refused outright rather than falling back to any session, so a client never silently acts as someone else.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from linkwell.accounts.models import User
from linkwell.accounts.permissions import has_permission
from linkwell.accounts.roles import Permission
from linkwell.clients.auth import authenticate_bearer
from linkwell.clients.models import ApiClient

# The API answers "where could this person go?", which is the question of everyone who refers people:
# referrers, champions, link workers and team leads. It reads no records, only the public directory.
API_PERMISSION = Permission.MAKE_REFERRAL

NOT_SIGNED_IN = "Sign in, or send an API client's token in the header Authorization: Bearer <token>."
REFUSED_CLIENT = "The bearer token is not one Linkwell knows, or its API client has been revoked."
NO_ROLE = "Your account cannot use this API: it is for people who make referrals."
NO_CSRF = "Send the CSRF token (the csrftoken cookie, in the X-CSRFToken header) with requests made from a browser."


class ClientToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiClient:
        client = authenticate_bearer(request)
        if client is None:
            raise AuthenticationError(message=REFUSED_CLIENT)
        return client


class StaffSession(APIKeyCookie):
    """The signed-in user's Django session, with its CSRF check."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        # The CSRF check is made below, once we know there is a session: an anonymous call is told to sign
        # in (401), not that a CSRF token is missing.
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated or not isinstance(user, User):
            return None
        if check_csrf(request) is not None:
            raise AuthorizationError(message=NO_CSRF)
        if not has_permission(user, API_PERMISSION):
            raise AuthorizationError(message=NO_ROLE)
        return user

"""The one place that answers "may this user do this, here?"."""

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from linkwell.accounts.roles import PUBLIC_PERMISSIONS, ROLE_DEFINITIONS, Permission, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from linkwell.accounts.models import Membership, Organisation, Team, User

_CACHE_ATTRIBUTE = "_linkwell_memberships"


def memberships_of(user: "User") -> list["Membership"]:
    """The user's memberships, loaded once per request and kept on the user object."""
    cached: list[Membership] | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = list(user.memberships.select_related("team", "organisation").order_by("pk"))
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_memberships(user: "User") -> None:
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def _membership_covers(membership: "Membership", organisation: "Organisation | None", team: "Team | None") -> bool:
    if ROLE_DEFINITIONS[Role(membership.role)].is_global:
        return True
    if team is not None:
        # A role held in the scheme organisation reaches every team of that scheme.
        return membership.team_id == team.pk or membership.organisation_id == team.scheme_id
    if organisation is not None:
        if membership.organisation_id == organisation.pk:
            return True
        return membership.team is not None and membership.team.scheme_id == organisation.pk
    return True


def has_permission(
    user: "User | AnonymousUser",
    permission: Permission,
    *,
    organisation: "Organisation | None" = None,
    team: "Team | None" = None,
) -> bool:
    """Whether the user may use `permission`, optionally within one organisation or team."""
    if permission in PUBLIC_PERMISSIONS:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(
        permission in ROLE_DEFINITIONS[Role(membership.role)].permissions
        and _membership_covers(membership, organisation, team)
        for membership in memberships_of(user)
    )


def roles_of(user: "User") -> set[Role]:
    return {Role(membership.role) for membership in memberships_of(user)}


ViewFunction = TypeVar("ViewFunction", bound=Callable[..., HttpResponse])


def require_permission(permission: Permission) -> Callable[[ViewFunction], ViewFunction]:
    """Send anonymous users to sign in; refuse signed-in users whose roles lack the permission."""

    def decorator(view: ViewFunction) -> ViewFunction:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_permission(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def signed_in_user(request: HttpRequest) -> "User":
    """The request's user as a User, for views behind require_permission (which has already sent anonymous
    visitors to sign in); anything else is refused."""
    from linkwell.accounts.models import User

    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user

"""The header navigation: each area appears only for users whose roles allow it.

Areas are added here as they are built; an unbuilt area has no entry, so nobody sees a dead link.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from linkwell.accounts.permissions import has_permission
from linkwell.accounts.roles import Permission


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # None: shown to every signed-in user.
    permission: Permission | None = None


NAV_ITEMS = [
    NavItem("Home", "core:home"),
    NavItem("Audit log", "audit:list", Permission.VIEW_AUDIT_LOG),
]


def navigation_for(request: HttpRequest) -> list[dict[str, object]]:
    if not request.user.is_authenticated:
        return []
    items = []
    for item in NAV_ITEMS:
        if item.permission is not None and not has_permission(request.user, item.permission):
            continue
        href = reverse(item.url_name)
        current = request.path == href or (href != "/" and request.path.startswith(href))
        items.append({"text": item.label, "href": href, "current": current})
    return items

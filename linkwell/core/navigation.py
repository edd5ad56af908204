"""The header navigation: each area appears only for users whose roles allow it.

Areas are added here as they are built; an unbuilt area has no entry, so nobody sees a dead link.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse

from linkwell.accounts.permissions import has_permission
from linkwell.accounts.roles import Permission

if TYPE_CHECKING:
    from linkwell.accounts.models import User


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # None: shown to every signed-in user; a tuple: shown to users holding any one of the permissions.
    permission: Permission | tuple[Permission, ...] | None = None

    def shown_to(self, user: "User | AnonymousUser") -> bool:
        if self.permission is None:
            return True
        permissions = self.permission if isinstance(self.permission, tuple) else (self.permission,)
        return any(has_permission(user, permission) for permission in permissions)


NAV_ITEMS = [
    NavItem("Home", "core:home"),
    NavItem("Find services", "directory:search", Permission.SEARCH_DIRECTORY),
    NavItem("Inbox", "inbox:list", Permission.VIEW_TEAM_INBOX),
    NavItem("Caseload", "casework:caseload", Permission.VIEW_CASE_RECORDS),
    NavItem("Refer someone", "referrals:create", Permission.MAKE_REFERRAL),
    NavItem("My referrals", "referrals:list", Permission.VIEW_OWN_REFERRALS),
    NavItem("Referrals to us", "provider:inbox", Permission.VIEW_PROVIDER_INBOX),
    NavItem("Manage listings", "manage:list", (Permission.EDIT_DIRECTORY, Permission.EDIT_OWN_LISTINGS)),
    NavItem(
        "Reports",
        "reports:index",
        (Permission.VIEW_SCHEME_DASHBOARD, Permission.VIEW_COMMISSIONER_REPORTS, Permission.EDIT_DIRECTORY),
    ),
    NavItem("Audit log", "audit:list", Permission.VIEW_AUDIT_LOG),
]


def navigation_for(request: HttpRequest) -> list[dict[str, object]]:
    items = []
    for item in NAV_ITEMS:
        # Visitors who are not signed in see only the public areas (such as the directory).
        if item.permission is None and not request.user.is_authenticated:
            continue
        if not item.shown_to(request.user):
            continue
        href = reverse(item.url_name)
        current = request.path == href or (href != "/" and request.path.startswith(href))
        items.append({"text": item.label, "href": href, "current": current})
    return items

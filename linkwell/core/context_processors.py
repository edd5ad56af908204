from django.conf import settings
from django.http import HttpRequest

from linkwell.core.navigation import navigation_for


def layout(request: HttpRequest) -> dict[str, object]:
    return {
        "navigation_items": navigation_for(request),
        "debug": settings.DEBUG,
    }

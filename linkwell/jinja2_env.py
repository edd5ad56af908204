from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, select_autoescape

from linkwell.accounts.permissions import has_permission
from linkwell.accounts.roles import Permission
from linkwell.lib.dates import format_date, format_datetime, format_session


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    # Plain-text emails must not be HTML-escaped; everything else is.
    options["autoescape"] = select_autoescape(disabled_extensions=("txt",), default_for_string=True, default=True)
    # nhsuk-frontend-jinja macros read optional nested parameters, which needs ChainableUndefined.
    options["undefined"] = ChainableUndefined
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    env = Environment(**options, extensions=["jinja2.ext.do"])  # noqa: S701 - autoescape is set in options above
    env.loader = ChoiceLoader([env.loader, PackageLoader("nhsuk_frontend_jinja")]) if env.loader else None
    env.globals.update(
        {
            "static": static,
            "url": url,
            "has_permission": has_permission,
            "Permission": Permission,
        }
    )
    env.filters.update({"date": format_date, "datetime": format_datetime, "session": format_session})
    return env

"""The gap report: where link workers found no suitable service, by reason, over time, by need, area, team
and service; and each of its tables as a CSV or XLSX file. For commissioners, directory editors, team leads
and administrators; everything shown is counted and suppressed (reports.gap_queries)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from linkwell.accounts.permissions import signed_in_user
from linkwell.reports.actions import record_export
from linkwell.reports.exports import CSV_TYPE, XLSX_TYPE, table_csv, table_xlsx
from linkwell.reports.gap_forms import GapFilterForm
from linkwell.reports.gap_queries import gap_figures, gap_scope
from linkwell.reports.scope import ReportScope

GAP_REPORT = "Gaps in provision"

GapView = Callable[..., HttpResponse]


def require_gap_access(view: GapView) -> GapView:
    """Send anonymous visitors to sign in; refuse anyone whose roles do not reach the gap report; give the
    view the scope of unmet needs the user may see."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        scope = gap_scope(signed_in_user(request))
        if scope is None:
            raise PermissionDenied
        return view(request, scope, *args, **kwargs)

    return wrapper


@require_GET
@require_gap_access
def gap(request: HttpRequest, scope: ReportScope) -> HttpResponse:
    form = GapFilterForm(request.GET or None, scope=scope, today=timezone.localdate())
    filters = form.gap_filters()
    figures = gap_figures(scope, filters) if filters is not None else None
    return render(
        request,
        "reports/gaps/report.html",
        {
            "form": form,
            "figures": figures,
            "description": form.describe(filters) if filters is not None else [],
            "query": request.GET.urlencode(),
            "has_errors": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@require_GET
@require_gap_access
def gap_export(request: HttpRequest, scope: ReportScope, table_key: str, file_format: str) -> HttpResponse:
    if file_format not in ("csv", "xlsx"):
        raise Http404("No such format")
    form = GapFilterForm(request.GET or None, scope=scope, today=timezone.localdate())
    filters = form.gap_filters()
    if filters is None:
        # The page's links carry filters that were valid; anything else was typed by hand: show the problem.
        return gap(request)
    try:
        table = gap_figures(scope, filters).table(table_key)
    except KeyError:
        raise Http404("No such table") from None
    description = form.describe(filters)
    record_export(
        by=signed_in_user(request), report="gaps", table_key=table.key, file_format=file_format, description=description
    )
    writer, content_type = (table_csv, CSV_TYPE) if file_format == "csv" else (table_xlsx, XLSX_TYPE)
    response = HttpResponse(writer(report=GAP_REPORT, table=table, description=description), content_type=content_type)
    filename = f"gaps-in-provision-{table.key}-{filters.start.isoformat()}-to-{filters.end.isoformat()}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""The commissioner report: the dashboard's figures, aggregated and suppressed, for the user's area; and its
tables as CSV or XLSX files (the suppressed tables only). Every view and download is audited."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from linkwell.accounts.models import User
from linkwell.accounts.permissions import require_permission, signed_in_user
from linkwell.accounts.roles import Permission
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record_read
from linkwell.reports.actions import record_export
from linkwell.reports.commissioner_figures import PublishedFigures, publishable_figures
from linkwell.reports.commissioner_forms import CommissionerFilterForm
from linkwell.reports.commissioner_scope import CommissionerScope, commissioner_scope
from linkwell.reports.exports import CSV_TYPE, XLSX_TYPE, table_csv, table_xlsx
from linkwell.reports.facts import ensure_fresh_facts, facts_refreshed_through
from linkwell.reports.filters import ReportFilters

COMMISSIONER_REPORT = "Commissioner report"
FILE_FORMATS = {"csv": (table_csv, CSV_TYPE), "xlsx": (table_xlsx, XLSX_TYPE)}


def commissioner_form(request: HttpRequest) -> tuple[User, CommissionerFilterForm]:
    """The signed-in user and the filter form over their scope (refused when their roles reach nothing)."""
    user = signed_in_user(request)
    scope: CommissionerScope | None = commissioner_scope(user)
    if scope is None:
        raise PermissionDenied
    return user, CommissionerFilterForm(request.GET or None, scope=scope, today=timezone.localdate())


def read_published_figures(
    request: HttpRequest, form: CommissionerFilterForm, filters: ReportFilters, *, action: AuditAction, report: str
) -> tuple[PublishedFigures, list[tuple[str, str]]]:
    """The suppressed figures for valid filters and the filters in words, the reading audited as `action`."""
    ensure_fresh_facts()
    figures = publishable_figures(filters)
    description = form.describe(filters)
    record_read(request, action=action, object_type="report", object_id=report, detail={"filters": dict(description)})
    return figures, description


@require_GET
@require_permission(Permission.VIEW_COMMISSIONER_REPORTS)
def commissioner(request: HttpRequest) -> HttpResponse:
    _, form = commissioner_form(request)
    filters = form.report_filters()
    figures: PublishedFigures | None = None
    description: list[tuple[str, str]] = []
    if filters is not None:
        figures, description = read_published_figures(
            request, form, filters, action=AuditAction.COMMISSIONER_REPORT_VIEWED, report="commissioner"
        )
    return render(
        request,
        "reports/commissioner/report.html",
        {
            "form": form,
            "figures": figures,
            "description": description,
            "query": request.GET.urlencode(),
            "refreshed_through": facts_refreshed_through(),
            "has_errors": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@require_GET
@require_permission(Permission.VIEW_COMMISSIONER_REPORTS)
def export(request: HttpRequest, table_key: str, file_format: str) -> HttpResponse:
    user, form = commissioner_form(request)
    if file_format not in FILE_FORMATS:
        raise Http404("No such format")
    filters = form.report_filters()
    if filters is None:
        # The page's links carry filters that were valid; anything else was typed in by hand.
        return commissioner(request)
    ensure_fresh_facts()
    try:
        table = publishable_figures(filters).table(table_key)
    except KeyError:
        raise Http404("No such table") from None
    description = form.describe(filters)
    record_export(by=user, report="commissioner", table_key=table.key, file_format=file_format, description=description)
    writer, content_type = FILE_FORMATS[file_format]
    response = HttpResponse(
        writer(report=COMMISSIONER_REPORT, table=table, description=description), content_type=content_type
    )
    filename = f"commissioner-{table.key}-{filters.start.isoformat()}-to-{filters.end.isoformat()}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""The report pages for team leads and administrators: the list of reports a user may open, the scheme
dashboard, and its tables as CSV or XLSX files."""

from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from linkwell.accounts.models import User
from linkwell.accounts.permissions import has_permission, require_permission, signed_in_user
from linkwell.accounts.roles import Permission
from linkwell.reports.actions import record_export
from linkwell.reports.dashboard_forms import DashboardFilterForm
from linkwell.reports.exports import CSV_TYPE, XLSX_TYPE, table_csv, table_xlsx
from linkwell.reports.facts import ensure_fresh_facts, facts_refreshed_through
from linkwell.reports.figures import ReportFigures, compute_figures
from linkwell.reports.scope import ReportScope, report_scope

DASHBOARD = "Scheme dashboard"


@dataclass(frozen=True)
class ReportLink:
    title: str
    url_name: str
    permissions: tuple[Permission, ...]
    description: str


# Each report area adds its page here; a report shows once its page exists and the user may open it.
REPORTS = (
    ReportLink(
        DASHBOARD,
        "reports:dashboard",
        (Permission.VIEW_SCHEME_DASHBOARD,),
        "Referrals, waiting times, engagement, onward referrals, caseloads and outcomes for your scheme.",
    ),
    ReportLink(
        "Commissioner report",
        "reports:commissioner",
        (Permission.VIEW_COMMISSIONER_REPORTS,),
        "Aggregate figures for commissioners, with small numbers suppressed.",
    ),
    ReportLink(
        "Evaluation report",
        "reports:evaluation",
        (Permission.VIEW_COMMISSIONER_REPORTS,),
        "A printable evaluation with headline figures and method notes.",
    ),
    ReportLink(
        "Gaps in provision",
        "reports:gap",
        (Permission.VIEW_COMMISSIONER_REPORTS, Permission.EDIT_DIRECTORY),
        "Needs no service could meet, by need and area.",
    ),
)


def _reports_for(user: User) -> list[tuple[ReportLink, str]]:
    links = []
    for report in REPORTS:
        if not any(has_permission(user, permission) for permission in report.permissions):
            continue
        try:
            links.append((report, reverse(report.url_name)))
        except NoReverseMatch:
            continue
    return links


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    reports = _reports_for(signed_in_user(request))
    if not reports:
        raise PermissionDenied
    return render(request, "reports/index.html", {"reports": reports})


def _dashboard_scope(request: HttpRequest) -> tuple[User, ReportScope]:
    user = signed_in_user(request)
    scope = report_scope(user, Permission.VIEW_SCHEME_DASHBOARD)
    if scope is None:
        raise PermissionDenied
    return user, scope


@require_GET
@require_permission(Permission.VIEW_SCHEME_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    _, scope = _dashboard_scope(request)
    form = DashboardFilterForm(request.GET or None, scope=scope, today=timezone.localdate())
    filters = form.report_filters()
    figures: ReportFigures | None = None
    if filters is not None:
        ensure_fresh_facts()
        figures = compute_figures(filters)
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "figures": figures,
            "description": form.describe(filters) if filters is not None else [],
            "query": request.GET.urlencode(),
            "refreshed_through": facts_refreshed_through(),
            "has_errors": bool(form.errors),
        },
    )


@require_GET
@require_permission(Permission.VIEW_SCHEME_DASHBOARD)
def export(request: HttpRequest, table_key: str, file_format: str) -> HttpResponse:
    user, scope = _dashboard_scope(request)
    if file_format not in ("csv", "xlsx"):
        raise Http404("No such format")
    form = DashboardFilterForm(request.GET or None, scope=scope, today=timezone.localdate())
    filters = form.report_filters()
    if filters is None:
        # The links on the page carry filters that were valid; anything else was typed in by hand.
        return dashboard(request)
    ensure_fresh_facts()
    figures = compute_figures(filters)
    try:
        table = figures.table(table_key)
    except KeyError:
        raise Http404("No such table") from None
    description = form.describe(filters)
    record_export(by=user, report="dashboard", table_key=table.key, file_format=file_format, description=description)
    writer, content_type = (table_csv, CSV_TYPE) if file_format == "csv" else (table_xlsx, XLSX_TYPE)
    response = HttpResponse(writer(report=DASHBOARD, table=table, description=description), content_type=content_type)
    filename = f"scheme-dashboard-{table.key}-{filters.start.isoformat()}-to-{filters.end.isoformat()}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""The evaluation report: a printable page of headline figures and method notes, always suppressed, as it is
meant to be published. Same permission and scope as the commissioner report; every view is audited."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from linkwell.accounts.permissions import require_permission
from linkwell.accounts.roles import Permission
from linkwell.audit.actions import AuditAction
from linkwell.reports.commissioner_views import commissioner_form, read_published_figures
from linkwell.reports.evaluation_report import USAGE_KEY, WELLBEING_KEY, evaluation_text


@require_GET
@require_permission(Permission.VIEW_COMMISSIONER_REPORTS)
def evaluation(request: HttpRequest) -> HttpResponse:
    _, form = commissioner_form(request)
    filters = form.report_filters()
    context: dict[str, object] = {"form": form, "has_errors": bool(form.errors), "text": None}
    if filters is not None:
        figures, description = read_published_figures(
            request, form, filters, action=AuditAction.EVALUATION_REPORT_VIEWED, report="evaluation"
        )
        context |= {
            "text": evaluation_text(figures, description),
            "period": filters.period_label,
            "tables": [figures.table(key) for key in (WELLBEING_KEY, USAGE_KEY)],
        }
    return render(request, "reports/evaluation/report.html", context, status=400 if form.errors else 200)

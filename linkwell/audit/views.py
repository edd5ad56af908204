from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from linkwell.accounts.permissions import require_permission
from linkwell.accounts.roles import Permission
from linkwell.audit.actions import AuditAction
from linkwell.audit.forms import AuditFilterForm
from linkwell.audit.log import record_read
from linkwell.audit.models import AuditEvent

PAGE_SIZE = 50


@require_GET
@require_permission(Permission.VIEW_AUDIT_LOG)
def event_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events: QuerySet[AuditEvent] = AuditEvent.objects.all()
    if form.is_bound and form.is_valid():
        events = form.filter(events)
    elif form.is_bound:
        events = AuditEvent.objects.none()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    # Read the rows now, so the page shows the log as it was before this viewing is recorded.
    page.object_list = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    # Reading the audit log is itself audited: who looked, and for what.
    record_read(
        request,
        action=AuditAction.AUDIT_LOG_VIEWED,
        detail={"filters": form.applied() if form.is_bound and form.is_valid() else {}, "page": page.number},
    )
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )

"""Public directory pages: no sign-in, nothing personal, only published services."""

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from linkwell.accounts.permissions import has_permission
from linkwell.accounts.roles import Permission
from linkwell.casework.provider_stats import stats_for_organizations
from linkwell.directory.models import (
    Attribute,
    LinkEntity,
    LocationType,
    PublicationState,
    Service,
    ServiceAtLocation,
)
from linkwell.directory.schedules import describe, next_session
from linkwell.directory.search import VISIBLE_STATUSES, DirectoryQuery, search_services
from linkwell.directory.search_forms import DirectorySearchForm

PER_PAGE = 20


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    page = None
    if not form.is_bound:
        page = search_services(DirectoryQuery(), page=1, per_page=PER_PAGE)
    elif form.is_valid():
        page = search_services(form.query(), page=request.GET.get("page"), per_page=PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/search.html",
        {"form": form, "page": page, "query": query.urlencode(), "origin": form.origin if form.is_bound else None},
        status=400 if form.errors else 200,
    )


def published_service(service_id: uuid.UUID) -> Service:
    service = (
        Service.objects.filter(pk=service_id, state=PublicationState.PUBLISHED, status__in=VISIBLE_STATUSES)
        .select_related("organization")
        .prefetch_related(
            "schedules",
            "cost_options",
            "languages",
            "contacts__phones",
            "phones",
            "service_areas",
        )
        .first()
    )
    if service is None:
        raise Http404("No such service")
    return service


@require_GET
def service_detail(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    service = published_service(service_id)
    links = (
        ServiceAtLocation.objects.filter(service=service)
        .select_related("location")
        .prefetch_related("location__addresses", "location__accessibility")
    )
    categories = [
        attribute.taxonomy_term
        for attribute in Attribute.objects.filter(link_entity=LinkEntity.SERVICE, link_id=service.pk).select_related(
            "taxonomy_term"
        )
    ]
    now = timezone.localtime()
    schedules = [(describe(schedule), next_session(schedule, now)) for schedule in service.schedules.all()]
    upcoming = [moment for _, moment in schedules if moment]
    back_query = request.GET.urlencode()
    # How the organisation answers referrals: for the link workers who refer to it, not for the public.
    referral_stats = (
        stats_for_organizations([service.organization_id]).get(service.organization_id)
        if has_permission(request.user, Permission.VIEW_CASE_RECORDS)
        else None
    )
    return render(
        request,
        "directory/service.html",
        {
            "service": service,
            "physical": [link.location for link in links if link.location.location_type == LocationType.PHYSICAL],
            "virtual": [link.location for link in links if link.location.location_type == LocationType.VIRTUAL],
            "categories": categories,
            "schedules": schedules,
            "next": min(upcoming) if upcoming else None,
            "back_query": back_query,
            "referral_stats": referral_stats,
        },
    )

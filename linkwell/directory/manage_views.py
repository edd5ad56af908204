"""Editor pages for directory listings: parse input, check access, call an action, render.

Who may do what lives in directory.access (which listings) and directory.actions (publishing is for
directory editors only); these views only route requests to them.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwell.accounts.models import Organisation, User
from linkwell.accounts.permissions import has_permission
from linkwell.accounts.roles import Permission
from linkwell.directory import actions
from linkwell.directory.access import (
    choosable_organizations,
    editable_services,
    edits_whole_directory,
    get_cost_option_of,
    get_editable_service,
    get_location_of,
    get_schedule_of,
    managing_organisations,
    may_change_location,
    other_services_at,
    provider_organisations,
)
from linkwell.directory.forms import (
    CostForm,
    ListingFilterForm,
    LocationForm,
    ScheduleForm,
    ServiceForm,
    cost_initial,
    location_initial,
    schedule_initial,
    service_initial,
)
from linkwell.directory.models import (
    PUBLICATION_TRANSITIONS,
    Attribute,
    LinkEntity,
    LocationType,
    PublicationState,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from linkwell.directory.schedules import describe
from linkwell.directory.taxonomy import TAXONOMY_ID

PAGE_SIZE = 25


@dataclass(frozen=True)
class Transition:
    label: str
    to_state: PublicationState
    from_states: frozenset[PublicationState]


# The buttons on a listing's page. Several lead to draft, so each names the states it makes sense from.
TRANSITIONS = {
    "publish": Transition(
        "Publish", PublicationState.PUBLISHED, frozenset({PublicationState.DRAFT, PublicationState.ARCHIVED})
    ),
    "unpublish": Transition("Unpublish", PublicationState.DRAFT, frozenset({PublicationState.PUBLISHED})),
    "archive": Transition(
        "Archive", PublicationState.ARCHIVED, frozenset({PublicationState.DRAFT, PublicationState.PUBLISHED})
    ),
    "restore": Transition("Restore as a draft", PublicationState.DRAFT, frozenset({PublicationState.ARCHIVED})),
}

View = Callable[..., HttpResponse]


def listing_editors_only(view: View) -> View:
    """Sign-in for anonymous visitors; 403 for signed-in users who may edit no listings at all."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (
            has_permission(request.user, Permission.EDIT_DIRECTORY)
            or has_permission(request.user, Permission.EDIT_OWN_LISTINGS)
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _editor(request: HttpRequest) -> User:
    # listing_editors_only has already sent anonymous visitors to sign in.
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _transitions_for(user: User, service: Service) -> list[tuple[str, Transition]]:
    return [
        (slug, transition)
        for slug, transition in TRANSITIONS.items()
        if service.state in transition.from_states
        and transition.to_state in PUBLICATION_TRANSITIONS[service.state]
        and (transition.to_state != PublicationState.PUBLISHED or edits_whole_directory(user))
    ]


def _category_ids(service: Service) -> list[str]:
    return [
        str(term_id)
        for term_id in Attribute.objects.filter(
            link_entity=LinkEntity.SERVICE, link_id=service.pk, taxonomy_term__taxonomy_id=TAXONOMY_ID
        ).values_list("taxonomy_term_id", flat=True)
    ]


def _service_form(request: HttpRequest, user: User, service: Service | None) -> ServiceForm:
    """Directory editors choose who keeps a listing up to date; providers file new listings under their own
    organisation (choosing only if they hold the role in several) and cannot hand a listing elsewhere."""
    if edits_whole_directory(user):
        managers, optional = managing_organisations(user), True
    elif service is None:
        own = managing_organisations(user)
        managers, optional = (own if len(own) > 1 else []), False
    else:
        managers, optional = [], False
    return ServiceForm(
        request.POST if request.method == "POST" else None,
        organizations=choosable_organizations(user),
        managers=managers,
        manager_optional=optional,
        initial=service_initial(service, _category_ids(service)) if service is not None else None,
    )


def _managed_by(form: ServiceForm, user: User, service: Service | None) -> Organisation | None:
    if "managed_by" in form.fields:
        chosen: Organisation | None = form.cleaned_data["managed_by"]
        return chosen
    if service is not None:
        return service.managed_by
    own = provider_organisations(user)
    if not own:
        raise PermissionDenied
    return own[0]


@require_GET
@listing_editors_only
def service_list(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    form = ListingFilterForm(request.GET or None)
    services = editable_services(user).select_related("organization").order_by("name", "pk")
    if form.is_bound:
        services = form.filter(services) if form.is_valid() else services.none()
    page = Paginator(services, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/manage/service_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "whole_directory": edits_whole_directory(user),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@listing_editors_only
def service_create(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    form = _service_form(request, user, None)
    if request.method == "POST" and form.is_valid():
        service = actions.create_service(
            details=form.details(),
            organization=form.cleaned_data["organization"] or None,
            new_organization_name=form.cleaned_data["new_organization_name"],
            managed_by=_managed_by(form, user, None),
            category_ids=form.cleaned_data["categories"],
            checked=form.cleaned_data["checked"],
            by=user,
        )
        messages.success(request, f"{service.name} is saved as a draft. Add where and when it happens, and its costs.")
        return redirect("manage:detail", service_id=service.pk)
    return render(
        request,
        "directory/manage/service_form.html",
        {"form": form, "service": None, "whole_directory": edits_whole_directory(user)},
        status=400 if form.errors else 200,
    )


@require_GET
@listing_editors_only
def service_detail(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    user = _editor(request)
    service = get_editable_service(user, service_id)
    links = (
        ServiceAtLocation.objects.filter(service=service)
        .select_related("location")
        .prefetch_related("location__addresses", "location__accessibility")
        .order_by("location__name", "pk")
    )
    locations = [link.location for link in links]
    shared = set(
        ServiceAtLocation.objects.filter(location__in=locations)
        .exclude(service=service)
        .values_list("location_id", flat=True)
    )
    state_changes = list(service.state_changes.all())
    actors = dict(
        User.objects.filter(pk__in={change.by_id for change in state_changes if change.by_id}).values_list(
            "pk", "email"
        )
    )
    categories = TaxonomyTerm.objects.filter(taxonomy_id=TAXONOMY_ID, pk__in=_category_ids(service)).select_related(
        "parent"
    )
    return render(
        request,
        "directory/manage/service_detail.html",
        {
            "service": service,
            "locations": locations,
            "shared_locations": shared,
            "schedules": [(schedule, describe(schedule)) for schedule in service.schedules.order_by("opens_at", "pk")],
            "cost_options": list(service.cost_options.order_by("amount", "pk")),
            "categories": sorted(categories, key=lambda term: (term.parent.name if term.parent else "", term.name)),
            "state_changes": [
                (change, actors.get(change.by_id, "") if change.by_id else "") for change in reversed(state_changes)
            ],
            "transitions": _transitions_for(user, service),
            "whole_directory": edits_whole_directory(user),
            "today": timezone.localdate(),
            "PublicationState": PublicationState,
            "LocationType": LocationType,
        },
    )


@require_http_methods(["GET", "POST"])
@listing_editors_only
def service_edit(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    user = _editor(request)
    service = get_editable_service(user, service_id)
    form = _service_form(request, user, service)
    if request.method == "POST" and form.is_valid():
        was_published = service.state == PublicationState.PUBLISHED
        changed = actions.update_service(
            service=service,
            details=form.details(),
            organization=form.cleaned_data["organization"] or None,
            new_organization_name=form.cleaned_data["new_organization_name"],
            managed_by=_managed_by(form, user, service),
            category_ids=form.cleaned_data["categories"],
            checked=form.cleaned_data["checked"],
            by=user,
        )
        messages.success(request, _saved_message(service, changed=bool(changed), was_published=was_published))
        return redirect("manage:detail", service_id=service.pk)
    return render(
        request,
        "directory/manage/service_form.html",
        {"form": form, "service": service, "whole_directory": edits_whole_directory(user)},
        status=400 if form.errors else 200,
    )


def _saved_message(service: Service, *, changed: bool, was_published: bool) -> str:
    if not changed:
        return "Nothing was changed."
    if was_published and service.state == PublicationState.DRAFT:
        return "Your changes are saved. The listing is now a draft until a directory editor checks and publishes it."
    return "Your changes are saved."


PartForm = LocationForm | ScheduleForm | CostForm


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _part_page(
    request: HttpRequest,
    *,
    user: User,
    service: Service,
    form: PartForm,
    template: str,
    save: Callable[[Any], object],
    saved: str = "",
    part: object = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The add and change pages for locations, times and costs share one shape. `part` is the record being
    changed (None when adding); `save` gets the form's details and returns what the action returned, falsy
    when nothing changed."""
    if request.method == "POST" and form.is_valid():
        was_published = service.state == PublicationState.PUBLISHED
        changed = bool(save(form.details()))
        message = _saved_message(service, changed=changed, was_published=was_published)
        messages.success(request, f"{message} {saved}" if changed and saved else message)
        return redirect("manage:detail", service_id=service.pk)
    return render(
        request,
        template,
        {
            "form": form,
            "service": service,
            "part": part,
            "whole_directory": edits_whole_directory(user),
            **(extra or {}),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@listing_editors_only
def location_add(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    user = _editor(request)
    service = get_editable_service(user, service_id)
    return _part_page(
        request,
        user=user,
        service=service,
        form=LocationForm(_posted(request)),
        template="directory/manage/location_form.html",
        save=lambda details: actions.add_location(service=service, details=details, by=user),
        saved="The location is added.",
    )


@require_http_methods(["GET", "POST"])
@listing_editors_only
def location_edit(request: HttpRequest, service_id: uuid.UUID, location_id: uuid.UUID) -> HttpResponse:
    user = _editor(request)
    service = get_editable_service(user, service_id)
    location = get_location_of(service, location_id)
    if not may_change_location(user, service, location):
        messages.error(request, actions.SHARED_LOCATION_REFUSED)
        return redirect("manage:detail", service_id=service.pk)
    return _part_page(
        request,
        user=user,
        service=service,
        form=LocationForm(_posted(request), initial=location_initial(actions.location_details(location))),
        template="directory/manage/location_form.html",
        save=lambda details: actions.update_location(service=service, location=location, details=details, by=user),
        part=location,
        extra={"sharing": list(other_services_at(location, besides=service))},
    )


@require_http_methods(["GET", "POST"])
@listing_editors_only
def schedule_add(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    user = _editor(request)
    service = get_editable_service(user, service_id)
    return _part_page(
        request,
        user=user,
        service=service,
        form=ScheduleForm(_posted(request)),
        template="directory/manage/schedule_form.html",
        save=lambda details: actions.add_schedule(service=service, details=details, by=user),
        saved="The times are added.",
    )


@require_http_methods(["GET", "POST"])
@listing_editors_only
def schedule_edit(request: HttpRequest, service_id: uuid.UUID, schedule_id: uuid.UUID) -> HttpResponse:
    user = _editor(request)
    service = get_editable_service(user, service_id)
    schedule = get_schedule_of(service, schedule_id)
    return _part_page(
        request,
        user=user,
        service=service,
        form=ScheduleForm(_posted(request), initial=schedule_initial(schedule)),
        template="directory/manage/schedule_form.html",
        save=lambda details: actions.update_schedule(service=service, schedule=schedule, details=details, by=user),
        part=schedule,
    )


@require_http_methods(["GET", "POST"])
@listing_editors_only
def cost_add(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    user = _editor(request)
    service = get_editable_service(user, service_id)
    return _part_page(
        request,
        user=user,
        service=service,
        form=CostForm(_posted(request)),
        template="directory/manage/cost_form.html",
        save=lambda details: actions.add_cost_option(service=service, details=details, by=user),
        saved="The cost is added.",
    )


@require_http_methods(["GET", "POST"])
@listing_editors_only
def cost_edit(request: HttpRequest, service_id: uuid.UUID, cost_option_id: uuid.UUID) -> HttpResponse:
    user = _editor(request)
    service = get_editable_service(user, service_id)
    cost_option = get_cost_option_of(service, cost_option_id)
    return _part_page(
        request,
        user=user,
        service=service,
        form=CostForm(_posted(request), initial=cost_initial(cost_option)),
        template="directory/manage/cost_form.html",
        save=lambda details: actions.update_cost_option(
            service=service, cost_option=cost_option, details=details, by=user
        ),
        part=cost_option,
    )


@require_POST
@listing_editors_only
def location_remove(request: HttpRequest, service_id: uuid.UUID, location_id: uuid.UUID) -> HttpResponse:
    user = _editor(request)
    service = get_editable_service(user, service_id)
    actions.remove_location(service=service, location=get_location_of(service, location_id), by=user)
    messages.success(request, "The location is removed.")
    return redirect("manage:detail", service_id=service.pk)


@require_POST
@listing_editors_only
def schedule_remove(request: HttpRequest, service_id: uuid.UUID, schedule_id: uuid.UUID) -> HttpResponse:
    user = _editor(request)
    service = get_editable_service(user, service_id)
    actions.remove_schedule(service=service, schedule=get_schedule_of(service, schedule_id), by=user)
    messages.success(request, "The times are removed.")
    return redirect("manage:detail", service_id=service.pk)


@require_POST
@listing_editors_only
def cost_remove(request: HttpRequest, service_id: uuid.UUID, cost_option_id: uuid.UUID) -> HttpResponse:
    user = _editor(request)
    service = get_editable_service(user, service_id)
    actions.remove_cost_option(service=service, cost_option=get_cost_option_of(service, cost_option_id), by=user)
    messages.success(request, "The cost is removed.")
    return redirect("manage:detail", service_id=service.pk)


@require_POST
@listing_editors_only
def service_transition(request: HttpRequest, service_id: uuid.UUID, transition: str) -> HttpResponse:
    user = _editor(request)
    service = get_editable_service(user, service_id)
    if transition not in TRANSITIONS:
        raise Http404("No such change")
    step = TRANSITIONS[transition]
    if step.to_state == PublicationState.PUBLISHED and not edits_whole_directory(user):
        raise PermissionDenied
    if service.state not in step.from_states:
        messages.error(
            request, f"This listing is {service.get_state_display().lower()}, so it cannot be changed that way."
        )
        return redirect("manage:detail", service_id=service.pk)
    try:
        actions.change_state(service=service, to_state=step.to_state, by=user)
    except actions.IllegalTransition as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"The listing is now {step.to_state.label.lower()}.")
    return redirect("manage:detail", service_id=service.pk)

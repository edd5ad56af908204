"""Every write from the directory editor pages, each audited in the same transaction.

After any change to a listing or its parts, an action moves the listing's last_modified on and calls
refresh_search_fields(), so search and the /oruk feed see the change at once.

Listings are moderated: only users who may edit the whole directory publish. When a provider changes
a published listing, it goes back to draft until a directory editor has checked and published it.

A place (Location) can be shared by several listings, as imports share one hall between services.
Changing a shared place changes it for all of them, so only directory editors may, and every listing
that uses it is moved on, audited and refreshed for search. Providers are refused (SharedLocation):
their change would reach listings outside their organisation, or published ones, without review.
"""

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, time
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from linkwell.accounts.models import Organisation, User
from linkwell.accounts.permissions import has_permission
from linkwell.accounts.roles import Permission
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.directory.access import may_change_location, other_services_at
from linkwell.directory.indexing import refresh_search_fields
from linkwell.directory.models import (
    PUBLICATION_TRANSITIONS,
    Accessibility,
    Address,
    Attribute,
    CostOption,
    LinkEntity,
    Location,
    LocationType,
    Organization,
    PublicationState,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStateChange,
)
from linkwell.directory.taxonomy import TAXONOMY_ID

# The link type the importer and search use for a listing's categories.
CATEGORY_LINK_TYPE = "category"
HELD_FOR_REVIEW = "Changed by a provider: waiting for a directory editor to check and publish it"
CAPACITY_FIELDS = {"capacity_status", "capacity_available", "capacity_maximum"}
# A provider saying "we are full" or "this is still right" must not take the listing out of search.
NO_REVIEW_NEEDED = CAPACITY_FIELDS | {"capacity_updated_at", "verified_at"}
SHARED_LOCATION_REFUSED = (
    "Only a directory editor can change this place, because other listings use it too. "
    "To change it for this listing only, remove it and add it again."
)
# RRULE parts the times form does not show; a rule written through the form replaces them.
UNSHOWN_RULE_FIELDS = ("bymonthday", "until", "count")


@dataclass(frozen=True)
class ServiceDetails:
    """The listing's own fields an editor fills in; names match Service's columns."""

    name: str
    description: str
    url: str
    email: str
    status: str
    minimum_age: int | None
    maximum_age: int | None
    referral_method: str
    referral_email: str
    referral_phone: str
    referral_notes: str
    capacity_status: str
    capacity_available: int | None
    capacity_maximum: int | None
    review_due: date | None


@dataclass(frozen=True)
class LocationDetails:
    location_type: LocationType
    name: str
    address_1: str
    city: str
    county: str
    postcode: str
    latitude: float | None
    longitude: float | None
    wheelchair_accessible: bool
    accessibility_notes: str


@dataclass(frozen=True)
class ScheduleDetails:
    freq: str
    interval: int
    byday: str
    opens_at: time
    closes_at: time
    valid_from: date | None
    valid_to: date | None
    notes: str


@dataclass(frozen=True)
class CostDetails:
    option: str
    amount: Decimal | None
    amount_description: str


class IllegalTransition(ValueError):
    """The listing's publication state cannot move that way (see PUBLICATION_TRANSITIONS)."""


class SharedLocation(PermissionDenied):
    """A provider tried to change a place that other listings use too."""


def physical_address(location: Location) -> Address | None:
    # Imports may give a place a postal address as well; the editor pages show and change the physical one.
    return location.addresses.filter(address_type=LocationType.PHYSICAL).order_by("pk").first()


def location_details(location: Location) -> LocationDetails:
    """The place as it is now, in the shape the location form fills in."""
    address = physical_address(location)
    notes = location.accessibility.order_by("pk").values_list("description", flat=True)
    return LocationDetails(
        location_type=LocationType(location.location_type),
        name=location.name,
        address_1=address.address_1 if address else "",
        city=address.city if address else "",
        county=address.state_province if address else "",
        postcode=address.postal_code if address else "",
        latitude=location.latitude,
        longitude=location.longitude,
        wheelchair_accessible=location.wheelchair_accessible,
        accessibility_notes="\n".join(note for note in notes if note),
    )


def _organization_for(
    *, organization: Organization | None, new_organization_name: str, managed_by: Organisation | None, by: User
) -> Organization:
    if organization is not None:
        return organization
    if not new_organization_name:
        raise ValueError("A listing needs an organisation: choose one or give a new one's name.")
    created = Organization.objects.create(name=new_organization_name, managed_by=managed_by)
    record(
        by=by,
        action=AuditAction.ORGANIZATION_SAVED,
        obj=created,
        detail={"name": created.name, "created": True, "managed_by": managed_by.slug if managed_by else ""},
    )
    return created


def _set_categories(service: Service, category_ids: Sequence[str]) -> bool:
    """Make the listing's Linkwell categories exactly these; other taxonomies' links (from imports) stay."""
    current = set(
        Attribute.objects.filter(
            link_entity=LinkEntity.SERVICE, link_id=service.pk, taxonomy_term__taxonomy_id=TAXONOMY_ID
        ).values_list("taxonomy_term_id", flat=True)
    )
    wanted = {uuid.UUID(str(term_id)) for term_id in category_ids}
    if current == wanted:
        return False
    Attribute.objects.filter(
        link_entity=LinkEntity.SERVICE, link_id=service.pk, taxonomy_term_id__in=current - wanted
    ).delete()
    Attribute.objects.bulk_create(
        Attribute(
            link_entity=LinkEntity.SERVICE, link_id=service.pk, link_type=CATEGORY_LINK_TYPE, taxonomy_term_id=term_id
        )
        for term_id in sorted(wanted - current)
    )
    return True


def _log_state_change(service: Service, *, from_state: str, to_state: str, by: User, reason: str) -> None:
    ServiceStateChange.objects.create(
        service=service, from_state=from_state, to_state=to_state, by_id=by.pk, reason=reason
    )
    record(
        by=by,
        action=AuditAction.SERVICE_STATE_CHANGED,
        obj=service,
        detail={"from": from_state, "to": to_state, "reason": reason},
    )


def _hold_for_review(service: Service, *, by: User) -> bool:
    """A provider's change to a live listing takes it back to draft until an editor checks it."""
    if service.state != PublicationState.PUBLISHED or has_permission(by, Permission.EDIT_DIRECTORY):
        return False
    service.state = PublicationState.DRAFT
    Service.objects.filter(pk=service.pk).update(state=service.state)
    _log_state_change(
        service, from_state=PublicationState.PUBLISHED, to_state=PublicationState.DRAFT, by=by, reason=HELD_FOR_REVIEW
    )
    return True


def _parts_changed(service: Service, *, by: User, detail: dict[str, object]) -> None:
    service.last_modified = timezone.now()
    Service.objects.filter(pk=service.pk).update(last_modified=service.last_modified)
    held = _hold_for_review(service, by=by)
    record(by=by, action=AuditAction.SERVICE_UPDATED, obj=service, detail={**detail, "held_for_review": held})
    refresh_search_fields(service)


@transaction.atomic
def create_service(
    *,
    details: ServiceDetails,
    organization: Organization | None,
    new_organization_name: str = "",
    managed_by: Organisation | None,
    category_ids: Sequence[str],
    checked: bool,
    by: User,
) -> Service:
    """A new listing always starts as a draft; publishing is a separate, moderated step."""
    organization = _organization_for(
        organization=organization, new_organization_name=new_organization_name, managed_by=managed_by, by=by
    )
    now = timezone.now()
    service = Service.objects.create(
        organization=organization,
        managed_by=managed_by,
        state=PublicationState.DRAFT,
        last_modified=now,
        verified_at=now if checked else None,
        capacity_updated_at=now,
        **asdict(details),
    )
    ServiceStateChange.objects.create(
        service=service, from_state="", to_state=PublicationState.DRAFT, by_id=by.pk, reason="Created"
    )
    _set_categories(service, category_ids)
    record(
        by=by,
        action=AuditAction.SERVICE_CREATED,
        obj=service,
        detail={
            "name": service.name,
            "organization": organization.name,
            "managed_by": managed_by.slug if managed_by else "",
            "categories": len(category_ids),
            "checked": checked,
        },
    )
    refresh_search_fields(service)
    return service


@transaction.atomic
def update_service(
    *,
    service: Service,
    details: ServiceDetails,
    organization: Organization | None,
    new_organization_name: str = "",
    managed_by: Organisation | None,
    category_ids: Sequence[str],
    checked: bool,
    by: User,
) -> list[str]:
    """Apply the edit form; returns the names of the fields that changed (none: nothing is written)."""
    organization = _organization_for(
        organization=organization, new_organization_name=new_organization_name, managed_by=managed_by, by=by
    )
    changed = [name for name, value in asdict(details).items() if getattr(service, name) != value]
    for name in changed:
        setattr(service, name, getattr(details, name))
    if organization.pk != service.organization_id:
        service.organization = organization
        changed.append("organization")
    if (managed_by.pk if managed_by else None) != service.managed_by_id:
        service.managed_by = managed_by
        changed.append("managed_by")
    now = timezone.now()
    if CAPACITY_FIELDS.intersection(changed):
        service.capacity_updated_at = now
        changed.append("capacity_updated_at")
    if checked:
        service.verified_at = now
        changed.append("verified_at")
    categories_changed = _set_categories(service, category_ids)
    if not changed and not categories_changed:
        return []
    service.last_modified = now
    service.save(update_fields=[*changed, "last_modified"])
    if categories_changed:
        changed.append("categories")
    held = bool(set(changed) - NO_REVIEW_NEEDED) and _hold_for_review(service, by=by)
    record(
        by=by,
        action=AuditAction.SERVICE_UPDATED,
        obj=service,
        detail={"changed": changed, "held_for_review": held},
    )
    refresh_search_fields(service)
    return changed


@transaction.atomic
def change_state(*, service: Service, to_state: PublicationState, by: User, reason: str = "") -> None:
    # Lock and re-read the row, so two editors pressing buttons at once cannot both move it from the same state.
    current = Service.objects.select_for_update().only("state").get(pk=service.pk).state
    if to_state not in PUBLICATION_TRANSITIONS[current]:
        raise IllegalTransition(
            f"A listing that is {PublicationState(current).label.lower()} cannot be made "
            f"{PublicationState(to_state).label.lower()}."
        )
    if to_state == PublicationState.PUBLISHED and not has_permission(by, Permission.EDIT_DIRECTORY):
        raise PermissionDenied("Only directory editors may publish listings.")
    service.state = to_state
    service.last_modified = timezone.now()
    service.save(update_fields=["state", "last_modified"])
    _log_state_change(service, from_state=current, to_state=to_state, by=by, reason=reason)
    refresh_search_fields(service)


@transaction.atomic
def add_location(*, service: Service, details: LocationDetails, by: User) -> Location:
    physical = details.location_type == LocationType.PHYSICAL
    location = Location.objects.create(
        location_type=details.location_type,
        organization=service.organization,
        name=details.name,
        latitude=details.latitude,
        longitude=details.longitude,
        wheelchair_accessible=physical and details.wheelchair_accessible,
    )
    if physical:
        Address.objects.create(
            location=location,
            address_1=details.address_1,
            city=details.city,
            state_province=details.county,
            postal_code=details.postcode,
            address_type=LocationType.PHYSICAL,
        )
    if details.accessibility_notes:
        Accessibility.objects.create(location=location, description=details.accessibility_notes)
    ServiceAtLocation.objects.create(service=service, location=location)
    _parts_changed(
        service,
        by=by,
        detail={
            "added": "location",
            "location": str(location.pk),
            "location_type": details.location_type.value,
            "postcode": details.postcode,
        },
    )
    return location


@transaction.atomic
def remove_location(*, service: Service, location: Location, by: User) -> None:
    ServiceAtLocation.objects.filter(service=service, location=location).delete()
    # Imported locations can be shared between services; only an orphaned one goes.
    if not location.service_at_locations.exists():
        location.delete()
    _parts_changed(service, by=by, detail={"removed": "location", "location": str(location.pk)})


@transaction.atomic
def add_schedule(*, service: Service, details: ScheduleDetails, by: User) -> Schedule:
    schedule = Schedule.objects.create(
        service=service,
        freq=details.freq,
        interval=details.interval,
        byday=details.byday,
        opens_at=details.opens_at,
        closes_at=details.closes_at,
        valid_from=details.valid_from,
        valid_to=details.valid_to,
        # RRULE counts every-other-week from its start; the first valid day is that start.
        dtstart=details.valid_from,
        notes=details.notes,
    )
    _parts_changed(
        service,
        by=by,
        detail={"added": "schedule", "schedule": str(schedule.pk), "byday": schedule.byday, "freq": schedule.freq},
    )
    return schedule


@transaction.atomic
def remove_schedule(*, service: Service, schedule: Schedule, by: User) -> None:
    schedule_id = str(schedule.pk)
    schedule.delete()
    _parts_changed(service, by=by, detail={"removed": "schedule", "schedule": schedule_id})


@transaction.atomic
def add_cost_option(*, service: Service, details: CostDetails, by: User) -> CostOption:
    cost_option = CostOption.objects.create(
        service=service,
        option=details.option,
        amount=details.amount,
        amount_description=details.amount_description,
    )
    _parts_changed(
        service,
        by=by,
        detail={
            "added": "cost_option",
            "cost_option": str(cost_option.pk),
            "amount": str(details.amount) if details.amount is not None else "",
        },
    )
    return cost_option


@transaction.atomic
def remove_cost_option(*, service: Service, cost_option: CostOption, by: User) -> None:
    cost_option_id = str(cost_option.pk)
    cost_option.delete()
    _parts_changed(service, by=by, detail={"removed": "cost_option", "cost_option": cost_option_id})


def _set_accessibility_notes(location: Location, text: str) -> None:
    notes = list(location.accessibility.order_by("pk"))
    if len(notes) == 1 and text:
        # Keep an imported note's details and link; only its description is shown and changed here.
        notes[0].description = text
        notes[0].save(update_fields=["description"])
        return
    location.accessibility.all().delete()
    if text:
        Accessibility.objects.create(location=location, description=text)


def _set_physical_address(location: Location, details: LocationDetails) -> None:
    if details.location_type != LocationType.PHYSICAL:
        # Online or by phone only: nowhere to go, so no street address.
        location.addresses.filter(address_type=LocationType.PHYSICAL).delete()
        return
    address = physical_address(location) or Address(location=location, address_type=LocationType.PHYSICAL)
    address.address_1 = details.address_1
    address.city = details.city
    address.state_province = details.county
    address.postal_code = details.postcode
    address.save()


@transaction.atomic
def update_location(*, service: Service, location: Location, details: LocationDetails, by: User) -> list[str]:
    """Apply the change-location form; returns the names of the fields that changed (none: nothing is written).

    A shared place changes for every listing that uses it: only directory editors may, and each of those
    listings is moved on, audited and refreshed too.
    """
    if not may_change_location(by, service, location):
        raise SharedLocation(SHARED_LOCATION_REFUSED)
    sharing = list(other_services_at(location, besides=service))
    current = location_details(location)
    if (
        details.location_type == current.location_type
        and details.postcode == current.postcode
        and current.latitude is not None
    ):
        # The postcode's centre is only a fallback: keep coordinates that an import placed more exactly.
        details = replace(details, latitude=current.latitude, longitude=current.longitude)
    changed = [name for name, value in asdict(details).items() if getattr(current, name) != value]
    if not changed:
        return []
    physical = details.location_type == LocationType.PHYSICAL
    location.location_type = details.location_type
    location.name = details.name
    location.latitude = details.latitude
    location.longitude = details.longitude
    location.wheelchair_accessible = physical and details.wheelchair_accessible
    location.save(update_fields=["location_type", "name", "latitude", "longitude", "wheelchair_accessible"])
    if {"location_type", "address_1", "city", "county", "postcode"}.intersection(changed):
        _set_physical_address(location, details)
    if "accessibility_notes" in changed:
        _set_accessibility_notes(location, details.accessibility_notes)
    detail = {"updated": "location", "location": str(location.pk), "changed": changed}
    _parts_changed(service, by=by, detail={**detail, "also_changed": [str(other.pk) for other in sharing]})
    for other in sharing:
        _parts_changed(other, by=by, detail={**detail, "changed_through": str(service.pk)})
    return changed


@transaction.atomic
def update_schedule(*, service: Service, schedule: Schedule, details: ScheduleDetails, by: User) -> list[str]:
    """Apply the change-times form; returns the names of the fields that changed (none: nothing is written)."""
    changed = [name for name, value in asdict(details).items() if getattr(schedule, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(schedule, name, getattr(details, name))
    written = list(changed)
    if "valid_from" in changed:
        # As when adding: every-other-week counts from the first valid day.
        schedule.dtstart = details.valid_from
        written.append("dtstart")
    if {"freq", "interval", "byday"}.intersection(changed):
        for name in UNSHOWN_RULE_FIELDS:
            if getattr(schedule, name) not in (None, ""):
                setattr(schedule, name, "" if name == "bymonthday" else None)
                changed.append(name)
                written.append(name)
    schedule.save(update_fields=written)
    _parts_changed(service, by=by, detail={"updated": "schedule", "schedule": str(schedule.pk), "changed": changed})
    return changed


@transaction.atomic
def update_cost_option(*, service: Service, cost_option: CostOption, details: CostDetails, by: User) -> list[str]:
    """Apply the change-cost form; returns the names of the fields that changed (none: nothing is written)."""
    changed = [name for name, value in asdict(details).items() if getattr(cost_option, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(cost_option, name, getattr(details, name))
    cost_option.save(update_fields=changed)
    _parts_changed(
        service,
        by=by,
        detail={
            "updated": "cost_option",
            "cost_option": str(cost_option.pk),
            "changed": changed,
            "amount": str(details.amount) if details.amount is not None else "",
        },
    )
    return changed

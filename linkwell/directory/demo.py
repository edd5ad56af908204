"""Loads the demo directory: about 150 fictional community services across Essex.

Safe to run any number of times. Every row has a fixed id (uuid5 of its slug), organisations and
locations are upserted, and a service and its parts are rewritten only when its demo record has
changed since it was last loaded (its fingerprint is kept in Service.import_fingerprint), so a second
run writes no service rows and keeps any edits made through the app to unchanged listings.
"""

import hashlib
import uuid
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from django.db import models, transaction
from django.utils import timezone

from linkwell.accounts.models import Organisation
from linkwell.directory.demo_services import (
    LOCATIONS,
    ORGANIZATIONS,
    PROVIDER_ORGANISATION,
    DemoLocation,
    DemoOrganization,
    DemoService,
    demo_id,
)
from linkwell.directory.demo_services_more import ACTIVITY_SERVICES
from linkwell.directory.demo_services_support import SUPPORT_SERVICES
from linkwell.directory.indexing import refresh_search_fields
from linkwell.directory.models import (
    Accessibility,
    Address,
    Attribute,
    CapacityStatus,
    Contact,
    CostOption,
    Funding,
    Language,
    LinkEntity,
    Location,
    LocationType,
    Organization,
    OrganizationIdentifier,
    Phone,
    Postcode,
    ReferralMethod,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from linkwell.directory.taxonomy import CATEGORIES, ensure_linkwell_taxonomy, term_id

SERVICES: list[DemoService] = [*ACTIVITY_SERVICES, *SUPPORT_SERVICES]

LANGUAGE_NAMES = {
    "en": "English",
    "ar": "Arabic",
    "bfi": "British Sign Language",
    "bn": "Bengali",
    "fa": "Persian (Farsi)",
    "pl": "Polish",
    "ro": "Romanian",
    "uk": "Ukrainian",
}

# Listings were last checked at this time of day, some days before the first load.
VERIFIED_AT = time(10, 0)

M = TypeVar("M", bound=models.Model)


def category_ids() -> dict[str, uuid.UUID]:
    """Every category name (sub-category names are unique) to its fixed term id."""
    ids: dict[str, uuid.UUID] = {}
    for name, _, children in CATEGORIES:
        ids[name] = term_id(name)
        for child_name, _ in children:
            ids[child_name] = term_id(child_name, name)
    return ids


def _upsert(model: type[M], rows: Sequence[M], fields: list[str] | None = None) -> None:
    """Insert the rows, or update them in place by id (every column, or only `fields`)."""
    fields = fields or [field.name for field in model._meta.concrete_fields if not field.primary_key]
    model._default_manager.bulk_create(rows, update_conflicts=True, unique_fields=["id"], update_fields=fields)


def _sync(model: type[M], rows: Sequence[M], scope: "models.QuerySet[M]") -> None:
    """Make `scope` hold exactly `rows`: upsert them by id and delete the rest."""
    scope.exclude(pk__in=[row.pk for row in rows]).delete()
    _upsert(model, rows)


def _load_organizations(provider: Organisation | None) -> None:
    rows = [
        Organization(
            id=demo_id("organization", spec.slug),
            name=spec.name,
            description=spec.description,
            email=spec.email,
            website=spec.website,
            legal_status=spec.legal_status,
            parent_organization_id=demo_id("organization", spec.parent) if spec.parent else None,
            managed_by=provider if spec.managed_by == PROVIDER_ORGANISATION else None,
        )
        for spec in ORGANIZATIONS
    ]
    # last_modified stays as first loaded: nothing about an unchanged organisation should move.
    _upsert(
        Organization,
        rows,
        ["name", "description", "email", "website", "legal_status", "parent_organization", "managed_by"],
    )
    ids = [row.pk for row in rows]
    _sync(
        OrganizationIdentifier,
        [
            OrganizationIdentifier(
                id=demo_id("organization-identifier", spec.slug),
                organization_id=demo_id("organization", spec.slug),
                identifier_scheme="GB-CHC",
                identifier_type="Charity number",
                identifier=spec.charity_number,
            )
            for spec in ORGANIZATIONS
            if spec.charity_number
        ],
        OrganizationIdentifier.objects.filter(organization_id__in=ids),
    )
    _sync(
        Phone,
        [
            Phone(
                id=demo_id("organization-phone", spec.slug),
                organization_id=demo_id("organization", spec.slug),
                number=spec.phone,
                type="voice",
            )
            for spec in ORGANIZATIONS
        ],
        Phone.objects.filter(organization_id__in=ids),
    )
    _sync(
        Funding,
        [
            Funding(
                id=demo_id("organization-funding", f"{spec.slug}/{index}"),
                organization_id=demo_id("organization", spec.slug),
                source=source,
            )
            for spec in ORGANIZATIONS
            for index, source in enumerate(spec.funding)
        ],
        Funding.objects.filter(organization_id__in=ids),
    )


def _load_locations() -> None:
    rows = [
        Location(
            id=demo_id("location", spec.slug),
            location_type=LocationType.VIRTUAL if spec.virtual else LocationType.PHYSICAL,
            url=spec.url,
            name=spec.name,
            description=spec.description,
            transportation=spec.transport,
            latitude=spec.latitude,
            longitude=spec.longitude,
            wheelchair_accessible=spec.access.wheelchair_accessible,
        )
        for spec in LOCATIONS
    ]
    _upsert(Location, rows)
    ids = [row.pk for row in rows]
    _sync(
        Address,
        [
            Address(
                id=demo_id("address", spec.slug),
                location_id=demo_id("location", spec.slug),
                address_1=spec.address,
                city=spec.city,
                state_province="Essex",
                postal_code=spec.postcode,
                country="GB",
            )
            for spec in LOCATIONS
            if not spec.virtual
        ],
        Address.objects.filter(location_id__in=ids),
    )
    _sync(
        Accessibility,
        [
            Accessibility(
                id=demo_id("accessibility", f"{spec.slug}/{index}"),
                location_id=demo_id("location", spec.slug),
                description=note,
            )
            for spec in LOCATIONS
            for index, note in enumerate(spec.access.notes)
        ],
        Accessibility.objects.filter(location_id__in=ids),
    )
    # The demo has no ONS postcode file, so a venue's postcode would only resolve to its district
    # centre, kilometres off in large districts: someone searching from the venue's own postcode
    # would not find it. Register each demo venue's postcode at the venue.
    venues = {
        spec.postcode: Postcode(postcode=spec.postcode, latitude=spec.latitude, longitude=spec.longitude)
        for spec in LOCATIONS
        if not spec.virtual and spec.latitude is not None and spec.longitude is not None
    }
    Postcode.objects.bulk_create(
        venues.values(), update_conflicts=True, unique_fields=["postcode"], update_fields=["latitude", "longitude"]
    )


def _verified_on(spec: DemoService, today: date) -> date:
    # Without an explicit age, spread the checks over the past year in a way that is stable per slug.
    days = spec.verified_days_ago
    if days is None:
        days = 7 + int(hashlib.sha256(spec.slug.encode()).hexdigest()[:8], 16) % 330
    return today - timedelta(days=days)


def _fees(spec: DemoService) -> str:
    if not spec.costs:
        return "Free"
    return "; ".join(cost.description or f"£{cost.amount} {cost.option.lower()}" for cost in spec.costs)


def _service_row(
    spec: DemoService,
    organization: DemoOrganization,
    locations: list[DemoLocation],
    provider: Organisation | None,
    today: date,
) -> Service:
    verified = _verified_on(spec, today)
    verified_at = timezone.make_aware(datetime.combine(verified, VERIFIED_AT))
    managed_by = provider if organization.managed_by == PROVIDER_ORGANISATION else None
    fingerprint = hashlib.sha256(
        repr((spec, organization, locations, managed_by.pk if managed_by else None)).encode()
    ).hexdigest()
    return Service(
        id=demo_id("service", spec.slug),
        organization_id=demo_id("organization", organization.slug),
        name=spec.name,
        description=spec.description,
        url=f"{organization.website}/{spec.slug}",
        email=organization.email,
        status=spec.status,
        interpretation_services=spec.interpretation,
        application_process=spec.first_visit,
        fees_description=_fees(spec),
        eligibility_description=spec.eligibility,
        minimum_age=spec.minimum_age,
        maximum_age=spec.maximum_age,
        assured_date=verified,
        alert=spec.alert,
        last_modified=verified_at,
        state=spec.state,
        referral_method=spec.referral,
        referral_email=f"referrals@{organization.slug}.example.org" if spec.referral == ReferralMethod.EMAIL else "",
        referral_phone=(spec.phone or organization.phone) if spec.referral == ReferralMethod.PHONE else "",
        referral_notes=spec.referral_notes,
        capacity_status=spec.capacity.status if spec.capacity else CapacityStatus.OPEN,
        capacity_available=spec.capacity.available if spec.capacity else None,
        capacity_maximum=spec.capacity.maximum if spec.capacity else None,
        capacity_updated_at=verified_at if spec.capacity else None,
        verified_at=verified_at,
        review_due=verified + timedelta(days=round(spec.review_months * 365 / 12)),
        managed_by=managed_by,
        import_fingerprint=fingerprint,
    )


# The service columns the loader owns; the derived search columns belong to directory.indexing.
SERVICE_FIELDS = [
    "organization",
    "name",
    "description",
    "url",
    "email",
    "status",
    "interpretation_services",
    "application_process",
    "fees_description",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "alert",
    "last_modified",
    "state",
    "referral_method",
    "referral_email",
    "referral_phone",
    "referral_notes",
    "capacity_status",
    "capacity_available",
    "capacity_maximum",
    "capacity_updated_at",
    "verified_at",
    "review_due",
    "managed_by",
    "import_fingerprint",
]


def _load_services(provider: Organisation | None) -> list[Service]:
    """Write the services whose demo record changed; returns them."""
    organizations = {spec.slug: spec for spec in ORGANIZATIONS}
    locations = {spec.slug: spec for spec in LOCATIONS}
    categories = category_ids()
    today = timezone.localdate()
    rows = {
        spec.slug: _service_row(
            spec,
            organizations[spec.organization],
            [locations[slug] for slug in spec.locations],
            provider,
            today,
        )
        for spec in SERVICES
    }
    stored = dict(
        Service.objects.filter(pk__in=[row.pk for row in rows.values()]).values_list("pk", "import_fingerprint")
    )
    changed = [spec for spec in SERVICES if stored.get(rows[spec.slug].pk) != rows[spec.slug].import_fingerprint]
    if not changed:
        return []
    services = [rows[spec.slug] for spec in changed]
    _upsert(Service, services, SERVICE_FIELDS)
    ids = [service.pk for service in services]

    links, schedules, costs, languages, phones, contacts, areas, attributes = [], [], [], [], [], [], [], []
    for spec in changed:
        service_id = demo_id("service", spec.slug)
        organization = organizations[spec.organization]
        for slug in spec.locations:
            links.append(
                ServiceAtLocation(
                    id=demo_id("service-at-location", f"{spec.slug}/{slug}"),
                    service_id=service_id,
                    location_id=demo_id("location", slug),
                )
            )
        for index, schedule in enumerate(spec.schedules):
            schedules.append(
                Schedule(
                    id=demo_id("schedule", f"{spec.slug}/{index}"),
                    service_id=service_id,
                    freq=schedule.freq,
                    interval=schedule.interval,
                    byday=schedule.byday,
                    opens_at=schedule.opens_at,
                    closes_at=schedule.closes_at,
                    dtstart=schedule.dtstart,
                    notes=schedule.notes,
                )
            )
        for index, cost in enumerate(spec.costs):
            costs.append(
                CostOption(
                    id=demo_id("cost-option", f"{spec.slug}/{index}"),
                    service_id=service_id,
                    option=cost.option,
                    amount=cost.amount,
                    amount_description=cost.description,
                )
            )
        for code in spec.languages:
            languages.append(
                Language(
                    id=demo_id("language", f"{spec.slug}/{code}"),
                    service_id=service_id,
                    name=LANGUAGE_NAMES[code],
                    code=code,
                )
            )
        phones.append(
            Phone(
                id=demo_id("service-phone", spec.slug),
                service_id=service_id,
                number=spec.phone or organization.phone,
                type="voice",
            )
        )
        if spec.contact:
            name, title = spec.contact
            contacts.append(
                Contact(
                    id=demo_id("contact", spec.slug),
                    service_id=service_id,
                    name=name,
                    title=title,
                    email=f"{name.lower().replace(' ', '.')}@{organization.slug}.example.org",
                )
            )
        physical = [locations[slug] for slug in spec.locations if not locations[slug].virtual]
        areas.append(
            ServiceArea(
                id=demo_id("service-area", spec.slug),
                service_id=service_id,
                name=spec.area or (physical[0].city if physical else "Essex"),
            )
        )
        for category in spec.categories:
            attributes.append(
                Attribute(
                    id=demo_id("attribute", f"{spec.slug}/{category}"),
                    link_entity=LinkEntity.SERVICE,
                    link_id=service_id,
                    link_type="category",
                    taxonomy_term_id=categories[category],
                )
            )
    _sync(ServiceAtLocation, links, ServiceAtLocation.objects.filter(service_id__in=ids))
    _sync(Schedule, schedules, Schedule.objects.filter(service_id__in=ids))
    _sync(CostOption, costs, CostOption.objects.filter(service_id__in=ids))
    _sync(Language, languages, Language.objects.filter(service_id__in=ids))
    _sync(Phone, phones, Phone.objects.filter(service_id__in=ids))
    _sync(Contact, contacts, Contact.objects.filter(service_id__in=ids))
    _sync(ServiceArea, areas, ServiceArea.objects.filter(service_id__in=ids))
    _sync(Attribute, attributes, Attribute.objects.filter(link_entity=LinkEntity.SERVICE, link_id__in=ids))
    return services


def load_directory() -> int:
    """Load the demo directory; returns how many services it holds.

    Run after accounts.demo.load_accounts(): the Chelmsford Walking Friends listings are managed by
    the accounts organisation of that name, and are left unmanaged if it does not exist.
    """
    ensure_linkwell_taxonomy()
    with transaction.atomic():
        provider = Organisation.objects.filter(slug=PROVIDER_ORGANISATION).first()
        _load_organizations(provider)
        _load_locations()
        for service in _load_services(provider):
            refresh_search_fields(service)
    return len(SERVICES)

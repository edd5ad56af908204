"""The community directory, mirroring Open Referral UK 3.0 (the UK profile of HSDS 3.0).

We store the HSDS 3.0 superset (field names as the standard spells them, UUID ids kept from imports)
and emit the UK profile on /oruk. Linkwell's own additions are marked LOCAL and never leave through
the standard fields.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone

from linkwell.accounts.models import Organisation


class Organization(models.Model):
    """An ORUK organization: whoever delivers services (a charity, a club, a council team)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=300)
    alternate_name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    email = models.EmailField(max_length=254, blank=True)
    website = models.URLField(max_length=500, blank=True)
    logo = models.URLField(max_length=500, blank=True)
    uri = models.URLField(max_length=500, blank=True)
    legal_status = models.CharField(max_length=200, blank=True)
    parent_organization = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="child_organizations"
    )
    # LOCAL: the Linkwell organisation whose provider users may edit this organization's listings.
    managed_by = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="directory_organizations"
    )
    last_modified = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganizationIdentifier(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="organization_identifiers")
    identifier_scheme = models.CharField(max_length=50, blank=True, help_text="From org-id.guide, e.g. GB-CHC")
    identifier_type = models.CharField(max_length=200)
    identifier = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"{self.identifier_type} {self.identifier}"


class ServiceStatus(models.TextChoices):
    """HSDS service.status (note the space in "temporarily closed", as the standard spells it)."""

    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class PublicationState(models.TextChoices):
    """LOCAL: whether a listing is visible. Only published services appear in search and on /oruk."""

    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


PUBLICATION_TRANSITIONS: dict[str, set[str]] = {
    PublicationState.DRAFT: {PublicationState.PUBLISHED, PublicationState.ARCHIVED},
    PublicationState.PUBLISHED: {PublicationState.DRAFT, PublicationState.ARCHIVED},
    PublicationState.ARCHIVED: {PublicationState.DRAFT, PublicationState.PUBLISHED},
}


class ReferralMethod(models.TextChoices):
    """LOCAL: how people are referred to the service."""

    LINKWELL = "linkwell", "Refer through Linkwell"
    EMAIL = "email", "Refer by email"
    PHONE = "phone", "Refer by phone"
    SIGNPOST = "signpost", "No referral needed: people can just go along"


class CapacityStatus(models.TextChoices):
    """LOCAL: whether the service can take people now (after HSDS 3.1 service_capacity)."""

    OPEN = "open", "Taking new people"
    WAITLIST = "waitlist", "Waiting list"
    FULL = "full", "Full: not taking new people"


class Service(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=300)
    alternate_name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    status = models.CharField(max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    interpretation_services = models.TextField(blank=True)
    application_process = models.TextField(blank=True)
    fees_description = models.TextField(blank=True)
    fees = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    eligibility_description = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.EmailField(max_length=254, blank=True)
    alert = models.TextField(blank=True)
    # Any change to the service or anything under it moves this on (actions set it; ms precision on output).
    last_modified = models.DateTimeField(default=timezone.now, db_index=True)

    # LOCAL: publication, referral route, capacity, verification and who manages the listing.
    state = models.CharField(max_length=10, choices=PublicationState.choices, default=PublicationState.DRAFT)
    referral_method = models.CharField(max_length=10, choices=ReferralMethod.choices, default=ReferralMethod.SIGNPOST)
    referral_email = models.EmailField(max_length=254, blank=True)
    referral_phone = models.CharField(max_length=40, blank=True)
    referral_notes = models.TextField(blank=True)
    capacity_status = models.CharField(max_length=10, choices=CapacityStatus.choices, default=CapacityStatus.OPEN)
    capacity_available = models.PositiveIntegerField(null=True, blank=True)
    capacity_maximum = models.PositiveIntegerField(null=True, blank=True)
    capacity_updated_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)
    managed_by = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="directory_services"
    )

    # LOCAL, derived: kept in step by directory.indexing.refresh_search_fields(); never edited directly.
    search_document = models.TextField(blank=True)
    is_free = models.BooleanField(default=True)
    in_person = models.BooleanField(default=False)
    online = models.BooleanField(default=False)
    wheelchair_accessible = models.BooleanField(default=False)
    day_mask = models.PositiveSmallIntegerField(default=0, help_text="Bit 0 Monday … bit 6 Sunday")
    period_mask = models.PositiveSmallIntegerField(default=0, help_text="1 morning, 2 afternoon, 4 evening")
    # LOCAL: hash of the record as last imported, so re-importing an unchanged record changes nothing.
    import_fingerprint = models.CharField(max_length=64, blank=True)
    # SQLite only: the row of this service in the FTS5 table (see directory.fulltext).
    search_rowid = models.BigIntegerField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["state", "name"], name="service_state_name"),
            models.Index(fields=["state", "is_free", "wheelchair_accessible"], name="service_state_flags"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=PublicationState.values), name="service_state_valid"),
            models.CheckConstraint(condition=Q(status__in=ServiceStatus.values), name="service_status_valid"),
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(capacity_available__isnull=True)
                | Q(capacity_maximum__isnull=True)
                | Q(capacity_available__lte=models.F("capacity_maximum")),
                name="service_capacity_within_maximum",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceStateChange(models.Model):
    """The transition log of a listing's publication state."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(max_length=10, choices=PublicationState.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=PublicationState.choices)
    at = models.DateTimeField(default=timezone.now)
    by_id = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]


class LocationType(models.TextChoices):
    PHYSICAL = "physical", "Physical"
    POSTAL = "postal", "Postal"
    VIRTUAL = "virtual", "Virtual (online or by phone)"


class Location(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location_type = models.CharField(max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL)
    url = models.URLField(max_length=500, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="locations"
    )
    name = models.CharField(max_length=300, blank=True)
    alternate_name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    transportation = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=50, blank=True)
    # LOCAL: a structured answer to the question people filter on most.
    wheelchair_accessible = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"], name="location_lat_lon")]
        constraints = [
            models.CheckConstraint(condition=Q(location_type__in=LocationType.values), name="location_type_valid"),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__gte=-90) & Q(latitude__lte=90) & Q(longitude__gte=-180) & Q(longitude__lte=180)),
                name="location_coordinates_paired_and_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.id)


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="service_at_location_unique")]


class Address(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=200, blank=True)
    address_1 = models.CharField(max_length=300)
    address_2 = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=100)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(max_length=100, help_text="Required by HSDS: the county, e.g. Essex")
    postal_code = models.CharField(max_length=10)
    country = models.CharField(max_length=2, default="GB")
    address_type = models.CharField(max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL)

    class Meta:
        verbose_name_plural = "addresses"


class Contact(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    email = models.EmailField(max_length=254, blank=True)


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(max_length=40)
    extension = models.CharField(max_length=10, blank=True)
    type = models.CharField(max_length=20, blank=True)
    description = models.CharField(max_length=300, blank=True)


class Weekday(models.TextChoices):
    MO = "MO", "Monday"
    TU = "TU", "Tuesday"
    WE = "WE", "Wednesday"
    TH = "TH", "Thursday"
    FR = "FR", "Friday"
    SA = "SA", "Saturday"
    SU = "SU", "Sunday"


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", "Weekly"
    MONTHLY = "MONTHLY", "Monthly"


class Schedule(models.Model):
    """When a service runs, as an RFC 5545 RRULE (freq, interval, byday, bymonthday) plus opening times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    freq = models.CharField(max_length=7, choices=Frequency.choices, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=60, blank=True, help_text="Comma-separated: MO,WE or, monthly, 1MO,-1FR")
    bymonthday = models.CharField(max_length=60, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    wkst = models.CharField(max_length=2, choices=Weekday.choices, blank=True)
    description = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    attending_type = models.CharField(max_length=200, blank=True)
    schedule_link = models.URLField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="schedule_closes_after_opens",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="schedule_valid_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(interval__isnull=True) | Q(interval__gte=1), name="schedule_interval_positive"
            ),
        ]


class CostOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(max_length=300, blank=True)
    currency = models.CharField(max_length=3, default="GBP")
    amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="cost_option_amount_not_negative"
            )
        ]


class Language(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    phone = models.ForeignKey(Phone, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=10, blank=True, help_text="ISO 639-1 or 639-3")
    note = models.CharField(max_length=300, blank=True)


class Accessibility(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)

    class Meta:
        verbose_name_plural = "accessibility"


class ServiceArea(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=20, blank=True)
    uri = models.CharField(max_length=500, blank=True)


class Funding(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="funding"
    )
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(max_length=500)


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField()
    uri = models.CharField(max_length=500, blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    code = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    term_uri = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LinkEntity(models.TextChoices):
    SERVICE = "service", "Service"
    ORGANIZATION = "organization", "Organization"
    LOCATION = "location", "Location"
    ADDRESS = "address", "Address"
    CONTACT = "contact", "Contact"
    ACCESSIBILITY = "accessibility", "Accessibility"
    ORGANIZATION_IDENTIFIER = "organization_identifier", "Organization identifier"


class Attribute(models.Model):
    """Links a taxonomy term to any entity (HSDS has no per-entity link tables)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    link_id = models.UUIDField()
    link_entity = models.CharField(max_length=30, choices=LinkEntity.choices)
    link_type = models.CharField(max_length=100, blank=True)
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes")
    value = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["link_entity", "link_id"], name="attribute_link"),
            models.Index(fields=["taxonomy_term", "link_entity", "link_id"], name="attribute_term_link"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["link_entity", "link_id", "taxonomy_term", "link_type"], name="attribute_unique"
            ),
        ]


class PostcodeDistrict(models.Model):
    """An outward code (CM1) and an approximate centroid: the fallback when a full postcode is not loaded."""

    district = models.CharField(max_length=4, primary_key=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    town = models.CharField(max_length=100, blank=True)


class Postcode(models.Model):
    """A full postcode from the ONS Postcode Directory or NSPL, in its single-space form (CM1 1AA)."""

    postcode = models.CharField(max_length=8, primary_key=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    terminated = models.BooleanField(default=False)
    # Index of Multiple Deprivation decile of the postcode's LSOA (1 most deprived), where the file gives it.
    imd_decile = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(imd_decile__isnull=True) | models.Q(imd_decile__gte=1, imd_decile__lte=10),
                name="postcode_imd_decile_range",
            )
        ]


class Place(models.Model):
    """A town or village people can type instead of a postcode, with an approximate centre."""

    name = models.CharField(max_length=100, unique=True)
    county = models.CharField(max_length=100, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

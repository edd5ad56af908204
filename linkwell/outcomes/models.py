"""What changed for the people a scheme supports: wellbeing measures answered item by item, their use of
health and care services before and after, and the needs no service could meet.

Special-category data: measures and usage are read through outcomes.access, scoped like the case they
belong to. Scores are derived in code from the item answers (outcomes.instruments) and stored beside them,
never instead of them."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone

from linkwell.accounts.models import User
from linkwell.casework.models import SHORT_NOTE_LIMIT, Case
from linkwell.directory.models import Service
from linkwell.people.models import Person
from linkwell.referrals.needs import Need


class Timepoint(models.TextChoices):
    BASELINE = "baseline", "Baseline (at the start of support)"
    REVIEW = "review", "Review (during support)"
    DISCHARGE = "discharge", "Discharge (at the end of support)"


class AnswerMode(models.TextChoices):
    SELF = "self", "Answered by the person on their own"
    ASSISTED = "assisted", "Answered with the link worker"
    PROXY = "proxy", "Answered by someone on the person's behalf"


class MeasureResponse(models.Model):
    """One completed questionnaire: every item's answer as given, and the scores derived from them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="measures")
    instrument = models.CharField(max_length=40, help_text="Registry id, e.g. ons4, ucla3, swemwbs")
    version = models.CharField(max_length=20)
    timepoint = models.CharField(max_length=10, choices=Timepoint.choices)
    completed_on = models.DateField()
    mode = models.CharField(max_length=10, choices=AnswerMode.choices)
    language = models.CharField(max_length=20, default="en")
    answers = models.JSONField(help_text="Item id → the response value as given")
    scores = models.JSONField(default=dict, help_text="Derived by outcomes.instruments from the answers")
    # Indexed for the report facts' refresh, which looks for measures recorded since its last run.
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Empty when the person answered through an emailed or texted link.
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["completed_on", "recorded_at"]
        indexes = [models.Index(fields=["instrument", "timepoint", "completed_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(timepoint__in=Timepoint.values), name="measure_timepoint_valid"),
            models.CheckConstraint(condition=Q(mode__in=AnswerMode.values), name="measure_mode_valid"),
            # Change is measured from one baseline to one discharge; reviews may be many.
            models.UniqueConstraint(
                fields=["case", "instrument", "timepoint"],
                condition=Q(timepoint__in=[Timepoint.BASELINE, Timepoint.DISCHARGE]),
                name="measure_one_baseline_and_discharge_per_instrument",
            ),
            # Only the person, answering through a link, records without a link worker.
            models.CheckConstraint(
                condition=Q(recorded_by__isnull=False) | Q(mode=AnswerMode.SELF), name="measure_unrecorded_only_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.timepoint} on {self.completed_on}"


class UsageTimepoint(models.TextChoices):
    BASELINE = "baseline", "Baseline (the 6 months before support)"
    FOLLOW_UP = "follow_up", "Follow-up (6 months later)"


class UsageSource(models.TextChoices):
    SELF_REPORTED = "self_reported", "Told us by the person"
    GP_RECORD = "gp_record", "From the GP record"
    OTHER = "other", "Another source"


USAGE_COUNT_FIELDS = (
    "gp_appointments",
    "prescriptions",
    "ae_attendances",
    "outpatient_appointments",
    "social_care_contacts",
)


class UsageRecord(models.Model):
    """A person's use of health and care services over the 6 months up to `period_end`. A count left empty
    is unknown, which is not the same as none."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="usage_records")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="usage_records")
    timepoint = models.CharField(max_length=10, choices=UsageTimepoint.choices)
    period_end = models.DateField(help_text="The counts cover the 6 months up to this date")
    source = models.CharField(max_length=15, choices=UsageSource.choices)
    gp_appointments = models.PositiveIntegerField(null=True, blank=True)
    prescriptions = models.PositiveIntegerField(null=True, blank=True)
    ae_attendances = models.PositiveIntegerField("A&E attendances", null=True, blank=True)
    outpatient_appointments = models.PositiveIntegerField(null=True, blank=True)
    social_care_contacts = models.PositiveIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Empty for rows loaded by import_usage; `import_label` then names the file.
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    import_label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["period_end"]
        constraints = [
            models.CheckConstraint(condition=Q(timepoint__in=UsageTimepoint.values), name="usage_timepoint_valid"),
            models.CheckConstraint(condition=Q(source__in=UsageSource.values), name="usage_source_valid"),
            # Loading the same extract twice replaces rather than doubles.
            models.UniqueConstraint(
                fields=["person", "timepoint", "source", "period_end"], name="usage_one_per_person_period_source"
            ),
        ]


class UnmetReason(models.TextChoices):
    NONE_EXISTS = "none_exists", "No such service exists"
    FULL = "full", "The service is full"
    TOO_FAR = "too_far", "Too far away"
    COST = "cost", "Costs too much"
    ACCESS = "access", "Not accessible to the person"
    TIMING = "timing", "Not at a time the person can go"


class UnmetNeed(models.Model):
    """A need the link worker could find no suitable service for: the evidence for a gap in provision."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="unmet_needs")
    need = models.CharField(max_length=30, choices=Need.choices)
    reason = models.CharField(max_length=15, choices=UnmetReason.choices)
    # The service that was full, too far, too costly…, when there was one.
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Copied from the person when recorded, so gap reports group by area without reading personal data.
    postcode_district = models.CharField(max_length=4, blank=True)
    note = models.CharField(max_length=SHORT_NOTE_LIMIT, blank=True, help_text="Never shown in reports")
    recorded_on = models.DateField(default=timezone.localdate)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_on", "-recorded_at"]
        indexes = [models.Index(fields=["recorded_on", "need"])]
        constraints = [
            models.CheckConstraint(condition=Q(need__in=Need.values), name="unmet_need_valid"),
            models.CheckConstraint(condition=Q(reason__in=UnmetReason.values), name="unmet_reason_valid"),
        ]


class LicensedWording(models.Model):
    """The wording of a licensed instrument (SWEMWBS), which Linkwell may not ship: each deploying
    organisation registers for it and loads it with `linkwell load_instrument` (outcomes.instrument_loading).
    The instrument's scoring lives in code; until this row exists it cannot be offered."""

    instrument = models.CharField(max_length=40, unique=True)
    version = models.CharField(max_length=20)
    preamble = models.TextField(blank=True)
    items = models.JSONField(help_text="[{id, text}] in the order they are asked")
    options = models.JSONField(help_text="[{value, label}] shared by every item")
    copyright_notice = models.TextField()
    # SHA-256 of the loaded content, so loading the same file again changes nothing.
    content_hash = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.instrument} wording, version {self.version}"


class MeasureLinkChannel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class MeasureLink(models.Model):
    """A link sent to the person so they can answer one measure themselves. The sent URL carries this row's
    id, signed (outcomes.measure_links); the row says what it is for, until when, and whether it was used."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="measure_links")
    instrument = models.CharField(max_length=40)
    timepoint = models.CharField(max_length=10, choices=Timepoint.choices)
    channel = models.CharField(max_length=5, choices=MeasureLinkChannel.choices)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    response = models.OneToOneField(
        MeasureResponse, null=True, blank=True, on_delete=models.PROTECT, related_name="link"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(timepoint__in=Timepoint.values), name="measure_link_timepoint_valid"),
            models.CheckConstraint(
                condition=Q(channel__in=MeasureLinkChannel.values), name="measure_link_channel_valid"
            ),
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="measure_link_expires"),
            # A link is used exactly when it produced an answer.
            models.CheckConstraint(
                condition=Q(used_at__isnull=True, response__isnull=True)
                | Q(used_at__isnull=False, response__isnull=False),
                name="measure_link_used_with_response",
            ),
        ]

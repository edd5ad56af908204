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
    recorded_at = models.DateTimeField(default=timezone.now)
    # Empty when the person answered through an emailed or texted link.
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["completed_on", "recorded_at"]
        indexes = [models.Index(fields=["instrument", "timepoint", "completed_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(timepoint__in=Timepoint.values), name="measure_timepoint_valid"),
            models.CheckConstraint(condition=Q(mode__in=AnswerMode.values), name="measure_mode_valid"),
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
    recorded_at = models.DateTimeField(default=timezone.now)
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

"""Referrals into a social prescribing team, with an explicit status state machine and its log."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone

from linkwell.accounts.models import Organisation, Team, User
from linkwell.people.models import Person


class ReferralSource(models.TextChoices):
    GP = "gp", "GP"
    PRACTICE_NURSE = "practice_nurse", "Practice nurse"
    OTHER_CLINICIAN = "other_clinician", "Other clinician"
    SOCIAL_WORKER = "social_worker", "Social worker"
    PHARMACIST = "pharmacist", "Pharmacist"
    CHAMPION = "champion", "Social prescribing champion"
    SELF = "self", "Self-referral"
    OTHER_AGENCY = "other_agency", "Other agency"


class ReferralChannel(models.TextChoices):
    PROFESSIONAL_FORM = "professional_form", "Professional referral form"
    PUBLIC_FORM = "public_form", "Public self-referral form"
    CHAMPION = "champion", "Champion-assisted referral"
    FHIR = "fhir", "API (FHIR)"
    STAFF = "staff", "Entered by staff"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SOON = "soon", "Soon (within a week)"
    URGENT = "urgent", "Urgent (within two working days)"


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    TRIAGED = "triaged", "Triaged"
    ALLOCATED = "allocated", "Allocated"
    IN_CONTACT = "in_contact", "In contact"
    ACCEPTED = "accepted", "Accepted"
    DECLINED_BY_PERSON = "declined_by_person", "Declined by the person"
    UNABLE_TO_CONTACT = "unable_to_contact", "Unable to contact"
    NOT_APPROPRIATE = "not_appropriate", "Not appropriate"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Which status may follow which. Accepted means the first meaningful contact happened; the last five are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.RECEIVED: frozenset(
        {ReferralStatus.TRIAGED, ReferralStatus.ALLOCATED, ReferralStatus.NOT_APPROPRIATE, ReferralStatus.WITHDRAWN}
    ),
    ReferralStatus.TRIAGED: frozenset(
        {ReferralStatus.ALLOCATED, ReferralStatus.NOT_APPROPRIATE, ReferralStatus.WITHDRAWN}
    ),
    ReferralStatus.ALLOCATED: frozenset(
        {
            ReferralStatus.IN_CONTACT,
            ReferralStatus.ALLOCATED,  # re-allocation to another link worker
            ReferralStatus.UNABLE_TO_CONTACT,
            ReferralStatus.NOT_APPROPRIATE,
            ReferralStatus.WITHDRAWN,
        }
    ),
    ReferralStatus.IN_CONTACT: frozenset(
        {
            ReferralStatus.ACCEPTED,
            ReferralStatus.DECLINED_BY_PERSON,
            ReferralStatus.UNABLE_TO_CONTACT,
            ReferralStatus.NOT_APPROPRIATE,
            ReferralStatus.WITHDRAWN,
        }
    ),
    ReferralStatus.ACCEPTED: frozenset(),
    ReferralStatus.DECLINED_BY_PERSON: frozenset(),
    ReferralStatus.UNABLE_TO_CONTACT: frozenset(),
    ReferralStatus.NOT_APPROPRIATE: frozenset(),
    ReferralStatus.WITHDRAWN: frozenset(),
}
# Statuses that need a written reason when entered.
REASON_REQUIRED = frozenset({ReferralStatus.NOT_APPROPRIATE, ReferralStatus.WITHDRAWN})


class Referral(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Short and unambiguous for phone calls and emails (no 0/O, 1/I): LW-7K3M-9QPX.
    # Unique by a constraint below, not unique=True, which on PostgreSQL adds a second index for LIKE
    # searches that nothing makes. Every index here is paid for on each referral received.
    reference = models.CharField(max_length=12)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    # No index of its own: referral_team_status_received starts with it.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="referrals", db_index=False)
    source = models.CharField(max_length=20, choices=ReferralSource.choices)
    channel = models.CharField(max_length=20, choices=ReferralChannel.choices)
    # The signed-in referrer, if any; the fields below describe external and self-referrers.
    # No index of its own: referral_referrer_received starts with it.
    referred_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_made", db_index=False
    )
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_organisation_name = models.CharField(max_length=200, blank=True)
    referrer_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_sent"
    )
    referrer_email = models.EmailField(max_length=254, blank=True)
    referrer_phone = models.CharField(max_length=30, blank=True)
    reasons = models.JSONField(default=list, help_text="Need codes from referrals.needs")
    reason_text = models.TextField(blank=True)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    known_risks = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.RECEIVED)
    status_reason = models.CharField(max_length=500, blank=True)
    # No index of its own: referral_worker_status starts with it.
    allocated_to = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="allocated_referrals", db_index=False
    )
    # The machine client that sent it through the FHIR API, which alone may read it back there.
    api_client = models.ForeignKey(
        "clients.ApiClient", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    # When the referrer wrote it, where the sending system says (FHIR authoredOn); received_at is when it reached us.
    authored_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["team", "status", "received_at"], name="referral_team_status_received"),
            models.Index(fields=["referred_by", "received_at"], name="referral_referrer_received"),
            models.Index(fields=["allocated_to", "status"], name="referral_worker_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="referral_reference_unique"),
            models.CheckConstraint(condition=Q(status__in=ReferralStatus.values), name="referral_status_valid"),
            models.CheckConstraint(condition=Q(source__in=ReferralSource.values), name="referral_source_valid"),
            models.CheckConstraint(condition=Q(channel__in=ReferralChannel.values), name="referral_channel_valid"),
            models.CheckConstraint(condition=Q(urgency__in=Urgency.values), name="referral_urgency_valid"),
            # Allocated and later working statuses name a link worker; before allocation nobody holds it.
            models.CheckConstraint(
                condition=~Q(status__in=[ReferralStatus.ALLOCATED, ReferralStatus.IN_CONTACT])
                | Q(allocated_to__isnull=False),
                name="referral_allocated_has_worker",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ReferralStatus.RECEIVED, ReferralStatus.TRIAGED])
                | Q(allocated_to__isnull=True),
                name="referral_unallocated_has_no_worker",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class ReferralTransition(models.Model):
    """The log of every status change: who moved it, from what, to what, when and why."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    by_id = models.BigIntegerField(null=True, blank=True)
    by_label = models.CharField(max_length=254)
    reason = models.CharField(max_length=500, blank=True)
    allocated_to_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]

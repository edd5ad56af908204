"""Link-worker casework: the episode of support that opens when a referral is accepted, and everything
recorded in it. Special-category data: reached only through casework.access, every read audited.

Records that hold text several people may edit at once (the case, its plan) carry a `version`, checked and
bumped on every save (casework.versioning), so a second, stale save is refused instead of overwriting."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone

from linkwell.accounts.models import Organisation, Team, User
from linkwell.directory.models import Service
from linkwell.people.models import Person
from linkwell.referrals.models import Referral

# Free text in casework: enough for a full note, short enough that nobody pastes a whole record in.
NOTE_LIMIT = 5000
SHORT_NOTE_LIMIT = 1000


class SchemeSettings(models.Model):
    """Choices a scheme makes for all its teams. A scheme with no row uses the defaults."""

    scheme = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="casework_settings")
    onward_response_days = models.PositiveSmallIntegerField(
        default=14, help_text="Days a provider has to answer an onward referral before it expires"
    )
    measure_follow_up_weeks = models.PositiveSmallIntegerField(
        default=12, help_text="Weeks after the baseline measure when a follow-up measure falls due"
    )
    substantive_contacts = models.PositiveSmallIntegerField(
        default=3,
        help_text="Contacts that make an engagement substantive in reports, when no plan has been agreed",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(onward_response_days__gte=1, onward_response_days__lte=90),
                name="scheme_settings_response_days_range",
            ),
            models.CheckConstraint(
                condition=Q(measure_follow_up_weeks__gte=1, measure_follow_up_weeks__lte=52),
                name="scheme_settings_follow_up_weeks_range",
            ),
            models.CheckConstraint(
                condition=Q(substantive_contacts__gte=1, substantive_contacts__lte=20),
                name="scheme_settings_substantive_contacts_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Settings for {self.scheme}"


DEFAULT_ONWARD_RESPONSE_DAYS = SchemeSettings._meta.get_field("onward_response_days").default
DEFAULT_MEASURE_FOLLOW_UP_WEEKS = SchemeSettings._meta.get_field("measure_follow_up_weeks").default
DEFAULT_SUBSTANTIVE_CONTACTS = SchemeSettings._meta.get_field("substantive_contacts").default


# --- Case ---------------------------------------------------------------------------------------
class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    DISCHARGED = "discharged", "Discharged"


CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.DISCHARGED}),
    CaseStatus.DISCHARGED: frozenset(),
}


class Case(models.Model):
    """One episode of support. A person may have several over time, but one open at a time per scheme."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="case")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    # The team's scheme, copied here so the database itself can hold "one open case per scheme".
    scheme = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    link_worker = models.ForeignKey(User, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_at = models.DateTimeField(default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["link_worker", "status"], name="case_worker_status"),
            models.Index(fields=["team", "status"], name="case_team_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="case_status_valid"),
            models.UniqueConstraint(
                fields=["person", "scheme"], condition=Q(status="open"), name="case_one_open_per_person_per_scheme"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True) | Q(status="discharged", closed_at__isnull=False),
                name="case_closed_when_discharged",
            ),
        ]

    def __str__(self) -> str:
        return f"Case for referral {self.referral_id}"


class CaseTransition(models.Model):
    """The log of the case's status changes and changes of link worker."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=CaseStatus.choices)
    link_worker_id = models.BigIntegerField()
    at = models.DateTimeField(default=timezone.now, db_index=True)
    by_id = models.BigIntegerField(null=True, blank=True)
    by_label = models.CharField(max_length=254)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]


class CaseNote(models.Model):
    """A free-text note on the case, for what fits nowhere else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField()
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]


# --- "What matters to me" -----------------------------------------------------------------------
class LifeArea(models.TextChoices):
    SOCIAL_CONNECTION = "social_connection", "Social connection"
    MENTAL_WELLBEING = "mental_wellbeing", "Mental wellbeing"
    PHYSICAL_ACTIVITY = "physical_activity", "Physical activity"
    MONEY = "money", "Money"
    HOUSING = "housing", "Housing"
    WORK_AND_LEARNING = "work_and_learning", "Work and learning"
    CARING = "caring", "Caring"
    HEALTH_CONDITIONS = "health_conditions", "Health conditions"
    FOOD = "food", "Food"
    CREATIVITY_AND_INTERESTS = "creativity_and_interests", "Creativity and interests"


class Conversation(models.Model):
    """A guided "what matters to me" conversation. Later conversations add to earlier ones, never replace."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="conversations")
    held_on = models.DateField()
    what_matters = models.TextField(help_text="In the person's own words")
    strengths = models.TextField(blank=True)
    barriers = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "recorded_at"]


class ConversationArea(models.Model):
    """One area of life talked about: whether it matters most to the person now, and what they said."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(max_length=30, choices=LifeArea.choices)
    is_priority = models.BooleanField(default=False)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "area"], name="conversation_area_once"),
            models.CheckConstraint(condition=Q(area__in=LifeArea.values), name="conversation_area_valid"),
        ]


# --- Personal plan ------------------------------------------------------------------------------
class Plan(models.Model):
    """The personal plan agreed with the person: one per case, edited over time."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="plan")
    agreed_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True, help_text="In the person's own words")
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)


class GoalStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ACHIEVED = "achieved", "Achieved"
    CHANGED = "changed", "Changed"
    STOPPED = "stopped", "Stopped"


GOAL_TRANSITIONS: dict[str, frozenset[str]] = {
    GoalStatus.ACTIVE: frozenset({GoalStatus.ACHIEVED, GoalStatus.CHANGED, GoalStatus.STOPPED}),
    # A goal marked achieved or stopped too early can be taken up again.
    GoalStatus.ACHIEVED: frozenset({GoalStatus.ACTIVE}),
    GoalStatus.CHANGED: frozenset(),
    GoalStatus.STOPPED: frozenset({GoalStatus.ACTIVE}),
}


class Goal(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="goals")
    text = models.CharField(max_length=500, help_text="In the person's own words")
    area = models.CharField(max_length=30, choices=LifeArea.choices, blank=True)
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE)
    # A goal that was changed points to the goal that replaced it.
    replaced_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=GoalStatus.values), name="goal_status_valid"),
            models.CheckConstraint(condition=Q(area="") | Q(area__in=LifeArea.values), name="goal_area_valid"),
        ]


class GoalUpdate(models.Model):
    """Progress over time: a rating (0 not started – 10 fully there) and/or a status change, with a note.
    The goal's status log."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="updates")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    progress = models.PositiveSmallIntegerField(null=True, blank=True)
    from_status = models.CharField(max_length=10, choices=GoalStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=GoalStatus.choices, blank=True)
    note = models.CharField(max_length=SHORT_NOTE_LIMIT, blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__isnull=True) | Q(progress__lte=10), name="goal_progress_0_10"),
            models.CheckConstraint(
                condition=Q(progress__isnull=False) | ~Q(to_status="") | ~Q(note=""),
                name="goal_update_says_something",
            ),
        ]


class StepOwner(models.TextChoices):
    PERSON = "person", "The person"
    LINK_WORKER = "link_worker", "Link worker"
    TOGETHER = "together", "Together"
    SOMEONE_ELSE = "someone_else", "Someone else"


class GoalStep(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="steps")
    text = models.CharField(max_length=500)
    owner = models.CharField(max_length=15, choices=StepOwner.choices, default=StepOwner.PERSON)
    owner_note = models.CharField(max_length=200, blank=True, help_text="Who, when it is someone else")
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(owner__in=StepOwner.values), name="goal_step_owner_valid"),
        ]


# --- Contacts and follow-ups --------------------------------------------------------------------
class ContactKind(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video call"
    HOME_VISIT = "home_visit", "Home visit"
    GROUP = "group", "Group session"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"


class Contact(models.Model):
    """One contact with the person, or one attempt that did not reach them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="contacts")
    at = models.DateTimeField()
    kind = models.CharField(max_length=15, choices=ContactKind.choices)
    made = models.BooleanField(default=True, help_text="False for an attempt that did not reach the person")
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField(max_length=SHORT_NOTE_LIMIT, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "recorded_at"]
        indexes = [models.Index(fields=["case", "at"], name="contact_case_at")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ContactKind.values), name="contact_kind_valid"),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=600),
                name="contact_duration_at_most_ten_hours",
            ),
        ]


class FollowUp(models.Model):
    """A task with a due date and an assignee: "call in two weeks to check the referrals are on track"."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups")
    title = models.CharField(max_length=300)
    due_on = models.DateField()
    assigned_to = models.ForeignKey(User, on_delete=models.PROTECT, related_name="follow_ups")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    done_note = models.CharField(max_length=SHORT_NOTE_LIMIT, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["assigned_to", "done_at", "due_on"], name="follow_up_assignee_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_by__isnull=True)
                | Q(done_at__isnull=False, done_by__isnull=False),
                name="follow_up_done_by_someone",
            ),
        ]


# --- Safeguarding -------------------------------------------------------------------------------
class ConcernStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class SafeguardingConcern(models.Model):
    """A safeguarding or risk concern. While open, the case carries a banner for everyone in the team."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="concerns")
    summary = models.CharField(max_length=300)
    details = models.TextField(blank=True)
    action_taken = models.TextField(blank=True, help_text="For example: referred to the local authority")
    status = models.CharField(max_length=10, choices=ConcernStatus.choices, default=ConcernStatus.OPEN)
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closing_note = models.CharField(max_length=SHORT_NOTE_LIMIT, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ConcernStatus.values), name="concern_status_valid"),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True, closed_by__isnull=True)
                | Q(status="closed", closed_at__isnull=False, closed_by__isnull=False),
                name="concern_closed_by_someone",
            ),
        ]


# --- Onward referrals (social prescriptions) ----------------------------------------------------
class OnwardStatus(models.TextChoices):
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WAITLISTED = "waitlisted", "On the waiting list"
    STARTED = "started", "Started"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped attending"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired (no answer)"


ONWARD_TRANSITIONS: dict[str, frozenset[str]] = {
    OnwardStatus.SENT: frozenset(
        {
            OnwardStatus.ACCEPTED,
            OnwardStatus.DECLINED,
            OnwardStatus.WAITLISTED,
            # A group without accounts may only ever send the "attended" link.
            OnwardStatus.STARTED,
            OnwardStatus.WITHDRAWN,
            OnwardStatus.EXPIRED,
        }
    ),
    OnwardStatus.WAITLISTED: frozenset(
        {
            # The provider confirms the place on its waiting list: that answers the referral.
            OnwardStatus.WAITLISTED,
            OnwardStatus.ACCEPTED,
            OnwardStatus.DECLINED,
            OnwardStatus.STARTED,
            OnwardStatus.WITHDRAWN,
            OnwardStatus.EXPIRED,
        }
    ),
    OnwardStatus.ACCEPTED: frozenset({OnwardStatus.STARTED, OnwardStatus.DID_NOT_ATTEND, OnwardStatus.WITHDRAWN}),
    OnwardStatus.STARTED: frozenset({OnwardStatus.COMPLETED, OnwardStatus.STOPPED}),
    OnwardStatus.DECLINED: frozenset(),
    OnwardStatus.COMPLETED: frozenset(),
    OnwardStatus.STOPPED: frozenset(),
    OnwardStatus.DID_NOT_ATTEND: frozenset(),
    OnwardStatus.WITHDRAWN: frozenset(),
    OnwardStatus.EXPIRED: frozenset(),
}
# Waiting for the provider to answer: the response deadline applies.
AWAITING_RESPONSE = frozenset({OnwardStatus.SENT})
# No way on from these.
ONWARD_FINAL = frozenset(status for status, moves in ONWARD_TRANSITIONS.items() if not moves)


class DeclineReason(models.TextChoices):
    FULL = "full", "Full"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    OUT_OF_AREA = "out_of_area", "Out of area"
    CANNOT_CONTACT = "cannot_contact", "Could not contact the person"
    OTHER = "other", "Other"


class OnwardReferral(models.Model):
    """A social prescription: the link worker refers the person on to a community service."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="onward_referrals")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="onward_referrals")
    status = models.CharField(max_length=15, choices=OnwardStatus.choices, default=OnwardStatus.SENT)
    reason = models.CharField(max_length=SHORT_NOTE_LIMIT, help_text="Why the person is being referred")
    # Exactly what the provider may see, fixed when sent (what the person agreed to share): name, how to
    # contact, reason, access and communication needs. Providers never read the person's record itself.
    shared_details = models.JSONField(default=dict)
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    respond_by = models.DateTimeField()
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    decline_reason = models.CharField(max_length=15, choices=DeclineReason.choices, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["service", "status"], name="onward_service_status"),
            models.Index(fields=["status", "respond_by"], name="onward_status_deadline"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=OnwardStatus.values), name="onward_status_valid"),
            models.CheckConstraint(
                condition=Q(decline_reason="") | Q(status="declined", decline_reason__in=DeclineReason.values),
                name="onward_decline_reason_only_when_declined",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="onward_declined_has_reason"
            ),
            models.CheckConstraint(condition=Q(respond_by__gt=models.F("sent_at")), name="onward_deadline_after_sent"),
            # Only one live referral of a person to the same service at a time.
            models.UniqueConstraint(
                fields=["case", "service"],
                condition=Q(status__in=["sent", "waitlisted", "accepted", "started"]),
                name="onward_one_live_per_service",
            ),
        ]


class OnwardTransition(models.Model):
    """The log of an onward referral's status changes: who (a provider user, a link worker, an emailed
    link, the system), when, and their note to the link worker."""

    onward_referral = models.ForeignKey(OnwardReferral, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=15, choices=OnwardStatus.choices, blank=True)
    to_status = models.CharField(max_length=15, choices=OnwardStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    by_id = models.BigIntegerField(null=True, blank=True)
    by_label = models.CharField(max_length=254)
    note = models.CharField(max_length=SHORT_NOTE_LIMIT, blank=True)

    class Meta:
        ordering = ["at", "id"]


class LinkPurpose(models.TextChoices):
    ACCEPT = "accept", "Accept the referral"
    DECLINE = "decline", "Decline the referral"
    ATTENDED = "attended", "Confirm they came along"


class ProviderLink(models.Model):
    """A single-purpose link emailed to a provider without an account. The emailed URL carries this row's id,
    signed; the row says what it is for, until when, and whether it was used (each link works once)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    onward_referral = models.ForeignKey(OnwardReferral, on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(max_length=10, choices=LinkPurpose.choices)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(purpose__in=LinkPurpose.values), name="provider_link_purpose_valid"),
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="provider_link_expires"),
        ]


class Signposting(models.Model):
    """The person was told about a service they can just go along to: no referral is sent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="signpostings")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="signpostings")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=SHORT_NOTE_LIMIT, blank=True)

    class Meta:
        ordering = ["at"]


# --- Discharge ----------------------------------------------------------------------------------
class DischargeReason(models.TextChoices):
    GOALS_MET = "goals_met", "Goals met"
    DISENGAGED = "disengaged", "Stopped engaging"
    DECLINED_FURTHER = "declined_further", "Declined further support"
    MOVED_AWAY = "moved_away", "Moved away"
    STATUTORY_SERVICE = "statutory_service", "Referred to a statutory service"
    DIED = "died", "Died"
    OTHER = "other", "Other"


class Discharge(models.Model):
    """How and why the episode of support ended; the message back to the GP and referrer is built from it."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="discharge")
    reason = models.CharField(max_length=20, choices=DischargeReason.choices)
    summary = models.TextField()
    at = models.DateTimeField(default=timezone.now, db_index=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(reason__in=DischargeReason.values), name="discharge_reason_valid"),
        ]

"""People referred to social prescribing, and their consent. Special-category data: every read of a
person's record is audited (audit.log.record_read) and reached only through people.access."""

import uuid
from typing import Any, NoReturn

from django.db import models
from django.db.models import Q
from django.utils import timezone

from linkwell.accounts.models import Organisation


class StatedGender(models.TextChoices):
    """NHS Data Dictionary: PERSON STATED GENDER CODE."""

    MALE = "1", "Male"
    FEMALE = "2", "Female"
    INDETERMINATE = "9", "Indeterminate (unable to be classified as either male or female)"
    NOT_KNOWN = "X", "Not known (not recorded)"


class EthnicCategory(models.TextChoices):
    """NHS Data Dictionary: ETHNIC CATEGORY (2001 Census categories)."""

    WHITE_BRITISH = "A", "White: British"
    WHITE_IRISH = "B", "White: Irish"
    WHITE_OTHER = "C", "White: Any other White background"
    MIXED_WHITE_BLACK_CARIBBEAN = "D", "Mixed: White and Black Caribbean"
    MIXED_WHITE_BLACK_AFRICAN = "E", "Mixed: White and Black African"
    MIXED_WHITE_ASIAN = "F", "Mixed: White and Asian"
    MIXED_OTHER = "G", "Mixed: Any other mixed background"
    ASIAN_INDIAN = "H", "Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "J", "Asian or Asian British: Pakistani"
    ASIAN_BANGLADESHI = "K", "Asian or Asian British: Bangladeshi"
    ASIAN_OTHER = "L", "Asian or Asian British: Any other Asian background"
    BLACK_CARIBBEAN = "M", "Black or Black British: Caribbean"
    BLACK_AFRICAN = "N", "Black or Black British: African"
    BLACK_OTHER = "P", "Black or Black British: Any other Black background"
    CHINESE = "R", "Other ethnic groups: Chinese"
    OTHER = "S", "Other ethnic groups: Any other ethnic group"
    NOT_STATED = "Z", "Not stated"
    NOT_KNOWN = "99", "Not known"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"


class Person(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    # Ten digits, no spaces (shown as 3-3-4); validated with Modulus 11 before it is stored.
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    stated_gender = models.CharField(max_length=2, choices=StatedGender.choices, blank=True)
    ethnic_category = models.CharField(max_length=2, choices=EthnicCategory.choices, blank=True)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    # Normalised (CM1 1AA); NHS pseudo-postcodes such as ZZ99 3VZ (no fixed abode) are allowed.
    postcode = models.CharField(max_length=8, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    preferred_contact_method = models.CharField(max_length=10, choices=ContactMethod.choices, blank=True)
    may_leave_message = models.BooleanField(default=False)
    needs_interpreter = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=100, blank=True)
    accessible_formats = models.CharField(
        max_length=300, blank=True, help_text="For example: large print, easy read, British Sign Language"
    )
    gp_practice = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="registered_people"
    )
    # As given, when the practice is not (yet) an organisation in Linkwell.
    gp_practice_ods_code = models.CharField(max_length=10, blank=True)
    gp_practice_name = models.CharField(max_length=200, blank=True)
    # Set when a duplicate record was confirmed as this person and folded into another record.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [
            models.Index(fields=["family_name", "date_of_birth"], name="person_family_name_dob"),
            models.Index(fields=["date_of_birth"], name="person_dob"),
        ]
        constraints = [
            # One live record per NHS number; merged records keep theirs for the audit trail.
            models.UniqueConstraint(
                fields=["nhs_number"],
                condition=~Q(nhs_number="") & Q(merged_into__isnull=True),
                name="person_nhs_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(stated_gender__in=["", *StatedGender.values]), name="person_gender_valid"
            ),
            models.CheckConstraint(
                condition=Q(ethnic_category__in=["", *EthnicCategory.values]), name="person_ethnic_category_valid"
            ),
            models.CheckConstraint(condition=~Q(merged_into=models.F("id")), name="person_not_merged_into_itself"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.given_name} {self.family_name}".strip()

    @property
    def nhs_number_display(self) -> str:
        number = self.nhs_number
        return f"{number[:3]} {number[3:6]} {number[6:]}" if len(number) == 10 else number


class ConsentPurpose(models.TextChoices):
    SUPPORT = "support", "Support from the social prescribing scheme"
    SHARE_WITH_PROVIDERS = "share_with_providers", "Sharing details with community groups and services"
    CONTACT_DIGITAL = "contact_digital", "Contact by text message or email"
    EVALUATION = "evaluation", "Use of anonymised information to evaluate the scheme"


class ConsentDecision(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ConsentMethod(models.TextChoices):
    ONLINE_FORM = "online_form", "By the person on the online form"
    IN_PERSON = "in_person", "Spoken, in person"
    PHONE = "phone", "Spoken, by phone"
    WRITTEN = "written", "In writing"
    BY_REFERRER = "by_referrer", "Confirmed by the referrer"


class ConsentRecordIsPermanent(Exception):
    pass


class ConsentQuerySet(models.QuerySet["Consent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ConsentRecordIsPermanent("Consent records cannot be changed; record a new decision instead.")

    def delete(self) -> NoReturn:
        raise ConsentRecordIsPermanent("Consent records cannot be deleted; record a withdrawal instead.")


class Consent(models.Model):
    """One decision about one purpose. Never changed or deleted: a withdrawal is a new row, and the
    current position for a purpose is the newest row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: consent_person_purpose_at starts with it.
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents", db_index=False)
    purpose = models.CharField(max_length=30, choices=ConsentPurpose.choices)
    decision = models.CharField(max_length=10, choices=ConsentDecision.choices)
    method = models.CharField(max_length=20, choices=ConsentMethod.choices)
    decided_at = models.DateTimeField(default=timezone.now)
    recorded_by_id = models.BigIntegerField(null=True, blank=True)
    # Who recorded it, as words that survive account changes: "Sam Patel (champion)" or "the person, online".
    recorded_by_label = models.CharField(max_length=200)
    note = models.CharField(max_length=500, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["person", "purpose", "-decided_at"]
        indexes = [
            models.Index(fields=["person", "purpose", "decided_at"], name="consent_person_purpose_at"),
            # The report refresh looks for decisions made since it last ran (reports.facts).
            models.Index(fields=["decided_at"], name="consent_decided_at"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(purpose__in=ConsentPurpose.values), name="consent_purpose_valid"),
            models.CheckConstraint(condition=Q(decision__in=ConsentDecision.values), name="consent_decision_valid"),
            models.CheckConstraint(condition=Q(method__in=ConsentMethod.values), name="consent_method_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.get_decision_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ConsentRecordIsPermanent("Consent records cannot be changed; record a new decision instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ConsentRecordIsPermanent("Consent records cannot be deleted; record a withdrawal instead.")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", "Waiting for the team to check"
    SAME_PERSON = "same_person", "Confirmed the same person (merged)"
    DIFFERENT_PEOPLE = "different_people", "Confirmed different people"


class PossibleDuplicate(models.Model):
    """Two records that may be one person (similar name and date of birth). Never merged automatically."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="possible_duplicates")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(help_text="0–100: how alike the two records are")
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN)
    found_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-found_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="possible_duplicate_pair_unique"),
            models.CheckConstraint(condition=~Q(person=models.F("other")), name="possible_duplicate_two_people"),
            models.CheckConstraint(
                condition=Q(status=DuplicateStatus.OPEN, resolved_at__isnull=True)
                | (~Q(status=DuplicateStatus.OPEN) & Q(resolved_at__isnull=False)),
                name="possible_duplicate_resolution_dated",
            ),
        ]

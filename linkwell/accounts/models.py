from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower, Upper
from django.utils import timezone

from linkwell.accounts.roles import Role


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        return self.create_user(email, password, is_superuser=True, **fields)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=normalise_email(username or ""))


def normalise_email(email: str) -> str:
    return email.strip().lower()


class User(AbstractBaseUser):
    # Stored lower-cased (a constraint checks it), so the plain unique index is case-insensitive.
    email = models.EmailField("email address", max_length=254, unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    # Superusers hold every permission; used to bootstrap an installation (`linkwell createsuperuser`).
    is_superuser = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(email=Lower("email")), name="user_email_lower_case"),
            models.CheckConstraint(condition=~models.Q(email=""), name="user_email_not_blank"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email


class OrganisationKind(models.TextChoices):
    SCHEME = "scheme", "Social prescribing scheme"
    PCN = "pcn", "Primary care network"
    GP_PRACTICE = "gp_practice", "GP practice"
    COMMUNITY_PROVIDER = "community_provider", "Community provider"
    COUNCIL = "council", "Council"
    COMMISSIONER = "commissioner", "Commissioner (ICB)"


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    # NHS Organisation Data Service code, for practices, PCNs and ICBs.
    ods_code = models.CharField("ODS code", max_length=10, blank=True)
    # A practice sits in a PCN; a PCN sits in an ICB area.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ods_code"], condition=~models.Q(ods_code=""), name="organisation_ods_code_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A scheme's link-worker team and the practices and postcode districts it serves."""

    scheme = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    covered_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="covering_teams", help_text="PCNs and GP practices the team serves."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamPostcodeDistrict(models.Model):
    """An outward code (e.g. CM1) the team takes referrals from, for people with no local practice."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="postcode_districts")
    district = models.CharField(max_length=4)

    class Meta:
        ordering = ["district"]
        constraints = [
            models.UniqueConstraint(fields=["team", "district"], name="team_postcode_district_unique"),
            models.CheckConstraint(condition=models.Q(district=Upper("district")), name="postcode_district_upper_case"),
        ]

    def __str__(self) -> str:
        return self.district


class Membership(models.Model):
    """Gives a user one role, either in an organisation or in a team."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=False, team__isnull=True)
                    | models.Q(organisation__isnull=True, team__isnull=False)
                ),
                name="membership_in_organisation_or_team",
            ),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=models.Q(team__isnull=True),
                name="membership_unique_in_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "team"],
                condition=models.Q(organisation__isnull=True),
                name="membership_unique_in_team",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} in {self.team or self.organisation}"

    @property
    def place(self) -> "Organisation | Team":
        return self.team or self.organisation  # type: ignore[return-value]

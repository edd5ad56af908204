"""Forms for the directory editor pages. They parse and check input; actions in directory.actions write.

Every message is written the NHS.UK way: say what to do ("Enter the postcode"), not what went wrong.
A form checks everything, including geocoding the postcode, before any action runs, so bad input
never half-saves.
"""

import re
from collections.abc import Sequence
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from linkwell.accounts.models import Organisation
from linkwell.directory.actions import CostDetails, LocationDetails, ScheduleDetails, ServiceDetails
from linkwell.directory.models import (
    CapacityStatus,
    CostOption,
    Frequency,
    LocationType,
    Organization,
    PublicationState,
    ReferralMethod,
    Schedule,
    Service,
    ServiceStatus,
    TaxonomyTerm,
    Weekday,
)
from linkwell.directory.postcodes import LocationNotFound, locate
from linkwell.directory.schedules import WEEKDAY_CODES, parse_byday
from linkwell.directory.taxonomy import TAXONOMY_ID
from linkwell.lib.postcodes import InvalidPostcode, normalise

EMAIL_INVALID = "Enter an email address in the correct format, like name@example.org"
URL_INVALID = "Enter a web address in the correct format, like https://www.example.org"
PHONE_INVALID = "Enter a phone number, like 01245 123456"
CLOSES_BEFORE_OPENS = "Closing time must be after opening time"
COST_NEGATIVE = "Cost must be £0 or more"
AGES_REVERSED = "Minimum age must be the same as or lower than the maximum age"
NO_DAYS = "Select the days it runs"

_PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
# 24-hour clock; a dot is accepted too because people type 09.30.
_TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")
MAX_AGE = 120
# Far above any community group, and well inside the database's integer column.
MAX_PLACES = 100_000
MAX_COST = Decimal("999999.99")


class DateParts(forms.MultiWidget):
    """Day, month and year boxes, as the NHS.UK date input asks for them."""

    def __init__(self) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()])

    def decompress(self, value: date | None) -> list[int | None]:
        return [value.day, value.month, value.year] if value else [None, None, None]


class DayMonthYearField(forms.MultiValueField):
    widget = DateParts

    def __init__(self, *, label: str, noun: str, required: bool = False, help_text: str = "") -> None:
        # The noun names the date in messages: "Enter the start date", "The end date must be a real date".
        self.noun = noun
        super().__init__(
            fields=(forms.CharField(), forms.CharField(), forms.CharField()),
            require_all_fields=False,
            required=required,
            label=label,
            help_text=help_text,
            error_messages={
                "required": f"Enter the {noun}",
                "incomplete": f"The {noun} must include a day, month and year",
            },
        )

    def prepare_value(self, value: Any) -> Any:
        # The template always gets [day, month, year], whether the form is new, bound or editing a record.
        return [value.day, value.month, value.year] if isinstance(value, date) else value

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list:
            return None
        day, month, year = (part.strip() for part in data_list)
        try:
            if len(year) != 4:
                raise ValueError
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(f"The {self.noun} must be a real date, like 5 3 2026") from None


def _email_field(label: str) -> forms.EmailField:
    return forms.EmailField(label=label, required=False, max_length=254, error_messages={"invalid": EMAIL_INVALID})


def _whole_number(label: str, *, maximum: int | None = None) -> forms.IntegerField:
    noun = label.removesuffix(" (optional)").lower()
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=maximum,
        error_messages={
            "invalid": f"The {noun} must be a whole number, like 18",
            "min_value": f"The {noun} must be 0 or more",
            "max_value": f"The {noun} must be {maximum} or less",
        },
    )


def category_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """Linkwell's categories as (top-level name, [(term id, name), …]), each level in alphabetical order."""
    terms = list(TaxonomyTerm.objects.filter(taxonomy_id=TAXONOMY_ID).order_by("name"))
    children: dict[object, list[tuple[str, str]]] = {}
    for term in terms:
        if term.parent_id is not None:
            children.setdefault(term.parent_id, []).append((str(term.pk), term.name))
    return [(term.name, children[term.pk]) for term in terms if term.parent_id is None and term.pk in children]


class ListingFilterForm(forms.Form):
    name = forms.CharField(label="Name contains", required=False, max_length=100)
    state = forms.ChoiceField(label="State", required=False, choices=[("", "Any state"), *PublicationState.choices])

    def filter(self, services: QuerySet[Service]) -> QuerySet[Service]:
        """Apply the valid filters; call after is_valid()."""
        if self.cleaned_data.get("name"):
            services = services.filter(name__icontains=self.cleaned_data["name"].strip())
        if self.cleaned_data.get("state"):
            services = services.filter(state=self.cleaned_data["state"])
        return services


class ServiceForm(forms.Form):
    name = forms.CharField(
        label="Name of the service",
        max_length=300,
        error_messages={
            "required": "Enter the name of the service",
            "max_length": "The name must be 300 characters or fewer",
        },
    )
    organization = forms.ChoiceField(label="Organisation that runs it", required=False)
    new_organization_name = forms.CharField(
        label="Or, if it is not in the list, the name of a new organisation",
        required=False,
        max_length=300,
        error_messages={"max_length": "The organisation's name must be 300 characters or fewer"},
    )
    managed_by = forms.ChoiceField(
        label="Linkwell organisation that keeps it up to date",
        required=False,
        help_text="Its provider users can change the listing; a directory editor checks and publishes it.",
    )
    description = forms.CharField(label="Description (optional)", required=False, widget=forms.Textarea)
    url = forms.URLField(
        label="Website (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": URL_INVALID},
    )
    email = _email_field("Email address (optional)")
    status = forms.ChoiceField(
        label="Is it running?",
        choices=ServiceStatus.choices,
        initial=ServiceStatus.ACTIVE,
        error_messages={"required": "Select whether the service is running"},
    )
    minimum_age = _whole_number("Minimum age (optional)", maximum=MAX_AGE)
    maximum_age = _whole_number("Maximum age (optional)", maximum=MAX_AGE)
    referral_method = forms.ChoiceField(
        label="How do people get to it?",
        choices=ReferralMethod.choices,
        initial=ReferralMethod.SIGNPOST,
        error_messages={"required": "Select how people get to the service"},
    )
    referral_email = _email_field("Email address for referrals (if by email)")
    referral_phone = forms.CharField(label="Phone number for referrals (if by phone)", required=False, max_length=40)
    referral_notes = forms.CharField(label="Anything referrers should know (optional)", required=False)
    capacity_status = forms.ChoiceField(
        label="Can it take new people?",
        choices=CapacityStatus.choices,
        initial=CapacityStatus.OPEN,
        error_messages={"required": "Select whether the service can take new people"},
    )
    capacity_available = _whole_number("Places available now (optional)", maximum=MAX_PLACES)
    capacity_maximum = _whole_number("Maximum number of places (optional)", maximum=MAX_PLACES)
    categories = forms.MultipleChoiceField(
        label="Categories",
        required=False,
        help_text="Choose every category a link worker might look under.",
        error_messages={"invalid_choice": "Choose categories from the list"},
    )
    checked = forms.BooleanField(label="I have checked this information", required=False)
    review_due = DayMonthYearField(
        label="Review due (optional)",
        noun="review date",
        help_text="When it should next be checked. For example, 15 9 2026",
    )

    def __init__(
        self,
        data: Any = None,
        *,
        organizations: QuerySet[Organization],
        managers: Sequence[Organisation],
        manager_optional: bool,
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.organizations = organizations
        cast(forms.ChoiceField, self.fields["organization"]).choices = [("", "Choose an organisation")] + [
            (str(organization.pk), organization.name) for organization in organizations
        ]
        if managers:
            blank = [("", "Nobody: directory editors only")] if manager_optional else []
            cast(forms.ChoiceField, self.fields["managed_by"]).choices = blank + [
                (str(organisation.pk), organisation.name) for organisation in managers
            ]
            self.fields["managed_by"].required = not manager_optional
            self.fields["managed_by"].error_messages["required"] = "Choose the organisation that keeps it up to date"
            self.managers = {str(organisation.pk): organisation for organisation in managers}
        else:
            del self.fields["managed_by"]
        self.category_groups = category_groups()
        cast(forms.ChoiceField, self.fields["categories"]).choices = [
            choice for _, choices in self.category_groups for choice in choices
        ]

    def clean_referral_phone(self) -> str:
        phone: str = self.cleaned_data["referral_phone"].strip()
        if phone and not _PHONE.fullmatch(phone):
            raise ValidationError(PHONE_INVALID)
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen, new_name = cleaned.get("organization"), (cleaned.get("new_organization_name") or "").strip()
        cleaned["new_organization_name"] = new_name
        if chosen and new_name:
            self.add_error(
                "new_organization_name", "Choose an organisation from the list or enter a new name, not both"
            )
        elif chosen:
            cleaned["organization"] = self.organizations.filter(pk=chosen).first()
        elif not new_name and "new_organization_name" not in self.errors:
            self.add_error("organization", "Choose the organisation that runs the service, or enter a new one's name")
        if "managed_by" in self.fields:
            cleaned["managed_by"] = self.managers.get(cleaned.get("managed_by") or "")
        minimum, maximum = cleaned.get("minimum_age"), cleaned.get("maximum_age")
        if minimum is not None and maximum is not None and minimum > maximum:
            self.add_error("minimum_age", AGES_REVERSED)
        method = cleaned.get("referral_method")
        if method == ReferralMethod.EMAIL and not cleaned.get("referral_email") and "referral_email" not in self.errors:
            self.add_error("referral_email", "Enter the email address referrals go to")
        if method == ReferralMethod.PHONE and not cleaned.get("referral_phone") and "referral_phone" not in self.errors:
            self.add_error("referral_phone", "Enter the phone number for referrals")
        available, most = cleaned.get("capacity_available"), cleaned.get("capacity_maximum")
        if available is not None and most is not None and available > most:
            self.add_error("capacity_available", "Places available must be the same as or fewer than the maximum")
        return cleaned

    def details(self) -> ServiceDetails:
        data = self.cleaned_data
        return ServiceDetails(
            name=data["name"].strip(),
            description=data["description"].strip(),
            url=data["url"],
            email=data["email"],
            status=data["status"],
            minimum_age=data["minimum_age"],
            maximum_age=data["maximum_age"],
            referral_method=data["referral_method"],
            referral_email=data["referral_email"],
            referral_phone=data["referral_phone"],
            referral_notes=data["referral_notes"].strip(),
            capacity_status=data["capacity_status"],
            capacity_available=data["capacity_available"],
            capacity_maximum=data["capacity_maximum"],
            review_due=data["review_due"],
        )


def service_initial(service: Service, category_ids: list[str]) -> dict[str, Any]:
    """The edit form's starting values, from the listing as it is now."""
    fields = ServiceDetails.__dataclass_fields__
    initial: dict[str, Any] = {name: getattr(service, name) for name in fields}
    initial.update(
        organization=str(service.organization_id),
        managed_by=str(service.managed_by_id or ""),
        categories=category_ids,
    )
    return {name: ("" if value is None and name != "review_due" else value) for name, value in initial.items()}


class LocationForm(forms.Form):
    attendance = forms.ChoiceField(
        label="How do people take part?",
        choices=[
            (LocationType.PHYSICAL.value, "At an address"),
            (LocationType.VIRTUAL.value, "Online or by phone only"),
        ],
        error_messages={"required": "Select how people take part"},
    )
    name = forms.CharField(
        label="Name of the place (optional)",
        required=False,
        max_length=300,
        help_text="For example, Oaklands Park community hall",
    )
    address_1 = forms.CharField(label="Address line 1", required=False, max_length=300)
    city = forms.CharField(label="Town or city", required=False, max_length=100)
    county = forms.CharField(label="County (optional)", required=False, max_length=100)
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=20,
        error_messages={"max_length": "Enter a real postcode, like CM1 1AA"},
    )
    wheelchair_accessible = forms.ChoiceField(
        label="Can wheelchair users get in and use the place?",
        required=False,
        choices=[("yes", "Yes"), ("no", "No")],
    )
    accessibility_notes = forms.CharField(
        label="Accessibility notes (optional)",
        required=False,
        help_text="For example, step-free entrance at the side, accessible toilet, hearing loop",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["latitude"] = cleaned["longitude"] = None
        if cleaned.get("attendance") != LocationType.PHYSICAL:
            return cleaned
        for field, message in [
            ("address_1", "Enter the first line of the address"),
            ("city", "Enter the town or city"),
        ]:
            if not (cleaned.get(field) or "").strip() and field not in self.errors:
                self.add_error(field, message)
        if not cleaned.get("wheelchair_accessible"):
            self.add_error("wheelchair_accessible", "Select whether wheelchair users can get in and use the place")
        raw_postcode = (cleaned.get("postcode") or "").strip()
        if not raw_postcode:
            self.add_error("postcode", "Enter the postcode")
            return cleaned
        try:
            postcode = normalise(raw_postcode)
        except InvalidPostcode as invalid:
            self.add_error("postcode", str(invalid))
            return cleaned
        try:
            point = locate(postcode)
        except LocationNotFound:
            self.add_error("postcode", f"We could not find {postcode}. Check the postcode is right")
            return cleaned
        cleaned.update(postcode=postcode, latitude=point.latitude, longitude=point.longitude)
        return cleaned

    def details(self) -> LocationDetails:
        data = self.cleaned_data
        physical = data["attendance"] == LocationType.PHYSICAL
        return LocationDetails(
            location_type=LocationType(data["attendance"]),
            name=data["name"].strip(),
            address_1=data["address_1"].strip() if physical else "",
            city=data["city"].strip() if physical else "",
            county=data["county"].strip() if physical else "",
            postcode=data["postcode"] if physical else "",
            latitude=data["latitude"],
            longitude=data["longitude"],
            wheelchair_accessible=physical and data["wheelchair_accessible"] == "yes",
            accessibility_notes=data["accessibility_notes"].strip(),
        )


def location_initial(details: LocationDetails) -> dict[str, Any]:
    """The change-location form's starting values, from the place as it is now."""
    physical = details.location_type == LocationType.PHYSICAL
    return {
        "attendance": details.location_type.value,
        "name": details.name,
        "address_1": details.address_1,
        "city": details.city,
        "county": details.county,
        "postcode": details.postcode,
        "wheelchair_accessible": ("yes" if details.wheelchair_accessible else "no") if physical else "",
        "accessibility_notes": details.accessibility_notes,
    }


class Repeat:
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    CHOICES = [(WEEKLY, "Every week"), (FORTNIGHTLY, "Every other week"), (MONTHLY, "Once a month")]


WEEK_OF_MONTH_CHOICES = [("1", "First"), ("2", "Second"), ("3", "Third"), ("4", "Fourth"), ("-1", "Last")]


def _time_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=5,
        help_text="Use the 24-hour clock, like 09:30 or 14:00",
        error_messages={"required": f"Enter the {label.lower()}"},
    )


def _parse_time(value: str, label: str) -> time:
    match = _TIME.fullmatch(value.strip())
    if match is None:
        raise ValidationError(f"Enter the {label} on the 24-hour clock, like 09:30")
    return time(int(match.group(1)), int(match.group(2)))


class ScheduleForm(forms.Form):
    # Fields in page order, so the error summary lists problems in the order people meet them.
    days = forms.MultipleChoiceField(
        label="Which days?",
        choices=Weekday.choices,
        error_messages={"required": NO_DAYS, "invalid_choice": "Choose days from the list"},
    )
    repeat = forms.ChoiceField(
        label="How often does it run?",
        choices=Repeat.CHOICES,
        error_messages={"required": "Select how often it runs"},
    )
    week_of_month = forms.ChoiceField(
        label="If once a month, which week of the month?", required=False, choices=WEEK_OF_MONTH_CHOICES
    )
    opens_at = _time_field("Opening time")
    closes_at = _time_field("Closing time")
    valid_from = DayMonthYearField(
        label="Starts on (optional)",
        noun="start date",
        help_text="Needed if it runs every other week. For example, 7 1 2026",
    )
    valid_to = DayMonthYearField(label="Ends on (optional)", noun="end date", help_text="For example, 22 7 2026")
    notes = forms.CharField(
        label="Notes (optional)", required=False, max_length=300, help_text="For example, not on bank holidays"
    )

    def clean_opens_at(self) -> time:
        return _parse_time(self.cleaned_data["opens_at"], "opening time")

    def clean_closes_at(self) -> time:
        return _parse_time(self.cleaned_data["closes_at"], "closing time")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens is not None and closes is not None and closes <= opens:
            self.add_error("closes_at", CLOSES_BEFORE_OPENS)
        starts, ends = cleaned.get("valid_from"), cleaned.get("valid_to")
        if starts is not None and ends is not None and ends < starts:
            self.add_error("valid_to", "The end date must be the same as or after the start date")
        repeat = cleaned.get("repeat")
        if repeat == Repeat.MONTHLY and not cleaned.get("week_of_month"):
            self.add_error("week_of_month", "Select which week of the month it runs")
        if repeat == Repeat.FORTNIGHTLY and starts is None and "valid_from" not in self.errors:
            # Every other week needs a first date, or nobody can tell which weeks it runs.
            self.add_error("valid_from", "Enter the date of the first session, so people know which weeks it runs")
        return cleaned

    def details(self) -> ScheduleDetails:
        data = self.cleaned_data
        days = [day for day in Weekday.values if day in data["days"]]
        monthly = data["repeat"] == Repeat.MONTHLY
        return ScheduleDetails(
            freq=Frequency.MONTHLY if monthly else Frequency.WEEKLY,
            interval=2 if data["repeat"] == Repeat.FORTNIGHTLY else 1,
            # RRULE BYDAY: MO,WE weekly; 1WE or -1FR (last Friday) monthly.
            byday=",".join(f"{data['week_of_month']}{day}" if monthly else day for day in days),
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            notes=data["notes"].strip(),
        )


def schedule_initial(schedule: Schedule) -> dict[str, Any]:
    """The change-times form's starting values. An imported rule the form cannot show (an unreadable day,
    several weeks of the month) starts as near as it can; saving writes the form's rule in its place."""
    try:
        parsed = parse_byday(schedule.byday)
    except ValueError:
        parsed = []
    monthly = schedule.freq == Frequency.MONTHLY
    every_other_week = schedule.interval == 2
    repeat = Repeat.MONTHLY if monthly else Repeat.FORTNIGHTLY if every_other_week else Repeat.WEEKLY
    weeks = [str(occurrence) for occurrence, _ in parsed if occurrence is not None]
    return {
        "days": [WEEKDAY_CODES[weekday] for _, weekday in parsed],
        "repeat": repeat,
        "week_of_month": weeks[0] if monthly and weeks else "",
        "opens_at": schedule.opens_at.strftime("%H:%M") if schedule.opens_at else "",
        "closes_at": schedule.closes_at.strftime("%H:%M") if schedule.closes_at else "",
        "valid_from": schedule.valid_from,
        "valid_to": schedule.valid_to,
        "notes": schedule.notes,
    }


class CostForm(forms.Form):
    option = forms.CharField(
        label="What the cost is for (optional)",
        required=False,
        max_length=300,
        help_text="For example, per session",
    )
    amount = forms.CharField(
        label="Amount in pounds (optional)",
        required=False,
        max_length=12,
        help_text="Leave blank or enter 0 if it is free",
    )
    amount_description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=300,
        help_text="For example, concessions £2, first session free",
    )

    def clean_amount(self) -> Decimal | None:
        raw = self.cleaned_data["amount"].strip().removeprefix("£").replace(",", "").strip()
        if not raw:
            return None
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            raise ValidationError("Enter the cost in pounds, like 3.50") from None
        if not amount.is_finite():
            raise ValidationError("Enter the cost in pounds, like 3.50")
        if amount < 0:
            raise ValidationError(COST_NEGATIVE)
        if amount > MAX_COST:
            raise ValidationError("Cost must be less than £1,000,000")
        if amount != amount.quantize(Decimal("0.01")):
            raise ValidationError("Enter the cost in pounds and pence, like 3.50")
        return amount

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("option") or "").strip() and cleaned.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", "Enter an amount, or 0 if it is free")
        return cleaned

    def details(self) -> CostDetails:
        data = self.cleaned_data
        return CostDetails(
            option=data["option"].strip(),
            amount=data["amount"],
            amount_description=data["amount_description"].strip(),
        )


def cost_initial(cost_option: CostOption) -> dict[str, Any]:
    """The change-cost form's starting values, from the cost as it is now."""
    return {
        "option": cost_option.option,
        "amount": f"{cost_option.amount:.2f}" if cost_option.amount is not None else "",
        "amount_description": cost_option.amount_description,
    }

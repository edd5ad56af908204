"""One form per question of the self-referral journey. Each checks its own answers with messages written for
the person, and turns them into the JSON-safe values the journey keeps in the session (`answers()`).
receive_referral checks everything again at submit, so these rules only make mistakes visible sooner."""

from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone

from linkwell.accounts.models import Organisation
from linkwell.directory.forms import DayMonthYearField
from linkwell.lib.postcodes import InvalidPostcode, normalise
from linkwell.people.models import ContactMethod
from linkwell.referrals.actions import LONG_TEXT_LIMIT
from linkwell.referrals.needs import Need
from linkwell.referrals.referrer_forms import NEED_GROUPS

YES_NO = [("yes", "Yes"), ("no", "No")]
# Letters are slow and the team mostly phones; offering them here would promise something schemes may not do.
CONTACT_METHODS = [
    (method.value, method.label) for method in (ContactMethod.PHONE, ContactMethod.TEXT, ContactMethod.EMAIL)
]


def _text(label: str, *, max_length: int, required_message: str = "", help_text: str = "") -> forms.CharField:
    noun = label.removesuffix(" (optional)")
    return forms.CharField(
        label=label,
        required=bool(required_message),
        max_length=max_length,
        help_text=help_text,
        error_messages={
            "required": required_message,
            "max_length": f"{noun} must be {max_length} characters or fewer",
        },
    )


def _yes_no(label: str, message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=YES_NO, widget=forms.RadioSelect, error_messages={"required": message}
    )


class PublicStepForm(forms.Form):
    def answers(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

    @classmethod
    def initial_from(cls, current: dict[str, Any]) -> dict[str, Any]:
        return {name: current[name] for name in cls.base_fields if name in current}


class NameForm(PublicStepForm):
    given_name = _text("First name", max_length=100, required_message="Enter your first name")
    family_name = _text("Last name", max_length=100, required_message="Enter your last name")


class DateOfBirthForm(PublicStepForm):
    date_of_birth = DayMonthYearField(
        label="What is your date of birth?", noun="date of birth", required=True, help_text="For example, 15 3 1984"
    )

    def clean_date_of_birth(self) -> date:
        born: date = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError("Your date of birth must be in the past")
        if born.year < 1900:
            raise forms.ValidationError("Your date of birth must be after 1900")
        return born

    def answers(self) -> dict[str, Any]:
        return {"date_of_birth": self.cleaned_data["date_of_birth"].isoformat()}

    @classmethod
    def initial_from(cls, current: dict[str, Any]) -> dict[str, Any]:
        stored = current.get("date_of_birth")
        return {"date_of_birth": date.fromisoformat(stored)} if stored else {}


class PracticeForm(PublicStepForm):
    gp_practice = forms.ChoiceField(
        label="Which GP practice are you registered with?",
        help_text="Your GP practice is also called your doctor's surgery",
        error_messages={"required": "Choose your GP practice, or choose 'I don't know or it is not listed'"},
    )
    NOT_LISTED = "not-listed"

    def __init__(self, data: Any = None, *, practices: list[Organisation], initial: dict[str, Any]) -> None:
        if initial.get("gp_practice") == "":
            initial = {**initial, "gp_practice": self.NOT_LISTED}
        super().__init__(data, initial=initial)
        cast(forms.ChoiceField, self.fields["gp_practice"]).choices = [
            ("", "Choose your practice"),
            *((str(practice.pk), practice.name) for practice in practices),
            (self.NOT_LISTED, "I don't know or it is not listed"),
        ]

    def answers(self) -> dict[str, Any]:
        chosen = self.cleaned_data["gp_practice"]
        return {"gp_practice": "" if chosen == self.NOT_LISTED else chosen}


class PostcodeForm(PublicStepForm):
    postcode = _text(
        "What is your postcode?",
        max_length=10,
        required_message="Enter your postcode",
        help_text="We use it to find the social prescribing team for where you live. For example, CM1 1AA",
    )

    def clean_postcode(self) -> str:
        try:
            return normalise(self.cleaned_data["postcode"])
        except InvalidPostcode as problem:
            raise forms.ValidationError(str(problem)) from None


class ContactForm(PublicStepForm):
    phone = _text("Phone number (optional)", max_length=30, help_text="A mobile or landline, for example 07700 900 982")
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    preferred_contact_method = forms.ChoiceField(
        label="How would you like us to contact you?",
        choices=CONTACT_METHODS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like us to contact you"},
    )
    may_leave_message = _yes_no(
        "Can we leave a message if you do not answer?", "Choose yes if we can leave you a message"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        phone, email, method = data.get("phone", ""), data.get("email", ""), data.get("preferred_contact_method")
        if "phone" in data and "email" in data and not phone and not email:
            self.add_error("phone", "Enter a phone number or an email address, so we can contact you")
        elif method in {ContactMethod.PHONE, ContactMethod.TEXT} and "phone" in data and not phone:
            self.add_error("phone", "Enter a phone number, or choose to be contacted by email")
        elif method == ContactMethod.EMAIL and "email" in data and not email:
            self.add_error("email", "Enter an email address, or choose to be contacted by phone")
        return data


class HelpForm(PublicStepForm):
    reasons = forms.MultipleChoiceField(
        label="What would you like help with?",
        required=False,
        choices=Need.choices,
        help_text="Select all that apply",
        error_messages={"invalid_choice": "Choose from the list"},
    )
    reason_text = forms.CharField(
        label="Tell us more (optional)",
        required=False,
        max_length=LONG_TEXT_LIMIT,
        widget=forms.Textarea,
        help_text="What matters to you, and what you would like to change",
        error_messages={"max_length": f"Tell us more must be {LONG_TEXT_LIMIT} characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.need_groups = [(name, [(need.value, need.label) for need in needs]) for name, needs in NEED_GROUPS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "reasons" in data and "reason_text" in data and not data["reasons"] and not data["reason_text"]:
            self.add_error("reasons", "Choose what you would like help with, or tell us more")
        return data


class CommunicationForm(PublicStepForm):
    needs_interpreter = _yes_no("Do you need an interpreter?", "Choose yes if you need an interpreter")
    interpreter_language = _text("Which language? (optional)", max_length=100)
    accessible_formats = _text(
        "Anything else that would help us talk to you? (optional)",
        max_length=300,
        help_text="For example, large print, easy read or British Sign Language",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("needs_interpreter") == "yes"
            and "interpreter_language" in data
            and not data["interpreter_language"]
        ):
            self.add_error("interpreter_language", "Enter the language you need an interpreter for")
        return data


class ConsentForm(PublicStepForm):
    consent_support = forms.BooleanField(
        label="I agree that the social prescribing team can contact me and keep a record of the support I receive",
        error_messages={
            "required": "Tick the box to agree that the team can contact you. Without it, we cannot take your referral"
        },
    )
    consent_share = forms.BooleanField(
        label="I agree that the team can share my details with community groups they suggest to me (optional)",
        required=False,
    )
    consent_digital = forms.BooleanField(
        label="I agree that the team can contact me by text message or email (optional)", required=False
    )


class SubmitForm(forms.Form):
    # The honeypot: hidden from people and screen readers' reading order, but bots fill in every box.
    website = forms.CharField(label="Leave this box empty", required=False, max_length=200)


STEP_FORMS: dict[str, type[PublicStepForm]] = {
    "name": NameForm,
    "date-of-birth": DateOfBirthForm,
    "gp-practice": PracticeForm,
    "postcode": PostcodeForm,
    "contact": ContactForm,
    "help": HelpForm,
    "communication": CommunicationForm,
    "consent": ConsentForm,
}

"""Forms for the referrer's pages. They only parse what was typed; receive_referral checks it, so the rules
(and their messages) live in one place for the web form, the API and staff entry alike."""

from typing import Any, cast

from django import forms

from linkwell.accounts.models import Organisation
from linkwell.directory.forms import DayMonthYearField
from linkwell.people.actions import PersonDetails
from linkwell.people.models import ContactMethod
from linkwell.referrals.models import ReferralSource, ReferralStatus, Urgency
from linkwell.referrals.needs import Need

# Sources a professional chooses from; champions and self-referrals have their own routes in.
PROFESSIONAL_SOURCES = [
    (source.value, source.label)
    for source in (
        ReferralSource.GP,
        ReferralSource.PRACTICE_NURSE,
        ReferralSource.OTHER_CLINICIAN,
        ReferralSource.SOCIAL_WORKER,
        ReferralSource.PHARMACIST,
        ReferralSource.OTHER_AGENCY,
    )
]

# Shorter to scan than one list of 27: the referrer finds the area first, then the need.
NEED_GROUPS: list[tuple[str, list[Need]]] = [
    (
        "Feelings and connection",
        [Need.LONELINESS, Need.SOCIAL_ISOLATION, Need.LOW_MOOD, Need.ANXIETY, Need.STRESS, Need.BEREAVEMENT],
    ),
    ("Money, housing and food", [Need.DEBT, Need.BENEFITS, Need.HOUSING, Need.HOMELESSNESS, Need.FOOD_INSECURITY]),
    (
        "Health and lifestyle",
        [
            Need.PHYSICAL_INACTIVITY,
            Need.WEIGHT,
            Need.LONG_TERM_CONDITION,
            Need.CHRONIC_PAIN,
            Need.FALLS,
            Need.SENSORY_LOSS,
            Need.ALCOHOL,
            Need.DRUGS,
            Need.GAMBLING,
            Need.SMOKING,
        ],
    ),
    (
        "Everyday life",
        [
            Need.CARER_STRAIN,
            Need.PARENTING,
            Need.EMPLOYMENT,
            Need.EDUCATION_AND_SKILLS,
            Need.DIGITAL_EXCLUSION,
            Need.TRANSPORT,
            Need.LANGUAGE_BARRIERS,
        ],
    ),
    ("Safety and anything else", [Need.DOMESTIC_ABUSE, Need.OTHER]),
]

# Form fields named as in PersonDetails, so a "person.<field>" problem lands on the field of that name.
PERSON_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "nhs_number",
    "postcode",
    "address_line_1",
    "town",
    "phone",
    "email",
    "preferred_contact_method",
    "may_leave_message",
    "needs_interpreter",
    "interpreter_language",
    "gp_practice",
)
# Problems about the referral as a whole, and the field the referrer fixes them in.
PROBLEM_FIELDS = {
    "reasons": "reasons",
    "reason_text": "reason_text",
    "known_risks": "known_risks",
    "urgency": "urgency",
    "source": "source",
    "consents": "consent_support",
    # No team means neither the practice nor the postcode is one we cover; the practice is the likelier fix.
    "team": "gp_practice",
}


def _text(label: str, help_text: str = "") -> forms.CharField:
    # Lengths and required names are checked by receive_referral, with its messages.
    return forms.CharField(label=label, required=False, strip=False, help_text=help_text)


class ReferralForm(forms.Form):
    given_name = _text("Given name")
    family_name = _text("Family name")
    preferred_name = _text("Preferred name (optional)", "What they like to be called, if different")
    date_of_birth = DayMonthYearField(
        label="Date of birth", noun="date of birth", required=True, help_text="For example, 15 3 1984"
    )
    nhs_number = _text("NHS number (optional)", "For example, 999 234 5675")
    postcode = _text("Postcode")
    address_line_1 = _text("Address line 1 (optional)")
    town = _text("Town or city (optional)")
    phone = _text("Phone number (optional)")
    email = _text("Email address (optional)")
    preferred_contact_method = forms.ChoiceField(
        label="How would they like to be contacted? (optional)", required=False, choices=ContactMethod.choices
    )
    may_leave_message = forms.BooleanField(label="We may leave a message for them", required=False)
    needs_interpreter = forms.BooleanField(label="They need an interpreter", required=False)
    interpreter_language = _text("Language they need an interpreter for (optional)")
    gp_practice = forms.ChoiceField(label="Their GP practice", required=False)
    source = forms.ChoiceField(
        label="You are referring as a",
        choices=PROFESSIONAL_SOURCES,
        error_messages={"required": "Choose who is making the referral"},
    )
    reasons = forms.MultipleChoiceField(
        label="Why are you referring them?",
        required=False,
        choices=Need.choices,
        help_text="Select all that apply",
        error_messages={"invalid_choice": "Choose reasons from the list"},
    )
    reason_text = forms.CharField(
        label="Anything else the team should know about why (optional)", required=False, widget=forms.Textarea
    )
    urgency = forms.ChoiceField(
        label="How soon should the team contact them?",
        choices=Urgency.choices,
        initial=Urgency.ROUTINE,
        error_messages={"required": "Choose how urgent the referral is"},
    )
    known_risks = forms.CharField(
        label="Known risks to the person or to staff visiting them (optional)",
        required=False,
        widget=forms.Textarea,
    )
    consent_support = forms.BooleanField(
        label="The person agrees to be contacted by the social prescribing team", required=False
    )
    consent_share = forms.BooleanField(
        label="The person agrees that their details may be shared with community groups they are referred to",
        required=False,
    )
    consent_digital = forms.BooleanField(
        label="The person agrees to be contacted by text message or email", required=False
    )

    def __init__(
        self, data: Any = None, *, practices: list[Organisation], champion: bool, initial: dict[str, Any]
    ) -> None:
        super().__init__(data, initial=initial)
        self.practices = {str(practice.pk): practice for practice in practices}
        cast(forms.ChoiceField, self.fields["gp_practice"]).choices = [
            ("", "Not known or not listed"),
            *((key, practice.name) for key, practice in self.practices.items()),
        ]
        if champion:
            # A champion's referrals are always from a champion; there is nothing to choose.
            del self.fields["source"]
            self.fields[
                "consent_support"
            ].label = "The person told me in person that they agree to be contacted by the social prescribing team"
        self.need_groups = [(name, [(need.value, need.label) for need in needs]) for name, needs in NEED_GROUPS]

    def clean_gp_practice(self) -> Organisation | None:
        chosen: str = self.cleaned_data["gp_practice"]
        if chosen and chosen not in self.practices:
            raise forms.ValidationError("Choose a GP practice from the list")
        return self.practices.get(chosen)

    def person_details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(**{name: data[name] for name in PERSON_FIELDS})

    def show_problems(self, errors: dict[str, str]) -> None:
        """Put each of receive_referral's problems against the field the referrer can fix it in."""
        for key, message in errors.items():
            name = key.removeprefix("person.") if key.startswith("person.") else PROBLEM_FIELDS.get(key)
            self.add_error(name if name in self.fields else None, message)


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *ReferralStatus.choices])

"""The form for a person's use of health and care services. It parses what was typed; usage_actions checks
everything again and has the last word."""

from django import forms

from linkwell.casework.actions import CaseworkProblem
from linkwell.directory.forms import DayMonthYearField
from linkwell.outcomes.models import USAGE_COUNT_FIELDS, UsageSource, UsageTimepoint
from linkwell.outcomes.usage_actions import COUNT_NOUNS, MOST_IN_SIX_MONTHS

COUNT_LABELS = {
    "gp_appointments": "GP appointments",
    "prescriptions": "Prescriptions",
    "ae_attendances": "A&E attendances",
    "outpatient_appointments": "Outpatient appointments",
    "social_care_contacts": "Social care contacts",
}
COUNT_HINTS = {
    "gp_appointments": "With a GP, nurse or other practice staff, in person, by phone or online",
    "prescriptions": "Prescription items issued, including repeats",
    "ae_attendances": "",
    "outpatient_appointments": "Hospital clinic appointments",
    "social_care_contacts": "Contacts with adult social care",
}


def _count_field(field: str) -> forms.IntegerField:
    noun = COUNT_NOUNS[field]
    hint = COUNT_HINTS[field]
    return forms.IntegerField(
        label=COUNT_LABELS[field],
        required=False,
        min_value=0,
        max_value=MOST_IN_SIX_MONTHS,
        help_text=f"{hint}. Leave blank if not known" if hint else "Leave blank if not known",
        error_messages={
            "invalid": f"The number of {noun} must be a whole number, like 3, or blank if not known",
            "min_value": f"The number of {noun} must be between 0 and {MOST_IN_SIX_MONTHS}",
            "max_value": f"The number of {noun} must be between 0 and {MOST_IN_SIX_MONTHS}",
        },
    )


class UsageForm(forms.Form):
    timepoint = forms.ChoiceField(
        label="Which counts are these?",
        choices=UsageTimepoint.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose baseline or follow-up", "invalid_choice": "Choose baseline or follow-up"},
    )
    period_end = DayMonthYearField(
        label="The 6 months end on",
        noun="date the 6 months end",
        required=True,
        help_text="Usually the day support started (baseline) or 6 months later (follow-up). For example, 5 3 2026",
    )
    source = forms.ChoiceField(
        label="Where do the counts come from?",
        choices=UsageSource.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where the counts come from",
            "invalid_choice": "Choose where the counts come from",
        },
    )
    gp_appointments = _count_field("gp_appointments")
    prescriptions = _count_field("prescriptions")
    ae_attendances = _count_field("ae_attendances")
    outpatient_appointments = _count_field("outpatient_appointments")
    social_care_contacts = _count_field("social_care_contacts")

    def counts(self) -> dict[str, int | None]:
        return {field: self.cleaned_data[field] for field in USAGE_COUNT_FIELDS}


def show_problems(form: forms.Form, refused: CaseworkProblem) -> str:
    """Put an action's problems on the form's fields; return any that belong to no field, for the top of the
    page."""
    others = []
    for field, message in refused.errors.items():
        if field in form.fields:
            form.add_error(field, message)
        else:
            others.append(message)
    return " ".join(others)

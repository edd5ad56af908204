"""The form for recording the person's consent decisions from a case: one question per purpose, each showing
where things stand now, and how the person told the link worker."""

from typing import Any

from django import forms
from django.utils import timezone

from linkwell.casework.consent import CASE_CONSENT_METHODS, Answer
from linkwell.lib.dates import format_date
from linkwell.people.models import Consent, ConsentDecision, ConsentMethod, ConsentPurpose

ANSWER_CHOICES = [
    (Answer.GIVEN.value, "Given"),
    (Answer.REFUSED.value, "Refused"),
    (Answer.NOT_ASKED.value, "Not asked this time"),
]
METHOD_LABELS = {ConsentMethod.IN_PERSON: "In person", ConsentMethod.PHONE: "By phone"}


def position_text(consent: Consent | None) -> str:
    """Where a purpose stands now, in words: "Now: given on 5 March 2026, spoken, in person, recorded by …"."""
    if consent is None:
        return "Now: not asked yet."
    decision = ConsentDecision(consent.decision).label.lower()
    method = ConsentMethod(consent.method).label.lower()
    on = format_date(timezone.localdate(consent.decided_at))
    text = f"Now: {decision} on {on}, {method}, recorded by {consent.recorded_by_label}."
    if consent.decision == ConsentDecision.GIVEN:
        text += " Refused withdraws their agreement."
    return text


class CaseConsentForm(forms.Form):
    def __init__(self, data: Any = None, *, positions: dict[ConsentPurpose, Consent | None]) -> None:
        super().__init__(data)
        for purpose in ConsentPurpose:
            self.fields[purpose.value] = forms.ChoiceField(
                label=purpose.label,
                choices=ANSWER_CHOICES,
                initial=Answer.NOT_ASKED.value,
                widget=forms.RadioSelect,
                help_text=position_text(positions[purpose]),
                error_messages={"required": f"Choose an answer for {purpose.label.lower()}"},
            )
        self.fields["method"] = forms.ChoiceField(
            label="How did they tell you?",
            choices=[(method.value, METHOD_LABELS[method]) for method in CASE_CONSENT_METHODS],
            widget=forms.RadioSelect,
            error_messages={"required": "Choose how they told you"},
        )

    def answers(self) -> dict[ConsentPurpose, Answer]:
        return {purpose: Answer(self.cleaned_data[purpose.value]) for purpose in ConsentPurpose}

    def chosen_method(self) -> ConsentMethod:
        return ConsentMethod(self.cleaned_data["method"])

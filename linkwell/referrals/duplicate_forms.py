"""The team lead's answer to a possible duplicate: the same person (merge) or different people."""

from django import forms
from django.db import models


class DuplicateDecision(models.TextChoices):
    SAME_PERSON = "same_person", "Yes, the same person — merge the records"
    DIFFERENT_PEOPLE = "different_people", "No, different people"


class DuplicateDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Are these records the same person?",
        choices=DuplicateDecision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether these records are the same person",
            "invalid_choice": "Select whether these records are the same person",
        },
    )

    @property
    def same_person(self) -> bool:
        """For a valid form."""
        return bool(self.cleaned_data["decision"] == DuplicateDecision.SAME_PERSON)

"""Forms for referring a person on from their case. The directory search itself is the public search form
(directory.search_forms.DirectorySearchForm), started from the person's own postcode."""

from typing import Any

from django import forms

from linkwell.casework.models import SHORT_NOTE_LIMIT, DeclineReason, OnwardStatus
from linkwell.people.models import Person

# Wider than the public search's usual 5 km: a link worker looks for what the person can reasonably reach.
DEFAULT_RADIUS_KM = "10"
ACCESS_NEEDS_LIMIT = 500


def starting_search(person: Person) -> dict[str, str]:
    """The search a link worker starts from: around the person's postcode, or their town if no postcode."""
    place = person.postcode or person.town
    return {"location": place, "radius": DEFAULT_RADIUS_KM} if place else {}


class ReferOnForm(forms.Form):
    reason = forms.CharField(
        label="Why you are referring them",
        max_length=SHORT_NOTE_LIMIT,
        widget=forms.Textarea,
        help_text="The provider sees exactly what you write here. Say what the person hopes to get from the "
        "service; leave out health details they do not need.",
        error_messages={
            "required": "Say why you are referring the person",
            "max_length": f"Keep this to {SHORT_NOTE_LIMIT} characters or fewer",
        },
    )
    access_needs = forms.CharField(
        label="Access and communication needs",
        required=False,
        max_length=ACCESS_NEEDS_LIMIT,
        help_text="From the person's record. Change it to what the person agreed to share, or leave it empty.",
        error_messages={"max_length": f"Keep this to {ACCESS_NEEDS_LIMIT} characters or fewer"},
    )


class SignpostForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=SHORT_NOTE_LIMIT,
        widget=forms.Textarea,
        help_text="For example: gave them the leaflet; they plan to go next Tuesday",
        error_messages={"max_length": f"Keep this to {SHORT_NOTE_LIMIT} characters or fewer"},
    )


class OnwardChangeForm(forms.Form):
    """One move a link worker records on an onward referral, with an optional note (and, for a decline the
    provider told them about, the provider's reason). Prefixed with the move, so each form on the page has
    its own field ids."""

    decline_reason = forms.ChoiceField(
        label="Why the provider declined",
        required=False,
        choices=DeclineReason.choices,
        error_messages={"invalid_choice": "Choose why the referral was declined"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=SHORT_NOTE_LIMIT,
        widget=forms.Textarea,
        error_messages={"max_length": f"Keep this to {SHORT_NOTE_LIMIT} characters or fewer"},
    )

    def __init__(self, data: Any = None, *, to_status: OnwardStatus) -> None:
        super().__init__(data, prefix=to_status.value)
        self.to_status = to_status
        if to_status == OnwardStatus.DECLINED:
            self.fields["decline_reason"].required = True
            self.fields["decline_reason"].error_messages["required"] = "Choose why the referral was declined"
        else:
            del self.fields["decline_reason"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decline_reason") == DeclineReason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", "Say why the referral was declined")
        return cleaned

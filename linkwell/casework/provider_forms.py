"""Forms for providers answering onward referrals: the inbox filters, and a note to the link worker with each
answer (a declined referral also says why). The emailed decline link uses the same decline form."""

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from linkwell.casework.models import SHORT_NOTE_LIMIT, DeclineReason, OnwardReferral, OnwardStatus
from linkwell.casework.onward import AWAITING_ANSWER
from linkwell.directory.models import Service

AWAITING = "awaiting"
_TOO_LONG = f"Keep the note to {SHORT_NOTE_LIMIT} characters or fewer"


class ProviderFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Any status"), (AWAITING, "Waiting for your answer"), *OnwardStatus.choices],
        required=False,
    )
    service = forms.ChoiceField(label="Service", required=False)

    def __init__(self, data: Any, *, services: Sequence[Service], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        cast(forms.ChoiceField, self.fields["service"]).choices = [
            ("", "All your services"),
            *((str(service.pk), service.name) for service in services),
        ]

    def filter(self, referrals: QuerySet[OnwardReferral]) -> QuerySet[OnwardReferral]:
        """For a valid or unbound form: the referrals it picks out."""
        if not self.is_bound:
            return referrals
        status, service = self.cleaned_data["status"], self.cleaned_data["service"]
        if status == AWAITING:
            referrals = referrals.filter(AWAITING_ANSWER)
        elif status:
            referrals = referrals.filter(status=status)
        if service:
            referrals = referrals.filter(service_id=service)
        return referrals


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note to the link worker (optional)",
        help_text="For example, when the person can start. The link worker reads it in Linkwell.",
        required=False,
        max_length=SHORT_NOTE_LIMIT,
        widget=forms.Textarea,
        error_messages={"max_length": _TOO_LONG},
    )


class DeclineForm(NoteForm):
    reason = forms.ChoiceField(
        label="Why are you declining the referral?",
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why you are declining the referral"},
    )
    field_order = ["reason", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        note = self.fields["note"]
        note.label = "Note to the link worker"
        note.help_text = "Needed if you choose “Other”: say why."

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if self.cleaned_data.get("reason") == DeclineReason.OTHER and not self.cleaned_data.get("note"):
            self.add_error("note", "Say why you are declining the referral")
        return cleaned

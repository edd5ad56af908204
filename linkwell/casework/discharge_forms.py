from django import forms

from linkwell.casework.models import NOTE_LIMIT, DischargeReason


class DischargeForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the person being discharged?",
        choices=DischargeReason.choices,
        error_messages={"required": "Choose why the person is being discharged"},
    )
    summary = forms.CharField(
        label="Summary for the GP and referrer",
        help_text="What was offered, what the person did and how things are now. This goes in the message back.",
        widget=forms.Textarea,
        max_length=NOTE_LIMIT,
        error_messages={
            "required": "Write a short summary for the GP and referrer",
            "max_length": f"Keep the summary to {NOTE_LIMIT} characters or fewer",
        },
    )

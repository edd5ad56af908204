"""Form fields shared by the casework forms."""

from typing import Any

from django import forms


def text_field(label: str, *, limit: int, required_message: str = "", help_text: str = "", area: bool = False) -> Any:
    """A text box (a textarea if `area`), required when there is a message to say it is missing, with the
    limit said in words when it is passed."""
    return forms.CharField(
        label=label,
        required=bool(required_message),
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea if area else forms.TextInput,
        error_messages={"required": required_message, "max_length": f"Keep this to {limit} characters or fewer"},
    )

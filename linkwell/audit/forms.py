from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="Who (email address contains)", required=False, max_length=254)
    action = forms.ChoiceField(label="What happened", required=False, choices=[("", "Anything"), *AuditAction.choices])
    object_type = forms.CharField(
        label="Record type", required=False, max_length=64, help_text="For example, accounts.user"
    )
    object_id = forms.CharField(label="Record ID", required=False, max_length=64)
    person_id = forms.CharField(label="Person ID", required=False, max_length=64)
    date_from = forms.DateField(
        label="From (date)",
        required=False,
        error_messages={"invalid": "Enter the from date as a real date, like 2026-03-05"},
    )
    date_to = forms.DateField(
        label="To (date)",
        required=False,
        error_messages={"invalid": "Enter the to date as a real date, like 2026-03-05"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return cleaned

    def filter(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        """Apply the valid filters; call after is_valid()."""
        data = self.cleaned_data
        if data.get("actor"):
            events = events.filter(actor_label__icontains=data["actor"].strip())
        if data.get("action"):
            events = events.filter(action=data["action"])
        for field in ("object_type", "object_id", "person_id"):
            if data.get(field):
                events = events.filter(**{field: data[field].strip()})
        # Dates are UK calendar days; the table stores UTC.
        if data.get("date_from"):
            events = events.filter(at__gte=timezone.make_aware(datetime.combine(data["date_from"], time.min)))
        if data.get("date_to"):
            events = events.filter(
                at__lt=timezone.make_aware(datetime.combine(data["date_to"] + timedelta(days=1), time.min))
            )
        return events

    def applied(self) -> dict[str, str]:
        return {name: str(value) for name, value in self.cleaned_data.items() if value}

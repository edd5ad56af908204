"""Forms for the team inbox: the list's filters, a reason for closing a referral, and allocation."""

from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from linkwell.accounts.models import Organisation, Team
from linkwell.referrals.inbox_queries import (
    AGE_BAND_LABELS,
    STATUS_GROUP_LABELS,
    AgeBand,
    Caseload,
    StatusGroup,
    in_age_band,
    in_status_group,
)
from linkwell.referrals.models import Referral, ReferralSource, Urgency
from linkwell.referrals.needs import Need

_ANY = [("", "Any")]


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=[(group.value, label) for group, label in STATUS_GROUP_LABELS.items()], required=False
    )
    team = forms.ChoiceField(label="Team", required=False)
    source = forms.ChoiceField(label="Referred by", choices=_ANY + ReferralSource.choices, required=False)
    urgency = forms.ChoiceField(label="Urgency", choices=_ANY + Urgency.choices, required=False)
    practice = forms.ChoiceField(label="GP practice", required=False)
    reason = forms.ChoiceField(label="Reason for referral", choices=_ANY + Need.choices, required=False)
    age_band = forms.ChoiceField(
        label="Age", choices=_ANY + [(band.value, label) for band, label in AGE_BAND_LABELS.items()], required=False
    )

    def __init__(self, data: Any, *, teams: Sequence[Team], practices: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        # Only people in several teams need to choose between them.
        if len(teams) > 1:
            cast(forms.ChoiceField, self.fields["team"]).choices = [
                ("", "All my teams"),
                *((str(team.pk), team.name) for team in teams),
            ]
        else:
            del self.fields["team"]
        cast(forms.ChoiceField, self.fields["practice"]).choices = _ANY + [
            (str(practice.pk), practice.name) for practice in practices
        ]

    @property
    def status_group(self) -> StatusGroup:
        chosen = self.cleaned_data.get("status") if self.is_bound and self.is_valid() else ""
        return StatusGroup(chosen) if chosen else StatusGroup.WAITING

    def filter(self, referrals: QuerySet[Referral], today: date) -> QuerySet[Referral]:
        """For a valid form (or an unbound one: then the waiting referrals)."""
        referrals = in_status_group(referrals, self.status_group)
        if not self.is_bound:
            return referrals
        data = self.cleaned_data
        if data.get("team"):
            referrals = referrals.filter(team_id=data["team"])
        if data["source"]:
            referrals = referrals.filter(source=data["source"])
        if data["urgency"]:
            referrals = referrals.filter(urgency=data["urgency"])
        if data["practice"]:
            referrals = referrals.filter(person__gp_practice_id=data["practice"])
        if data["reason"]:
            # Matches the quoted code in the stored JSON list: SQLite has no JSON containment lookup.
            referrals = referrals.filter(reasons__icontains=f'"{data["reason"]}"')
        if data["age_band"]:
            referrals = in_age_band(referrals, AgeBand(data["age_band"]), today)
        return referrals


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why?",
        widget=forms.Textarea,
        max_length=500,
        help_text="The referrer and the team will see this.",
        error_messages={"max_length": "Keep the reason to 500 characters or fewer"},
    )

    def __init__(self, data: Any = None, *, missing_message: str, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["reason"].error_messages["required"] = missing_message


class AllocateForm(forms.Form):
    worker = forms.TypedChoiceField(
        label="Allocate to",
        coerce=int,
        error_messages={"required": "Choose the link worker to allocate the referral to"},
    )

    def __init__(self, data: Any = None, *, caseloads: Sequence[Caseload], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        cast(forms.ChoiceField, self.fields["worker"]).choices = [("", "Choose a link worker")] + [
            (caseload.worker.pk, caseload.label) for caseload in caseloads
        ]
        self.caseloads = {caseload.worker.pk: caseload for caseload in caseloads}

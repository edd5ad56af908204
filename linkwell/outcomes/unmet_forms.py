"""The unmet-need form: the need, why nothing suited, the service that fell short (if any) and a note. It
parses what was chosen; unmet_actions checks everything again and has the last word."""

from typing import Any, cast

from django import forms

from linkwell.casework.form_fields import text_field
from linkwell.casework.models import SHORT_NOTE_LIMIT
from linkwell.directory.models import CapacityStatus, Service
from linkwell.outcomes.models import UnmetReason
from linkwell.outcomes.unmet_actions import CHOOSE_NEED, CHOOSE_REASON
from linkwell.referrals.needs import Need

NO_SERVICE = ""


def need_choices(referral_reasons: list[str]) -> list[tuple[str, str]]:
    """The needs the person was referred for first, then every other need."""
    referred = [Need(reason) for reason in referral_reasons if reason in Need.values]
    others = [need for need in Need if need not in referred]
    return [
        ("", "Choose a need"),
        *((need.value, f"{need.label} (from the referral)") for need in referred),
        *((need.value, need.label) for need in others),
    ]


def _service_label(service: Service) -> str:
    full = " (full)" if service.capacity_status == CapacityStatus.FULL else ""
    return f"{service.name}, {service.organization.name}{full}"


class UnmetNeedForm(forms.Form):
    need = forms.ChoiceField(
        label="Which need could no service meet?",
        error_messages={"required": CHOOSE_NEED, "invalid_choice": CHOOSE_NEED},
    )
    reason = forms.ChoiceField(
        label="Why was no service suitable?",
        choices=UnmetReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_REASON, "invalid_choice": CHOOSE_REASON},
    )
    service = forms.ChoiceField(
        label="Which service fell short? (optional)",
        required=False,
        help_text="One you referred or signposted them to, or one the directory lists as full",
        error_messages={"invalid_choice": "Choose a service from the list, or no particular service"},
    )
    note = text_field(
        "Note (optional)",
        limit=SHORT_NOTE_LIMIT,
        area=True,
        help_text="For the case record only: never shown in reports",
    )

    def __init__(self, data: Any = None, *, referral_reasons: list[str], services: list[Service]) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["need"]).choices = need_choices(referral_reasons)
        self.services = {str(service.pk): service for service in services}
        cast(forms.ChoiceField, self.fields["service"]).choices = [
            (NO_SERVICE, "No particular service"),
            *((key, _service_label(service)) for key, service in self.services.items()),
        ]

    def chosen_service(self) -> Service | None:
        return self.services.get(self.cleaned_data["service"])

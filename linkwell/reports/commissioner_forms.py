"""The commissioner report's filters: a period of referral dates and optionally one scheme, ICB or PCN, offered
only from the user's commissioner scope (anything else is refused as not on the list)."""

import datetime as dt
from typing import Any

from django import forms

from linkwell.reports.commissioner_scope import CommissionerScope
from linkwell.reports.filters import ReportFilters, last_full_months
from linkwell.reports.period_forms import EVERYTHING, ReportPeriodForm, choices_with_everything

AREA_FIELDS = ("scheme", "icb", "pcn")


class CommissionerFilterForm(ReportPeriodForm):
    scheme = forms.ChoiceField(label="Scheme", required=False)
    icb = forms.ChoiceField(label="Integrated care board (ICB)", required=False)
    pcn = forms.ChoiceField(label="Primary care network (PCN)", required=False)

    def __init__(self, data: Any = None, *, scope: CommissionerScope, today: dt.date) -> None:
        start, end = last_full_months(today)
        super().__init__(data, today=today, initial={"start": start, "end": end})
        self.scope = scope
        self.offered = {
            "scheme": choices_with_everything("All schemes you can see", scope.schemes()),
            "icb": choices_with_everything("All ICBs you can see", scope.icbs()),
            "pcn": choices_with_everything("All PCNs you can see", scope.pcns()),
        }
        for name in AREA_FIELDS:
            self._choice_field(name).choices = self.offered[name]
            self.fields[name].error_messages["invalid_choice"] = "Choose one from the list"

    def _choice_field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # every area field is declared as one above
        return field

    def report_filters(self) -> ReportFilters | None:
        """The filters chosen, held inside the scope (the last 12 full months when nothing was asked), or None
        when the input is wrong."""
        if not self.is_bound:
            start, end = last_full_months(self.today)
            return self.scope.limit(ReportFilters(start=start, end=end))
        if not self.is_valid():
            return None
        data = self.cleaned_data

        def ids(name: str) -> tuple[int, ...]:
            return (int(data[name]),) if data.get(name) else ()

        asked = ReportFilters(
            start=data["start"], end=data["end"], scheme_ids=ids("scheme"), icb_ids=ids("icb"), pcn_ids=ids("pcn")
        )
        return self.scope.limit(asked)

    def describe(self, filters: ReportFilters) -> list[tuple[str, str]]:
        """The filters in words, for the page and the first rows of an export."""
        chosen = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return [
            ("Referrals received", filters.period_label),
            *(
                (
                    str(self.fields[name].label),
                    dict(self.offered[name]).get(chosen.get(name) or EVERYTHING, ""),
                )
                for name in AREA_FIELDS
            ),
        ]

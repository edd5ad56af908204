"""The dashboard's filters: a period of referral dates, and optionally one scheme, team, PCN or practice,
offered only from what the user's report scope reaches (anything else is refused as not on the list)."""

import datetime as dt
from typing import Any, cast

from django import forms

from linkwell.accounts.models import OrganisationKind
from linkwell.reports.filters import ReportFilters, last_full_months
from linkwell.reports.period_forms import EVERYTHING, ReportPeriodForm, choices_with_everything
from linkwell.reports.scope import ReportScope

CHOICE_NOUNS = {"scheme": "scheme", "team": "team", "pcn": "primary care network", "practice": "GP practice"}


class DashboardFilterForm(ReportPeriodForm):
    scheme = forms.ChoiceField(label="Scheme", required=False)
    team = forms.ChoiceField(label="Team", required=False)
    pcn = forms.ChoiceField(label="Primary care network", required=False)
    practice = forms.ChoiceField(label="GP practice", required=False)

    def __init__(self, data: Any = None, *, scope: ReportScope, today: dt.date) -> None:
        start, end = last_full_months(today)
        super().__init__(data, today=today, initial={"start": start, "end": end})
        self.scope = scope
        self.options = {
            "scheme": choices_with_everything("All schemes", scope.schemes()),
            "team": choices_with_everything("All teams", scope.teams()),
            "pcn": choices_with_everything("All PCNs", scope.organisations_of_kind(OrganisationKind.PCN)),
            "practice": choices_with_everything(
                "All practices", scope.organisations_of_kind(OrganisationKind.GP_PRACTICE)
            ),
        }
        for name, choices in self.options.items():
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = choices
            field.error_messages["invalid_choice"] = f"Choose a {CHOICE_NOUNS[name]} from the list"

    def report_filters(self) -> ReportFilters | None:
        """The filters chosen (the default period when nothing was asked), or None when the input is wrong."""
        if not self.is_bound:
            start, end = last_full_months(self.today)
            return ReportFilters(start=start, end=end, scheme_ids=self.scope.limit(()))
        if not self.is_valid():
            return None
        data = self.cleaned_data

        def ids(name: str) -> tuple[int, ...]:
            return (int(data[name]),) if data.get(name) else ()

        return ReportFilters(
            start=data["start"],
            end=data["end"],
            scheme_ids=self.scope.limit(ids("scheme")),
            team_ids=ids("team"),
            pcn_ids=ids("pcn"),
            practice_ids=ids("practice"),
        )

    def describe(self, filters: ReportFilters) -> list[tuple[str, str]]:
        """The filters in words, for the page and the first rows of an export."""
        chosen = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return [
            ("Referrals received", filters.period_label),
            *(
                (str(self.fields[name].label), dict(choices).get(chosen.get(name) or EVERYTHING, ""))
                for name, choices in self.options.items()
            ),
        ]

"""The dashboard's filters: a period of referral dates, and optionally one scheme, team, PCN or practice,
offered only from what the user's report scope reaches (anything else is refused as not on the list)."""

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from linkwell.accounts.models import OrganisationKind
from linkwell.directory.forms import DayMonthYearField
from linkwell.reports.filters import ReportFilters, last_full_months
from linkwell.reports.scope import ReportScope

# Long enough for any evaluation; short enough that a typo in the year is caught.
LONGEST_PERIOD_YEARS = 10
EVERYTHING = ""
CHOICE_NOUNS = {"scheme": "scheme", "team": "team", "pcn": "primary care network", "practice": "GP practice"}


def _choices(everyone: str, options: QuerySet[Any]) -> list[tuple[str, str]]:
    return [(EVERYTHING, everyone), *((str(option.pk), option.name) for option in options)]


class DashboardFilterForm(forms.Form):
    start = DayMonthYearField(label="From", noun="start date", required=True, help_text="For example, 1 4 2026")
    end = DayMonthYearField(label="To", noun="end date", required=True, help_text="For example, 31 3 2027")
    scheme = forms.ChoiceField(label="Scheme", required=False)
    team = forms.ChoiceField(label="Team", required=False)
    pcn = forms.ChoiceField(label="Primary care network", required=False)
    practice = forms.ChoiceField(label="GP practice", required=False)

    def __init__(self, data: Any = None, *, scope: ReportScope, today: dt.date) -> None:
        start, end = last_full_months(today)
        super().__init__(data, initial={"start": start, "end": end})
        self.scope = scope
        self.today = today
        self.options = {
            "scheme": _choices("All schemes", scope.schemes()),
            "team": _choices("All teams", scope.teams()),
            "pcn": _choices("All PCNs", scope.organisations_of_kind(OrganisationKind.PCN)),
            "practice": _choices("All practices", scope.organisations_of_kind(OrganisationKind.GP_PRACTICE)),
        }
        for name, choices in self.options.items():
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = choices
            field.error_messages["invalid_choice"] = f"Choose a {CHOICE_NOUNS[name]} from the list"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end date must be the same as or after the start date")
            elif (end - start).days > LONGEST_PERIOD_YEARS * 366:
                self.add_error("end", f"The period must be {LONGEST_PERIOD_YEARS} years or shorter")
            elif start > self.today:
                self.add_error("start", "The start date must be today or in the past")
        return cleaned

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

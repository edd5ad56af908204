"""The gap report's filters: a period of recording dates, months or quarters, and optionally one need, one area
(postcode district) or one team, offered only from what the user's scope reaches."""

import datetime as dt
from typing import Any, cast

from django import forms

from linkwell.lib.dates import format_date
from linkwell.referrals.needs import Need
from linkwell.reports.gap_queries import MONTH, QUARTER, GapFilters, districts_in
from linkwell.reports.period_forms import EVERYTHING, ReportPeriodForm
from linkwell.reports.scope import ReportScope


def this_and_last_eleven_months(today: dt.date) -> tuple[dt.date, dt.date]:
    """From the first day of the month 11 months ago to today: the default period. Unlike the dashboard's whole
    months, it includes this month, so a gap recorded today shows at once."""
    index = today.year * 12 + today.month - 1 - 11
    return dt.date(index // 12, index % 12 + 1, 1), today


class GapFilterForm(ReportPeriodForm):
    grouping = forms.ChoiceField(
        label="Count by",
        choices=[(MONTH, "Month"), (QUARTER, "Quarter")],
        required=False,
        error_messages={"invalid_choice": "Choose month or quarter"},
    )
    need = forms.ChoiceField(
        label="Need",
        required=False,
        choices=[(EVERYTHING, "All needs"), *Need.choices],
        error_messages={"invalid_choice": "Choose a need from the list"},
    )
    district = forms.ChoiceField(
        label="Area (postcode district)",
        required=False,
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    team = forms.ChoiceField(
        label="Team", required=False, error_messages={"invalid_choice": "Choose a team from the list"}
    )

    def __init__(self, data: Any = None, *, scope: ReportScope, today: dt.date) -> None:
        start, end = this_and_last_eleven_months(today)
        super().__init__(data, today=today, initial={"start": start, "end": end, "grouping": MONTH})
        self.teams = {str(team.pk): team for team in scope.teams().select_related("scheme")}
        cast(forms.ChoiceField, self.fields["district"]).choices = [
            (EVERYTHING, "All areas"),
            *((district, district) for district in districts_in(scope)),
        ]
        cast(forms.ChoiceField, self.fields["team"]).choices = [
            (EVERYTHING, "All teams"),
            *((key, f"{team.name} ({team.scheme.name})") for key, team in self.teams.items()),
        ]

    def gap_filters(self) -> GapFilters | None:
        """The filters chosen (the default period when nothing was asked), or None when the input is wrong."""
        if not self.is_bound:
            start, end = this_and_last_eleven_months(self.today)
            return GapFilters(start=start, end=end)
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return GapFilters(
            start=data["start"],
            end=data["end"],
            grouping=data["grouping"] or MONTH,
            need=data["need"],
            district=data["district"],
            team_id=int(data["team"]) if data["team"] else None,
        )

    def describe(self, filters: GapFilters) -> list[tuple[str, str]]:
        """What the figures cover, in words, for the page and the top of each exported file."""
        team = self.teams.get(str(filters.team_id)) if filters.team_id is not None else None
        return [
            ("Period", f"{format_date(filters.start)} to {format_date(filters.end)}"),
            ("Need", Need(filters.need).label if filters.need else "All needs"),
            ("Area", filters.district or "All areas"),
            ("Team", f"{team.name} ({team.scheme.name})" if team else "All teams"),
        ]

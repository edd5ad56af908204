"""What every report's filter form shares: a period of dates, checked the same way, and choice lists that start
with "all"."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Model, QuerySet

from linkwell.directory.forms import DayMonthYearField

# Long enough for any evaluation; short enough that a typo in the year is caught.
LONGEST_PERIOD_YEARS = 10
EVERYTHING = ""


def choices_with_everything(everything: str, options: QuerySet[Any]) -> list[tuple[str, str]]:
    """`everything` (the empty choice) first, then each option by primary key and name."""
    return [(EVERYTHING, everything), *((str(option.pk), _name(option)) for option in options)]


def _name(option: Model) -> str:
    return str(getattr(option, "name", option))


class ReportPeriodForm(forms.Form):
    start = DayMonthYearField(label="From", noun="start date", required=True, help_text="For example, 1 4 2026")
    end = DayMonthYearField(label="To", noun="end date", required=True, help_text="For example, 31 3 2027")

    def __init__(self, data: Any = None, *, today: dt.date, initial: dict[str, Any]) -> None:
        super().__init__(data, initial=initial)
        self.today = today

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

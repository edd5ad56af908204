"""Forms for contacts, follow-ups and safeguarding concerns. They parse what was typed (dates, times, numbers,
choices) and spot missing answers early; casework.care checks everything again and has the last word."""

import re
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django import forms
from django.utils import timezone

from linkwell.accounts.models import User
from linkwell.casework.care import (
    CONCERN_SUMMARY_LIMIT,
    ENTER_CLOSING_NOTE,
    ENTER_CONCERN_SUMMARY,
    ENTER_DURATION,
    ENTER_FOLLOW_UP_TITLE,
    FOLLOW_UP_TITLE_LIMIT,
    LONGEST_CONTACT_MINUTES,
)
from linkwell.casework.form_fields import text_field
from linkwell.casework.models import NOTE_LIMIT, SHORT_NOTE_LIMIT, ContactKind
from linkwell.directory.forms import DayMonthYearField
from linkwell.lib.dates import format_date

# 14:30, 14.30, 2:30pm, 2.30 pm, 9am, 9
_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm)?$")
MADE, ATTEMPTED = "made", "attempted"
SPECIFIC_DATE = "date"
# The quick choices for when a follow-up is due, in weeks from today.
QUICK_WEEKS = (1, 2, 4)


def parse_time_of_day(text: str) -> time:
    """A time as people type it. Raises ValueError for anything that is not one."""
    not_a_time = ValueError(f"Not a time: {text!r}")
    cleaned = text.strip().lower().replace(" ", "")
    if cleaned in {"midday", "noon"}:
        return time(12, 0)
    if cleaned == "midnight":
        return time(0, 0)
    match = _TIME.match(cleaned)
    if match is None:
        raise not_a_time
    hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
    if half is not None:
        if not 1 <= hour <= 12:
            raise not_a_time
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise not_a_time
    return time(hour, minute)


class ContactForm(forms.Form):
    at = DayMonthYearField(
        label="Date of the contact", noun="date of the contact", required=True, help_text="For example, 5 3 2026"
    )
    at_time = forms.CharField(
        label="Time of the contact",
        max_length=10,
        help_text="For example, 9:30am or 14:30",
        error_messages={"required": "Enter the time of the contact", "max_length": "Enter a time, like 9:30am"},
    )
    kind = forms.ChoiceField(
        label="How did you contact them?",
        choices=ContactKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you contacted the person"},
    )
    made = forms.ChoiceField(
        label="Did you reach the person?",
        choices=[(MADE, "Yes, contact made"), (ATTEMPTED, "No, an attempt that did not reach them")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you reached the person"},
    )
    duration_minutes = forms.IntegerField(
        label="How long did it take, in minutes?",
        required=False,
        min_value=0,
        max_value=LONGEST_CONTACT_MINUTES,
        help_text="Needed when you reached the person",
        error_messages={
            "invalid": "Enter the duration as a whole number of minutes, like 30",
            "min_value": "The duration must be 0 minutes or more",
            "max_value": f"The duration must be {LONGEST_CONTACT_MINUTES} minutes or less",
        },
    )
    note = text_field("Short note (optional)", limit=SHORT_NOTE_LIMIT, area=True)
    follow_up_title = text_field(
        "What needs doing next? (optional)",
        limit=FOLLOW_UP_TITLE_LIMIT,
        help_text="For example, call to check the walking group has been in touch",
    )
    follow_up_on = DayMonthYearField(
        label="Follow up on (optional)", noun="follow-up date", help_text="For example, 19 3 2026"
    )

    def clean_at_time(self) -> time:
        try:
            return parse_time_of_day(self.cleaned_data["at_time"])
        except ValueError:
            raise forms.ValidationError("Enter a real time, like 9:30am or 14:30") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("made") == MADE and "duration_minutes" in data and data["duration_minutes"] is None:
            self.add_error("duration_minutes", ENTER_DURATION)
        title, due_on = data.get("follow_up_title", ""), data.get("follow_up_on")
        if title and "follow_up_on" in data and due_on is None:
            self.add_error("follow_up_on", "Enter the date to follow up on, or clear what needs doing")
        elif due_on is not None and "follow_up_title" in data and not title:
            self.add_error("follow_up_title", ENTER_FOLLOW_UP_TITLE)
        return data

    def contact_at(self) -> datetime:
        """When the contact happened, in UK time."""
        on: date = self.cleaned_data["at"]
        return timezone.make_aware(datetime.combine(on, self.cleaned_data["at_time"]))

    def wants_follow_up(self) -> bool:
        return bool(self.cleaned_data["follow_up_title"])


def quick_due_dates(today: date) -> dict[str, date]:
    return {str(weeks): today + timedelta(weeks=weeks) for weeks in QUICK_WEEKS}


class FollowUpForm(forms.Form):
    title = text_field(
        "What needs doing?",
        limit=FOLLOW_UP_TITLE_LIMIT,
        required_message=ENTER_FOLLOW_UP_TITLE,
        help_text="For example, call to check the referrals are on track",
    )
    # Not required here: a date typed without choosing "On a specific date" still counts (see clean).
    when = forms.ChoiceField(label="When is it due?", required=False, widget=forms.RadioSelect)
    due_on = DayMonthYearField(
        label="Specific date",
        noun="due date",
        help_text="If you chose a specific date. For example, 19 3 2026",
    )
    assigned_to = forms.ChoiceField(
        label="Who will do it?",
        error_messages={"required": "Choose who will do it", "invalid_choice": "Choose who will do it"},
    )

    def __init__(self, data: Any = None, *, workers: list[User], initial: dict[str, Any] | None = None) -> None:
        super().__init__(data, initial=initial)
        self.today = timezone.localdate()
        self.quick_dates = quick_due_dates(self.today)
        cast(forms.ChoiceField, self.fields["when"]).choices = [
            *(
                (value, f"In {weeks} week{'s' if weeks > 1 else ''} ({format_date(self.quick_dates[value])})")
                for value, weeks in zip(self.quick_dates, QUICK_WEEKS, strict=True)
            ),
            (SPECIFIC_DATE, "On a specific date"),
        ]
        self.workers = {str(worker.pk): worker for worker in workers}
        cast(forms.ChoiceField, self.fields["assigned_to"]).choices = [
            (key, worker.full_name or worker.email) for key, worker in self.workers.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        when, due_on = data.get("when"), data.get("due_on")
        if "when" in data and not when:
            if due_on is not None:
                data["when"] = when = SPECIFIC_DATE
            elif "due_on" in data:
                self.add_error("when", "Choose when the follow-up is due")
        if when == SPECIFIC_DATE and "due_on" in data and due_on is None:
            self.add_error("due_on", "Enter the date the follow-up is due")
        elif when and when != SPECIFIC_DATE and due_on is not None:
            # Never quietly drop a date someone typed.
            self.add_error("due_on", "Choose 'On a specific date' to use this date, or clear it")
        return data

    def due_date(self) -> date:
        when = self.cleaned_data["when"]
        chosen: date = self.cleaned_data["due_on"] if when == SPECIFIC_DATE else self.quick_dates[when]
        return chosen

    def assignee(self) -> User:
        return self.workers[self.cleaned_data["assigned_to"]]


class FollowUpDoneForm(forms.Form):
    note = text_field("Note (optional)", limit=SHORT_NOTE_LIMIT, area=True, help_text="What happened, in a line or two")


class ConcernForm(forms.Form):
    summary = text_field(
        "Summary of the concern",
        limit=CONCERN_SUMMARY_LIMIT,
        required_message=ENTER_CONCERN_SUMMARY,
        help_text="One line, shown to the team at the top of the case",
    )
    details = text_field("What happened, or what you are worried about (optional)", limit=NOTE_LIMIT, area=True)
    action_taken = text_field(
        "What has been done so far (optional)",
        limit=NOTE_LIMIT,
        area=True,
        help_text="For example, talked to the safeguarding lead, or referred to the local authority",
    )


class CloseConcernForm(forms.Form):
    closing_note = text_field(
        "Why can the concern be closed?",
        limit=SHORT_NOTE_LIMIT,
        required_message=ENTER_CLOSING_NOTE,
        area=True,
        help_text="What was done about it, and the outcome",
    )

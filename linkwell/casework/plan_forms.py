"""Forms for the "what matters to me" conversation and the personal plan. They parse what was typed and spot
missing answers early; casework.plans checks everything again and has the last word.

Forms that change the plan carry the plan's version in a hidden field (see casework.plans)."""

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from linkwell.casework.form_fields import text_field
from linkwell.casework.models import GOAL_TRANSITIONS, NOTE_LIMIT, SHORT_NOTE_LIMIT, GoalStatus, LifeArea, StepOwner
from linkwell.casework.plans import (
    GOAL_TEXT_LIMIT,
    OWNER_NOTE_LIMIT,
    PROGRESS_MAX,
    STEP_TEXT_LIMIT,
    AreaTalkedAbout,
    StepPlanned,
)
from linkwell.directory.forms import DayMonthYearField

DATE_HINT = "For example, 5 3 2026"
STEPS_ON_A_GOAL = 3
RELOAD = "This page is out of date. Go back to the plan, then make your change again."
NO_CHANGE = "unchanged"

# What changing a goal to each status means, as the choice is worded on the page.
STATUS_CHOICE_LABELS = {
    GoalStatus.ACTIVE: "Active again: they are working on it",
    GoalStatus.ACHIEVED: "Achieved",
    GoalStatus.CHANGED: "Changed: they want a different goal instead",
    GoalStatus.STOPPED: "Stopped: they no longer want to work on it",
}


class VersionedForm(forms.Form):
    """A form that changes the plan: it sends back the plan version it was drawn from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self) -> dict[str, Any] | None:
        # Hidden, so the user cannot fix it: say so for the whole form instead.
        if self.errors.pop("version", None):
            raise ValidationError(RELOAD)
        return super().clean()


@dataclass(frozen=True)
class AreaFields:
    area: LifeArea
    talked: forms.BoundField
    priority: forms.BoundField
    note: forms.BoundField


class ConversationForm(forms.Form):
    held_on = DayMonthYearField(
        label="When did you have the conversation?", noun="date of the conversation", required=True, help_text=DATE_HINT
    )
    what_matters = text_field(
        "What matters to them, in their own words",
        limit=NOTE_LIMIT,
        required_message="Enter what matters to the person",
        area=True,
    )
    strengths = text_field(
        "Strengths (optional)",
        limit=NOTE_LIMIT,
        help_text="What they are good at, enjoy, or have to draw on: people, skills, places",
        area=True,
    )
    barriers = text_field(
        "What gets in the way (optional)",
        limit=NOTE_LIMIT,
        help_text="For example: transport, confidence, cost, caring responsibilities",
        area=True,
    )
    notes = text_field("Other notes (optional)", limit=NOTE_LIMIT, area=True)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        for area in LifeArea:
            self.fields[f"{area}_talked"] = forms.BooleanField(label="We talked about this", required=False)
            self.fields[f"{area}_priority"] = forms.BooleanField(label="This matters most now", required=False)
            self.fields[f"{area}_note"] = text_field("What they said (optional)", limit=SHORT_NOTE_LIMIT, area=True)
        # The order of the page, which the error summary follows.
        self.order_fields(
            ["held_on", *(f"{area}_{part}" for area in LifeArea for part in ("talked", "priority", "note"))]
        )

    def area_fields(self) -> list[AreaFields]:
        return [
            AreaFields(area, self[f"{area}_talked"], self[f"{area}_priority"], self[f"{area}_note"])
            for area in LifeArea
        ]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        for area in LifeArea:
            said_something = data.get(f"{area}_priority") or data.get(f"{area}_note")
            if said_something and not data.get(f"{area}_talked"):
                # Never drop what was typed without asking.
                self.add_error(
                    f"{area}_talked",
                    f"Tick “We talked about this” for {area.label.lower()}, or clear what you entered for it",
                )
        return data

    def areas(self) -> list[AreaTalkedAbout]:
        data = self.cleaned_data
        return [
            (area, bool(data.get(f"{area}_priority")), data.get(f"{area}_note", ""))
            for area in LifeArea
            if data.get(f"{area}_talked")
        ]


class PlanForm(VersionedForm):
    summary = text_field(
        "The plan, in their own words (optional)",
        limit=NOTE_LIMIT,
        help_text="What they want to work towards and how. They will see this on their printed plan.",
        area=True,
    )
    agreed_on = DayMonthYearField(label="Date the plan was agreed (optional)", noun="date", help_text=DATE_HINT)


@dataclass(frozen=True)
class StepFields:
    number: int
    text: forms.BoundField
    owner: forms.BoundField
    owner_note: forms.BoundField
    due_on: forms.BoundField


class GoalForm(VersionedForm):
    text = text_field(
        "The goal, in their own words",
        limit=GOAL_TEXT_LIMIT,
        required_message="Enter the goal, in the person’s words",
        help_text="For example: “I want to get out of the house twice a week”",
    )
    area = forms.ChoiceField(
        label="Area of life (optional)", choices=[("", "Choose an area"), *LifeArea.choices], required=False
    )
    target_date = DayMonthYearField(label="Target date (optional)", noun="target date", help_text=DATE_HINT)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        for number in range(1, STEPS_ON_A_GOAL + 1):
            prefix = f"step_{number}"
            self.fields[f"{prefix}_text"] = text_field("What will be done", limit=STEP_TEXT_LIMIT)
            self.fields[f"{prefix}_owner"] = forms.ChoiceField(
                label="Who will do it", choices=StepOwner.choices, initial=StepOwner.PERSON
            )
            self.fields[f"{prefix}_owner_note"] = text_field(
                "If someone else, who (optional)", limit=OWNER_NOTE_LIMIT, help_text="For example: their daughter"
            )
            self.fields[f"{prefix}_due_on"] = DayMonthYearField(
                label="By when (optional)", noun="date for this step", help_text=DATE_HINT
            )

    def step_fields(self) -> list[StepFields]:
        return [
            StepFields(
                number,
                self[f"step_{number}_text"],
                self[f"step_{number}_owner"],
                self[f"step_{number}_owner_note"],
                self[f"step_{number}_due_on"],
            )
            for number in range(1, STEPS_ON_A_GOAL + 1)
        ]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        for number in range(1, STEPS_ON_A_GOAL + 1):
            prefix = f"step_{number}"
            if not data.get(f"{prefix}_text") and (data.get(f"{prefix}_owner_note") or data.get(f"{prefix}_due_on")):
                self.add_error(f"{prefix}_text", f"Enter what step {number} is, or clear its other answers")
        return data

    def steps(self) -> list[StepPlanned]:
        """The steps filled in, numbered as on the page so problems land on the right one."""
        data = self.cleaned_data
        return [
            (
                data[f"step_{number}_text"],
                StepOwner(data[f"step_{number}_owner"]),
                data.get(f"step_{number}_owner_note", ""),
                data.get(f"step_{number}_due_on"),
            )
            for number in range(1, STEPS_ON_A_GOAL + 1)
            if data.get(f"step_{number}_text")
        ]


class GoalUpdateForm(VersionedForm):
    progress = forms.TypedChoiceField(
        label="How close are they to this goal now? (optional)",
        help_text=f"0 means not started, {PROGRESS_MAX} means they are fully there",
        choices=[(str(rating), str(rating)) for rating in range(PROGRESS_MAX + 1)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    to_status = forms.ChoiceField(label="Has the goal changed?", required=False, initial=NO_CHANGE)
    replacement_text = text_field(
        "If the goal changed: the new goal, in their own words",
        limit=GOAL_TEXT_LIMIT,
        help_text="It replaces this goal in the plan",
    )
    note = text_field(
        "Note (optional)", limit=SHORT_NOTE_LIMIT, help_text="What has happened since last time", area=True
    )

    def __init__(self, data: Any = None, *, status: GoalStatus, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        moves = GOAL_TRANSITIONS[status]
        cast(forms.ChoiceField, self.fields["to_status"]).choices = [
            (NO_CHANGE, f"No, it is still {status.label.lower()}")
        ] + [(move.value, STATUS_CHOICE_LABELS[move]) for move in GoalStatus if move in moves]
        self.offers_change = GoalStatus.CHANGED in moves
        if not self.offers_change:
            del self.fields["replacement_text"]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        changed = data.get("to_status") == GoalStatus.CHANGED
        if changed and not data.get("replacement_text"):
            self.add_error("replacement_text", "Enter the new goal, in the person’s words")
        elif not changed and data.get("replacement_text"):
            self.add_error("to_status", "Choose “Changed” if they want the new goal instead, or clear the new goal")
        return data

    @property
    def chosen_status(self) -> GoalStatus | None:
        chosen = self.cleaned_data.get("to_status")
        return GoalStatus(chosen) if chosen and chosen != NO_CHANGE else None

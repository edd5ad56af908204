"""Forms for recording a measure and sending the person a link. The recording form is built from the
instrument: one set of radios per question. outcomes.measures checks everything again and has the last word."""

from typing import Any, cast

from django import forms
from django.utils import timezone

from linkwell.casework.actions import CaseworkProblem
from linkwell.directory.forms import DayMonthYearField
from linkwell.outcomes.instruments import Instrument, Item
from linkwell.outcomes.models import AnswerMode, MeasureLinkChannel, Timepoint


def _timepoint_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="When in the person's support is this?",
        choices=Timepoint.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose baseline, review or discharge",
            "invalid_choice": "Choose baseline, review or discharge",
        },
    )


class ProblemForm(forms.Form):
    """A form whose action may still refuse: the action's problems land on the matching fields; the rest
    are returned to show above the form."""

    def add_problem(self, problem: CaseworkProblem) -> str:
        others = []
        for field, message in problem.errors.items():
            if field in self.fields:
                self.add_error(field, message)
            else:
                others.append(message)
        return " ".join(others)


def _question_field(item: Item) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=item.text,
        help_text=item.hint,
        choices=[(str(option.value), option.label) for option in item.options],
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Choose an answer for “{item.label}”",
            "invalid_choice": f"Choose one of the answers given for “{item.label}”",
        },
    )


class QuestionsForm(ProblemForm):
    """An instrument's questions, one set of radios each, named by item id. On its own, it is what the person
    answering through a sent link sees."""

    def __init__(self, data: Any = None, *, instrument: Instrument, initial: dict[str, Any] | None = None) -> None:
        super().__init__(data, initial=initial)
        self.instrument = instrument
        for item in instrument.items:
            self.fields[item.id] = _question_field(item)
        # The questions first, in order: the error summary lists problems in the order of the page.
        self.order_fields([item.id for item in instrument.items])

    @property
    def questions(self) -> list[tuple[forms.BoundField, Item]]:
        return [(self[item.id], item) for item in self.instrument.items]

    @property
    def answers(self) -> dict[str, object]:
        return {item.id: self.cleaned_data.get(item.id) for item in self.instrument.items}


class MeasureForm(QuestionsForm):
    """The questions with what the link worker records about them."""

    timepoint = _timepoint_field()
    completed_on = DayMonthYearField(
        label="Date the questions were answered",
        noun="date the questions were answered",
        required=True,
        help_text="For example, 5 3 2026",
    )
    mode = forms.ChoiceField(
        label="How were the questions answered?",
        choices=AnswerMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the questions were answered"},
    )

    def __init__(self, data: Any = None, *, instrument: Instrument, timepoint: str = "") -> None:
        initial: dict[str, Any] = {"completed_on": timezone.localdate(), "mode": AnswerMode.ASSISTED}
        if timepoint in Timepoint.values:
            initial["timepoint"] = timepoint
        super().__init__(data, instrument=instrument, initial=initial)


class SendLinkForm(ProblemForm):
    instrument = forms.ChoiceField(
        label="Which questions?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose which questions to send",
            "invalid_choice": "Choose which questions to send",
        },
    )
    timepoint = _timepoint_field()
    channel = forms.ChoiceField(
        label="How should we send the link?",
        choices=MeasureLinkChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose email or text message"},
    )

    def __init__(self, data: Any = None, *, instruments: list[Instrument], initial: dict[str, str]) -> None:
        super().__init__(data, initial=initial)
        cast(forms.ChoiceField, self.fields["instrument"]).choices = [(i.id, i.name) for i in instruments]

"""Forms for the caseload and the case page: the caseload's filters and order, giving a case to another
link worker, and adding a note."""

from collections.abc import Sequence
from typing import Any, cast

from django import forms

from linkwell.accounts.models import User
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.caseload_queries import FLAG_LABELS, ORDER_LABELS, CaseloadOrder, Flag, WorkerLoad
from linkwell.casework.models import NOTE_LIMIT

# The worker filter's two fixed choices; the rest are link workers' ids.
WHOLE_TEAM = "team"
MINE = "mine"


class CaseloadForm(forms.Form):
    worker = forms.ChoiceField(label="Whose cases", required=False)
    flag = forms.ChoiceField(
        label="Flag",
        choices=[("", "Any or none"), *((flag.value, label) for flag, label in FLAG_LABELS.items())],
        required=False,
    )
    order = forms.ChoiceField(
        label="Sort by", choices=[(order.value, label) for order, label in ORDER_LABELS.items()], required=False
    )

    def __init__(self, data: Any, *, workers: Sequence[User] | None, everyone_label: str = "Whole team") -> None:
        """`workers` None: the user sees their own cases only, so there is nobody to choose."""
        super().__init__(data)
        if workers is None:
            del self.fields["worker"]
        else:
            cast(forms.ChoiceField, self.fields["worker"]).choices = [
                (WHOLE_TEAM, everyone_label),
                (MINE, "My cases"),
                *((str(worker.pk), worker.full_name or worker.email) for worker in workers),
            ]

    @property
    def chosen(self) -> dict[str, str]:
        """The valid choices, or the defaults for an unbound form."""
        return self.cleaned_data if self.is_bound and self.is_valid() else {}

    @property
    def worker_choice(self) -> str:
        return self.chosen.get("worker") or WHOLE_TEAM

    @property
    def flag_choice(self) -> Flag | None:
        chosen = self.chosen.get("flag")
        return Flag(chosen) if chosen else None

    @property
    def order_choice(self) -> CaseloadOrder:
        chosen = self.chosen.get("order")
        return CaseloadOrder(chosen) if chosen else CaseloadOrder.NEXT_DUE


class ProblemForm(forms.Form):
    """A form whose action may still refuse: the action's problems land on the matching fields."""

    def add_problem(self, problem: CaseworkProblem) -> None:
        for field, message in problem.errors.items():
            self.add_error(field if field in self.fields else None, message)


class ReassignForm(ProblemForm):
    link_worker = forms.TypedChoiceField(
        label="Give the case to",
        coerce=int,
        error_messages={
            "required": "Choose the link worker to give the case to",
            "invalid_choice": "Choose one of the team's link workers",
        },
    )
    note = forms.CharField(
        label="Why (optional)",
        help_text="For example: covering leave. The team sees this in the case's history.",
        required=False,
        max_length=500,
        widget=forms.Textarea,
        error_messages={"max_length": "Keep the note to 500 characters or fewer"},
    )

    def __init__(self, data: Any = None, *, workers: Sequence[WorkerLoad]) -> None:
        super().__init__(data, prefix="reassign")
        cast(forms.ChoiceField, self.fields["link_worker"]).choices = [("", "Choose a link worker")] + [
            (load.worker.pk, load.label) for load in workers
        ]
        self.workers = {load.worker.pk: load.worker for load in workers}

    @property
    def chosen_worker(self) -> User:
        return self.workers[self.cleaned_data["link_worker"]]


class CaseNoteForm(ProblemForm):
    text = forms.CharField(
        label="Add a note",
        help_text="Everyone in the team who keeps case records can read this.",
        max_length=NOTE_LIMIT,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the note",
            "max_length": f"Keep the note to {NOTE_LIMIT} characters or fewer",
        },
    )

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="note")

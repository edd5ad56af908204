"""The "Find your social prescribing service" search: a postcode or a GP practice, sent as query parameters.
Every mistake (a postcode that is not one, a pseudo-postcode, a practice not on the list) becomes a message for
the person on the field they used, never a failure."""

from typing import Any, cast

from django import forms
from django.http import QueryDict

from linkwell.accounts.models import Organisation
from linkwell.lib.postcodes import InvalidPostcode, is_pseudo, normalise

# A postcode is at most 8 characters with its space; the rest leaves room for stray spaces, not pasted essays.
POSTCODE_LIMIT = 16
PSEUDO_POSTCODE_MESSAGE = (
    "Postcodes starting ZZ99 do not show where you live. Enter the postcode where you are staying, "
    "or choose your GP practice"
)


def _practice_by_ods_code(data: QueryDict, practices: list[Organisation]) -> QueryDict:
    """A GP practice's own website can link to ?practice=<its ODS code>; the list itself sends practice ids."""
    chosen = data.get("practice", "").strip().upper()
    by_code = {practice.ods_code.upper(): practice for practice in practices if practice.ods_code}
    if chosen not in by_code:
        return data
    translated = data.copy()
    translated["practice"] = str(by_code[chosen].pk)
    return translated


class FindServiceForm(forms.Form):
    postcode = forms.CharField(
        label="Your postcode",
        required=False,
        max_length=POSTCODE_LIMIT,
        help_text="For example, CM1 1AA",
        error_messages={
            "max_length": "Enter a real postcode, like CM1 1AA",
            "null_characters_not_allowed": "Enter a real postcode, like CM1 1AA",
        },
    )
    practice = forms.ChoiceField(
        label="Your GP practice",
        required=False,
        help_text="Your GP practice is also called your doctor's surgery",
        error_messages={"invalid_choice": "Choose your GP practice from the list"},
    )

    def __init__(self, data: QueryDict | None = None, *, practices: list[Organisation]) -> None:
        super().__init__(_practice_by_ods_code(data, practices) if data is not None else None)
        self._practices_by_id = {str(practice.pk): practice for practice in practices}
        cast(forms.ChoiceField, self.fields["practice"]).choices = [
            ("", "Choose your practice"),
            *((str(practice.pk), practice.name) for practice in practices),
        ]

    def clean_postcode(self) -> str:
        typed: str = self.cleaned_data["postcode"]
        if not typed:
            return ""
        try:
            postcode = normalise(typed)
        except InvalidPostcode as problem:
            raise forms.ValidationError(str(problem)) from None
        if is_pseudo(postcode):
            raise forms.ValidationError(PSEUDO_POSTCODE_MESSAGE)
        return postcode

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "postcode" in data and "practice" in data and not data["postcode"] and not data["practice"]:
            # The page has a form for each way to search: the message goes on the box the person used.
            if "practice" in self.data and "postcode" not in self.data:
                self.add_error("practice", "Choose your GP practice, or search by postcode")
            else:
                self.add_error("postcode", "Enter your postcode, or choose your GP practice")
        return data

    def chosen_practice(self) -> Organisation | None:
        return self._practices_by_id.get(self.cleaned_data.get("practice", ""))

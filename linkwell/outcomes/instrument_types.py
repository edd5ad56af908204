"""The shape of a wellbeing measure in the registry (outcomes.instruments): its questions and their
possible answers, the scores derived from the answers, and what counts as a better score.

Kept apart from the registry so each instrument's own module can build on these types."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

AnswerValue = int | str
ScoreValue = int | float | str


@dataclass(frozen=True)
class Option:
    """One possible answer: `value` is what is stored, `label` what the person sees."""

    value: AnswerValue
    label: str


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    options: tuple[Option, ...]
    # A few words naming the question in error messages and summaries ("Life satisfaction").
    label: str
    # What the ends of a numeric scale mean, shown under the question.
    hint: str = ""
    # Long numeric scales (0 to 10) are laid out in a row; worded answers one under another.
    inline: bool = False


@dataclass(frozen=True)
class Band:
    """A named range of a score, both ends included."""

    minimum: float
    maximum: float
    label: str


@dataclass(frozen=True)
class ScoreKey:
    key: str  # key in MeasureResponse.scores, e.g. "life_satisfaction", "ucla_total", "metric"
    label: str
    higher_is_better: bool
    minimum: float
    maximum: float
    meaningful_change: float | None  # points in the better direction that count as a meaningful improvement
    meaningful_change_note: str  # where the threshold comes from
    paired: bool = True  # False for categorical scores that are not analysed as mean change
    bands: tuple[Band, ...] = ()
    bands_note: str = ""
    # Categorical scores only: the possible values, and the one whose share is reported. For these keys
    # minimum and maximum bound that share (0 to 1), not the stored value.
    categories: tuple[Option, ...] = ()
    reported_category: str = ""

    def band(self, value: ScoreValue) -> str:
        """The band's label for a numeric score, or "" when the score has no bands."""
        if isinstance(value, str):
            return ""
        for band in self.bands:
            if band.minimum <= value <= band.maximum:
                return band.label
        return ""

    def category_label(self, value: ScoreValue) -> str:
        return next((option.label for option in self.categories if option.value == value), str(value))

    def change(self, before: ScoreValue, after: ScoreValue) -> float | None:
        """The change from `before` to `after` in the better direction (positive means better), or None for a
        categorical score."""
        if not self.paired or isinstance(before, str) or isinstance(after, str):
            return None
        difference = float(after) - float(before)
        return difference if self.higher_is_better else -difference

    def is_meaningful_improvement(self, before: ScoreValue, after: ScoreValue) -> bool:
        change = self.change(before, after)
        return change is not None and self.meaningful_change is not None and change >= self.meaningful_change


class InvalidAnswers(ValueError):
    """The answers cannot be scored: item id → the problem, in words to show the user. The key "" holds a
    problem with the answers as a whole."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{key}: {message}" if key else message for key, message in errors.items()))
        self.errors = errors


Scorer = Callable[[dict[str, AnswerValue]], dict[str, ScoreValue]]


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    name: str
    items: tuple[Item, ...]
    score_keys: tuple[ScoreKey, ...]
    licence_note: str
    # False for a licensed instrument whose wording the deploying organisation has not loaded yet.
    available: bool
    # Turns checked answers (every item answered with one of its options) into scores.
    scorer: Scorer
    preamble: str = ""
    copyright_notice: str = ""

    def score_key(self, key: str) -> ScoreKey:
        for score_key in self.score_keys:
            if score_key.key == key:
                return score_key
        raise KeyError(key)

    def check_answers(self, answers: Mapping[str, object]) -> dict[str, AnswerValue]:
        """Each item's answer as its option's value (a form's "7" becomes 7). Raises InvalidAnswers naming
        every item left unanswered or answered with something that is not one of its options. Every item must
        be answered: none of the instruments here may be scored with an answer missing."""
        errors: dict[str, str] = {}
        checked: dict[str, AnswerValue] = {}
        for item in self.items:
            given = answers.get(item.id)
            if given is None or given == "":
                errors[item.id] = f"Choose an answer for “{item.label}”"
                continue
            # bool is an int in Python; True is never a valid answer.
            matches = [
                option.value
                for option in item.options
                if not isinstance(given, bool) and str(option.value) == str(given).strip()
            ]
            if matches:
                checked[item.id] = matches[0]
            else:
                errors[item.id] = f"Choose one of the answers given for “{item.label}”"
        unknown = sorted(str(key) for key in answers if key not in {item.id for item in self.items})
        if unknown:
            errors[""] = f"These are not questions in {self.name}: {', '.join(unknown)}"
        if errors:
            raise InvalidAnswers(errors)
        return checked

    def score(self, answers: Mapping[str, object]) -> dict[str, ScoreValue]:
        """The scores for a complete set of answers; InvalidAnswers if they are not one."""
        return self.scorer(self.check_answers(answers))

"""The evaluation report's words: the headline figures as sentences a commissioner can quote, and the method
notes a statistician needs to judge them. Built from the published (suppressed) figures only, as the report
is a document meant to leave the scheme."""

from collections.abc import Mapping
from dataclasses import dataclass

from linkwell.reports.commissioner_figures import PublishedFigures
from linkwell.reports.suppression import SMALL_NUMBER
from linkwell.reports.tables import Cell, Table

USAGE_KEY = "usage-change"
WELLBEING_KEY = "wellbeing-change"
FUNNEL_KEY = "funnel"
TOO_FEW = "too few people to report (fewer than 5, or hidden to protect a small number)"


@dataclass(frozen=True)
class EvaluationText:
    headline: str
    usage_sentences: list[str]
    wellbeing_sentences: list[str]
    method_notes: list[tuple[str, str]]


def _count(value: Cell) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return "fewer than 5" if value == SMALL_NUMBER else "a hidden number of"


def _row(table: Table, label: str) -> dict[str, Cell] | None:
    keys = [column.key for column in table.columns]
    for row in table.rows:
        if row[keys.index(table.label_column)] == label:
            return dict(zip(keys, row, strict=True))
    return None


def _table(figures: PublishedFigures, key: str) -> Table | None:
    try:
        return figures.table(key)
    except KeyError:
        return None


def _funnel_count(figures: PublishedFigures, stage: str) -> str:
    funnel = _table(figures, FUNNEL_KEY)
    row = _row(funnel, stage) if funnel else None
    return _count(row["count"]) if row else "no"


def _number(value: Cell) -> float | None:
    """A figure that is shown as a number; None where it is "<5", "hidden" or missing."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def usage_sentence(label: str, row: Mapping[str, Cell]) -> str:
    """ "59% fewer GP appointments among the 120 people with both measurements (95% CI 52% to 65% fewer)"."""
    n, change = row.get("n"), _number(row.get("change"))
    lower, upper = _number(row.get("ci_lower")), _number(row.get("ci_upper"))
    first_word = label.split(" ", 1)[0]
    # "GP appointments" and "A&E attendances" keep their capitals; "Prescriptions" goes into a sentence.
    subject = label if first_word.upper() == first_word else label[0].lower() + label[1:]
    if n == 0:
        return f"{label}: no one with both measurements."
    if not isinstance(n, int) or change is None:
        return f"{label}: {TOO_FEW}."
    direction = "fewer" if change < 0 else "more"
    sentence = f"{abs(change):.0f}% {direction} {subject} among the {n:,} people with both measurements"
    if lower is not None and upper is not None:
        sentence += f" (95% CI {_signed_percent(lower)} to {_signed_percent(upper)})"
    else:
        sentence += " (no confidence interval: too few people, or no use before or after)"
    return sentence + "."


def _signed_percent(value: float) -> str:
    return f"{abs(value):.0f}% {'fewer' if value < 0 else 'more'}"


def wellbeing_sentence(row: Mapping[str, Cell]) -> str:
    measure, n, mean = row["measure"], row["n"], _number(row["mean_change"])
    lower, upper = _number(row["ci_lower"]), _number(row["ci_upper"])
    if not isinstance(n, int) or mean is None:
        return f"{measure}: {TOO_FEW}."
    sentence = f"{measure}: mean change {mean:+.2f} points over {n:,} people with a baseline and a follow-up"
    if lower is not None and upper is not None:
        sentence += f" (95% CI {lower:+.2f} to {upper:+.2f})"
    better = row.get("better")
    if isinstance(better, str) and better:
        sentence += f"; {better.lower()} is better"
    improved = _number(row.get("improved"))
    if improved is not None:
        sentence += f"; {improved:.0f}% improved by a meaningful amount"
    return sentence + "."


def evaluation_text(figures: PublishedFigures, description: list[tuple[str, str]]) -> EvaluationText:
    headline = (
        f"{_funnel_count(figures, 'Referred').capitalize()} referred, "
        f"{_funnel_count(figures, 'Supported (at least one contact)')} supported, "
        f"{_funnel_count(figures, 'Substantive engagement')} substantive engagements"
    )
    usage = _table(figures, USAGE_KEY)
    usage_sentences: list[str] = []
    if usage is not None:
        keys = [column.key for column in usage.columns]
        for row in usage.rows:
            values = dict(zip(keys, row, strict=True))
            usage_sentences.append(usage_sentence(str(values[usage.label_column]), values))
    if usage_sentences and not usage_sentences[0].endswith(f"{TOO_FEW}."):
        headline += "; " + usage_sentences[0].rstrip(".")
    wellbeing = _table(figures, WELLBEING_KEY)
    wellbeing_sentences = []
    if wellbeing is not None:
        keys = [column.key for column in wellbeing.columns]
        wellbeing_sentences = [wellbeing_sentence(dict(zip(keys, row, strict=True))) for row in wellbeing.rows]
    return EvaluationText(
        headline=headline + ".",
        usage_sentences=usage_sentences,
        wellbeing_sentences=wellbeing_sentences,
        method_notes=method_notes(figures, description),
    )


def method_notes(figures: PublishedFigures, description: list[tuple[str, str]]) -> list[tuple[str, str]]:
    covered = "; ".join(f"{label}: {value}" for label, value in description)
    return [
        (
            "Period and filters",
            f"{covered}. Referrals are counted by the date they were received; each stage counts those referrals "
            "wherever they are now, so later stages can still grow for recent referrals.",
        ),
        (
            "Definitions",
            "Referred: every referral received in the period. Supported: at least one contact that reached the "
            "person. Substantive engagement: a personal plan agreed, or at least the scheme's set number of "
            "contacts (3 unless the scheme chose otherwise).",
        ),
        (
            "Paired analysis only",
            "Every change compares the same person with themselves: their first baseline against their latest "
            "review or discharge measure (wellbeing), or their use of services in the 6 months before support "
            "against a later 6 months (health and care use). People with only one measurement are left out, "
            "never compared with different people. n, shown with every figure, is the number of people paired.",
        ),
        (
            "Confidence intervals",
            "Wellbeing: 95% confidence interval of the mean change by Student's t with n − 1 degrees of "
            "freedom. Health and care use: % change is the ratio of mean use after to mean use before, minus 1; "
            "its 95% confidence interval is by the delta method on the log of the ratio (normal approximation). "
            "No interval is given for fewer than 5 people.",
        ),
        (
            "Wellbeing measures",
            "ONS4 personal wellbeing items are reported one by one and never added up; anxiety runs the other "
            "way (lower is better). UCLA 3-item loneliness runs from 3 to 9 (lower is better). SWEMWBS, where "
            "used, is Rasch-converted to metric scores before any change is worked out.",
        ),
        (
            "Data sources",
            "Wellbeing measures are self-reported, answered alone or with the link worker. Use of health and "
            "care services is either self-reported or taken from the GP record, as each record says; the two "
            "are not told apart in these figures, and self-reported counts are less reliable.",
        ),
        (
            "Small-number suppression",
            'Numbers from 1 to 4 are shown as "<5". Other numbers are shown as "hidden" where a "<5" could '
            "otherwise be worked out from the totals; percentages, averages and confidence intervals resting on "
            "fewer than 5 people or on a hidden number are hidden too. Zero is shown as zero.",
        ),
        (
            "Caveats",
            "There is no control group, so these figures show change among the people supported, not change "
            "caused by support. People are often referred at a low point, and scores tend to move back towards "
            "their usual level anyway (regression to the mean), which makes improvement look larger than the "
            "effect of support. People who stay in touch long enough to be measured twice may differ from "
            "those who do not. People who declined the use of their information for evaluation are left out.",
        ),
        (
            "Where the figures come from",
            f"Linkwell's records for the period, aggregated by Linkwell; {len(figures.tables)} tables in all, "
            "of which the outcomes are shown here and the rest are in the commissioner report.",
        ),
    ]

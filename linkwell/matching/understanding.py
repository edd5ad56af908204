"""What a referrer's few lines say: the person's needs (with the words that gave each away), the kinds of
support they have said no to, and constraints the text makes clear ("no internet", "uses a wheelchair",
"evenings best"). Pure: no database.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache

from linkwell.matching import lexicon
from linkwell.matching.text import normalise, stem
from linkwell.matching.types import Availability, Preferences, UnderstoodNeed
from linkwell.referrals.needs import Need

_WORDS_AND_BREAKS = re.compile(r"[a-z0-9]+(?:'s)?|[.;:!?\n(),]")
_BREAK_WORDS = frozenset({"but", "however", "although", "though", "whereas"})
_OTHER_PEOPLE = frozenset(stem(word) for word in lexicon.OTHER_PEOPLE)


@dataclass(frozen=True)
class Phrase:
    stems: tuple[str, ...]
    # What the phrase means: ("need", code), ("event", name), ("kind", support kind), ("constraint", name) …
    meaning: tuple[str, str]


@dataclass(frozen=True)
class Match:
    # Where each of the phrase's words was found (other words may lie between them).
    positions: tuple[int, ...]
    phrase: Phrase

    @property
    def start(self) -> int:
        return self.positions[0]

    @property
    def end(self) -> int:
        """One past the last word."""
        return self.positions[-1] + 1


class PhraseMatcher:
    """Finds phrases in a clause of stems: words in order, at most `gap` other words between neighbours."""

    def __init__(self, phrases: Iterable[Phrase], gap: int) -> None:
        self.gap = gap
        self.by_first: dict[str, list[Phrase]] = {}
        for phrase in phrases:
            if phrase.stems:
                self.by_first.setdefault(phrase.stems[0], []).append(phrase)

    def find(self, words: list[str]) -> Iterator[Match]:
        for start, word in enumerate(words):
            for phrase in self.by_first.get(word, ()):
                positions = self._match_rest(words, start, phrase.stems)
                if positions is not None:
                    yield Match(positions, phrase)

    def _match_rest(self, words: list[str], start: int, wanted: tuple[str, ...]) -> tuple[int, ...] | None:
        positions = [start]
        for target in wanted[1:]:
            for step in range(1, self.gap + 2):
                if positions[-1] + step < len(words) and words[positions[-1] + step] == target:
                    positions.append(positions[-1] + step)
                    break
            else:
                return None
        return tuple(positions)


def phrase_stems(text: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in _WORDS_AND_BREAKS.findall(normalise(text)) if word.isalnum() or "'" in word)


def _phrases(texts: Iterable[str], meaning: tuple[str, str]) -> list[Phrase]:
    return [Phrase(phrase_stems(text), meaning) for text in texts]


@cache
def referral_matcher() -> PhraseMatcher:
    phrases: list[Phrase] = []
    for need, texts in lexicon.NEED_PHRASES.items():
        phrases += _phrases(texts, ("need", need.value))
    for event, (texts, _) in lexicon.LIFE_EVENTS.items():
        phrases += _phrases(texts, ("event", event))
    for kind in lexicon.SUPPORT_KINDS:
        phrases += _phrases([kind], ("kind", kind))
    phrases += _phrases(lexicon.GROUP_WORDS, ("kind", "groups"))
    for interest, texts in lexicon.INTERESTS.items():
        phrases += _phrases(texts, ("interest", interest))
    phrases += _phrases(lexicon.NEGATION_CUES, ("negation", ""))
    for name, texts in (
        ("no_online", lexicon.NO_ONLINE_PHRASES),
        ("step_free", lexicon.STEP_FREE_PHRASES),
        ("evenings", lexicon.EVENINGS_PHRASES),
        ("weekends", lexicon.WEEKENDS_PHRASES),
        ("daytime", lexicon.DAYTIME_PHRASES),
        ("works_days", lexicon.WORKS_DAYS_PHRASES),
        ("free_only", lexicon.FREE_ONLY_PHRASES),
    ):
        phrases += _phrases(texts, ("constraint", name))
    return PhraseMatcher(phrases, lexicon.PHRASE_GAP)


@cache
def service_matcher() -> PhraseMatcher:
    """For reading services' own descriptions: need phrases only, without the words too common to mean much."""
    phrases = [
        Phrase(phrase_stems(text), ("need", need.value))
        for need, texts in lexicon.NEED_PHRASES.items()
        for text in texts
        if text not in lexicon.WEAK_SERVICE_WORDS
    ]
    return PhraseMatcher(phrases, gap=0)


def split_clauses(text: str) -> list[tuple[list[str], list[str]]]:
    """Clauses as (words as written, stems)."""
    result: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    for token in [*_WORDS_AND_BREAKS.findall(normalise(text)), "."]:
        if token.isalnum() or "'" in token:
            if token in _BREAK_WORDS and words:
                result.append((words, [stem(word) for word in words]))
                words = []
                continue
            words.append(token)
        elif words:
            result.append((words, [stem(word) for word in words]))
            words = []
    return result


def _keep_longest(matches: list[Match]) -> list[Match]:
    """Drop a match whose words are all words of a longer match: "low income" is not "low" mood."""
    kept = []
    for match in matches:
        inside_longer = any(
            set(match.positions) < set(other.positions) and other.phrase.meaning[0] != "negation" for other in matches
        )
        if not inside_longer:
            kept.append(match)
    return kept


@dataclass
class Understanding:
    needs: list[UnderstoodNeed] = field(default_factory=list)
    ruled_out_needs: set[str] = field(default_factory=set)
    ruled_out_categories: set[str] = field(default_factory=set)
    avoid_groups: bool = False
    # Categories the person enjoys or asks for ("likes singing", "outdoors"): preferred among the services
    # that meet a need, never a need of their own.
    liked_categories: set[str] = field(default_factory=set)
    no_online: bool = False
    step_free: bool = False
    free_only: bool = False
    availability: set[Availability] = field(default_factory=set)
    # Stems of the words that showed each need ("diabetes"), to prefer services that name them.
    evidence_stems: dict[str, set[str]] = field(default_factory=dict)

    @property
    def ruled_out(self) -> list[str]:
        return sorted(self.ruled_out_needs) + sorted(self.ruled_out_categories)


def _negated(matches: list[Match], target: Match) -> bool:
    for cue in matches:
        if cue.phrase.meaning[0] != "negation" or cue.end > target.start:
            continue
        single = len(cue.phrase.stems) == 1 and cue.phrase.stems[0] in ("not", "no")
        reach = 2 if single else lexicon.NEGATION_REACH
        if target.start - cue.end < reach:
            return True
    return False


def understand(text: str, known_needs: Iterable[str] = ()) -> Understanding:
    result = Understanding()
    found: dict[str, UnderstoodNeed] = {}
    for code in known_needs:
        if code in Need.values and code not in found:
            found[code] = UnderstoodNeed(code=code, label=Need(code).label, evidence="referral reason")
    for words, stems in split_clauses(text):
        matches = _keep_longest(list(referral_matcher().find(stems)))
        for match in matches:
            kind, value = match.phrase.meaning
            evidence = " ".join(words[position] for position in match.positions)
            if kind == "negation":
                continue
            negated = _negated(matches, match)
            if kind == "constraint":
                _apply_constraint(result, value, stems[: match.start], negated)
            elif kind == "interest":
                if not negated:
                    result.liked_categories.update(lexicon.INTEREST_CATEGORIES[value])
            elif kind == "kind":
                if negated:
                    if value == "groups":
                        result.avoid_groups = True
                    elif value in lexicon.SUPPORT_KINDS:
                        result.ruled_out_categories.update(lexicon.SUPPORT_KINDS[value])
            elif negated:
                if kind == "need":
                    result.ruled_out_needs.add(value)
            else:
                codes = [value] if kind == "need" else [need.value for need in lexicon.LIFE_EVENTS[value][1]]
                for code in codes:
                    result.evidence_stems.setdefault(code, set()).update(match.phrase.stems)
                    if code not in found:
                        found[code] = UnderstoodNeed(code=code, label=Need(code).label, evidence=evidence)
    # A need the text both shows and rules out ("money worries, but doesn't want debt advice") stays ruled out
    # only if nothing else showed it.
    result.ruled_out_needs -= set(found)
    urgent = [need.value for need in lexicon.URGENT_NEEDS]
    result.needs = sorted(
        found.values(), key=lambda need: urgent.index(need.code) if need.code in urgent else len(urgent)
    )
    return result


def _apply_constraint(result: Understanding, name: str, before: list[str], negated: bool) -> None:
    if name == "no_online":
        result.no_online = True
    elif name == "step_free":
        result.step_free = result.step_free or not negated
    elif name == "free_only":
        result.free_only = True
    elif name in ("works_days", "daytime", "evenings", "weekends"):
        other_person = any(word in _OTHER_PEOPLE for word in before[-3:])
        if other_person or negated:
            return
        if name == "works_days":
            result.availability |= {Availability.EVENINGS, Availability.WEEKENDS}
        elif name == "daytime":
            result.availability.add(Availability.WEEKDAY_DAYTIME)
        elif name == "evenings":
            result.availability.add(Availability.EVENINGS)
        else:
            result.availability.add(Availability.WEEKENDS)


def merged_preferences(explicit: Preferences, understood: Understanding) -> Preferences:
    """Explicit preferences, plus the constraints the text makes clear. Text never loosens an explicit choice:
    explicit availability replaces what the text suggests, and yes/no constraints can only be switched on."""
    return replace(
        explicit,
        wheelchair_access=explicit.wheelchair_access or understood.step_free,
        no_online=explicit.no_online or understood.no_online,
        free_only=explicit.free_only or understood.free_only,
        availability=explicit.availability or frozenset(understood.availability),
    )


def service_needs(text: str) -> dict[str, int]:
    """The needs a service's own words speak to, with how many times; used when its categories say little."""
    counts: dict[str, int] = {}
    for _, stems in split_clauses(text):
        for match in service_matcher().find(stems):
            counts[match.phrase.meaning[1]] = counts.get(match.phrase.meaning[1], 0) + 1
    return counts

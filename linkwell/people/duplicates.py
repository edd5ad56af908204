"""Finding records that may be the same person: one bounded query, then scoring in Python.

Scoring (0–100), only between records with the same date of birth:
  date of birth 30 · family name: same 30, one letter different 20 · given name: same 30, short form
  ("Bob"/"Robert") or one letter different 20, initial only 10 · postcode: same 10, same district 5.
The family name and the given name must both be alike, or the pair is not scored at all. A score of
POSSIBLE_THRESHOLD or more is a possible duplicate, for a person to decide; nothing is merged here.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from linkwell.lib import rows
from linkwell.lib.postcodes import is_pseudo
from linkwell.people.models import Person

POSSIBLE_THRESHOLD = 70

_DATE_OF_BIRTH = 30
_NAME_SAME = 30
_NAME_CLOSE = 20
_INITIAL = 10
_POSTCODE_SAME = 10
_POSTCODE_DISTRICT = 5

# Below this length one changed letter makes a different name ("Li"/"Lu"), not a typing slip.
_SHORTEST_TYPO_NAME = 4

# Common English short forms. A name may sit in several groups ("Chris"), and two names match when they
# share a group. Kept small on purpose: it only adds evidence, and a person checks every match.
_NAME_GROUPS = (
    {"robert", "rob", "robbie", "bob", "bobby", "bert"},
    {"william", "will", "bill", "billy", "liam"},
    {"richard", "rich", "rick", "ricky", "dick"},
    {"elizabeth", "eliza", "liz", "lizzie", "beth", "betty", "libby"},
    {"margaret", "maggie", "meg", "peggy"},
    {"katherine", "catherine", "kathryn", "kate", "katie", "kathy", "cath", "kath"},
    {"joanne", "joanna", "jo"},
    {"josephine", "jo", "josie"},
    {"jonathan", "jon", "jonny"},
    {"john", "jack", "johnny"},
    {"james", "jim", "jimmy", "jamie"},
    {"michael", "mike", "mick", "mickey"},
    {"christopher", "chris", "kit"},
    {"christine", "christina", "chris", "chrissie", "tina"},
    {"patricia", "pat", "patsy", "trish"},
    {"patrick", "pat", "paddy"},
    {"alexander", "alexandra", "alex", "sandy"},
    {"thomas", "tom", "tommy"},
    {"anthony", "tony"},
    {"edward", "ed", "eddie", "ted"},
    {"susan", "sue", "susie"},
    {"deborah", "debbie", "deb"},
    {"rebecca", "becky", "becca"},
    {"samuel", "samantha", "sam", "sammy"},
    {"daniel", "dan", "danny"},
    {"david", "dave", "davy"},
    {"stephen", "steven", "steve", "stevie"},
    {"jennifer", "jen", "jenny"},
    {"victoria", "vicky", "vikki", "tori"},
    {"nicholas", "nicola", "nick", "nicky", "nikki"},
    {"peter", "pete"},
    {"andrew", "andy", "drew"},
    {"benjamin", "ben", "benny"},
    {"charles", "charlie", "chas"},
    {"frederick", "fred", "freddie"},
    {"henry", "harry", "hal"},
    {"matthew", "matt"},
    {"timothy", "tim"},
    {"philip", "phillip", "phil"},
    {"abigail", "abbie", "abby"},
)
_GROUPS_OF: dict[str, set[int]] = {}
for _index, _group in enumerate(_NAME_GROUPS):
    for _name in _group:
        _GROUPS_OF.setdefault(_name, set()).add(_index)


class PossibleMatch(NamedTuple):
    person: Person
    score: int
    reasons: list[str]


@dataclass(frozen=True)
class Matches:
    # The live record with the same NHS number, if there is one.
    exact: Person | None
    # Best first.
    possible: list[PossibleMatch]


def _letters(name: str) -> str:
    """Letters only, without accents or case: "O'Brien-Smyth" → "obriensmyth", "Zoë" → "zoe"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed.casefold() if char.isalpha())


def _words(name: str) -> list[str]:
    return [word for word in (_letters(part) for part in name.replace("-", " ").split()) if word]


def _within_one_edit(a: str, b: str) -> bool:
    """One letter added, removed, changed, or two neighbours swapped ("Smtih")."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differences = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(differences) == 1:
            return True
        first, *rest = differences
        return rest == [first + 1] and a[first] == b[first + 1] and a[first + 1] == b[first]
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _long_enough_for_typo(a: str, b: str) -> bool:
    return max(len(a), len(b)) >= _SHORTEST_TYPO_NAME


def family_name_points(a: str, b: str) -> tuple[int, str] | None:
    left, right = _letters(a), _letters(b)
    if not left or not right:
        return None
    if left == right:
        return _NAME_SAME, "same family name"
    if _long_enough_for_typo(left, right) and _within_one_edit(left, right):
        return _NAME_CLOSE, "family name differs by one letter"
    return None


def given_name_points(a: str, b: str) -> tuple[int, str] | None:
    """Compares the whole names and their first words, so "Jo-Anne" meets "Joanne" and "Jo"."""
    whole_a, whole_b = _letters(a), _letters(b)
    if not whole_a or not whole_b:
        return None
    if whole_a == whole_b:
        return _NAME_SAME, "same given name"
    first_a, first_b = _words(a)[0], _words(b)[0]
    forms_a, forms_b = {whole_a, first_a}, {whole_b, first_b}
    if forms_a & forms_b:
        return _NAME_CLOSE, "same first given name"
    if any(_GROUPS_OF.get(x, set()) & _GROUPS_OF.get(y, set()) for x in forms_a for y in forms_b):
        return _NAME_CLOSE, "given name is a short form of the other"
    if _long_enough_for_typo(whole_a, whole_b) and _within_one_edit(whole_a, whole_b):
        return _NAME_CLOSE, "given name differs by one letter"
    if (len(first_a) == 1 or len(first_b) == 1) and first_a[0] == first_b[0]:
        return _INITIAL, "given name matches an initial"
    return None


def postcode_points(a: str, b: str) -> tuple[int, str] | None:
    # Everyone with no fixed abode shares ZZ99 3VZ, so a pseudo-postcode says nothing about who this is.
    if not a or not b or is_pseudo(a) or is_pseudo(b):
        return None
    if a == b:
        return _POSTCODE_SAME, "same postcode"
    if a.split(" ", 1)[0] == b.split(" ", 1)[0]:
        return _POSTCODE_DISTRICT, "same postcode district"
    return None


def score_candidate(*, given_name: str, family_name: str, postcode: str, candidate: Person) -> PossibleMatch:
    """How alike a new person's details are to a record with the same date of birth. Score 0 when the
    names are not both alike. Pure: reads only the candidate's fields."""
    family = family_name_points(family_name, candidate.family_name)
    given = max(
        (
            points
            for other in (candidate.given_name, candidate.preferred_name)
            if (points := given_name_points(given_name, other)) is not None
        ),
        default=None,
    )
    if family is None or given is None:
        return PossibleMatch(candidate, 0, [])
    found = [(_DATE_OF_BIRTH, "same date of birth"), family, given]
    if (postcode_found := postcode_points(postcode, candidate.postcode)) is not None:
        found.append(postcode_found)
    return PossibleMatch(candidate, sum(points for points, _ in found), [reason for _, reason in found])


def find_matches(
    *, nhs_number: str, given_name: str, family_name: str, date_of_birth: date | None, postcode: str
) -> Matches:
    """Records that may be this person. Expects normalised details (see actions.validate_person_details).
    One query: the live record with the NHS number (through its unique index) together with the fuzzy
    candidates, limited to one date of birth through its index. Read without the ORM's query building, as it
    runs for every referral received (docs/adr/0011-intake-throughput.md)."""
    if date_of_birth is None:
        same_number = _live_people("p.nhs_number = %s", [nhs_number]) if nhs_number else []
        return Matches(exact=same_number[0] if same_number else None, possible=[])
    if nhs_number:
        # The same number is the exact match; a different valid number is a different person.
        found = _live_people(
            "(p.nhs_number = %s OR (p.date_of_birth = %s AND p.nhs_number = ''))", [nhs_number, date_of_birth]
        )
        exact = next((row for row in found if row.nhs_number == nhs_number), None)
        candidates = [row for row in found if row.nhs_number == ""]
    else:
        exact = None
        candidates = _live_people("p.date_of_birth = %s", [date_of_birth])
    scored = (
        score_candidate(given_name=given_name, family_name=family_name, postcode=postcode, candidate=candidate)
        for candidate in candidates
    )
    possible = sorted(
        (match for match in scored if match.score >= POSSIBLE_THRESHOLD),
        key=lambda match: match.score,
        reverse=True,
    )
    return Matches(exact=exact, possible=possible)


def _live_people(condition: str, params: list[object]) -> list[Person]:
    """Records not merged into another that meet `condition` (on alias p), in the model's order."""
    return rows.fetch(
        Person,
        f"FROM {rows.table(Person)} p WHERE p.merged_into_id IS NULL AND {condition}"
        " ORDER BY p.family_name, p.given_name",
        params,
        alias="p",
    )

"""Reading the facts matching depends on from what listings say in words: who a service is for (women only,
men only), whether a venue is step-free, and whether a virtual location is a phone line or the internet.

These are the rules the engine applies when it builds its index. The evaluation harness's checker
(matching.checker) deliberately does not use them: it reads the same records its own way, so a mistake
here shows up as a violation there rather than being agreed with.
"""

import re

_WOMEN_ONLY = re.compile(
    r"\b(?:women|woman|ladies|females?|mums|mothers|girls)[ -]only\b"
    r"|\bonly (?:for|open to) (?:women|ladies|mums|mothers|girls)\b"
    r"|\b(?:group|club|session|course|circle|space|service|class) for (?:women|ladies|mums|mothers)\b(?! and)"
)
_MEN_ONLY = re.compile(
    r"\b(?:men|man|males?|dads|fathers|boys)[ -]only\b"
    r"|\bonly (?:for|open to) (?:men|dads|fathers|boys)\b"
    r"|\b(?:group|club|session|course|circle|space|service|class|morning|evening|afternoon) for "
    r"(?:men|dads|fathers)\b(?! and)"
)
# Family sessions list the children's ages; the parent or carer who comes with them is not held to those ages.
_WITH_A_PARENT = re.compile(r"\bwith (?:a|their|your) parents?(?: or carers?)?\b|\bparents? (?:or|and) carers?\b")

_STEP_FREE_WORDS = re.compile(
    r"step[- ]free|level access|level (?:tarmac |firm )?paths?|\bramp\b|\blift\b|wheelchair[- ]accessible|"
    r"accessible entrance|ground floor|hoist"
)
_NOT_STEP_FREE_WORDS = re.compile(
    r"\bstairs\b|\bsteps\b|no lift|no ramp|not wheelchair|uneven|first floor|second floor|muddy|stiles?"
)
_PHONE_WORDS = re.compile(r"\bphone\b|\btelephone\b|\bcalls? you\b|\bcall (?:us|the)\b|\bby phone\b")


def audience(eligibility: str, description: str) -> str:
    """'women', 'men' or '' (everyone), from what the listing says about who it is for."""
    text = f"{eligibility}\n{description}".casefold()
    if _WOMEN_ONLY.search(text):
        return "women"
    if _MEN_ONLY.search(text):
        return "men"
    return ""


def ages_apply_to_children(eligibility: str, description: str) -> bool:
    return bool(_WITH_A_PARENT.search(f"{eligibility}\n{description}".casefold()))


def venue_step_free(structured: bool, notes: list[str]) -> bool:
    """Step-free when the structured flag or the accessibility notes say so, and no note says otherwise.

    A note like "three steps at the entrance" outweighs a ticked box; with no flag and no notes we do not
    know, and do not guess that it is.
    """
    text = "\n".join(notes).casefold()
    negative = _NOT_STEP_FREE_WORDS.search(_STEP_FREE_WORDS.sub(" ", text))
    return not negative and (structured or bool(_STEP_FREE_WORDS.search(text)))


def virtual_is_phone(name: str, description: str) -> bool:
    return bool(_PHONE_WORDS.search(f"{name}\n{description}".casefold()))


def gender_group(gender: str | None) -> str:
    """'women', 'men' or '' from the word the person uses."""
    word = (gender or "").strip().casefold()
    if word in ("female", "woman", "f", "women", "girl"):
        return "women"
    if word in ("male", "man", "m", "men", "boy"):
        return "men"
    return ""

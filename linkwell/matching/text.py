"""Turning free text into comparable word stems: the same steps for referral text, lexicon phrases and service
descriptions, so "widowed", "Widow" and "widows" all meet at "widow".

Deliberately small: lower-casing, spelling out contractions ("doesn't" → "does not"), splitting into words
and clauses, and a light suffix stripper. It only has to make the lexicon's phrases meet the words people
write, not to be a linguist's stemmer; where it over- or under-strips, the lexicon lists both forms.
"""

import re
import unicodedata
from functools import lru_cache

# Contractions people write in referrals, spelt out so negation is always the separate word "not".
_CONTRACTIONS = {
    "can't": "can not",
    "cannot": "can not",
    "won't": "will not",
    "shan't": "shall not",
    "n't": " not",
    "'re": " are",
    "'ve": " have",
    "'ll": " will",
    "'d": " would",
    "'m": " am",
}
_CONTRACTION = re.compile("|".join(re.escape(key) for key in sorted(_CONTRACTIONS, key=len, reverse=True)))
_WORD = re.compile(r"[a-z0-9]+(?:'s)?")

# Longest first, so "ness" is tried before "s". Each ending leaves at least three letters.
_SUFFIXES = (
    "ational",
    "ations",
    "ation",
    "ingly",
    "ness",
    "ment",
    "ings",
    "ing",
    "ies",
    "ied",
    "ers",
    "ed",
    "er",
    "es",
    "ly",
    "s",
)
# Words the stripper would spoil, kept as they are.
_KEEP = frozenset(
    {
        "news",
        "gas",
        "bus",
        "bus's",
        "always",
        "less",
        "alcohol",
        "this",
        "was",
        "his",
        "has",
        "does",
        "is",
        "as",
        "us",
        "yes",
        "glasses",
        "series",
        "species",
        "lonely",
        "only",
        "early",
        "family",
        "elderly",
        "ill",
        "unwell",
    }
)


def normalise(text: str) -> str:
    """Lower case, plain apostrophes and hyphens as spaces, contractions spelt out."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("‘", "'")
    folded = folded.replace("-", " ").replace("/", " ")
    return _CONTRACTION.sub(lambda match: _CONTRACTIONS[match.group(0)], folded)


# Every service description and referral goes through stem() word by word, and a language's words repeat:
# remembering the commonest makes reading a whole directory several times quicker.
@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    word = word.removesuffix("'s")
    if word in _KEEP or len(word) <= 3 or word.isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stemmed = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                stemmed += "y"
            # "running" → "runn" → "run"; "stopped" → "stop".
            if len(stemmed) > 3 and stemmed[-1] == stemmed[-2] and stemmed[-1] not in "ls":
                stemmed = stemmed[:-1]
            return stemmed
    return word


def stems(text: str) -> list[str]:
    return [stem(word) for word in _WORD.findall(normalise(text))]

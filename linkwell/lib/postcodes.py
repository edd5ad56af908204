"""UK postcode normalisation and validation (standards.md §5.2). Pure: no database.

A postcode passes if it has the shape BS 7666 allows; whether it exists is a question for the
ONS Postcode Directory. NHS pseudo-postcodes (ZZ99 3VZ, no fixed abode) are accepted too, because
people with no fixed abode use the service and their records carry one.
"""

import re

# The strict BS 7666-derived pattern, split so the outward code can be checked on its own.
_OUTWARD = r"(?:GIR|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?|[0-9][A-HJKPS-UW]))"
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_STRICT = re.compile(rf"(?:GIR 0AA|{_OUTWARD} {_INWARD})")
_OUTWARD_ONLY = re.compile(_OUTWARD)
_PSEUDO = re.compile(r"ZZ99 [0-9][A-Z]Z")

# The inward code is always three characters, so a postcode without its space is at most seven.
_SHORTEST, _LONGEST = 5, 7

PSEUDO_MEANINGS = {
    "ZZ99 3CZ": "England, not otherwise stated",
    "ZZ99 3VZ": "no fixed abode",
    "ZZ99 3WZ": "not known",
    "ZZ99 2WZ": "Northern Ireland",
    "ZZ99 1WZ": "Scotland",
    "ZZ99 3GZ": "Wales",
}


class InvalidPostcode(ValueError):
    """The text is not shaped like a UK postcode. str() is a message to show the person who typed it."""

    def __init__(self, message: str = "Enter a real postcode, like CM1 1AA") -> None:
        super().__init__(message)


def _compact(raw: str) -> str:
    return "".join(raw.split()).upper()


def normalise(raw: str) -> str:
    """The single-space form (the ONSPD "pcds" form): " cm11aa " → "CM1 1AA"."""
    compact = _compact(raw)
    if not compact:
        raise InvalidPostcode("Enter a postcode, like CM1 1AA")
    if not _SHORTEST <= len(compact) <= _LONGEST:
        raise InvalidPostcode
    postcode = f"{compact[:-3]} {compact[-3:]}"
    if _STRICT.fullmatch(postcode) or _PSEUDO.fullmatch(postcode):
        return postcode
    raise InvalidPostcode


def is_pseudo(postcode: str) -> bool:
    """Whether this is an NHS pseudo-postcode (ZZ99 3VZ and the like), which has no location."""
    compact = _compact(postcode)
    return _PSEUDO.fullmatch(f"{compact[:-3]} {compact[-3:]}") is not None


def pseudo_meaning(postcode: str) -> str | None:
    """What an NHS pseudo-postcode stands for ("no fixed abode"), if it is one of the UK codes we know."""
    return PSEUDO_MEANINGS.get(normalise(postcode)) if is_pseudo(postcode) else None


def outward_code(postcode: str) -> str:
    """The part before the space, which names the postcode district: "cm1 1aa" → "CM1"."""
    return normalise(postcode).split(" ", 1)[0]


def normalise_district(raw: str) -> str:
    """An outward code typed on its own: " cm1 " → "CM1"."""
    compact = _compact(raw)
    if not compact:
        raise InvalidPostcode("Enter a postcode, like CM1 1AA")
    if _OUTWARD_ONLY.fullmatch(compact):
        return compact
    raise InvalidPostcode("Enter the first part of a postcode, like CM1")

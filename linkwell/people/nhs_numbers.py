"""NHS number validation and display (standards.md §5.1). Pure: no database.

Written here rather than taken from the `nhs-number` package: the rule is ten lines, we need our own
messages that tell "wrong length" from "wrong check digit", and that package also rejects some numbers
by region (Scottish CHI dates), which §5.1 says not to do before a PDS check.
"""

# A 999-range test number that passes Modulus 11, so the example we show people is itself valid.
EXAMPLE = "999 234 5675"

_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_SEPARATORS = str.maketrans("", "", " -\t")


class InvalidNHSNumber(ValueError):
    """str() is a message to show the person who typed the number."""


def check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit for nine digits, or None when no number can start this way (the
    remainder gives 10)."""
    remainder = sum(int(digit) * weight for digit, weight in zip(first_nine, _WEIGHTS, strict=True)) % 11
    digit = 11 - remainder
    if digit == 11:
        return 0
    return None if digit == 10 else digit


def normalise_nhs_number(raw: str) -> str:
    """The ten-digit stored form: " 999-234-5675 " → "9992345675". Any number range is accepted, because
    only PDS can say whether a well-formed number is real."""
    number = raw.translate(_SEPARATORS)
    if not number:
        raise InvalidNHSNumber(f"Enter an NHS number, like {EXAMPLE}")
    # isascii() as well, because isdigit() accepts other scripts' digits, which int() would then read.
    if len(number) != 10 or not (number.isascii() and number.isdigit()):
        raise InvalidNHSNumber(f"An NHS number must be 10 digits, like {EXAMPLE}")
    if check_digit(number[:9]) != int(number[9]):
        raise InvalidNHSNumber("This is not a valid NHS number. Check it has been copied correctly")
    return number


def format_nhs_number(number: str) -> str:
    """The NHS display form, 3-3-4: "9992345675" → "999 234 5675". Anything else is shown as it is."""
    if len(number) == 10 and number.isdigit():
        return f"{number[:3]} {number[3:6]} {number[6:]}"
    return number

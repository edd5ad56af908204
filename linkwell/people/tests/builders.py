from datetime import date

from linkwell.people.actions import PersonDetails
from linkwell.people.models import Person

# 999-range test numbers that pass Modulus 11.
NHS_NUMBER = "9992345675"
OTHER_NHS_NUMBER = "9990000018"
THIRD_NHS_NUMBER = "9990000026"

BIRTHDAY = date(1961, 4, 12)


def details(**overrides: object) -> PersonDetails:
    fields: dict[str, object] = {
        "given_name": "Joanne",
        "family_name": "Fictional",
        "date_of_birth": BIRTHDAY,
        "postcode": "CM1 1AA",
    }
    return PersonDetails(**{**fields, **overrides})  # type: ignore[arg-type]


def person(**fields: object) -> Person:
    defaults: dict[str, object] = {
        "given_name": "Joanne",
        "family_name": "Fictional",
        "date_of_birth": BIRTHDAY,
        "postcode": "CM1 1AA",
    }
    return Person.objects.create(**{**defaults, **fields})

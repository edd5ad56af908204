"""Referral references people can read out over the phone: LW-7K3M-9QPX."""

import secrets

# No 0/O, 1/I/L: they are confused when read aloud or handwritten.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_GROUP_LENGTH = 4


def new_reference() -> str:
    """A fresh random reference (31^8 ≈ 8.5 × 10^11 of them); the database's unique index decides if it is free."""
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(_GROUP_LENGTH)) for _ in range(2))
    return "LW-" + "-".join(groups)

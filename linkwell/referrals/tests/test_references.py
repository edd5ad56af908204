import re

from linkwell.referrals.references import ALPHABET, new_reference


def test_a_reference_reads_lw_then_two_groups_of_four():
    assert re.fullmatch(r"LW-[A-Z2-9]{4}-[A-Z2-9]{4}", new_reference())


def test_references_never_use_characters_that_are_misread_aloud():
    assert not set("01OIL") & set(ALPHABET)
    characters = set("".join(new_reference()[3:].replace("-", "") for _ in range(500)))
    assert characters <= set(ALPHABET)


def test_references_are_random_enough_not_to_repeat():
    assert len({new_reference() for _ in range(5000)}) == 5000

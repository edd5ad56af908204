import pytest

from linkwell.lib.postcodes import (
    InvalidPostcode,
    is_pseudo,
    normalise,
    normalise_district,
    outward_code,
    pseudo_meaning,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("CM1 1AA", "CM1 1AA"),
        ("cm11aa", "CM1 1AA"),
        ("  cm1   1aa ", "CM1 1AA"),
        ("C M 1 1 A A", "CM1 1AA"),
        ("ss0\t7aa", "SS0 7AA"),
        ("SW1A1AA", "SW1A 1AA"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("M1 1AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("GIR 0AA", "GIR 0AA"),
        ("BT1 1AA", "BT1 1AA"),
        ("LS1 4AP", "LS1 4AP"),
    ],
)
def test_normalise_gives_the_single_space_uppercase_form(typed, stored):
    assert normalise(typed) == stored


@pytest.mark.parametrize("typed", ["ZZ99 3VZ", "zz993vz", "ZZ99 3WZ", "ZZ99 3CZ", "ZZ99 6CZ"])
def test_normalise_accepts_nhs_pseudo_postcodes(typed):
    assert normalise(typed).startswith("ZZ99 ")


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "CM1",
        "12345",
        "CHELMSFORD",
        "CM1 1AAA",
        "CM11 11AA",
        "QM1 1AA",  # Q never starts a postcode
        "CM1 1CA",  # C never appears in the inward code
        "ZZ99 3V9",
        "ZZ1 1AA",
        "CM1-1AA",
        "CM1 1AA; DROP",
        "CM1 1AA" * 20,
    ],
)
def test_normalise_rejects_anything_not_shaped_like_a_postcode(typed):
    with pytest.raises(InvalidPostcode):
        normalise(typed)


def test_normalise_treats_a_trailing_newline_as_whitespace_not_part_of_the_postcode():
    assert normalise("CM1 1AA\n") == "CM1 1AA"


def test_the_invalid_postcode_message_shows_an_example_a_member_of_the_public_understands():
    with pytest.raises(InvalidPostcode) as raised:
        normalise("12345")
    assert str(raised.value) == "Enter a real postcode, like CM1 1AA"
    with pytest.raises(InvalidPostcode, match="Enter a postcode, like CM1 1AA"):
        normalise("  ")


def test_an_invalid_postcode_is_a_value_error():
    assert issubclass(InvalidPostcode, ValueError)


def test_is_pseudo_tells_nhs_pseudo_postcodes_from_real_ones():
    assert is_pseudo("ZZ99 3VZ")
    assert is_pseudo("zz993wz")
    assert not is_pseudo("CM1 1AA")
    assert not is_pseudo("")
    assert not is_pseudo("nonsense")


def test_pseudo_meaning_names_the_well_known_codes():
    assert pseudo_meaning("ZZ99 3VZ") == "no fixed abode"
    assert pseudo_meaning("zz99 3wz") == "not known"
    assert pseudo_meaning("ZZ99 6CZ") is None
    assert pseudo_meaning("CM1 1AA") is None


@pytest.mark.parametrize(
    ("postcode", "outward"),
    [("CM1 1AA", "CM1"), ("ss11 7aa", "SS11"), ("SW1A1AA", "SW1A"), ("ZZ99 3VZ", "ZZ99")],
)
def test_outward_code_is_the_part_before_the_space(postcode, outward):
    assert outward_code(postcode) == outward


def test_outward_code_of_a_non_postcode_raises():
    with pytest.raises(InvalidPostcode):
        outward_code("CM1")


@pytest.mark.parametrize(("typed", "district"), [("cm1", "CM1"), (" SS11 ", "SS11"), ("sw1a", "SW1A"), ("W1", "W1")])
def test_normalise_district_accepts_an_outward_code_typed_alone(typed, district):
    assert normalise_district(typed) == district


@pytest.mark.parametrize("typed", ["", "CM", "CM1 1AA", "CM111", "12", "QM1", "Chelmsford"])
def test_normalise_district_rejects_anything_else(typed):
    with pytest.raises(InvalidPostcode):
        normalise_district(typed)

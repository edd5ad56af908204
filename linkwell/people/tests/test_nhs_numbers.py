import pytest

from linkwell.people.nhs_numbers import (
    EXAMPLE,
    InvalidNHSNumber,
    check_digit,
    format_nhs_number,
    normalise_nhs_number,
)


@pytest.mark.parametrize("number", ["9992345675", "9990000018", "9990000026", "9993456780"])
def test_valid_test_range_numbers_pass(number):
    assert normalise_nhs_number(number) == number


def test_a_check_digit_of_eleven_becomes_zero():
    assert check_digit("999345678") == 0
    assert normalise_nhs_number("999 345 6780") == "9993456780"


@pytest.mark.parametrize("raw", ["999 234 5675", "999-234-5675", " 9992345675 ", "999 2345 675", "999\t234-5675"])
def test_spaces_and_hyphens_are_accepted_and_removed(raw):
    assert normalise_nhs_number(raw) == "9992345675"


@pytest.mark.parametrize("raw", ["999234567", "99923456755", "999 234 567X", "999.234.5675", "٩٩٩٢٣٤٥٦٧٥"])
def test_anything_but_ten_digits_is_the_wrong_length(raw):
    with pytest.raises(InvalidNHSNumber, match="must be 10 digits"):
        normalise_nhs_number(raw)


def test_a_wrong_check_digit_is_not_a_valid_number():
    with pytest.raises(InvalidNHSNumber, match="not a valid NHS number"):
        normalise_nhs_number("999 234 5676")


@pytest.mark.parametrize("last", "0123456789")
def test_no_number_is_valid_when_the_check_digit_would_be_ten(last):
    assert check_digit("999000000") is None
    with pytest.raises(InvalidNHSNumber, match="not a valid NHS number"):
        normalise_nhs_number(f"999000000{last}")


def test_a_blank_number_asks_for_one():
    with pytest.raises(InvalidNHSNumber, match="Enter an NHS number"):
        normalise_nhs_number("  ")


def test_numbers_outside_the_english_ranges_are_not_rejected_on_range_alone():
    # Well-formed and Modulus 11 valid, in the Scottish CHI range with an impossible date: only PDS can judge.
    first_nine = "321299999"
    number = f"{first_nine}{check_digit(first_nine)}"
    assert normalise_nhs_number(number) == number


def test_the_example_in_our_messages_is_itself_valid():
    assert normalise_nhs_number(EXAMPLE) == "9992345675"


def test_numbers_display_as_three_three_four():
    assert format_nhs_number("9992345675") == "999 234 5675"
    assert format_nhs_number("") == ""

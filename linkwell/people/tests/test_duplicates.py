from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from linkwell.people.duplicates import POSSIBLE_THRESHOLD, find_matches
from linkwell.people.tests.builders import BIRTHDAY, NHS_NUMBER, OTHER_NHS_NUMBER, person

pytestmark = pytest.mark.django_db


def matches(**overrides):
    query = {
        "nhs_number": "",
        "given_name": "Joanne",
        "family_name": "Fictional",
        "date_of_birth": BIRTHDAY,
        "postcode": "",
    }
    return find_matches(**{**query, **overrides})


def scores(**overrides):
    return {match.person.pk: match.score for match in matches(**overrides).possible}


def test_the_same_nhs_number_is_an_exact_match_and_not_also_a_possible_one():
    existing = person(nhs_number=NHS_NUMBER)

    found = matches(nhs_number=NHS_NUMBER)

    assert found.exact == existing
    assert found.possible == []


def test_an_exact_match_needs_no_date_of_birth_or_name():
    existing = person(nhs_number=NHS_NUMBER)

    found = matches(nhs_number=NHS_NUMBER, given_name="Someone", family_name="Else", date_of_birth=None)

    assert found.exact == existing


def test_same_name_and_date_of_birth_is_a_possible_match_with_reasons():
    existing = person(postcode="")

    [match] = matches(given_name=" JOANNE ", family_name="fictional").possible

    assert match.person == existing
    assert match.score == 90
    assert match.reasons == ["same date of birth", "same family name", "same given name"]


@pytest.mark.parametrize(
    ("stored", "typed"),
    [("O'Neill-Fictional", "oneill fictional"), ("Fictional", "Fictionl"), ("Fictional", "Fcitional")],
)
def test_family_names_match_ignoring_punctuation_and_one_typing_slip(stored, typed):
    existing = person(family_name=stored)

    assert existing.pk in scores(family_name=typed)


@pytest.mark.parametrize(
    ("stored", "typed", "reason"),
    [
        ("Joanne", "Jo", "given name is a short form of the other"),
        ("Robert", "Bob", "given name is a short form of the other"),
        ("Joanne", "Joane", "given name differs by one letter"),
        ("Jo-Anne", "Joanne", "same given name"),
        ("Joanne Mary", "Joanne", "same first given name"),
    ],
)
def test_given_names_match_short_forms_slips_and_first_names(stored, typed, reason):
    person(given_name=stored)

    [match] = matches(given_name=typed).possible

    assert reason in match.reasons


def test_an_initial_matches_a_given_name():
    person(given_name="Joanne")

    [match] = matches(given_name="J").possible

    assert "given name matches an initial" in match.reasons
    assert match.score == POSSIBLE_THRESHOLD


def test_the_preferred_name_counts_as_a_given_name():
    existing = person(given_name="Margaret", preferred_name="Peggy")

    assert existing.pk in scores(given_name="Peggy")


def test_a_shared_postcode_raises_the_score_past_the_threshold():
    # An initial and a one-letter slip in the family name are not enough on their own.
    existing = person(given_name="Joanne", family_name="Fictional", postcode="CM1 1AA")
    assert scores(given_name="J", family_name="Fictionl") == {}

    assert scores(given_name="J", family_name="Fictionl", postcode="CM1 1AA") == {existing.pk: 70}


def test_the_same_postcode_scores_more_than_the_same_district():
    existing = person(postcode="CM1 1AA")

    assert scores(postcode="CM1 1AA") == {existing.pk: 100}
    assert scores(postcode="CM1 2BB") == {existing.pk: 95}
    assert scores(postcode="SS14 1AA") == {existing.pk: 90}


def test_a_pseudo_postcode_adds_nothing():
    existing = person(postcode="ZZ99 3VZ")

    assert scores(postcode="ZZ99 3VZ") == {existing.pk: 90}


@pytest.mark.parametrize(
    "overrides",
    [
        {"family_name": "Different"},
        {"given_name": "Margaret"},
        {"date_of_birth": date(1961, 4, 13)},
        {"date_of_birth": None},
    ],
)
def test_other_names_or_birthdays_are_not_matches(overrides):
    person()

    assert matches(**overrides).possible == []


def test_records_with_different_nhs_numbers_are_never_possible_duplicates():
    person(nhs_number=OTHER_NHS_NUMBER)

    assert matches(nhs_number=NHS_NUMBER).possible == []


def test_a_record_without_an_nhs_number_can_match_one_with():
    existing = person(nhs_number=OTHER_NHS_NUMBER)

    assert existing.pk in scores(nhs_number="")


def test_the_exact_match_and_the_possible_ones_come_back_together():
    existing = person(nhs_number=NHS_NUMBER)
    without_number = person(given_name="Jo")
    person(nhs_number=OTHER_NHS_NUMBER)

    found = matches(nhs_number=NHS_NUMBER)

    assert found.exact == existing
    assert [match.person for match in found.possible] == [without_number]


def test_merged_records_are_never_returned():
    kept = person(given_name="Jo")
    person(nhs_number=NHS_NUMBER, merged_into=kept)

    found = matches(nhs_number=NHS_NUMBER)

    assert found.exact is None
    assert [match.person for match in found.possible] == [kept]


def test_the_best_match_comes_first():
    weaker = person(given_name="Jo", postcode="")
    stronger = person(given_name="Joanne", postcode="CM1 1AA")

    assert [match.person for match in matches(postcode="CM1 1AA").possible] == [stronger, weaker]


def test_matching_takes_one_query_however_many_records_there_are():
    for number in range(30):
        person(given_name=f"Name{number}", date_of_birth=date(1970, 1, 1) if number % 2 else BIRTHDAY)

    with CaptureQueriesContext(connection) as queries:
        matches(nhs_number=NHS_NUMBER)

    assert len(queries) == 1
    assert "date_of_birth" in queries[0]["sql"]

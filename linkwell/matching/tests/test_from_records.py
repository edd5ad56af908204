"""What the engine is asked about a person, from their referral and case: only what the record really says."""

from datetime import date

import pytest
from django.utils import timezone

from linkwell.casework import plans
from linkwell.casework.models import GoalStatus
from linkwell.casework.tests.builders import open_case
from linkwell.matching.from_records import request_for_case, request_for_referral
from linkwell.matching.types import Point, Preferences
from linkwell.people.models import StatedGender
from linkwell.referrals.tests.factories import PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)


def _converse(case, *, what_matters="", barriers="", notes=""):
    return plans.record_conversation(
        case=case,
        held_on=timezone.localdate(),
        what_matters=what_matters,
        strengths="Loves the garden",
        barriers=barriers,
        notes=notes,
        areas=[],
        by=case.link_worker,
    )


def _goal(case, text):
    return plans.add_goal(
        case=case,
        expected_version=plans.plan_version(case),
        text=text,
        area="",
        target_date=None,
        steps=[],
        by=case.link_worker,
    )


def test_a_referral_gives_its_reasons_words_and_the_persons_facts():
    person = PersonFactory.create(
        date_of_birth=date(1945, 11, 23), stated_gender=StatedGender.FEMALE, postcode="CM1 1AA"
    )
    referral = ReferralFactory.create(
        person=person, reasons=["bereavement", "loneliness", "other"], reason_text="  Husband died in May.  "
    )

    request = request_for_referral(referral, person, limit=3, today=TODAY)

    # "Something else" suggests nothing, so it is not passed on.
    assert request.needs == ("bereavement", "loneliness")
    assert request.text == "Husband died in May."
    assert request.person.age == 80
    assert request.person.gender == "female"
    # The CM1 district's centre: the full postcode is not loaded in tests.
    assert request.location == Point(latitude=51.75, longitude=0.45)
    assert request.limit == 3
    assert request.preferences == Preferences()


@pytest.mark.parametrize(
    ("stated", "word"),
    [
        (StatedGender.MALE, "male"),
        (StatedGender.FEMALE, "female"),
        (StatedGender.INDETERMINATE, None),
        (StatedGender.NOT_KNOWN, None),
        ("", None),
    ],
)
def test_only_a_stated_male_or_female_gender_is_passed_on(stated, word):
    person = PersonFactory.create(stated_gender=stated)

    request = request_for_referral(ReferralFactory.create(person=person), person, limit=3)

    assert request.person.gender == word


def test_an_unknown_date_of_birth_is_an_unknown_age():
    person = PersonFactory.create(date_of_birth=None)

    assert request_for_referral(ReferralFactory.create(person=person), person, limit=3).person.age is None


def test_a_pseudo_postcode_falls_back_to_the_town_and_then_to_no_place():
    in_town = PersonFactory.create(postcode="ZZ99 3VZ", town="Chelmsford")
    nowhere = PersonFactory.create(postcode="ZZ99 3VZ", town="")

    assert request_for_referral(ReferralFactory.create(person=in_town), in_town, limit=3).location is not None
    assert request_for_referral(ReferralFactory.create(person=nowhere), nowhere, limit=3).location is None


@pytest.mark.parametrize(
    ("formats", "step_free"),
    [
        ("Wheelchair user", True),
        ("Needs step-free access; large print", True),
        ("Uses a mobility scooter", True),
        ("Large print", False),
        ("", False),
    ],
)
def test_step_free_access_is_asked_for_only_when_the_record_says_so(formats, step_free):
    person = PersonFactory.create(accessible_formats=formats)

    request = request_for_referral(ReferralFactory.create(person=person), person, limit=3)

    assert request.preferences.wheelchair_access is step_free


def test_a_referral_for_help_getting_online_rules_out_online_only_services():
    person = PersonFactory.create(email="")
    offline = ReferralFactory.create(person=person, reasons=["digital_exclusion", "loneliness"])
    no_email_only = ReferralFactory.create(person=person, reasons=["loneliness"])

    assert request_for_referral(offline, person, limit=3).preferences.no_online is True
    # No email address on the record does not mean no internet.
    assert request_for_referral(no_email_only, person, limit=3).preferences.no_online is False


def test_a_case_adds_the_latest_conversation_and_the_goals_still_worked_on():
    case = open_case(reason_text="Lonely since her husband died.", reasons=["bereavement"])
    _converse(case, what_matters="An old worry")
    _converse(case, what_matters="Getting out of the house", barriers="No bus on Sundays", notes="Likes singing")
    _goal(case, "Join a choir")
    stopped = _goal(case, "Learn to swim")
    plans.update_goal(
        goal=stopped,
        expected_version=plans.plan_version(case),
        progress=None,
        to_status=GoalStatus.STOPPED,
        note="",
        by=case.link_worker,
    )

    request = request_for_case(case, limit=5)

    assert request.needs == ("bereavement",)
    assert request.text.split("\n\n") == [
        "Lonely since her husband died.",
        "Getting out of the house",
        "No bus on Sundays",
        "Likes singing",
        "Join a choir",
    ]
    assert request.limit == 5


def test_a_new_case_is_asked_about_from_its_referral_alone():
    case = open_case(reason_text="Struggling with debts.", reasons=["debt"])

    request = request_for_case(case, limit=5)

    assert request.text == "Struggling with debts."
    assert request.needs == ("debt",)


def test_a_case_request_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    case = open_case(reason_text="Lonely.", person=PersonFactory.create(postcode="CM1 1AA"))
    _converse(case, what_matters="Company")
    for number in range(6):
        _goal(case, f"Goal {number}")

    with django_assert_max_num_queries(4):
        request_for_case(case, limit=5)

import pytest

from linkwell.accounts.demo import load_accounts
from linkwell.people.models import Person
from linkwell.people.nhs_numbers import normalise_nhs_number
from linkwell.referrals.demo import REFERRALS, demo_nhs_number, load_referrals
from linkwell.referrals.models import Referral, ReferralStatus

pytestmark = pytest.mark.django_db


def test_demo_nhs_numbers_are_valid_test_numbers():
    for serial in range(1, 50):
        number = demo_nhs_number(serial)
        assert number.startswith("999")
        assert normalise_nhs_number(number) == number


def test_demo_referrals_land_in_the_chelmsford_inbox_once():
    load_accounts()

    load_referrals()
    load_referrals()

    referrals = Referral.objects.select_related("team")
    assert referrals.count() == len(REFERRALS) == Person.objects.count()
    assert {referral.team.slug for referral in referrals} == {"chelmsford-link-workers"}
    assert {referral.status for referral in referrals} == {ReferralStatus.RECEIVED}
    assert referrals.filter(referred_by__email="sam.patel@example.org").count() == 1

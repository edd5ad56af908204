import pytest

from linkwell.accounts.demo import load_accounts
from linkwell.casework.demo import load_casework
from linkwell.casework.message_back import build_message_back
from linkwell.casework.models import Case, CaseStatus, OnwardReferral, OnwardStatus
from linkwell.directory.demo import load_directory
from linkwell.referrals.demo import load_referrals
from linkwell.referrals.models import Referral, ReferralStatus

pytestmark = pytest.mark.django_db


def test_demo_casework_goes_through_the_real_actions_once():
    load_accounts()
    load_directory()
    load_referrals()

    assert load_casework() == 3
    assert load_casework() == 3

    cases = Case.objects.select_related("person")
    assert {case.person.given_name: case.status for case in cases} == {
        "Tomasz": CaseStatus.OPEN,
        "Aisha": CaseStatus.OPEN,
        "Irene": CaseStatus.DISCHARGED,
    }
    assert set(OnwardReferral.objects.values_list("service__name", "status")) == {
        ("Wednesday stroll and stretch", OnwardStatus.ACCEPTED),
        ("Debt advice", OnwardStatus.SENT),
        ("Sitting service", OnwardStatus.WAITLISTED),  # the service keeps a waiting list
    }
    assert Referral.objects.filter(person__given_name="Dennis", status=ReferralStatus.ALLOCATED).exists()
    irene = cases.get(person__given_name="Irene")
    assert build_message_back(irene.referral).activities[0].service == "Knit and natter"

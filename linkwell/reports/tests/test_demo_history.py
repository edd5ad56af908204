import pytest

from linkwell.accounts.demo import load_accounts
from linkwell.accounts.models import User
from linkwell.casework.demo import load_casework
from linkwell.casework.models import Case, CaseStatus
from linkwell.directory.demo import load_directory
from linkwell.directory.reference_geography import load_reference_geography
from linkwell.people.models import Person
from linkwell.referrals.demo import load_referrals
from linkwell.referrals.models import Referral, ReferralStatus
from linkwell.reports.demo import HISTORY_REFERRALS, load_report_history
from linkwell.reports.models import ReferralFact

pytestmark = pytest.mark.django_db

WAITING = [ReferralStatus.RECEIVED, ReferralStatus.TRIAGED, ReferralStatus.ALLOCATED, ReferralStatus.IN_CONTACT]


@pytest.fixture
def demo(db):
    load_accounts()
    load_reference_geography()
    load_directory()
    load_referrals()
    load_casework()


def test_the_history_is_loaded_once(demo):
    before = Referral.objects.count()

    assert load_report_history() == HISTORY_REFERRALS
    assert load_report_history() == HISTORY_REFERRALS

    assert Referral.objects.count() == before + HISTORY_REFERRALS
    assert ReferralFact.objects.count() == Referral.objects.count()


def test_the_history_leaves_the_demo_link_workers_caseloads_and_inboxes_alone(demo):
    demo_workers = User.objects.filter(email__in=["jo.hughes@example.org", "kim.osei@example.org"])
    open_before = Case.objects.filter(link_worker__in=demo_workers, status=CaseStatus.OPEN).count()
    waiting_before = set(Referral.objects.filter(status__in=WAITING).values_list("pk", flat=True))

    load_report_history()

    assert Case.objects.filter(link_worker__in=demo_workers, status=CaseStatus.OPEN).count() == open_before
    assert set(Referral.objects.filter(status__in=WAITING).values_list("pk", flat=True)) == waiting_before


def test_the_history_people_never_share_a_name_or_nhs_number_with_a_named_demo_person(demo):
    named = {(person.given_name, person.family_name): person.nhs_number for person in Person.objects.all()}

    load_report_history()

    generated = Person.objects.exclude(nhs_number__in=[number for number in named.values() if number])
    assert generated.count() >= 500
    family_names = {family for _, family in named}
    assert not generated.filter(family_name__in=family_names).exists()


def test_the_history_has_small_counts_for_suppression_to_hide(demo):
    load_report_history()

    by_practice_month: dict[tuple[int, object], int] = {}
    for fact in ReferralFact.objects.exclude(practice=None).values("practice_id", "received_month"):
        key = (fact["practice_id"], fact["received_month"])
        by_practice_month[key] = by_practice_month.get(key, 0) + 1
    assert any(1 <= count <= 4 for count in by_practice_month.values())

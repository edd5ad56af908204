from datetime import date

import pytest

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.people.actions import resolve_possible_duplicate
from linkwell.people.merging import MERGE_HOOKS
from linkwell.people.models import PossibleDuplicate
from linkwell.referrals.merging import move_referrals_to_kept_person
from linkwell.referrals.tests.factories import PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def test_the_referrals_app_registers_its_merge_hook_once():
    assert MERGE_HOOKS.count(move_referrals_to_kept_person) == 1


def test_merging_two_people_moves_the_merged_records_referrals_to_the_kept_one():
    born = date(1971, 9, 14)
    kept = PersonFactory.create(
        given_name="Tamsin", family_name="Penhallow", date_of_birth=born, nhs_number="9992345675"
    )
    merged = PersonFactory.create(given_name="Tamsin", family_name="Penhallow", date_of_birth=born)
    kept_referral = ReferralFactory.create(person=kept)
    moved = ReferralFactory.create_batch(2, person=merged)
    duplicate = PossibleDuplicate.objects.create(person=merged, other=kept, score=90, reasons=["same name"])

    resolve_possible_duplicate(duplicate=duplicate, same_person=True, by=user_with_role(Role.TEAM_LEAD))

    merged.refresh_from_db()
    assert merged.merged_into == kept
    assert set(kept.referrals.all()) == {kept_referral, *moved}
    assert not merged.referrals.exists()

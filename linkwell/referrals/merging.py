"""Referrals' part in merging two person records (registered in ReferralsConfig.ready)."""

from linkwell.people.models import Person
from linkwell.referrals.models import Referral


def move_referrals_to_kept_person(kept: Person, merged: Person) -> None:
    """A merged duplicate's referrals belong to the record that was kept."""
    Referral.objects.filter(person=merged).update(person=kept)

"""The demo's measures: Tomasz improves from baseline to review, Irene has baseline and discharge measures,
Aisha's baseline is due; loading twice adds nothing."""

import pytest
from django.utils import timezone

from linkwell.accounts.demo import load_accounts
from linkwell.casework.demo import load_casework
from linkwell.casework.models import Case
from linkwell.directory.demo import load_directory
from linkwell.directory.reference_geography import load_reference_geography
from linkwell.outcomes.demo import load_outcomes
from linkwell.outcomes.measure_due import follow_up_weeks, next_measure
from linkwell.outcomes.models import MeasureResponse, Timepoint
from linkwell.referrals.demo import load_referrals

pytestmark = pytest.mark.django_db


def test_the_demo_cases_get_their_measures_once():
    load_accounts()
    load_reference_geography()
    load_directory()
    load_referrals()
    load_casework()

    count = load_outcomes()

    assert count == 8
    assert load_outcomes() == 8
    tomasz = MeasureResponse.objects.filter(case__person__family_name="Wojcik")
    assert sorted(tomasz.values_list("instrument", "timepoint")) == [
        ("loneliness", "baseline"),
        ("loneliness", "review"),
        ("ons4", "baseline"),
        ("ons4", "review"),
    ]
    baseline = tomasz.get(instrument="ons4", timepoint=Timepoint.BASELINE).scores
    review = tomasz.get(instrument="ons4", timepoint=Timepoint.REVIEW).scores
    assert review["life_satisfaction"] > baseline["life_satisfaction"]
    assert review["anxiety"] < baseline["anxiety"]
    irene = MeasureResponse.objects.filter(case__person__family_name="Castell")
    assert sorted(set(irene.values_list("timepoint", flat=True))) == ["baseline", "discharge"]
    aisha = Case.objects.get(person__family_name="Rahman")
    due = next_measure(
        status=aisha.status,
        closed_on=None,
        first_contact_on=timezone.localdate(aisha.contacts.filter(made=True).earliest("at").at),
        measures=list(aisha.measures.all()),
        weeks=follow_up_weeks(aisha),
        offered=["ons4"],
    )
    assert due is not None
    assert due.timepoint == Timepoint.BASELINE

"""The database itself holds the measures' invariants, whatever code writes to it."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from linkwell.casework.tests.builders import open_case
from linkwell.outcomes.models import AnswerMode, MeasureLink, MeasureLinkChannel, MeasureResponse, Timepoint
from linkwell.outcomes.tests.builders import stored_measure

pytestmark = pytest.mark.django_db


def refused_by_database(write) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def test_one_baseline_and_one_discharge_per_instrument_per_case_but_many_reviews():
    case = open_case()
    baseline = stored_measure(case)
    stored_measure(case, timepoint=Timepoint.REVIEW)
    stored_measure(case, timepoint=Timepoint.REVIEW)
    stored_measure(case, instrument_id="loneliness")
    refused_by_database(lambda: stored_measure(case))
    stored_measure(case, timepoint=Timepoint.DISCHARGE)
    refused_by_database(lambda: stored_measure(case, timepoint=Timepoint.DISCHARGE))
    assert MeasureResponse.objects.filter(case=case, timepoint=Timepoint.BASELINE, instrument="ons4").get() == baseline


def test_only_the_person_answering_for_themselves_records_without_a_link_worker():
    case = open_case()
    measure = stored_measure(case)
    refused_by_database(lambda: MeasureResponse.objects.filter(pk=measure.pk).update(recorded_by=None))
    MeasureResponse.objects.filter(pk=measure.pk).update(recorded_by=None, mode=AnswerMode.SELF)


def test_a_link_is_used_exactly_when_it_holds_an_answer_and_expires_after_it_was_made():
    case = open_case()
    now = timezone.now()
    link = MeasureLink.objects.create(
        case=case,
        instrument="ons4",
        timepoint=Timepoint.BASELINE,
        channel=MeasureLinkChannel.EMAIL,
        created_by=case.link_worker,
        created_at=now,
        expires_at=now + timedelta(days=14),
    )
    refused_by_database(lambda: MeasureLink.objects.filter(pk=link.pk).update(used_at=now))
    refused_by_database(lambda: MeasureLink.objects.filter(pk=link.pk).update(expires_at=now - timedelta(days=1)))
    refused_by_database(lambda: MeasureLink.objects.filter(pk=link.pk).update(channel="post"))
    measure = stored_measure(case)
    MeasureLink.objects.filter(pk=link.pk).update(used_at=now, response=measure)

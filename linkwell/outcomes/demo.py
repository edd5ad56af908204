"""Demo outcomes: wellbeing measures on the demo cases (casework.demo), then their healthcare use and unmet
needs (outcomes.demo_usage). Every person is fictional.

- Tomasz Wojcik: ONS4 and loneliness at baseline, on the day of his first contact, and again at a review
  today, both better. (His referral arrived a fortnight ago in the demo, so his baseline cannot be older: a
  measure before the referral is refused.)
- Irene Castell: ONS4 and loneliness at baseline and at discharge. Her case was opened and discharged on the
  same day in the demo, so her baseline is stored as taken at her first visit, before the discharge.
- Aisha Rahman: contact made and no measure yet, so her baseline shows as due.
Idempotent: a case that already holds measures is left alone."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from linkwell.accounts.models import User
from linkwell.casework.actions import lock_case
from linkwell.casework.demo import LINK_WORKER
from linkwell.casework.models import Case, CaseStatus
from linkwell.outcomes.demo_usage import IRENE, TOMASZ, load_usage_and_unmet
from linkwell.outcomes.instruments import get_instrument
from linkwell.outcomes.measures import record_measure, store_measure
from linkwell.outcomes.models import AnswerMode, MeasureResponse, Timepoint
from linkwell.referrals.demo import demo_nhs_number

AnswerSets = dict[str, dict[str, object]]

TOMASZ_BASELINE: AnswerSets = {
    "ons4": {"life_satisfaction": 4, "worthwhile": 5, "happiness": 3, "anxiety": 7},
    "loneliness": {"lack_companionship": 3, "left_out": 3, "isolated": 2, "how_often_lonely": "often_always"},
}
TOMASZ_REVIEW: AnswerSets = {
    "ons4": {"life_satisfaction": 6, "worthwhile": 7, "happiness": 6, "anxiety": 4},
    "loneliness": {"lack_companionship": 2, "left_out": 1, "isolated": 2, "how_often_lonely": "some_of_the_time"},
}
IRENE_BASELINE: AnswerSets = {
    "ons4": {"life_satisfaction": 3, "worthwhile": 4, "happiness": 3, "anxiety": 6},
    "loneliness": {"lack_companionship": 3, "left_out": 2, "isolated": 3, "how_often_lonely": "often_always"},
}
IRENE_DISCHARGE: AnswerSets = {
    "ons4": {"life_satisfaction": 7, "worthwhile": 7, "happiness": 8, "anxiety": 3},
    "loneliness": {"lack_companionship": 1, "left_out": 1, "isolated": 2, "how_often_lonely": "occasionally"},
}


def _latest_case(serial: int) -> Case | None:
    return Case.objects.filter(person__nhs_number=demo_nhs_number(serial)).order_by("-opened_at").first()


def _record(case: Case, worker: User, timepoint: Timepoint, answer_sets: AnswerSets, on_day: date) -> None:
    for instrument_id, answers in answer_sets.items():
        record_measure(
            case=case,
            instrument_id=instrument_id,
            timepoint=timepoint,
            answers=answers,
            completed_on=on_day,
            mode=AnswerMode.ASSISTED,
            by=worker,
        )


def _tomasz(case: Case, worker: User) -> None:
    first_contact = case.contacts.filter(made=True).order_by("at").values_list("at", flat=True).first()
    baseline_on = timezone.localdate(first_contact or case.opened_at)
    _record(case, worker, Timepoint.BASELINE, TOMASZ_BASELINE, baseline_on)
    _record(case, worker, Timepoint.REVIEW, TOMASZ_REVIEW, timezone.localdate())


@transaction.atomic
def _irene(case: Case, worker: User) -> None:
    case = lock_case(case)
    for instrument_id, answers in IRENE_BASELINE.items():
        # Stored directly: a closed case takes only discharge measures through record_measure.
        store_measure(
            case=case,
            instrument=get_instrument(instrument_id),
            timepoint=Timepoint.BASELINE,
            answers=answers,
            completed_on=timezone.localdate(case.opened_at),
            mode=AnswerMode.ASSISTED,
            recorded_by=worker,
        )
    _record(case, worker, Timepoint.DISCHARGE, IRENE_DISCHARGE, timezone.localdate())


def load_outcomes() -> int:
    """Load idempotently; return how many measures the demo cases hold."""
    worker = User.objects.filter(email=LINK_WORKER).first()
    if worker is None:
        return 0
    tomasz, irene = _latest_case(TOMASZ), _latest_case(IRENE)
    if tomasz is not None and tomasz.status == CaseStatus.OPEN and not tomasz.measures.exists():
        _tomasz(tomasz, worker)
    if irene is not None and irene.status == CaseStatus.DISCHARGED and not irene.measures.exists():
        _irene(irene, worker)
    load_usage_and_unmet()
    return MeasureResponse.objects.filter(case__link_worker=worker).count()

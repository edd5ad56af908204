"""Recording a measure in a case: every answer checked, answers stored as given with the instrument's
version and derived scores, the recording audited; a refused recording saves nothing. Then the pages: one
page to record, a measure in full with bands, and the case's measures with change since baseline."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.discharge import discharge_case
from linkwell.casework.models import DischargeReason
from linkwell.casework.tests.builders import open_case
from linkwell.conftest import client_for
from linkwell.outcomes.measures import record_measure
from linkwell.outcomes.models import AnswerMode, MeasureResponse, Timepoint
from linkwell.outcomes.tests.builders import load_placeholder_swemwbs, loneliness_answers, ons4_answers, stored_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return open_case()


def record(case, **overrides):
    arguments = {
        "case": case,
        "instrument_id": "ons4",
        "timepoint": Timepoint.BASELINE,
        "answers": ons4_answers(),
        "completed_on": timezone.localdate(),
        "mode": AnswerMode.ASSISTED,
        "by": case.link_worker,
    } | overrides
    return record_measure(**arguments)


def refused(case, **overrides) -> dict[str, str]:
    with pytest.raises(CaseworkProblem) as problem:
        record(case, **overrides)
    assert not MeasureResponse.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.MEASURE_RECORDED).exists()
    return problem.value.errors


# --- The action ------------------------------------------------------------------------------------
def test_a_measure_keeps_every_answer_the_version_and_the_scores_and_is_audited(case):
    measure = record(case, answers={"life_satisfaction": "3", "worthwhile": "5", "happiness": "4", "anxiety": "8"})

    measure.refresh_from_db()
    assert measure.answers == {"life_satisfaction": 3, "worthwhile": 5, "happiness": 4, "anxiety": 8}
    assert measure.scores == measure.answers
    assert (measure.instrument, measure.version, measure.timepoint) == ("ons4", "1", "baseline")
    assert measure.recorded_by == case.link_worker
    [event] = AuditEvent.objects.filter(action=AuditAction.MEASURE_RECORDED)
    assert event.person_id == str(case.person_id)
    assert event.object_id == str(measure.pk)
    assert event.detail == {"instrument": "ons4", "timepoint": "baseline", "mode": "assisted", "via": "case"}


def test_loneliness_stores_the_ucla_total_and_the_direct_answer(case):
    measure = record(case, instrument_id="loneliness", answers=loneliness_answers((3, 2, 3), "often_always"))
    assert measure.scores == {"ucla_total": 8, "direct": "often_always"}


def test_every_missing_or_wrong_answer_is_named_and_nothing_is_saved(case):
    errors = refused(case, answers={"life_satisfaction": 12, "worthwhile": 5})
    assert errors == {
        "life_satisfaction": "Choose one of the answers given for “Life satisfaction”",
        "happiness": "Choose an answer for “Happiness”",
        "anxiety": "Choose an answer for “Anxiety”",
    }


def test_the_timepoint_mode_date_and_instrument_are_checked(case):
    errors = refused(
        case,
        instrument_id="eq5d",
        timepoint="sometime",
        mode="telepathy",
        completed_on=timezone.localdate() + timedelta(days=1),
    )
    assert set(errors) == {"instrument", "timepoint", "mode", "completed_on"}
    assert errors["completed_on"] == "The date the questions were answered cannot be in the future"
    assert "date the questions were answered" in refused(case, completed_on=None)["completed_on"]
    long_ago = timezone.localdate(case.referral.received_at) - timedelta(days=1)
    assert "on or after the referral was received" in refused(case, completed_on=long_ago)["completed_on"]


def test_one_baseline_per_instrument_but_reviews_may_be_many(case):
    first = record(case)
    with pytest.raises(CaseworkProblem) as problem:
        record(case)
    assert problem.value.errors["timepoint"].startswith("A baseline ONS personal wellbeing (ONS4) was already recorded")
    record(case, instrument_id="loneliness", answers=loneliness_answers())
    record(case, timepoint=Timepoint.REVIEW)
    record(case, timepoint=Timepoint.REVIEW)
    assert MeasureResponse.objects.filter(case=case).count() == 4
    assert MeasureResponse.objects.filter(timepoint=Timepoint.BASELINE, instrument="ons4").get() == first


def test_once_discharged_only_a_discharge_measure_can_be_recorded(case):
    record(case)
    discharge_case(
        case=case, reason=DischargeReason.GOALS_MET, summary="Going to the walking group", by=case.link_worker
    )
    with pytest.raises(CaseworkProblem) as problem:
        record(case, timepoint=Timepoint.REVIEW)
    assert problem.value.errors == {"timepoint": "The case is closed: only a discharge measure can be recorded now"}
    assert record(case, timepoint=Timepoint.DISCHARGE).timepoint == "discharge"


def test_swemwbs_cannot_be_recorded_until_its_wording_is_loaded(case):
    answers = {f"item_{n}": 3 for n in range(1, 8)}
    errors = refused(case, instrument_id="swemwbs", answers=answers)
    assert errors == {
        "instrument": "Short Warwick–Edinburgh Mental Wellbeing Scale (SWEMWBS) cannot be recorded until its licensed "
        "wording has been loaded"
    }
    load_placeholder_swemwbs()
    measure = record(case, instrument_id="swemwbs", answers=answers)
    assert measure.scores == {"raw": 21, "metric": 19.25}
    assert measure.version == "test-1"


def test_someone_outside_the_team_cannot_record(case):
    other = open_case().link_worker
    with pytest.raises(PermissionDenied):
        record(case, by=other)
    assert not MeasureResponse.objects.exists()


# --- The pages -------------------------------------------------------------------------------------
def new_url(case, **query) -> str:
    url = reverse("outcomes:measure-new", kwargs={"case_id": case.pk})
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def form_data(answers: dict[str, object], **fields: str) -> dict[str, str]:
    today = timezone.localdate()
    return {
        **{key: str(value) for key, value in answers.items()},
        "timepoint": "baseline",
        "mode": "assisted",
        "completed_on_0": str(today.day),
        "completed_on_1": str(today.month),
        "completed_on_2": str(today.year),
    } | fields


def test_the_page_asks_which_measure_when_none_is_chosen(case):
    response = client_for(case.link_worker).get(new_url(case, timepoint="baseline"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Which measure?" in page
    assert "?instrument=ons4&amp;timepoint=baseline" in page
    assert "SWEMWBS" not in page


def test_the_ons4_page_has_inline_0_to_10_radios_todays_date_and_the_timepoint_chosen(case):
    response = client_for(case.link_worker).get(new_url(case, instrument="ons4", timepoint="baseline"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("nhsuk-radios--inline") == 4
    assert "Overall, how satisfied are you with your life nowadays?" in page
    assert "0 is not at all satisfied, 10 is completely satisfied" in page
    assert 'value="baseline" checked' in page
    assert f'value="{timezone.localdate().year}"' in page


def test_recording_from_the_page_saves_and_shows_the_scores_with_bands(case):
    client = client_for(case.link_worker)
    response = client.post(
        new_url(case, instrument="ons4"), form_data(ons4_answers(life=9, worthwhile=7, happiness=5, anxiety=2))
    )
    measure = MeasureResponse.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("outcomes:measure", kwargs={"case_id": case.pk, "measure_id": measure.pk})
    page = client.get(response["Location"]).content.decode()
    assert "ONS personal wellbeing (ONS4) recorded." in page
    for shown in ("(very high)", "(high)", "(medium)", "(low)", "Overall, how happy did you feel yesterday?"):
        assert shown in page


def test_a_page_with_a_question_unanswered_says_which_and_saves_nothing(case):
    answers = ons4_answers()
    del answers["worthwhile"]
    response = client_for(case.link_worker).post(new_url(case, instrument="ons4"), form_data(answers))
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Choose an answer for “Worthwhile”" in page
    assert not MeasureResponse.objects.exists()


def test_a_second_baseline_from_the_page_is_refused_on_the_timepoint(case):
    stored_measure(case)
    response = client_for(case.link_worker).post(new_url(case, instrument="ons4"), form_data(ons4_answers()))
    assert response.status_code == 400
    assert "Record a review instead" in response.content.decode()
    assert MeasureResponse.objects.count() == 1


def test_the_list_shows_the_change_since_baseline_in_words(case):
    today = timezone.localdate()
    stored_measure(case, completed_on=today - timedelta(days=90), answers=ons4_answers(life=4, anxiety=7))
    stored_measure(case, timepoint=Timepoint.REVIEW, completed_on=today, answers=ons4_answers(life=7, anxiety=4))
    response = client_for(case.link_worker).get(reverse("outcomes:measures", kwargs={"case_id": case.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Up 3 since baseline: better" in page
    assert "Down 3 since baseline: better" in page
    assert "No change since baseline" in page
    assert "Meaningful improvement" in page
    assert "Local definition" in page


def test_a_person_answering_by_link_is_named_as_the_recorder(case):
    measure = stored_measure(case)
    MeasureResponse.objects.filter(pk=measure.pk).update(recorded_by=None, mode=AnswerMode.SELF)
    url = reverse("outcomes:measure", kwargs={"case_id": case.pk, "measure_id": measure.pk})
    assert "The person, through the link they were sent" in client_for(case.link_worker).get(url).content.decode()


def test_the_case_page_lists_the_measures_and_the_timeline_shows_them(case):
    stored_measure(case, completed_on=timezone.localdate() - timedelta(days=3))
    page = client_for(case.link_worker).get(reverse("casework:case", kwargs={"case_id": case.pk})).content.decode()
    assert "Wellbeing measures" in page
    assert "ONS personal wellbeing (ONS4)</a>:" in page
    assert "Wellbeing measure: ONS personal wellbeing (ONS4), baseline" in page
    assert "Answered on" in page

"""When a measure is due: the baseline from the first contact made, a review at the scheme's interval after
the last measure, a discharge measure once discharged; the caseload flags due measures without a query per
case, and can show only those cases."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from linkwell.accounts.models import OrganisationKind
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory, user_with_role
from linkwell.casework.caseload_queries import Flag
from linkwell.casework.discharge import discharge_case
from linkwell.casework.models import CaseStatus, DischargeReason, SchemeSettings
from linkwell.casework.tests.builders import open_case
from linkwell.conftest import client_for
from linkwell.outcomes.measure_due import next_measure
from linkwell.outcomes.models import Timepoint
from linkwell.outcomes.tests.builders import made_contact, stored_measure
from linkwell.referrals.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
CASELOAD = reverse("casework:caseload")
TODAY = date(2026, 11, 22)


def due(measures=(), *, first_contact_on=None, status=CaseStatus.OPEN, closed_on=None, weeks=12):
    return next_measure(
        status=status,
        closed_on=closed_on,
        first_contact_on=first_contact_on,
        measures=list(measures),
        weeks=weeks,
        offered=["ons4", "loneliness"],
    )


class Taken:
    """A measure as next_measure reads it."""

    def __init__(self, instrument: str, timepoint: Timepoint, completed_on: date) -> None:
        self.instrument, self.timepoint, self.completed_on = instrument, timepoint, completed_on


# --- The rules -------------------------------------------------------------------------------------
def test_nothing_is_due_before_the_first_contact_is_made():
    assert due() is None


def test_the_baseline_is_due_from_the_first_contact_with_every_offered_instrument():
    baseline = due(first_contact_on=TODAY - timedelta(days=2))
    assert baseline.timepoint == Timepoint.BASELINE
    assert baseline.due_on == TODAY - timedelta(days=2)
    assert baseline.instrument_ids == ("ons4", "loneliness")
    assert baseline.is_due(TODAY)
    assert "First contact was made on 20 November 2026" in baseline.why


def test_a_review_falls_due_at_the_interval_after_the_latest_measure_for_the_instruments_taken_at_baseline():
    start = TODAY - timedelta(weeks=20)
    review = due([Taken("loneliness", Timepoint.BASELINE, start)], first_contact_on=start)
    assert (review.timepoint, review.due_on, review.instrument_ids) == (
        Timepoint.REVIEW,
        start + timedelta(weeks=12),
        ("loneliness",),
    )
    later = due(
        [Taken("loneliness", Timepoint.BASELINE, start), Taken("loneliness", Timepoint.REVIEW, TODAY)],
        first_contact_on=start,
        weeks=6,
    )
    assert later.due_on == TODAY + timedelta(weeks=6)
    assert not later.is_due(TODAY)


def test_a_discharge_measure_is_due_for_each_baseline_instrument_not_yet_taken_at_discharge():
    start = TODAY - timedelta(weeks=20)
    taken = [
        Taken("ons4", Timepoint.BASELINE, start),
        Taken("loneliness", Timepoint.BASELINE, start),
        Taken("ons4", Timepoint.DISCHARGE, TODAY),
    ]
    discharge = due(taken, status=CaseStatus.DISCHARGED, closed_on=TODAY)
    assert (discharge.timepoint, discharge.due_on, discharge.instrument_ids) == (
        Timepoint.DISCHARGE,
        TODAY,
        ("loneliness",),
    )
    taken.append(Taken("loneliness", Timepoint.DISCHARGE, TODAY))
    assert due(taken, status=CaseStatus.DISCHARGED, closed_on=TODAY) is None


def test_without_a_baseline_no_discharge_measure_is_asked_for():
    assert due(status=CaseStatus.DISCHARGED, closed_on=TODAY, first_contact_on=TODAY) is None


# --- The caseload ----------------------------------------------------------------------------------
@pytest.fixture
def scheme():
    return OrganisationFactory.create(kind=OrganisationKind.SCHEME)


@pytest.fixture
def worker(scheme):
    return user_with_role(Role.LINK_WORKER, team=TeamFactory.create(scheme=scheme))


def case_for(worker, family_name: str):
    team = worker.memberships.get().team
    return open_case(team=team, worker=worker, person=PersonFactory.create(family_name=family_name))


def flagged(client, **params) -> dict[str, bool]:
    response = client.get(CASELOAD, params)
    assert response.status_code == 200
    return {row.case.person.family_name: Flag.MEASURE_DUE in row.flags for row in response.context["rows"]}


def test_the_caseload_flags_a_due_baseline_and_a_due_review_and_filters_to_them(worker):
    today = timezone.localdate()
    case_for(worker, "Uncontacted")
    contacted = case_for(worker, "Contacted")
    made_contact(contacted, today - timedelta(days=1))
    measured = case_for(worker, "Measured")
    made_contact(measured, today - timedelta(weeks=5))
    stored_measure(measured, completed_on=today - timedelta(weeks=5))
    review_due = case_for(worker, "Reviewdue")
    made_contact(review_due, today - timedelta(weeks=13))
    stored_measure(review_due, completed_on=today - timedelta(weeks=12))

    client = client_for(worker)
    assert flagged(client) == {"Uncontacted": False, "Contacted": True, "Measured": False, "Reviewdue": True}
    assert set(flagged(client, flag="measure_due")) == {"Contacted", "Reviewdue"}
    page = client.get(CASELOAD).content.decode()
    assert "Measure due" in page
    assert "A wellbeing measure is due" in page


def test_the_review_interval_is_the_schemes_own(worker, scheme):
    today = timezone.localdate()
    case = case_for(worker, "Sixweeks")
    made_contact(case, today - timedelta(weeks=7))
    stored_measure(case, completed_on=today - timedelta(weeks=6))
    client = client_for(worker)
    assert flagged(client) == {"Sixweeks": False}

    SchemeSettings.objects.create(scheme=scheme, measure_follow_up_weeks=6)

    assert flagged(client) == {"Sixweeks": True}
    page = client.get(reverse("casework:case", kwargs={"case_id": case.pk})).content.decode()
    assert "6 weeks after the last measure" in page


def test_the_case_page_says_what_is_due_and_links_to_record_it(worker):
    case = case_for(worker, "Due")
    page = client_for(worker).get(reverse("casework:case", kwargs={"case_id": case.pk})).content.decode()
    assert "A baseline measure falls due once first contact is made." in page

    made_contact(case, timezone.localdate())
    page = client_for(worker).get(reverse("casework:case", kwargs={"case_id": case.pk})).content.decode()
    assert 'id="measure-due"' in page
    assert "?instrument=ons4&amp;timepoint=baseline" in page
    assert "?instrument=loneliness&amp;timepoint=baseline" in page
    assert "a link to answer themselves" in page


def test_a_discharged_case_asks_for_its_discharge_measure(worker):
    case = case_for(worker, "Leaving")
    made_contact(case, timezone.localdate() - timedelta(days=30))
    stored_measure(case, completed_on=timezone.localdate() - timedelta(days=30))
    discharge_case(case=case, reason=DischargeReason.GOALS_MET, summary="Settled in", by=worker)
    page = client_for(worker).get(reverse("casework:case", kwargs={"case_id": case.pk})).content.decode()
    assert "?instrument=ons4&amp;timepoint=discharge" in page
    assert "a discharge measure shows the change since baseline" in page


def test_the_discharge_page_prompts_for_a_discharge_measure(worker):
    case = case_for(worker, "Prompted")
    page = client_for(worker).get(reverse("casework:discharge", kwargs={"case_id": case.pk})).content.decode()
    assert "record a discharge measure" in page
    assert "?timepoint=discharge" in page


def _give_cases(worker, count: int) -> None:
    today = timezone.localdate()
    for index in range(count):
        case = case_for(worker, f"Many{index}")
        made_contact(case, today - timedelta(weeks=index % 20))
        if index % 2:
            stored_measure(case, completed_on=today - timedelta(weeks=index % 20))


def _queries(client, **params) -> int:
    client.get(CASELOAD, params)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CASELOAD, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"flag": "measure_due"}])
def test_the_measure_flag_costs_no_query_per_case(worker, scheme, params):
    SchemeSettings.objects.create(scheme=scheme, measure_follow_up_weeks=8)
    client = client_for(worker)
    _give_cases(worker, 3)
    few = _queries(client, **params)
    _give_cases(worker, 20)
    assert _queries(client, **params) == few

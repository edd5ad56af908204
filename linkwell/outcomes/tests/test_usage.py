"""Healthcare and care use on a case: recording counts (the action and the page), the case page's side-by-side
section, and who may reach the page."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.discharge import discharge_case
from linkwell.casework.models import Case, DischargeReason
from linkwell.casework.tests.builders import open_case
from linkwell.conftest import client_for
from linkwell.outcomes.models import UsageRecord, UsageSource, UsageTimepoint
from linkwell.outcomes.usage_actions import ENTER_A_COUNT, MOST_IN_SIX_MONTHS, record_usage
from linkwell.outcomes.usage_views import case_section

pytestmark = pytest.mark.django_db

SIX_MONTHS_AGO = date(2026, 5, 1)
COUNTS = {"gp_appointments": 6, "prescriptions": 12, "ae_attendances": 0, "outpatient_appointments": None}


def a_case() -> Case:
    return open_case(received_at=timezone.now() - timedelta(days=30))


def recorded(case: Case, *, timepoint: str = UsageTimepoint.BASELINE, source: str = UsageSource.GP_RECORD, **changes):
    arguments = {"period_end": SIX_MONTHS_AGO, "counts": COUNTS, **changes}
    return record_usage(case=case, timepoint=timepoint, source=source, by=case.link_worker, **arguments)


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "timepoint": "baseline",
        "period_end_0": "1",
        "period_end_1": "5",
        "period_end_2": "2026",
        "source": "self_reported",
        "gp_appointments": "4",
        "prescriptions": "",
        "ae_attendances": "0",
        "outpatient_appointments": "",
        "social_care_contacts": "",
    }
    data.update(changes)
    return data


def new_page(case: Case) -> str:
    return reverse("outcomes:usage-new", kwargs={"case_id": case.pk})


# --- The action -----------------------------------------------------------------------------------
def test_recording_keeps_unknown_counts_apart_from_zero():
    case = a_case()
    usage = recorded(case).record
    usage.refresh_from_db()
    assert (usage.gp_appointments, usage.prescriptions, usage.ae_attendances) == (6, 12, 0)
    assert usage.outpatient_appointments is None
    assert usage.social_care_contacts is None
    assert (usage.person_id, usage.case_id, usage.recorded_by) == (case.person_id, case.pk, case.link_worker)


def test_recording_is_audited_without_the_counts_themselves():
    case = a_case()
    usage = recorded(case).record
    event = AuditEvent.objects.get(action=AuditAction.USAGE_RECORDED)
    assert (event.object_id, event.person_id, event.actor_id) == (
        str(usage.pk),
        str(case.person_id),
        case.link_worker.pk,
    )
    assert event.detail == {
        "case_id": str(case.pk),
        "timepoint": "baseline",
        "source": "gp_record",
        "period_end": "2026-05-01",
        "known": ["gp_appointments", "prescriptions", "ae_attendances"],
    }


def test_recording_the_same_timepoint_source_and_period_again_corrects_the_record():
    case = a_case()
    first = recorded(case)
    again = recorded(case, counts={"gp_appointments": 7})
    assert not first.corrected
    assert again.corrected
    assert UsageRecord.objects.count() == 1
    usage = UsageRecord.objects.get()
    assert (usage.gp_appointments, usage.prescriptions) == (7, None)
    assert AuditEvent.objects.filter(action=AuditAction.USAGE_CORRECTED).count() == 1


def test_another_source_or_period_is_a_record_of_its_own():
    case = a_case()
    recorded(case)
    recorded(case, source=UsageSource.SELF_REPORTED)
    recorded(case, period_end=SIX_MONTHS_AGO - timedelta(days=1))
    recorded(case, timepoint=UsageTimepoint.FOLLOW_UP)
    assert UsageRecord.objects.count() == 4


def test_a_record_made_in_another_of_the_persons_cases_is_not_overwritten():
    case = a_case()
    recorded(case)
    discharge_case(case=case, reason=DischargeReason.GOALS_MET, summary="Doing well", by=case.link_worker)
    later = open_case(team=case.team, worker=case.link_worker, person=case.person)
    with pytest.raises(CaseworkProblem) as refused:
        recorded(later, counts={"gp_appointments": 1})
    assert "Another of this person’s cases already holds baseline counts (from the GP record)" in str(refused.value)
    assert UsageRecord.objects.get().gp_appointments == 6


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"counts": {}}, "gp_appointments", ENTER_A_COUNT),
        ({"counts": {"prescriptions": -1}}, "prescriptions", "The number of prescriptions must be between 0 and 999"),
        ({"counts": {"ae_attendances": MOST_IN_SIX_MONTHS + 1}}, "ae_attendances", "A&E attendances must be"),
        ({"period_end": None}, "period_end", "Enter the date the 6 months end"),
        ({"period_end": date(1999, 12, 31)}, "period_end", "The 6 months must end in 2000 or later"),
        ({"timepoint": "midway"}, "timepoint", "Choose baseline or follow-up"),
        ({"source": "rumour"}, "source", "Choose where the counts come from"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(changes, field, message):
    case = a_case()
    with pytest.raises(CaseworkProblem) as refused:
        recorded(case, **changes)
    assert message in refused.value.errors[field]
    assert not UsageRecord.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.USAGE_RECORDED).exists()


def test_a_period_ending_in_the_future_is_refused():
    with pytest.raises(CaseworkProblem, match="The 6 months must end today or earlier"):
        recorded(a_case(), period_end=timezone.localdate() + timedelta(days=1))


def test_only_the_cases_team_may_record():
    case = a_case()
    with pytest.raises(PermissionDenied):
        record_usage(
            case=case,
            timepoint="baseline",
            period_end=SIX_MONTHS_AGO,
            source="gp_record",
            counts=COUNTS,
            by=user_with_role(Role.LINK_WORKER),
        )


def test_follow_up_counts_may_be_recorded_after_discharge():
    case = a_case()
    discharge_case(case=case, reason=DischargeReason.GOALS_MET, summary="Doing well", by=case.link_worker)
    assert recorded(case, timepoint=UsageTimepoint.FOLLOW_UP, period_end=timezone.localdate()).record.pk


# --- The case page's section ------------------------------------------------------------------------
def test_the_section_sets_baseline_beside_follow_up_with_the_change(django_assert_num_queries):
    case = a_case()
    recorded(case, timepoint=UsageTimepoint.FOLLOW_UP, period_end=date(2026, 11, 1), counts={"gp_appointments": 2})
    recorded(case)
    with django_assert_num_queries(1):
        section = case_section(case, case.link_worker)
    assert section["usage_headings"] == ["Baseline", "Follow-up"]
    assert section["usage_compared"]
    gp, prescriptions = section["usage_rows"][:2]
    assert (gp.label, gp.values, gp.change) == ("GP appointments", [6, 2], -4)
    assert (prescriptions.values, prescriptions.change) == ([12, None], None)


def test_counts_from_different_sources_are_shown_but_not_compared():
    case = a_case()
    recorded(case)
    recorded(case, timepoint=UsageTimepoint.FOLLOW_UP, source=UsageSource.SELF_REPORTED)
    section = case_section(case, case.link_worker)
    assert not section["usage_compared"]
    assert all(row.change is None for row in section["usage_rows"])


def test_the_case_page_shows_the_counts_and_unknown_as_not_known():
    case = a_case()
    recorded(case)
    response = client_for(case.link_worker).get(reverse("casework:case", kwargs={"case_id": case.pk}))
    page = response.content.decode()
    assert 'id="usage-table"' in page
    assert "Not known" in page
    assert "Record follow-up use" in page


# --- The page ---------------------------------------------------------------------------------------
def test_the_page_starts_a_baseline_at_the_date_the_case_opened():
    case = a_case()
    response = client_for(case.link_worker).get(new_page(case) + "?timepoint=baseline")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["timepoint"].value() == "baseline"
    opened = timezone.localdate(case.opened_at)
    assert form["period_end"].value() == [opened.day, opened.month, opened.year]


def test_saving_the_page_records_the_counts_and_returns_to_the_case():
    case = a_case()
    response = client_for(case.link_worker).post(new_page(case), form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:case", kwargs={"case_id": case.pk})
    usage = UsageRecord.objects.get()
    assert (usage.timepoint, usage.source, usage.period_end) == ("baseline", "self_reported", SIX_MONTHS_AGO)
    assert (usage.gp_appointments, usage.prescriptions, usage.ae_attendances) == (4, None, 0)


def test_saving_the_same_again_says_the_counts_were_corrected():
    case = a_case()
    client = client_for(case.link_worker)
    client.post(new_page(case), form_data())
    response = client.post(new_page(case), form_data(gp_appointments="5"), follow=True)
    assert "Baseline counts corrected" in response.content.decode()
    assert UsageRecord.objects.get().gp_appointments == 5


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"gp_appointments": "", "ae_attendances": ""}, ENTER_A_COUNT),
        ({"gp_appointments": "two"}, "The number of GP appointments must be a whole number, like 3"),
        ({"prescriptions": "-2"}, "The number of prescriptions must be between 0 and 999"),
        ({"period_end_0": "31", "period_end_1": "2"}, "The date the 6 months end must be a real date"),
        ({"source": ""}, "Choose where the counts come from"),
    ],
)
def test_bad_input_on_the_page_is_explained_and_nothing_is_saved(changes, message):
    case = a_case()
    response = client_for(case.link_worker).post(new_page(case), form_data(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not UsageRecord.objects.exists()


def test_another_teams_case_is_as_missing_as_no_case():
    case = a_case()
    stranger = client_for(user_with_role(Role.LINK_WORKER))
    assert stranger.get(new_page(case)).status_code == 404
    assert stranger.post(new_page(case), form_data()).status_code == 404
    missing = reverse("outcomes:usage-new", kwargs={"case_id": "00000000-0000-0000-0000-000000000000"})
    assert client_for(case.link_worker).get(missing).status_code == 404


@pytest.mark.parametrize("role", [Role.REFERRER, Role.COMMISSIONER, Role.PROVIDER, Role.DIRECTORY_EDITOR])
def test_roles_without_case_records_are_refused(role):
    assert client_for(user_with_role(role)).get(new_page(a_case())).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(new_page(a_case()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))

"""The evaluation report: Essex-style headline sentences from suppressed figures, method notes, print styles,
and who may open it."""

import datetime as dt

import pytest
from django.urls import reverse

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.models import Case
from linkwell.outcomes.models import AnswerMode, MeasureResponse, Timepoint, UsageRecord, UsageSource, UsageTimepoint
from linkwell.reports.evaluation_report import TOO_FEW, usage_sentence, wellbeing_sentence
from linkwell.reports.facts import rebuild_facts
from linkwell.reports.tests.commissioner_builders import PLANTED_NOTE, RECEIVED_AT, build_area, names_of

pytestmark = pytest.mark.django_db

REPORT = reverse("reports:evaluation")
TODAY = RECEIVED_AT.date()


def signed_in(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def with_usage(case: Case, before: int, after: int) -> None:
    for timepoint, period_end, count in (
        (UsageTimepoint.BASELINE, TODAY - dt.timedelta(days=1), before),
        (UsageTimepoint.FOLLOW_UP, TODAY + dt.timedelta(days=180), after),
    ):
        UsageRecord.objects.create(
            person=case.person,
            case=case,
            timepoint=timepoint,
            period_end=period_end,
            source=UsageSource.GP_RECORD,
            gp_appointments=count,
        )


def with_loneliness(case: Case, before: int, after: int) -> None:
    for timepoint, completed_on, total in (
        (Timepoint.BASELINE, TODAY, before),
        (Timepoint.DISCHARGE, TODAY + dt.timedelta(days=84), after),
    ):
        MeasureResponse.objects.create(
            case=case,
            instrument="loneliness",
            version="1",
            timepoint=timepoint,
            completed_on=completed_on,
            mode=AnswerMode.SELF,
            answers={},
            scores={"ucla_total": total},
        )


@pytest.fixture
def estuary():
    area = build_area("Estuary", gp_referrals=12, self_referrals=3, cases=6)
    cases = list(Case.objects.filter(team=area.team).order_by("opened_at"))
    for case, (before, after) in zip(cases, [(6, 2), (4, 1), (8, 3), (5, 2), (3, 2), (6, 4)], strict=True):
        with_usage(case, before, after)
        with_loneliness(case, 8, 6)
    rebuild_facts()
    return area


def commissioner_of(area):
    return user_with_role(Role.COMMISSIONER, organisation=area.icb)


def test_the_headline_quotes_referrals_engagement_and_the_change_in_gp_appointments(client, estuary):
    page = signed_in(client, commissioner_of(estuary)).get(REPORT)

    assert page.status_code == 200
    text = page.context["text"]
    assert text.headline.startswith("21 referred, ")
    assert "substantive engagements" in text.headline
    # 32 appointments before, 14 after, over the same 6 people: 56% fewer.
    assert "56% fewer GP appointments among the 6 people with both measurements (95% CI" in text.headline
    html = page.content.decode()
    assert "56% fewer GP appointments among the 6 people" in html


def test_wellbeing_change_is_given_per_instrument_with_n_and_interval(client, estuary):
    text = signed_in(client, commissioner_of(estuary)).get(REPORT).context["text"]

    loneliness = [sentence for sentence in text.wellbeing_sentences if "UCLA" in sentence or "oneliness" in sentence]
    assert loneliness, text.wellbeing_sentences
    assert "mean change -2.00 points over 6 people" in loneliness[0]


def test_the_method_notes_name_what_a_statistician_needs(client, estuary):
    page = signed_in(client, commissioner_of(estuary)).get(REPORT)
    notes = dict(page.context["text"].method_notes)

    assert set(notes) >= {
        "Period and filters",
        "Definitions",
        "Paired analysis only",
        "Confidence intervals",
        "Data sources",
        "Small-number suppression",
        "Caveats",
    }
    assert "Student's t" in notes["Confidence intervals"]
    assert "delta method" in notes["Confidence intervals"]
    assert "no control group" in notes["Caveats"]
    assert "regression to the mean" in notes["Caveats"]
    assert "GP record" in notes["Data sources"]
    assert "self-reported" in notes["Data sources"]
    assert "Substantive engagement" in notes["Definitions"]
    assert "Supported" in notes["Definitions"]
    assert page.context["period"] in notes["Period and filters"]
    assert '"<5"' in notes["Small-number suppression"]


def test_the_page_prints_without_navigation_or_filters(client, estuary):
    html = signed_in(client, commissioner_of(estuary)).get(REPORT).content.decode()

    assert '<style media="print" id="evaluation-print">' in html
    assert "nav, .linkwell-no-print, .nhsuk-header" in html
    assert '<form method="get" action="/reports/evaluation/" novalidate class="linkwell-no-print">' in html


def test_no_name_or_free_text_appears(client, estuary):
    html = signed_in(client, commissioner_of(estuary)).get(REPORT).content.decode()

    for name in names_of(estuary):
        assert name not in html
    assert PLANTED_NOTE not in html


def test_team_leads_get_the_suppressed_report_too(client, estuary):
    lead = user_with_role(Role.TEAM_LEAD, team=estuary.team)
    page = signed_in(client, lead).get(REPORT)

    assert page.status_code == 200
    wellbeing = next(table for table in page.context["tables"] if table.key == "wellbeing-change")
    assert all(column.label for column in wellbeing.columns)
    assert page.context["text"].headline.startswith("21 referred")


def test_the_view_is_audited(client, estuary):
    user = commissioner_of(estuary)
    signed_in(client, user).get(REPORT)

    assert AuditEvent.objects.get(action=AuditAction.EVALUATION_REPORT_VIEWED).actor_id == user.pk


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.REFERRER, Role.PROVIDER, Role.DIRECTORY_EDITOR])
def test_roles_without_commissioner_reports_are_refused(client, role):
    assert signed_in(client, user_with_role(role)).get(REPORT).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(REPORT)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_a_service_name_goes_into_the_sentence_in_lower_case():
    row = {"n": 40, "change": -34.0, "ci_lower": -40.0, "ci_upper": -20.0}

    assert usage_sentence("Prescriptions", row).startswith("34% fewer prescriptions among the 40 people")


def test_a_change_over_fewer_than_5_people_is_not_reported():
    row = {"n": "<5", "change": "hidden", "ci_lower": "hidden", "ci_upper": "hidden"}

    assert usage_sentence("GP appointments", row) == f"GP appointments: {TOO_FEW}."


def test_a_rise_is_called_a_rise():
    row = {"n": 40, "change": 12.4, "ci_lower": -3.0, "ci_upper": 30.2}

    assert usage_sentence("A&E attendances", row) == (
        "12% more A&E attendances among the 40 people with both measurements (95% CI 3% fewer to 30% more)."
    )


def test_a_wellbeing_row_over_a_suppressed_n_says_so():
    row = {"measure": "ONS4: Anxiety", "n": "<5", "mean_change": "hidden", "ci_lower": "hidden", "ci_upper": "hidden"}

    assert wellbeing_sentence(row) == f"ONS4: Anxiety: {TOO_FEW}."

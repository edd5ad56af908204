"""The reports list, the scheme dashboard and its downloads, through their views: who may open them, what
they show, and that bad input is refused with a clear message."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.conftest import client_for
from linkwell.reports.exports import safe_cell
from linkwell.reports.tests.builders import PERIOD, PROVIDER_NAME, build_scheme

pytestmark = pytest.mark.django_db

DASHBOARD = "/reports/dashboard/"


@pytest.fixture
def scheme():
    return build_scheme()


def headline(response, label: str) -> object:
    return next(item.value for item in response.context["figures"].headlines if item.label == label)


def test_a_team_lead_sees_their_schemes_figures_only(scheme):
    response = client_for(scheme.lead).get(DASHBOARD, PERIOD)

    assert response.status_code == 200
    assert headline(response, "Referred") == 5
    assert b"Referrals by month" in response.content
    assert b"From referral to discharge" in response.content
    assert b'aria-hidden="true"' in response.content  # the chart drawing; the data table carries the figures


def test_an_administrator_sees_every_scheme(scheme, admin_user):
    response = client_for(admin_user).get(DASHBOARD, PERIOD)

    assert headline(response, "Referred") == 6


def test_choosing_another_schemes_scheme_is_refused_with_a_message(scheme):
    other_scheme = scheme.other_scheme_referral.team.scheme_id

    response = client_for(scheme.lead).get(DASHBOARD, {**PERIOD, "scheme": str(other_scheme)})

    assert response.context["figures"] is None
    assert b"Choose a scheme from the list" in response.content
    assert b"There is a problem" in response.content


def test_choosing_another_schemes_team_is_refused(scheme):
    other_team = scheme.other_scheme_referral.team_id

    response = client_for(scheme.lead).get(DASHBOARD, {**PERIOD, "team": str(other_team)})

    assert response.context["figures"] is None
    assert b"Choose a team from the list" in response.content


def test_an_end_date_before_the_start_is_refused_with_a_message(scheme):
    response = client_for(scheme.lead).get(DASHBOARD, {**PERIOD, "end_1": "1", "end_0": "1", "start_1": "2"})

    assert response.context["figures"] is None
    assert b"The end date must be the same as or after the start date" in response.content


def test_a_date_that_is_not_real_is_refused_with_a_message(scheme):
    response = client_for(scheme.lead).get(DASHBOARD, {**PERIOD, "start_0": "31", "start_1": "2"})

    assert response.context["figures"] is None
    assert b"The start date must be a real date" in response.content


def test_with_no_filters_the_dashboard_shows_the_last_twelve_full_months(scheme):
    response = client_for(scheme.lead).get(DASHBOARD)

    assert response.status_code == 200
    assert response.context["figures"] is not None
    assert len(response.context["figures"].table("by-month").rows) == 12


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.COMMISSIONER, Role.REFERRER, Role.PROVIDER])
def test_other_roles_may_not_open_the_dashboard_or_its_downloads(role):
    client = client_for(user_with_role(role))

    assert client.get(DASHBOARD).status_code == 403
    assert client.get(f"{DASHBOARD}funnel.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for path in ("/reports/", DASHBOARD, f"{DASHBOARD}funnel.csv"):
        response = client.get(path)
        assert response.status_code == 302
        assert "sign-in" in response["Location"] or "login" in response["Location"]


def test_the_reports_list_offers_the_dashboard_to_those_who_may_open_it(scheme):
    response = client_for(scheme.lead).get("/reports/")

    assert response.status_code == 200
    assert b'href="/reports/dashboard/"' in response.content


def test_the_reports_list_leaves_the_dashboard_out_for_a_commissioner():
    response = client_for(user_with_role(Role.COMMISSIONER)).get("/reports/")

    assert b'href="/reports/dashboard/"' not in response.content


def test_the_reports_list_is_refused_to_someone_with_no_reports():
    assert client_for(user_with_role(Role.REFERRER)).get("/reports/").status_code == 403


def test_a_table_downloads_as_csv_with_its_filters_first_and_the_download_is_audited(scheme):
    response = client_for(scheme.lead).get(f"{DASHBOARD}onward-by-provider.csv", PERIOD)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["Report", "Scheme dashboard"]
    assert lines[1] == ["Table", "Onward referrals by provider"]
    assert lines[2] == ["Referrals received", "1 January 2026 to 30 June 2026"]
    # The provider's name would run as a formula in a spreadsheet; it arrives as text.
    assert ["'" + PROVIDER_NAME, "2", "1", "1", "1", "50"] in lines
    event = AuditEvent.objects.get(action=AuditAction.REPORT_EXPORTED)
    assert event.actor_id == scheme.lead.pk
    assert event.detail["table"] == "onward-by-provider"
    assert event.detail["format"] == "csv"
    assert event.detail["filters"]["Referrals received"] == "1 January 2026 to 30 June 2026"


def test_a_table_downloads_as_a_workbook_that_opens(scheme):
    response = client_for(scheme.lead).get(f"{DASHBOARD}funnel.xlsx", PERIOD)

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:2] == ["Report", "Scheme dashboard"]
    header = values.index(["Stage", "Referrals", "% of referred"])
    assert values[header + 1] == ["Referred", 5, 100]
    assert sheet.cell(row=header + 1, column=1).font.bold


def test_an_unknown_table_or_format_is_not_found(scheme):
    client = client_for(scheme.lead)

    assert client.get(f"{DASHBOARD}no-such-table.csv", PERIOD).status_code == 404
    assert client.get(f"{DASHBOARD}funnel.pdf", PERIOD).status_code == 404


@pytest.mark.parametrize("text", ["=1+1", "+44 1234", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_is_written_as_text(text):
    assert safe_cell(text) == "'" + text


def test_ordinary_text_and_numbers_are_written_as_they_are():
    assert (safe_cell("Walking group"), safe_cell(-2), safe_cell(None)) == ("Walking group", -2, None)


def test_the_dashboard_takes_a_bounded_number_of_queries(scheme):
    client = client_for(scheme.lead)
    client.get(DASHBOARD, PERIOD)  # the facts are fresh from here on

    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD, PERIOD)

    assert response.status_code == 200
    assert len(queries) <= 32

"""The gap report: unmet needs counted by reason over time, by need, area, team and service; filters; small
numbers suppressed; exports; and who may open it."""

import csv
import datetime as dt
import io
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from linkwell.accounts.models import Organisation, OrganisationKind, Team
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import TeamFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.models import Case
from linkwell.casework.tests.builders import open_case
from linkwell.conftest import client_for
from linkwell.directory.models import Organization, PublicationState, Service
from linkwell.outcomes.models import UnmetNeed, UnmetReason
from linkwell.reports.gap_queries import GapFilters, gap_figures, gap_scope
from linkwell.reports.scope import ReportScope
from linkwell.reports.suppression import SMALL_NUMBER
from linkwell.reports.tables import Cell, Table

pytestmark = pytest.mark.django_db

JUNE = dt.date(2026, 6, 10)
EVERYTHING = ReportScope(everything=True, scheme_ids=frozenset())
REPORT = reverse("reports:gap")


def a_case(team: Team | None = None) -> Case:
    return open_case(team=team, received_at=timezone.now() - timedelta(days=400))


def unmet(
    case: Case,
    *,
    count: int = 1,
    need: str = "debt",
    reason: str = UnmetReason.FULL,
    district: str = "CM1",
    on: dt.date = JUNE,
    service: Service | None = None,
    note: str = "",
) -> None:
    """Unmet needs as they would have been recorded on `on` (the action only records today)."""
    UnmetNeed.objects.bulk_create(
        UnmetNeed(
            case=case,
            need=need,
            reason=reason,
            postcode_district=district,
            recorded_on=on,
            service=service,
            note=note,
            recorded_by=case.link_worker,
        )
        for _ in range(count)
    )


def a_service(name: str = "Debt advice drop-in") -> Service:
    organization = Organization.objects.create(name="Estuary Advice (fictional)", description="A fictional charity")
    return Service.objects.create(organization=organization, name=name, state=PublicationState.PUBLISHED)


def rows_of(table) -> dict[Any, dict[str, Any]]:
    keys = [column.key for column in table.columns]
    return {row[0]: dict(zip(keys[1:], row[1:], strict=True)) for row in table.rows}


def grand_total(table: Table) -> Cell:
    assert table.total_row is not None
    return table.total_row[-1]


def figures(**filters):
    chosen = {"start": dt.date(2026, 4, 1), "end": dt.date(2026, 9, 30), **filters}
    return gap_figures(EVERYTHING, GapFilters(**chosen))


# --- Aggregation and suppression -------------------------------------------------------------------
def test_needs_are_counted_by_reason_in_the_order_of_the_need_list():
    case = a_case()
    unmet(case, count=7, need="bereavement", reason=UnmetReason.FULL)
    unmet(case, count=5, need="bereavement", reason=UnmetReason.TOO_FAR)
    unmet(case, count=6, need="debt", reason=UnmetReason.NONE_EXISTS)
    unmet(case, count=6, need="debt", reason=UnmetReason.TOO_FAR)
    table = figures().table("by-need")
    assert rows_of(table) == {
        "Debt": {"none_exists": 6, "full": 0, "too_far": 6, "cost": 0, "access": 0, "timing": 0, "total": 12},
        "Bereavement": {"none_exists": 0, "full": 7, "too_far": 5, "cost": 0, "access": 0, "timing": 0, "total": 12},
    }
    assert table.total_row == ["Total", 6, 7, 11, 0, 0, 0, 24]
    assert not table.suppressed


def test_small_numbers_are_shown_as_less_than_five_and_cannot_be_worked_out():
    case = a_case()
    unmet(case, count=7, need="debt", reason=UnmetReason.FULL)
    unmet(case, count=6, need="bereavement", reason=UnmetReason.NONE_EXISTS)
    unmet(case, count=2, need="bereavement", reason=UnmetReason.TOO_FAR)
    table = figures().table("by-need")
    assert rows_of(table)["Bereavement"]["too_far"] == SMALL_NUMBER
    # The row's and the column's totals would give the "<5" away, so more cells are withheld with it.
    assert len(table.suppressed) > 1
    assert any('shown as "<5"' in note for note in table.notes)


def test_no_count_from_one_to_four_is_shown_in_any_table():
    first, second = a_case(), a_case()
    unmet(first, count=3, need="housing", district="SS0")
    unmet(second, count=9, need="debt", district="CM1", reason=UnmetReason.COST)
    unmet(second, count=1, need="debt", district="CM1", reason=UnmetReason.TIMING, on=dt.date(2026, 8, 1))
    for table in figures().tables:
        for row in [*table.rows, table.total_row or []]:
            assert not any(isinstance(value, int) and 1 <= value <= 4 for value in row), (table.key, row)


def test_every_month_of_the_period_is_a_row_and_empty_ones_are_zero():
    case = a_case()
    unmet(case, count=5, on=dt.date(2026, 4, 2))
    unmet(case, count=6, on=dt.date(2026, 6, 30))
    rows = rows_of(figures().table("over-time"))
    assert list(rows) == ["April 2026", "May 2026", "June 2026", "July 2026", "August 2026", "September 2026"]
    assert [rows[month]["total"] for month in rows] == [5, 0, 6, 0, 0, 0]


def test_quarters_group_the_months():
    case = a_case()
    unmet(case, count=5, on=dt.date(2026, 4, 2))
    unmet(case, count=6, on=dt.date(2026, 6, 30))
    unmet(case, count=8, on=dt.date(2026, 7, 1))
    table = figures(grouping="quarter").table("over-time")
    assert table.columns[0].label == "Quarter"
    rows = rows_of(table)
    assert {label: row["total"] for label, row in rows.items()} == {
        "April to June 2026": 11,
        "July to September 2026": 8,
    }


def test_areas_are_postcode_districts_with_unknown_areas_last():
    case = a_case()
    unmet(case, count=5, district="SS0")
    unmet(case, count=6, district="CM1")
    unmet(case, count=5, district="")
    assert list(rows_of(figures().table("by-area"))) == ["CM1", "SS0", "Not known"]


def test_teams_are_named_with_their_scheme_and_services_with_their_organisation():
    scheme = Organisation.objects.create(
        name="Shoreline Connect (fictional)", slug="shoreline", kind=OrganisationKind.SCHEME
    )
    team = TeamFactory.create(name="Southend link workers", scheme=scheme)
    service = a_service()
    unmet(a_case(team), count=5, service=service)
    unmet(a_case(team), count=5, reason=UnmetReason.NONE_EXISTS)
    assert list(rows_of(figures().table("by-team"))) == ["Southend link workers (Shoreline Connect (fictional))"]
    services = figures().table("by-service")
    assert "none_exists" not in [column.key for column in services.columns]
    assert rows_of(services) == {
        "Debt advice drop-in (Estuary Advice (fictional))": {
            "full": 5,
            "too_far": 0,
            "cost": 0,
            "access": 0,
            "timing": 0,
            "total": 5,
        }
    }


def test_filters_narrow_by_period_need_area_and_team():
    case, other = a_case(), a_case()
    unmet(case, count=5, need="debt", district="CM1")
    unmet(case, count=6, need="housing", district="CM1")
    unmet(other, count=7, need="debt", district="SS0")
    unmet(case, count=8, need="debt", district="CM1", on=dt.date(2025, 6, 1))

    def total(**filters) -> object:
        return grand_total(figures(**filters).table("by-need"))

    assert total() == 18
    assert total(need="debt") == 12
    assert total(district="SS0") == 7
    assert total(team_id=other.team_id) == 7
    assert total(start=dt.date(2025, 1, 1)) == 26


def test_unknown_areas_can_be_chosen_on_their_own():
    case = a_case()
    unmet(case, count=5, district="")
    unmet(case, count=6, district="CM1")
    assert grand_total(figures(district="Not known").table("by-need")) == 5


def test_the_figures_take_the_same_few_queries_however_many_needs_teams_and_services(django_assert_num_queries):
    for name in ("First", "Second", "Third"):
        unmet(a_case(), count=5, need="housing", district=name[:2].upper(), service=a_service(f"{name} service"))
    # One query per table, and one more each for the names of the teams and of the services.
    with django_assert_num_queries(7):
        figures()


def test_team_leads_see_their_own_schemes_only():
    ours, theirs = a_case(), a_case()
    unmet(ours, count=5)
    unmet(theirs, count=9)
    lead = user_with_role(Role.TEAM_LEAD, team=ours.team)
    scope = gap_scope(lead)
    assert scope is not None
    filters = GapFilters(start=dt.date(2026, 4, 1), end=dt.date(2026, 9, 30))
    assert grand_total(gap_figures(scope, filters).table("by-need")) == 5


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.DIRECTORY_EDITOR, Role.ADMIN])
def test_commissioners_editors_and_administrators_see_every_scheme(role):
    assert gap_scope(user_with_role(role)) == EVERYTHING


# --- The page --------------------------------------------------------------------------------------
def test_the_page_shows_counts_and_never_notes_or_names():
    case = a_case()
    unmet(
        case,
        count=6,
        need="bereavement",
        reason=UnmetReason.NONE_EXISTS,
        on=timezone.localdate() - timedelta(days=40),
        note="Private: his wife died in May",
    )
    response = client_for(user_with_role(Role.COMMISSIONER)).get(REPORT)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gaps in provision" in page
    assert "Bereavement" in page
    assert "his wife died" not in page
    assert case.person.family_name not in page


def test_a_period_ending_before_it_starts_is_explained():
    response = client_for(user_with_role(Role.COMMISSIONER)).get(
        REPORT, {"start_0": "1", "start_1": "6", "start_2": "2026", "end_0": "1", "end_1": "5", "end_2": "2026"}
    )
    assert response.status_code == 400
    assert "The end date must be the same as or after the start date" in response.content.decode()


def test_an_area_not_on_the_list_is_refused():
    response = client_for(user_with_role(Role.COMMISSIONER)).get(
        REPORT,
        {
            "start_0": "1",
            "start_1": "4",
            "start_2": "2026",
            "end_0": "30",
            "end_1": "9",
            "end_2": "2026",
            "district": "ZZ1",
        },
    )
    assert response.status_code == 400
    assert "Choose an area from the list" in response.content.decode()


def test_a_table_downloads_as_csv_suppressed_and_the_download_is_audited():
    case = a_case()
    unmet(case, count=6, need="debt")
    unmet(case, count=2, need="housing")
    commissioner = user_with_role(Role.COMMISSIONER)
    query = {"start_0": "1", "start_1": "4", "start_2": "2026", "end_0": "30", "end_1": "9", "end_2": "2026"}
    response = client_for(commissioner).get(reverse("reports:gap-export", args=["by-need", "csv"]), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    housing = next(line for line in lines if line and line[0] == "Housing problems")
    assert SMALL_NUMBER in housing
    assert not any(value == "2" for line in lines for value in line)
    event = AuditEvent.objects.get(action=AuditAction.REPORT_EXPORTED)
    assert (event.actor_id, event.object_id, event.detail["table"]) == (commissioner.pk, "gaps", "by-need")


def test_an_unknown_table_or_format_is_not_found():
    client = client_for(user_with_role(Role.COMMISSIONER))
    assert client.get(reverse("reports:gap-export", args=["by-person", "csv"])).status_code == 404
    assert client.get(reverse("reports:gap-export", args=["by-need", "pdf"])).status_code == 404


# --- Who may open it -------------------------------------------------------------------------------
@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.DIRECTORY_EDITOR, Role.TEAM_LEAD, Role.ADMIN])
def test_commissioners_editors_team_leads_and_administrators_may_open_it(role):
    assert client_for(user_with_role(role)).get(REPORT).status_code == 200


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.REFERRER, Role.PROVIDER, Role.CHAMPION])
def test_other_roles_are_refused(role):
    client = client_for(user_with_role(role))
    assert client.get(REPORT).status_code == 403
    assert client.get(reverse("reports:gap-export", args=["by-need", "csv"])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in (REPORT, reverse("reports:gap-export", args=["by-need", "csv"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))

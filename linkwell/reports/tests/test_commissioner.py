"""The commissioner report: aggregated and suppressed figures for the user's area, its downloads, its scope and
who may open it."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from linkwell.accounts.models import Membership, Organisation, OrganisationKind
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.reports.commissioner_figures import publishable_figures
from linkwell.reports.commissioner_scope import commissioner_scope
from linkwell.reports.filters import ReportFilters, last_full_months
from linkwell.reports.suppression import HIDDEN, SMALL_NUMBER
from linkwell.reports.tests.commissioner_builders import PLANTED_NOTE, build_two_areas, names_of

pytestmark = pytest.mark.django_db

REPORT = reverse("reports:commissioner")


@pytest.fixture
def areas():
    return build_two_areas()


def commissioner_of(icb):
    return user_with_role(Role.COMMISSIONER, organisation=icb)


def signed_in(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def export_url(table_key, file_format):
    return reverse("reports:commissioner-export", kwargs={"table_key": table_key, "file_format": file_format})


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_commissioner_sees_their_area_with_small_numbers_shown_as_under_5(client, areas):
    estuary, _ = areas
    page = signed_in(client, commissioner_of(estuary.icb)).get(REPORT)

    assert page.status_code == 200
    figures = page.context["figures"]
    by_source = figures.table("by-source")
    assert by_source.rows == [["GP", HIDDEN], ["Self-referral", SMALL_NUMBER]]
    assert by_source.total_row == ["Total", 17]
    assert "&lt;5" in page.content.decode()


def test_no_name_or_free_text_appears_on_the_page(client, areas):
    estuary, moorland = areas
    html = signed_in(client, commissioner_of(estuary.icb)).get(REPORT).content.decode()

    for name in names_of(estuary) + names_of(moorland):
        assert name not in html
    assert "Zebedee" not in html
    assert PLANTED_NOTE not in html
    assert "Imaginary Row" not in html


def test_caseloads_are_a_distribution_of_workers_never_a_row_per_worker(client, areas):
    estuary, _ = areas
    figures = signed_in(client, commissioner_of(estuary.icb)).get(REPORT).context["figures"]

    caseload = figures.table("caseload")
    assert [column.key for column in caseload.columns] == ["band", "workers"]
    assert [row[0] for row in caseload.rows] == ["Under 200 a year", "200 to 250 a year", "Over 250 a year"]
    assert caseload.total_row == ["Total", SMALL_NUMBER]


def test_every_table_of_the_report_is_suppressed(areas):
    estuary, _ = areas
    scope = commissioner_scope(commissioner_of(estuary.icb))
    assert scope is not None

    start, end = last_full_months(timezone.localdate())
    figures = publishable_figures(scope.limit(ReportFilters(start=start, end=end)))

    for table in figures.tables:
        for row in [*table.rows, *([table.total_row] if table.total_row else [])]:
            for column, value in zip(table.columns, row, strict=True):
                if column.is_count and isinstance(value, int):
                    assert value == 0 or value >= 5, (table.key, row)


def test_the_view_is_audited_with_its_filters(client, areas):
    estuary, _ = areas
    user = commissioner_of(estuary.icb)
    signed_in(client, user).get(REPORT)

    event = AuditEvent.objects.get(action=AuditAction.COMMISSIONER_REPORT_VIEWED)
    assert event.actor_id == user.pk
    assert event.detail["filters"]["Referrals received"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_downloads_hold_the_suppressed_table_and_no_names(client, areas, file_format):
    estuary, moorland = areas
    user = commissioner_of(estuary.icb)
    response = signed_in(client, user).get(export_url("by-source", file_format))

    assert response.status_code == 200
    if file_format == "csv":
        rows = csv_rows(response)
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        rows = [["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    flat = [value for row in rows for value in row]
    assert ["Self-referral", SMALL_NUMBER] in [row[:2] for row in rows]
    assert ["GP", HIDDEN] in [row[:2] for row in rows]
    assert "3" not in flat
    text = " ".join(flat)
    for name in names_of(estuary) + names_of(moorland):
        assert name not in text
    assert PLANTED_NOTE not in text
    event = AuditEvent.objects.get(action=AuditAction.REPORT_EXPORTED)
    assert (event.actor_id, event.object_id, event.detail["table"]) == (user.pk, "commissioner", "by-source")


def test_the_caseload_download_names_no_link_worker(client, areas):
    estuary, _ = areas
    response = signed_in(client, commissioner_of(estuary.icb)).get(export_url("caseload", "csv"))

    text = response.content.decode("utf-8-sig")
    for worker in estuary.link_workers:
        assert worker.full_name not in text


def test_an_unknown_table_or_format_is_not_found(client, areas):
    estuary, _ = areas
    signed_in(client, commissioner_of(estuary.icb))

    assert client.get(export_url("no-such-table", "csv")).status_code == 404
    assert client.get(export_url("by-source", "pdf")).status_code == 404


def test_the_commissioner_counts_only_referrals_from_their_own_icb_area(client, areas):
    _, moorland = areas
    figures = signed_in(client, commissioner_of(moorland.icb)).get(REPORT).context["figures"]

    assert figures.table("by-source").total_row == ["Total", 12]
    assert [headline.value for headline in figures.headlines[:1]] == [12]


def test_another_icbs_scheme_or_icb_is_refused_as_not_on_the_list(client, areas):
    estuary, moorland = areas
    signed_in(client, commissioner_of(estuary.icb))

    for field, value in (("scheme", moorland.scheme.pk), ("icb", moorland.icb.pk), ("pcn", moorland.pcn.pk)):
        page = client.get(
            REPORT,
            {
                field: value,
                "start_0": "1",
                "start_1": "1",
                "start_2": "2026",
                "end_0": "1",
                "end_1": "11",
                "end_2": "2026",
            },
        )
        assert page.status_code == 400, field
        assert page.context["figures"] is None
        assert "Choose one from the list" in page.content.decode()
        assert client.get(export_url("by-source", "csv"), {field: value}).status_code == 400


def test_the_filters_offer_only_the_commissioners_own_area(client, areas):
    estuary, moorland = areas
    form = signed_in(client, commissioner_of(estuary.icb)).get(REPORT).context["form"]

    offered = {name: dict(form.fields[name].choices) for name in ("scheme", "icb", "pcn")}
    assert str(estuary.scheme.pk) in offered["scheme"]
    assert str(moorland.scheme.pk) not in offered["scheme"]
    assert set(offered["icb"]) == {"", str(estuary.icb.pk)}
    assert set(offered["pcn"]) == {"", str(estuary.pcn.pk)}


def test_a_scheme_covering_the_area_counts_only_its_referrals_from_the_area(client, areas):
    """Moorland's team also covers an Estuary practice: the Estuary commissioner sees only that practice's
    referrals of Moorland's scheme, never Moorland's own area."""
    estuary, moorland = areas
    moorland.team.covered_organisations.add(estuary.practice)
    page = signed_in(client, commissioner_of(estuary.icb)).get(
        REPORT,
        {
            "scheme": moorland.scheme.pk,
            "start_0": "1",
            "start_1": "1",
            "start_2": "2020",
            "end_0": "31",
            "end_1": "12",
            "end_2": "2026",
        },
    )

    assert page.status_code == 200
    assert page.context["figures"].table("by-source").rows == []


def test_a_team_lead_sees_their_own_scheme(client, areas):
    estuary, _ = areas
    lead = user_with_role(Role.TEAM_LEAD, team=estuary.team)
    page = signed_in(client, lead).get(REPORT)

    assert page.status_code == 200
    assert page.context["figures"].table("by-source").total_row == ["Total", 17]
    assert set(dict(page.context["form"].fields["scheme"].choices)) == {"", str(estuary.scheme.pk)}


def test_an_administrator_sees_every_area(client, areas):
    admin = user_with_role(
        Role.ADMIN,
        organisation=Organisation.objects.create(name="Install", slug="install", kind=OrganisationKind.COUNCIL),
    )
    page = signed_in(client, admin).get(REPORT)

    assert page.context["figures"].table("by-source").total_row == ["Total", 29]


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.REFERRER, Role.PROVIDER, Role.DIRECTORY_EDITOR, Role.CHAMPION])
def test_roles_without_commissioner_reports_are_refused(client, areas, role):
    signed_in(client, user_with_role(role))

    assert client.get(REPORT).status_code == 403
    assert client.get(export_url("by-source", "csv")).status_code == 403


def test_a_commissioner_of_an_organisation_with_no_area_is_refused(client, areas):
    council = Organisation.objects.create(name="Council", slug="council", kind=OrganisationKind.COUNCIL)
    user = user_with_role(Role.COMMISSIONER, organisation=council)
    assert Membership.objects.filter(user=user).exists()

    assert signed_in(client, user).get(REPORT).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in (REPORT, export_url("by-source", "csv")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_a_wrong_period_gives_a_clear_message_and_no_figures(client, areas):
    estuary, _ = areas
    page = signed_in(client, commissioner_of(estuary.icb)).get(
        REPORT, {"start_0": "1", "start_1": "6", "start_2": "2026", "end_0": "1", "end_1": "1", "end_2": "2026"}
    )

    assert page.status_code == 400
    assert "The end date must be the same as or after the start date" in page.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.COMMISSIONER_REPORT_VIEWED).exists()

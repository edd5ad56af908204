import datetime as dt

import pytest
from django.test import override_settings

from linkwell.casework.models import Case
from linkwell.reports import figures
from linkwell.reports.filters import ReportFilters
from linkwell.reports.models import ReferralFact
from linkwell.reports.routers import ReportReplicaRouter, _reading_reports, report_reads

PRIMARY = {"ENGINE": "django.db.backends.postgresql", "NAME": "linkwell"}
WITH_REPLICA = {"default": PRIMARY, "replica": {**PRIMARY, "HOST": "replica.internal"}}
WITHOUT_REPLICA = {"default": PRIMARY}

router = ReportReplicaRouter()

# Only the router reads the setting here; no connection to either database is made.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@override_settings(DATABASES=WITH_REPLICA)
def test_with_a_replica_the_report_facts_are_read_from_it():
    assert router.db_for_read(ReferralFact) == "replica"


@override_settings(DATABASES=WITH_REPLICA)
def test_with_a_replica_other_records_are_read_from_the_primary_outside_report_queries():
    assert router.db_for_read(Case) is None


@override_settings(DATABASES=WITH_REPLICA)
def test_with_a_replica_every_read_inside_a_report_query_goes_to_it():
    with report_reads():
        assert router.db_for_read(Case) == "replica"
    assert router.db_for_read(Case) is None


@override_settings(DATABASES=WITH_REPLICA)
def test_writes_always_go_to_the_primary():
    assert router.db_for_write(ReferralFact) == "default"
    with report_reads():
        assert router.db_for_write(Case) == "default"


@override_settings(DATABASES=WITH_REPLICA)
def test_the_replica_is_never_migrated():
    assert router.allow_migrate("replica", "reports") is False
    assert router.allow_migrate("default", "reports") is True


@override_settings(DATABASES=WITHOUT_REPLICA)
def test_without_a_replica_every_read_stays_on_the_default_database():
    assert router.db_for_read(ReferralFact) is None
    with report_reads():
        assert router.db_for_read(Case) is None


def test_the_settings_add_a_replica_alias_only_when_the_address_is_set(monkeypatch):
    import importlib

    import linkwell.settings as settings_module

    monkeypatch.setenv("DATABASE_URL", "postgres://app@primary.internal:5432/linkwell")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://reader@replica.internal:5432/linkwell")
    configured = importlib.reload(settings_module)
    try:
        assert configured.DATABASES["replica"]["HOST"] == "replica.internal"
        assert configured.DATABASES["replica"]["TEST"] == {"MIRROR": "default"}
        assert configured.DATABASE_ROUTERS == ["linkwell.reports.routers.ReportReplicaRouter"]
        monkeypatch.delenv("DATABASE_REPLICA_URL")
        assert "replica" not in importlib.reload(settings_module).DATABASES
    finally:
        monkeypatch.undo()
        importlib.reload(settings_module)


def test_every_figure_of_a_report_page_is_read_inside_report_reads(monkeypatch):
    seen = []
    monkeypatch.setattr(figures, "_figures", lambda filters: seen.append(_reading_reports.get()))

    figures.compute_figures(ReportFilters(start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)))

    assert seen == [True]

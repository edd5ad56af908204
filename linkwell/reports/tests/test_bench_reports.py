import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from linkwell.audit.append_only import install_triggers, remove_triggers
from linkwell.reports.bench import filter_sets
from linkwell.reports.synthetic import generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(reference_data):
    """Cold runs start a new database connection, which cannot happen inside a test's wrapping transaction,
    so this test commits. Django empties the tables afterwards; on SQLite that is a DELETE, which the audit
    table's append-only trigger refuses, so the trigger is lifted for that clean-up (as the browser tests do)."""
    install_triggers(connection)
    yield
    if connection.vendor == "sqlite":
        remove_triggers(connection)


def test_bench_reports_times_every_filter_set_and_agrees_with_the_duckdb_floor(committed):
    generate(people=150, referrals=180, seed=9, months=18)
    out, err = io.StringIO(), io.StringIO()

    call_command("bench_reports", "--runs", "2", stdout=out, stderr=err)

    table = out.getvalue()
    for name in ("whole ICB, 12 months", "one scheme, 12 months", "one PCN, 12 months", "one practice, 3 months"):
        line = next(line for line in table.splitlines() if line.startswith(f"| {name}"))
        assert line.rstrip().endswith("yes |")
    assert "fact rows to CSV" in err.getvalue()
    assert "refresh_facts() with nothing changed" in table
    assert "the change check" in table


def test_the_filter_sets_pick_the_busiest_area_of_each_kind():
    generate(people=100, referrals=100, seed=10, months=12)

    sets = {filter_set.name: filter_set.filters for filter_set in filter_sets()}

    assert len(sets["whole ICB, 12 months"].icb_ids) == 1
    assert len(sets["one practice, 3 months"].practice_ids) == 1
    assert sets["one practice, 3 months"].days < sets["one PCN, 12 months"].days
    # The dashboard's default period: whole calendar months.
    full_year = sets["whole ICB, 12 full months"]
    assert full_year.start.day == 1
    assert (full_year.end + dt.timedelta(days=1)).day == 1


def test_bench_reports_says_when_there_is_nothing_to_time():
    with pytest.raises(CommandError, match="generate_synthetic"):
        call_command("bench_reports", stdout=io.StringIO(), stderr=io.StringIO())

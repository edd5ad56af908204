"""When a process's index is checked against the directory and rebuilt (matching.index.current_index)."""

import pytest

from linkwell.directory.tests.builders import make_service
from linkwell.matching import index as matching_index
from linkwell.matching.index import current_index

BEREAVEMENT = (("Bereavement support groups", "Bereavement"),)
# As a web request runs. These tests commit, and the tables are emptied afterwards, even the rows the migrations
# loaded (pytest-django runs such tests last); the services here have no categories, so as not to depend on those
# rows (every published, open service is indexed).
outside_a_transaction = pytest.mark.django_db(transaction=True)


def _names(index: matching_index.ServiceIndex) -> list[str]:
    return sorted(service.name for service in index.services)


@pytest.mark.django_db
def test_inside_a_transaction_a_change_is_seen_at_once():
    make_service("Bereavement café", categories=BEREAVEMENT)
    assert _names(current_index()) == ["Bereavement café"]

    make_service("Grief walk", categories=BEREAVEMENT)

    assert _names(current_index()) == ["Bereavement café", "Grief walk"]


@outside_a_transaction
def test_outside_a_transaction_the_directory_is_asked_at_most_every_few_seconds(django_assert_num_queries):
    make_service("Bereavement café")
    built = current_index()

    with django_assert_num_queries(0):
        assert current_index() is built


@outside_a_transaction
def test_after_a_change_the_previous_index_serves_while_the_next_is_built(monkeypatch):
    make_service("Bereavement café")
    previous = current_index()
    make_service("Grief walk")
    monkeypatch.setattr(matching_index, "RECHECK_SECONDS", 0.0)

    assert current_index() is previous
    rebuilding = matching_index._rebuilding
    assert rebuilding is not None
    rebuilding.join(timeout=30)

    assert _names(current_index()) == ["Bereavement café", "Grief walk"]


@outside_a_transaction
def test_an_unchanged_directory_is_not_rebuilt_when_checked_again(monkeypatch, django_assert_num_queries):
    make_service("Bereavement café")
    built = current_index()
    monkeypatch.setattr(matching_index, "RECHECK_SECONDS", 0.0)

    with django_assert_num_queries(1):  # the version only
        assert current_index() is built

import time

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.postgresql import base as django_postgresql

from linkwell.lib.postgresql.base import DatabaseWrapper

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's own health check"),
]


@pytest.fixture
def own_connection():
    """A connection of our own, so the test can end it without ending the test's."""
    wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def test_the_application_uses_linkwells_postgresql_backend():
    assert isinstance(connections[DEFAULT_DB_ALIAS], DatabaseWrapper)


def test_a_quiet_connection_is_usable_without_asking_the_server(own_connection, monkeypatch):
    def select_one(self):
        raise AssertionError("Django's check sends SELECT 1: a round trip")

    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "is_usable", select_one)
    assert own_connection.is_usable()


def test_a_connection_the_server_ended_is_not_usable(own_connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [own_connection.connection.info.backend_pid])
    deadline = time.monotonic() + 5
    while own_connection.is_usable() and time.monotonic() < deadline:
        time.sleep(0.01)  # the server's goodbye takes a moment to arrive
    assert not own_connection.is_usable()


def test_a_closed_connection_is_not_usable(own_connection):
    own_connection.connection.close()
    assert not own_connection.is_usable()
    own_connection.close()
    assert not own_connection.is_usable()

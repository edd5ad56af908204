import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_health_reports_ok_when_the_database_answers():
    response = Client().get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_reports_503_with_a_reason_when_the_database_is_unreachable(monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError('connection to server at "10.0.0.5", port 5432 failed: Connection refused')

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", unreachable)

    response = Client().get("/health")

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "unavailable",
        "reason": "database did not answer (OperationalError)",
    }
    # Host names stay in the server log, off an open endpoint.
    assert "10.0.0.5" not in response.content.decode()


def test_health_needs_no_sign_in_and_refuses_writes():
    assert Client().post("/health").status_code == 405

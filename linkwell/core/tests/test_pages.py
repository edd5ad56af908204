import json
import logging

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, override_settings
from django.urls import path

from linkwell.accounts.tests.factories import UserFactory
from linkwell.lib.logging import JsonFormatter
from linkwell.urls import urlpatterns as real_urlpatterns

pytestmark = pytest.mark.django_db


def test_public_home_page_explains_linkwell_and_offers_sign_in():
    response = Client().get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Linkwell connects people with the community groups" in page
    assert 'class="nhsuk-skip-link"' in page
    assert "nhsuk-header__service-name" in page
    assert "Beta" in page
    assert 'href="/accessibility/"' in page


def test_every_page_escapes_user_supplied_text():
    client = Client()
    client.force_login(UserFactory.create(full_name="<img src=x onerror=alert(1)>"))

    page = client.get("/").content.decode()

    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_unknown_pages_get_the_nhs_styled_404():
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def _broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", _broken), *real_urlpatterns]
handler500 = "linkwell.core.views.server_error"


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_errors_get_a_styled_page_that_does_not_need_the_database():
    client = Client(raise_request_exception=False)

    response = client.get("/broken/")

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_a_form_posted_without_its_csrf_token_gets_a_clear_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/sign-in/", {"username": "a@example.org", "password": "x"})

    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()


def test_each_request_is_logged_as_one_json_line_with_a_request_id(caplog):
    with caplog.at_level(logging.INFO, logger="linkwell.request"):
        response = Client().get("/accessibility/?q=private+words")

    record = next(record for record in caplog.records if record.name == "linkwell.request")
    assert (record.method, record.path, record.status) == ("GET", "/accessibility/", 200)
    assert record.request_id == response["X-Request-ID"]
    formatted = json.loads(JsonFormatter().format(record))
    assert formatted["path"] == "/accessibility/"
    assert "private" not in json.dumps(formatted)


def test_a_well_formed_request_id_from_the_caller_is_kept_and_a_junk_one_replaced():
    assert Client().get("/health", HTTP_X_REQUEST_ID="abc12345-def6").headers["X-Request-ID"] == "abc12345-def6"
    assert Client().get("/health", HTTP_X_REQUEST_ID="<script>").headers["X-Request-ID"] != "<script>"


def test_the_request_log_never_holds_an_emailed_link_token(client, caplog):
    with caplog.at_level(logging.INFO, logger="linkwell.request"):
        client.get("/r/secret-token-value/")

    record = next(record for record in caplog.records if record.name == "linkwell.request")
    assert record.path == "/r/…"
    assert "secret-token-value" not in caplog.text


def test_linkwells_own_stylesheet_and_script_are_served():
    assert finders.find("linkwell/linkwell.css") is not None
    assert finders.find("linkwell/init.mjs") is not None

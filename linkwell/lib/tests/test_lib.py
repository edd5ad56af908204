import json
import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory

from linkwell.lib.dates import format_date, format_datetime
from linkwell.lib.http import client_ip
from linkwell.lib.logging import JsonFormatter

UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2026, 1, 5, 14, 7, tzinfo=UTC), "5 January 2026 at 2:07pm"),  # GMT: same as UTC
        (datetime(2026, 7, 5, 14, 0, tzinfo=UTC), "5 July 2026 at 3pm"),  # BST: an hour ahead
        (datetime(2026, 7, 5, 11, 0, tzinfo=UTC), "5 July 2026 at midday"),
        (datetime(2026, 7, 4, 23, 0, tzinfo=UTC), "5 July 2026 at midnight"),
        (datetime(2026, 3, 1, 9, 30, tzinfo=UTC), "1 March 2026 at 9:30am"),
    ],
)
def test_format_datetime_uses_uk_time_in_nhs_style(moment, shown):
    assert format_datetime(moment) == shown


def test_format_date_and_empty_values():
    assert format_date(date(2026, 11, 2)) == "2 November 2026"
    assert format_date(None) == format_datetime(None) == ""


def test_client_ip_ignores_forwarded_headers_unless_proxies_are_trusted(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.2")

    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.2"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.1"


def test_json_formatter_writes_one_object_with_the_extra_fields():
    record = logging.makeLogRecord(
        {"name": "x", "levelname": "INFO", "msg": "hello %s", "args": ("there",), "status": 200}
    )

    entry = json.loads(JsonFormatter().format(record))

    assert entry["message"] == "hello there"
    assert entry["status"] == 200
    assert entry["level"] == "INFO"


def test_format_session_names_the_weekday_in_uk_time():
    from linkwell.lib.dates import format_session

    assert format_session(datetime(2026, 11, 25, 10, 30, tzinfo=UTC)) == "Wednesday 25 November at 10:30am"
    assert format_session(None) == ""

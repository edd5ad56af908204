from datetime import date, datetime, time

from django.utils import timezone


def format_date(value: date | None) -> str:
    """NHS style: 5 March 2026."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def format_time(value: time) -> str:
    """NHS style: 9am, 2:30pm, midday, midnight."""
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def format_session(value: datetime | None) -> str:
    """When something next happens, with the weekday people plan by: Wednesday 25 November at 10:30am."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%A} {local.day} {local:%B} at {format_time(local.time())}"


def format_datetime(value: datetime | None) -> str:
    """NHS style in UK time: 5 March 2026 at 2:07pm."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{format_date(local.date())} at {format_time(local.time())}"

"""Reading HSDS schedules (RFC 5545 RRULE subsets): which days, which part of the day, when next."""

import re
from datetime import date, datetime, time, timedelta

from linkwell.directory.models import Frequency, Schedule
from linkwell.lib.dates import format_time

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_BYDAY_PART = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}

MORNING, AFTERNOON, EVENING = 1, 2, 4
NOON, FIVE_PM = time(12, 0), time(17, 0)


def parse_byday(byday: str) -> list[tuple[int | None, int]]:
    """'MO,1WE,-1FR' → [(None, 0), (1, 2), (-1, 4)]: (occurrence in month or None, weekday 0=Monday).

    Raises ValueError naming the first part that is not an RRULE day.
    """
    parsed = []
    for part in (piece.strip().upper() for piece in byday.split(",")):
        if not part:
            continue
        match = _BYDAY_PART.match(part)
        if match is None:
            raise ValueError(f"{part!r} is not a day like MO, TU … SU (optionally 1MO or -1FR for monthly)")
        occurrence = int(match.group(1)) if match.group(1) else None
        parsed.append((occurrence, WEEKDAY_CODES.index(match.group(2))))
    return parsed


def weekdays_of(schedule: Schedule) -> set[int]:
    days = {weekday for _, weekday in parse_byday(schedule.byday)} if schedule.byday else set()
    if not days and schedule.dtstart and schedule.freq == Frequency.WEEKLY:
        days = {schedule.dtstart.weekday()}
    return days


def periods_of(opens_at: time | None, closes_at: time | None) -> int:
    """Morning before midday, afternoon midday–5pm, evening from 5pm; a session may span several."""
    if opens_at is None:
        return 0
    closes = closes_at or opens_at
    mask = 0
    if opens_at < NOON:
        mask |= MORNING
    if opens_at < FIVE_PM and closes > NOON:
        mask |= AFTERNOON
    if closes > FIVE_PM or opens_at >= FIVE_PM:
        mask |= EVENING
    return mask


def _nth_weekday(year: int, month: int, weekday: int, occurrence: int) -> date | None:
    if occurrence > 0:
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (occurrence - 1))
        return day if day.month == month else None
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last = next_month - timedelta(days=1)
    day = last - timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-occurrence - 1))
    return day if day.month == month else None


def _occurs_on(schedule: Schedule, day: date) -> bool:
    if schedule.valid_from and day < schedule.valid_from:
        return False
    if schedule.valid_to and day > schedule.valid_to:
        return False
    if schedule.until and day > schedule.until:
        return False
    if schedule.dtstart and day < schedule.dtstart:
        return False
    rules = parse_byday(schedule.byday) if schedule.byday else []
    if schedule.freq == Frequency.MONTHLY:
        if schedule.bymonthday:
            days = {int(part) for part in schedule.bymonthday.split(",") if part.strip().lstrip("-").isdigit()}
            return day.day in days
        return any(
            (occurrence is None and weekday == day.weekday())
            or (occurrence is not None and _nth_weekday(day.year, day.month, weekday, occurrence) == day)
            for occurrence, weekday in rules
        )
    weekdays = weekdays_of(schedule)
    if day.weekday() not in weekdays:
        return False
    interval = schedule.interval or 1
    if interval > 1 and schedule.dtstart:
        weeks = (day - schedule.dtstart).days // 7
        return weeks % interval == 0
    return True


def next_session(schedule: Schedule, after: datetime) -> datetime | None:
    """The next start on or after `after` (a local time) within eight weeks, or None."""
    if not schedule.freq and not schedule.byday:
        return None
    start = schedule.opens_at or time(0, 0)
    for offset in range(0, 62):
        day = after.date() + timedelta(days=offset)
        if _occurs_on(schedule, day):
            moment = datetime.combine(day, start, tzinfo=after.tzinfo)
            if moment >= after or (offset == 0 and schedule.closes_at and schedule.closes_at > after.time()):
                return moment
    return None


def describe(schedule: Schedule) -> str:
    """A plain-English line: 'Every Wednesday, 10am to 11:30am'."""
    if schedule.description and not (schedule.byday or schedule.freq):
        return schedule.description
    try:
        rules = parse_byday(schedule.byday) if schedule.byday else []
    except ValueError:
        rules = []
    if schedule.freq == Frequency.MONTHLY and rules:
        days = " and ".join(
            f"{ORDINALS.get(occurrence or 1, str(occurrence))} {WEEKDAY_NAMES[weekday]}"
            for occurrence, weekday in rules
        )
        when = f"The {days} of the month"
    elif schedule.freq == Frequency.MONTHLY and schedule.bymonthday:
        when = f"Monthly on day {schedule.bymonthday}"
    elif rules or schedule.dtstart:
        names = [WEEKDAY_NAMES[day] for day in sorted(weekdays_of(schedule))]
        every = "Every other" if (schedule.interval or 1) == 2 else "Every"
        when = f"{every} {', '.join(names[:-1]) + ' and ' + names[-1] if len(names) > 1 else names[0]}"
    else:
        when = schedule.description or "Times vary"
    if schedule.opens_at and schedule.closes_at:
        when += f", {format_time(schedule.opens_at)} to {format_time(schedule.closes_at)}"
    elif schedule.opens_at:
        when += f", from {format_time(schedule.opens_at)}"
    return when

"""What a report covers: a period of referral dates and, optionally, some schemes, teams, PCNs, practices or
ICB areas. Every report area (dashboard, commissioner view, evaluation) filters the report facts this way."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from linkwell.lib.dates import format_date


@dataclass(frozen=True)
class ReportFilters:
    start: dt.date
    end: dt.date  # inclusive
    scheme_ids: tuple[int, ...] = ()
    team_ids: tuple[int, ...] = ()
    pcn_ids: tuple[int, ...] = ()
    practice_ids: tuple[int, ...] = ()
    icb_ids: tuple[int, ...] = ()

    def scope(self) -> dict[str, tuple[int, ...]]:
        """Filter column → the ids asked for (empty: any)."""
        return {
            "scheme_id": self.scheme_ids,
            "team_id": self.team_ids,
            "pcn_id": self.pcn_ids,
            "practice_id": self.practice_ids,
            "icb_id": self.icb_ids,
        }

    def fact_filter(self, *, days: Iterable[tuple[dt.date, dt.date]] = ()) -> Q:
        """The report facts covered (ReferralFact, or a fact carrying its filter columns: models.FactScope):
        of the whole period, or of the given ranges of days (first and last day)."""
        ranges = list(days) or [(self.start, self.end)]
        condition = Q()
        for first, last in ranges:
            condition |= Q(received_on__gte=first, received_on__lte=last)
        for column, ids in self.scope().items():
            if ids:
                condition &= Q(**{f"{column}__in": ids})
        return condition

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def period_label(self) -> str:
        return f"{format_date(self.start)} to {format_date(self.end)}"


def last_full_months(today: dt.date, months: int = 12) -> tuple[dt.date, dt.date]:
    """The first and last days of the `months` whole calendar months before the month of `today`."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    start_month_index = end.year * 12 + end.month - 1 - (months - 1)
    start = dt.date(start_month_index // 12, start_month_index % 12 + 1, 1)
    return start, end

"""Onward referrals (social prescriptions) of the referrals a report covers: by service category and by
provider, how far they got (sent → accepted → started → completed), and how quickly providers answered.
Added up from the summary's whole months and the onward facts of the rest (reports.summary_reads): two
queries, and two more when the facts are read. Providers' answer times are counted in tenths of a day on
both paths, so their medians agree."""

import uuid
from collections import Counter, defaultdict
from functools import cache
from typing import Any

from django.db.models import Count, F
from django.db.models.functions import Floor

from linkwell.casework.models import OnwardStatus
from linkwell.directory.models import Attribute, LinkEntity, Service
from linkwell.reports.models import OnwardFact
from linkwell.reports.statistics import percentile_of_counts
from linkwell.reports.summary_reads import ReportSources
from linkwell.reports.tables import Cell, Column, Table

# How far a referral got, read from where it is now: a referral started and then stopped was accepted first.
REACHED_ACCEPTED = frozenset(
    {
        OnwardStatus.ACCEPTED,
        OnwardStatus.STARTED,
        OnwardStatus.COMPLETED,
        OnwardStatus.STOPPED,
        OnwardStatus.DID_NOT_ATTEND,
    }
)
REACHED_STARTED = frozenset({OnwardStatus.STARTED, OnwardStatus.COMPLETED, OnwardStatus.STOPPED})
REACHED_COMPLETED = frozenset({OnwardStatus.COMPLETED})
UNCATEGORISED = "Not categorised"

CONVERSION_NOTE = (
    "Stages are read from each referral's status now: a referral that started and later stopped counts as "
    "accepted and started. Percentages are of the referrals sent."
)


# Days to answer to the nearest tenth of a day, as the summary bins them (reports.summaries.ANSWER_TENTHS_SQL).
ANSWER_TENTHS = Floor(F("days_to_answer") * 10 + 0.5)


def onward_tables(sources: ReportSources) -> list[Table]:
    counts, answered = _onward_counts(sources)
    providers = dict(Service.objects.filter(pk__in=counts).values_list("pk", "organization__name").order_by())
    categories = _top_level_categories(set(counts))
    by_category: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_provider: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for service_id, statuses in counts.items():
        for category in categories.get(service_id) or [UNCATEGORISED]:
            for status, count in statuses.items():
                by_category[category][status] += count
        for status, count in statuses.items():
            by_provider[providers.get(service_id, "")][status] += count
    return [
        _conversion_table(
            "onward-by-category",
            "Onward referrals by service category",
            "Category",
            by_category,
            extra_note="A service listed under two categories counts in both.",
        ),
        _conversion_table("onward-by-provider", "Onward referrals by provider", "Provider", by_provider),
        _response_times(answered, providers),
    ]


def _onward_counts(
    sources: ReportSources,
) -> tuple[dict[uuid.UUID, dict[str, int]], dict[uuid.UUID, dict[int, int]]]:
    """Service → status → onward referrals, and service → tenths of a day to answer → referrals answered."""
    counts: dict[uuid.UUID, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    answered: dict[uuid.UUID, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    # A few services over thousands of cells: each id is parsed once.
    parsed = cache(uuid.UUID)
    for (service, status), cell in sources.summary.area("onward").items():
        counts[parsed(service)][status] += cell.n
    for (service, tenths), cell in sources.summary.area("answer").items():
        answered[parsed(service)][int(tenths)] += cell.n
    for onward, sign in sources.fact_parts(OnwardFact):
        for service_id, status, count in onward.values_list("service_id", "status").annotate(Count("pk")).order_by():
            counts[service_id][status] += sign * count
        bins = (
            onward.filter(days_to_answer__isnull=False)
            .values_list("service_id", ANSWER_TENTHS)
            .annotate(Count("pk"))
            .order_by()
        )
        for service_id, tenths, count in bins:
            answered[service_id][int(tenths)] += sign * count
    return _without_empty(counts), _without_empty(answered)


def _without_empty(groups: dict[uuid.UUID, dict[Any, int]]) -> dict[uuid.UUID, dict[Any, int]]:
    """Drop what a part month's facts taken away left with no referrals."""
    kept = {service: {key: count for key, count in values.items() if count} for service, values in groups.items()}
    return {service: values for service, values in kept.items() if values}


def _top_level_categories(service_ids: set[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    """Each service's top-level directory categories (a subcategory counts as its parent)."""
    found: dict[uuid.UUID, set[str]] = defaultdict(set)
    rows = Attribute.objects.filter(link_entity=LinkEntity.SERVICE, link_id__in=service_ids).values_list(
        "link_id", "taxonomy_term__name", "taxonomy_term__parent__name"
    )
    for service_id, name, parent_name in rows:
        found[service_id].add(parent_name or name)
    return {service_id: sorted(names) for service_id, names in found.items()}


def _conversion_table(
    key: str, title: str, label: str, groups: dict[str, dict[str, int]], extra_note: str = ""
) -> Table:
    rows: list[list[Cell]] = []
    for name in sorted(groups, key=lambda name: (-sum(groups[name].values()), name)):
        statuses = groups[name]
        sent = sum(statuses.values())
        accepted = sum(count for status, count in statuses.items() if status in REACHED_ACCEPTED)
        started = sum(count for status, count in statuses.items() if status in REACHED_STARTED)
        completed = sum(count for status, count in statuses.items() if status in REACHED_COMPLETED)
        rows.append([name, sent, accepted, started, completed, 100 * completed / sent if sent else None])
    return Table(
        key=key,
        title=title,
        columns=[
            Column("label", label),
            Column("sent", "Sent", is_count=True),
            Column("accepted", "Accepted", is_count=True),
            Column("started", "Started", is_count=True),
            Column("completed", "Completed", is_count=True),
            Column("completed_percent", "% completed", is_number=True, decimals=0, derived_from=("completed", "sent")),
        ],
        rows=rows,
        notes=[CONVERSION_NOTE, *([extra_note] if extra_note else [])],
        label_column="label",
    )


def _response_times(answered: dict[uuid.UUID, dict[int, int]], providers: dict[uuid.UUID, str]) -> Table:
    by_provider: dict[str, Counter[int]] = defaultdict(Counter)
    for service_id, tenths in answered.items():
        by_provider[providers.get(service_id, "")].update(tenths)
    medians = [
        (provider, _in_days(percentile_of_counts(tenths, 0.5)), tenths.total())
        for provider, tenths in by_provider.items()
    ]
    rows: list[list[Cell]] = [
        [provider, days, count] for provider, days, count in sorted(medians, key=lambda row: (-row[2], row[0]))
    ]
    return Table(
        key="provider-response",
        title="How quickly providers answered",
        columns=[
            Column("provider", "Provider"),
            Column("median_days", "Median days to answer", is_number=True, decimals=1, n_column="answered"),
            Column("answered", "Referrals answered", is_count=True),
        ],
        rows=rows,
        notes=[
            "From sending to the provider's first answer (signed in or by an emailed link), over the referrals "
            "they answered, each to the nearest 0.1 day; the median, so one referral left for months does not "
            "drown out the rest."
        ],
        label_column="provider",
    )


def _in_days(tenths: float | None) -> float | None:
    return None if tenths is None else tenths / 10

"""Report facts: one denormalised row per referral, kept up to date from the casework tables by
reports.facts, so that dashboards aggregate one narrow, indexed table instead of joining the live records
on every page view (docs/adr/0009-report-data.md).

Facts hold no names, contact details or free text: only codes, dates, counts and ids to group by."""

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Q

from linkwell.accounts.models import Organisation, Team, User
from linkwell.casework.models import Case, OnwardReferral
from linkwell.directory.models import Service
from linkwell.referrals.models import Referral

# The foreign keys here name what to group and filter by; they are not there to protect anything (the
# facts are rebuilt from the records), so no database constraint slows the bulk writes down, and
# PostgreSQL may TRUNCATE the tables in a rebuild without waiting for deferred constraint checks.


class ReferralFact(models.Model):
    referral = models.OneToOneField(
        Referral, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    # Calendar dates are taken in UTC on every database, so SQLite and PostgreSQL agree.
    received_on = models.DateField()
    received_month = models.DateField(help_text="The first day of the month the referral came in")
    scheme = models.ForeignKey(Organisation, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    practice = models.ForeignKey(
        Organisation, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    pcn = models.ForeignKey(Organisation, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    icb = models.ForeignKey(Organisation, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    source = models.CharField(max_length=20)
    channel = models.CharField(max_length=20)
    urgency = models.CharField(max_length=10)
    # One of reports.facts.AGE_BANDS, or empty when the date of birth is not known.
    age_band = models.CharField(max_length=5, blank=True)
    stated_gender = models.CharField(max_length=2, blank=True)
    ethnic_category = models.CharField(max_length=2, blank=True)
    # From directory.Postcode for the person's postcode; empty when the postcode is not geocoded.
    imd_decile = models.PositiveSmallIntegerField(null=True)
    status = models.CharField(max_length=20, help_text="The referral's status now")
    # The earlier of the move to "in contact" and the first contact that reached the person.
    first_contact_on = models.DateField(null=True)
    days_to_first_contact = models.IntegerField(null=True)
    contacts_made = models.PositiveIntegerField(default=0, help_text="Contacts that reached the person")
    supported = models.BooleanField(default=False, help_text="At least one contact reached the person")
    plan_agreed = models.BooleanField(default=False)
    # The scheme's setting when the row was computed: a change of setting is noticed and the rows redone.
    substantive_threshold = models.PositiveSmallIntegerField()
    substantive = models.BooleanField(default=False, help_text="A plan agreed, or enough contacts made")
    case = models.ForeignKey(Case, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    case_status = models.CharField(max_length=12, blank=True)
    discharged_on = models.DateField(null=True)
    discharge_reason = models.CharField(max_length=20, blank=True)
    # The case's link worker, or before a case opens the worker the referral is allocated to.
    link_worker = models.ForeignKey(User, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    refreshed_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["received_on"], name="fact_received"),
            models.Index(fields=["scheme", "received_on"], name="fact_scheme_received"),
            models.Index(fields=["team", "received_on"], name="fact_team_received"),
            models.Index(fields=["pcn", "received_on"], name="fact_pcn_received"),
            models.Index(fields=["practice", "received_on"], name="fact_practice_received"),
            models.Index(fields=["icb", "received_on"], name="fact_icb_received"),
            models.Index(fields=["link_worker", "received_on"], name="fact_worker_received"),
            models.Index(fields=["case"], name="fact_case"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(supported=True, contacts_made__gte=1) | Q(supported=False, contacts_made=0),
                name="fact_supported_means_a_contact",
            ),
            models.CheckConstraint(
                condition=Q(substantive=True, plan_agreed=True)
                | Q(substantive=True, contacts_made__gte=F("substantive_threshold"))
                | Q(substantive=False, plan_agreed=False, contacts_made__lt=F("substantive_threshold")),
                name="fact_substantive_by_plan_or_contacts",
            ),
            models.CheckConstraint(
                condition=Q(first_contact_on__isnull=True, days_to_first_contact__isnull=True)
                | Q(first_contact_on__isnull=False, days_to_first_contact__isnull=False),
                name="fact_first_contact_with_days",
            ),
            models.CheckConstraint(
                condition=Q(imd_decile__isnull=True) | Q(imd_decile__gte=1, imd_decile__lte=10),
                name="fact_imd_decile_range",
            ),
        ]


class FactScope(models.Model):
    """The columns every report filters by (reports.filters.ReportFilters.fact_filter), copied from the
    referral's fact, so reasons, onward referrals and outcomes are aggregated from their own table without a
    join to the facts."""

    received_on = models.DateField()
    scheme = models.ForeignKey(Organisation, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    practice = models.ForeignKey(
        Organisation, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    pcn = models.ForeignKey(Organisation, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    icb = models.ForeignKey(Organisation, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")

    class Meta:
        abstract = True


class ScopedFact(FactScope):
    referral = models.ForeignKey(Referral, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")

    class Meta:
        abstract = True


def _scope_indexes(prefix: str, *, by_referral: bool = True) -> list[models.Index]:
    return [
        *([models.Index(fields=["referral"], name=f"{prefix}_referral")] if by_referral else []),
        models.Index(fields=["received_on"], name=f"{prefix}_received"),
        models.Index(fields=["scheme", "received_on"], name=f"{prefix}_scheme_received"),
        models.Index(fields=["team", "received_on"], name=f"{prefix}_team_received"),
        models.Index(fields=["pcn", "received_on"], name=f"{prefix}_pcn_received"),
        models.Index(fields=["practice", "received_on"], name=f"{prefix}_practice_received"),
        models.Index(fields=["icb", "received_on"], name=f"{prefix}_icb_received"),
    ]


class ReferralFactNeed(FactScope):
    """One reason a referral was made for (a referrals.needs.Need code)."""

    fact = models.ForeignKey(ReferralFact, on_delete=models.CASCADE, db_constraint=False, related_name="needs")
    need = models.CharField(max_length=30)

    class Meta:
        indexes = [models.Index(fields=["need"], name="fact_need"), *_scope_indexes("need_fact", by_referral=False)]
        constraints = [models.UniqueConstraint(fields=["fact", "need"], name="fact_need_once")]


class OutcomeFact(ScopedFact):
    """One score of one instrument paired for one case: the first baseline and the latest review or
    discharge on or after it, both numeric (reports.facts_areas has the rule). Like the usage facts, none is
    written for a person whose newest evaluation-consent decision is "refused" or "withdrawn"."""

    case = models.ForeignKey(Case, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    person_id = models.UUIDField()
    instrument = models.CharField(max_length=40)
    score_key = models.CharField(max_length=40)
    baseline = models.FloatField()
    follow_up = models.FloatField()
    improved_meaningfully = models.BooleanField()

    class Meta:
        indexes = _scope_indexes("outcome_fact")
        constraints = [
            models.UniqueConstraint(fields=["case", "instrument", "score_key"], name="outcome_fact_once_per_score")
        ]


class UsageFact(ScopedFact):
    """One healthcare-use count paired for one person: their earliest baseline and their latest later
    follow-up, both known, counted once, with the filter columns of the person's earliest referral that has a
    case, so the facts add up across months and areas like every other fact (reports.facts_areas)."""

    person_id = models.UUIDField()
    measure = models.CharField(max_length=30, help_text="One of outcomes.models.USAGE_COUNT_FIELDS")
    baseline = models.PositiveIntegerField()
    follow_up = models.PositiveIntegerField()

    class Meta:
        indexes = _scope_indexes("usage_fact")
        constraints = [models.UniqueConstraint(fields=["person_id", "measure"], name="usage_fact_once_per_person")]


class OnwardFact(ScopedFact):
    """One onward referral of a reported referral, with its status now and how long the provider took to
    answer."""

    onward_referral = models.OneToOneField(
        OnwardReferral, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    service = models.ForeignKey(Service, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    status = models.CharField(max_length=15)
    days_to_answer = models.FloatField(null=True, help_text="Empty until the provider answers")

    class Meta:
        indexes = _scope_indexes("onward_fact")
        constraints = [
            models.CheckConstraint(
                condition=Q(days_to_answer__isnull=True) | Q(days_to_answer__gte=0),
                name="onward_fact_answer_after_sent",
            )
        ]


class SummaryGrain(models.TextChoices):
    """The sets of filter columns a summary row is grouped by (and carries). Practices are not summarised:
    a practice's year is a few thousand facts, which the facts answer quickly."""

    ALL = "all", "Everything"
    ICB = "icb", "ICB area"
    SCHEME = "scheme", "Scheme"
    TEAM = "team", "Team (of one scheme)"
    PCN = "pcn", "PCN (of one ICB area)"


# Grain → the filter columns it carries; a report whose filters all fall among them can read the grain.
GRAIN_COLUMNS: dict[SummaryGrain, tuple[str, ...]] = {
    SummaryGrain.ALL: (),
    SummaryGrain.ICB: ("icb_id",),
    SummaryGrain.SCHEME: ("scheme_id",),
    SummaryGrain.TEAM: ("scheme_id", "team_id"),
    SummaryGrain.PCN: ("icb_id", "pcn_id"),
}
SUMMARY_SCOPE_COLUMNS = ("scheme_id", "team_id", "icb_id", "pcn_id")
# The unique constraint naming a cell, which the summary upserts name.
SUMMARY_CELL = "summary_cell"


def _carries_only(grain: SummaryGrain) -> Q:
    carried = GRAIN_COLUMNS[grain]
    return Q(grain=grain, **{f"{column}__isnull": True for column in SUMMARY_SCOPE_COLUMNS if column not in carried})


class SummaryPlace(models.Model):
    """Where a contribution to the monthly summaries goes before it is given a grain: the filter columns, a
    month, and what is counted (area, key, key2); with a count `n` and up to five sums."""

    # No index of their own: reads go through the cell's unique index, and every index slows the upserts.
    scheme = models.ForeignKey(
        Organisation, null=True, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    team = models.ForeignKey(
        Team, null=True, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    icb = models.ForeignKey(
        Organisation, null=True, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    pcn = models.ForeignKey(
        Organisation, null=True, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    month = models.DateField(help_text="The first day of the month the referrals came in")
    area = models.CharField(max_length=20)
    # Every value as text; empty for none (an area without a second key, an unknown deprivation decile).
    key = models.CharField(max_length=40, blank=True)
    key2 = models.CharField(max_length=40, blank=True)
    n = models.BigIntegerField()
    s1 = models.FloatField(default=0)
    s2 = models.FloatField(default=0)
    s3 = models.FloatField(default=0)
    s4 = models.FloatField(default=0)
    s5 = models.FloatField(default=0)

    class Meta:
        abstract = True


class ReportSummary(SummaryPlace):
    """The report facts added up by calendar month, for each grain and value of its filter columns: one
    cell per (grain, scope, month, area, key, key2). Every figure the reports show is additive over cells,
    so whole months of a period are read from here and the edge days from the facts (reports.summaries,
    reports.summary_reads; docs/adr/0010-report-summaries.md).

    Areas: "funnel" (key: the stage), one per counted dimension of reports.figures_counts (key: the value),
    "reason" (key: the need), "onward" (key: the service, key2: the status), "answer" (key: the service,
    key2: days to answer in tenths of a day, n: how many), "outcome" (key: instrument, key2: score; s1..s3:
    Σ change, Σ change², improved) and "usage" (key: the measure; s1..s5: Σ before, Σ after, Σ before²,
    Σ after², Σ before × after).

    Kept on PostgreSQL 15 or later only (NULLS NOT DISTINCT makes a cell whose scope column is empty one
    row, for the upserts); elsewhere the table is not created and the reports read the facts."""

    grain = models.CharField(max_length=6, choices=SummaryGrain.choices)

    class Meta:
        required_db_features = ("supports_nulls_distinct_unique_constraints",)
        constraints = [
            # Also the index a report reads by: one grain and scope over a range of months. The narrower
            # column of each grain comes first (team before its scheme, PCN before its ICB), so a filter on
            # a team or PCN alone is a range of one scope too.
            models.UniqueConstraint(
                fields=["grain", "team", "pcn", "scheme", "icb", "month", "area", "key", "key2"],
                name=SUMMARY_CELL,
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(n__gte=0), name="summary_count_not_negative"),
            models.CheckConstraint(condition=Q(month__day=1), name="summary_month_starts_on_the_first"),
            models.CheckConstraint(
                condition=_carries_only(SummaryGrain.ALL)
                | _carries_only(SummaryGrain.ICB)
                | _carries_only(SummaryGrain.SCHEME)
                | (_carries_only(SummaryGrain.TEAM) & Q(scheme__isnull=False, team__isnull=False))
                | _carries_only(SummaryGrain.PCN),
                name="summary_scope_fits_grain",
            ),
        ]


class SummaryDelta(SummaryPlace):
    """What a refresh changes in the summaries: the queued referrals' old contributions (negated) and their
    new ones, by place, netted before they are given grains and applied, so places that did not change are
    not written. Filled and emptied inside one refresh transaction, like FactRefreshQueue."""

    class Meta:
        required_db_features = ("supports_nulls_distinct_unique_constraints",)


def summaries_kept(connection: BaseDatabaseWrapper) -> bool:
    """Whether a database has the summary table (its Meta.required_db_features: PostgreSQL 15 or later)."""
    return bool(ReportSummary._meta.can_migrate(connection))


class FactRefreshQueue(models.Model):
    """Referrals whose facts are to be recomputed in the refresh under way: filled and emptied inside one
    refresh transaction, so the upsert and the needs work from one set."""

    referral_id = models.UUIDField(primary_key=True)


class FactRefreshState(models.Model):
    """The one row saying how far the facts are current: every change stamped before `refreshed_through`
    is in them."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    refreshed_through = models.DateTimeField(null=True)
    rebuilt_at = models.DateTimeField(null=True)
    # Scheme id → the substantive-contacts setting the facts were computed with.
    thresholds = models.JSONField(default=dict)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="fact_refresh_state_single_row")]

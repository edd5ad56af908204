"""Demo history for the reports: enough synthetic referrals over past months for the dashboard to mean
something, in the demo teams, clearly fictional.

About 600 referrals over the last 18 months across the demo schemes' teams, made by the synthetic data
generator at small scale. Settled: every referral has reached a final status and every case is either
discharged or held by the teams' synthetic link workers, so nothing appears in a demo link worker's
caseload or a team's inbox. The people have invented family names and NHS numbers far from the named demo
people's. Idempotent: the generation's audit event says it has been done."""

from linkwell.accounts.models import Organisation
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.reports.synthetic import generate

HISTORY_LABEL = "demo report history"
HISTORY_SCHEMES = ["chelmer-valley-connect", "southend-shoreline-connect"]
HISTORY_REFERRALS = 600
HISTORY_PEOPLE = 540
HISTORY_MONTHS = 18
HISTORY_SEED = 2026


def load_report_history() -> int:
    """Load idempotently; return how many historical referrals the demo holds."""
    done = AuditEvent.objects.filter(
        action=AuditAction.SYNTHETIC_DATA_GENERATED.value, detail__label=HISTORY_LABEL
    ).first()
    if done is not None:
        return int(done.detail.get("referrals", 0))
    if Organisation.objects.filter(slug__in=HISTORY_SCHEMES).count() != len(HISTORY_SCHEMES):
        return 0
    result = generate(
        people=HISTORY_PEOPLE,
        referrals=HISTORY_REFERRALS,
        seed=HISTORY_SEED,
        months=HISTORY_MONTHS,
        scheme_slugs=HISTORY_SCHEMES,
        settled=True,
        label=HISTORY_LABEL,
    )
    return result.referrals

"""Demo history for the reports: enough synthetic referrals over past months for the dashboard to mean
something, in the demo teams, clearly fictional."""


def load_report_history() -> int:
    """Load idempotently; return how many historical referrals the demo holds."""
    return 0

"""Demo outcomes: measures, healthcare use and unmet needs on the demo cases."""


def load_outcomes() -> int:
    """Load idempotently; return how many measures the demo cases hold."""
    return 0

"""The demo's healthcare use and unmet needs load through the real actions, once."""

import pytest

from linkwell.accounts.demo import load_accounts
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.demo import load_casework
from linkwell.directory.demo import load_directory
from linkwell.outcomes.demo_usage import load_usage_and_unmet
from linkwell.outcomes.models import UnmetNeed, UsageRecord
from linkwell.referrals.demo import load_referrals

pytestmark = pytest.mark.django_db


def test_demo_usage_and_unmet_needs_load_once_on_the_demo_cases():
    load_accounts()
    load_directory()
    load_referrals()
    load_casework()

    assert load_usage_and_unmet() == (4, 3)
    assert load_usage_and_unmet() == (4, 3)

    assert set(UsageRecord.objects.values_list("person__given_name", "timepoint", "source")) == {
        ("Tomasz", "baseline", "gp_record"),
        ("Tomasz", "follow_up", "gp_record"),
        ("Irene", "baseline", "self_reported"),
        ("Irene", "follow_up", "self_reported"),
    }
    tomasz_baseline = UsageRecord.objects.get(person__given_name="Tomasz", timepoint="baseline")
    assert tomasz_baseline.social_care_contacts is None  # not known, not none
    assert set(UnmetNeed.objects.values_list("case__person__given_name", "need", "reason", "service__name")) == {
        ("Tomasz", "debt", "full", "Debt advice"),
        ("Aisha", "carer_strain", "timing", "Sitting service"),
        ("Aisha", "carer_strain", "none_exists", None),
    }
    assert set(UnmetNeed.objects.values_list("postcode_district", flat=True)) == {"CM2", "CM1"}
    assert not AuditEvent.objects.filter(action=AuditAction.USAGE_CORRECTED).exists()


def test_without_the_demo_cases_nothing_is_loaded():
    assert load_usage_and_unmet() == (0, 0)

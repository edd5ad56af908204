import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.models import Case, CaseStatus, Contact, OnwardReferral
from linkwell.outcomes.models import MeasureResponse, UsageRecord
from linkwell.people.models import Person
from linkwell.people.nhs_numbers import normalise_nhs_number
from linkwell.referrals.models import Referral, ReferralStatus
from linkwell.reports.models import ReferralFact
from linkwell.reports.synthetic import free_test_nhs_numbers, generate
from linkwell.reports.synthetic_world import SYNTHETIC_EMAIL_DOMAIN

pytestmark = pytest.mark.django_db

IN_FLIGHT = [ReferralStatus.RECEIVED, ReferralStatus.TRIAGED, ReferralStatus.ALLOCATED, ReferralStatus.IN_CONTACT]


def test_generation_writes_the_people_and_referrals_asked_for_and_their_facts():
    result = generate(people=120, referrals=150, seed=3, months=24)

    assert Person.objects.count() == 120
    assert Referral.objects.count() == 150
    assert ReferralFact.objects.count() == 150
    assert result.facts == 150
    assert result.rows["cases"] == Case.objects.count() > 0
    assert result.rows["contacts"] == Contact.objects.count() > 0
    assert result.rows["onward"] == OnwardReferral.objects.count() > 0
    assert result.rows["measures"] == MeasureResponse.objects.count() > 0
    assert result.rows["usage"] == UsageRecord.objects.count() > 0
    assert next(name for name, _ in result.stages) == "teams, workers, postcodes and services"


def test_the_funnel_narrows_from_referred_to_supported_to_substantive():
    generate(people=300, referrals=340, seed=5, months=36)

    referred = ReferralFact.objects.count()
    supported = ReferralFact.objects.filter(supported=True).count()
    substantive = ReferralFact.objects.filter(substantive=True).count()
    assert referred > supported > substantive > 0
    # Roughly the seeds' shape: 96% supported, about half of them substantive.
    assert 0.85 < supported / referred < 1
    assert 0.3 < substantive / supported < 0.7


def test_nhs_numbers_are_valid_test_numbers_from_the_999_range_or_blank_and_never_repeat():
    generate(people=200, referrals=200, seed=7, months=12)

    numbers = [number for number in Person.objects.values_list("nhs_number", flat=True) if number]
    assert len(numbers) > 150
    assert len(set(numbers)) == len(numbers)
    for number in numbers:
        assert number.startswith("999")
        assert normalise_nhs_number(number) == number


def test_a_second_run_takes_nhs_numbers_nobody_holds_yet():
    generate(people=30, referrals=30, seed=1, months=12)
    generate(people=30, referrals=30, seed=1, months=12)

    numbers = [number for number in Person.objects.values_list("nhs_number", flat=True) if number]
    assert len(set(numbers)) == len(numbers)
    assert Referral.objects.values("reference").distinct().count() == 60
    assert set(free_test_nhs_numbers(5)).isdisjoint(numbers)


def test_one_audit_event_records_the_whole_generation():
    generate(people=40, referrals=50, seed=2, months=12, label="a test run")

    events = AuditEvent.objects.filter(action=AuditAction.SYNTHETIC_DATA_GENERATED.value)
    assert events.count() == 1
    assert events.get().detail["referrals"] == 50
    assert events.get().actor_label == "system"


def test_nothing_is_dated_in_the_future_and_cases_close_after_they_open():
    generate(people=150, referrals=180, seed=11, months=24)

    now = timezone.now()
    assert not Referral.objects.filter(received_at__gt=now).exists()
    assert not Contact.objects.filter(at__gt=now).exists()
    for opened_at, closed_at in Case.objects.filter(status=CaseStatus.DISCHARGED).values_list("opened_at", "closed_at"):
        assert closed_at is not None
        assert closed_at >= opened_at
    # A person referred again has at most one open case (the database holds this too).
    assert (
        Case.objects.filter(status=CaseStatus.OPEN).values("person_id").distinct().count()
        == Case.objects.filter(status=CaseStatus.OPEN).count()
    )


def test_a_settled_history_leaves_nothing_waiting_and_every_case_with_a_synthetic_worker():
    generate(people=100, referrals=120, seed=4, months=18, settled=True)

    assert not Referral.objects.filter(status__in=IN_FLIGHT).exists()
    assert all(
        email.endswith(SYNTHETIC_EMAIL_DOMAIN) for email in Case.objects.values_list("link_worker__email", flat=True)
    )


def test_measures_carry_scores_derived_by_the_instrument_registry():
    generate(people=150, referrals=150, seed=8, months=24)

    ons4 = MeasureResponse.objects.filter(instrument="ons4").first()
    loneliness = MeasureResponse.objects.filter(instrument="loneliness").first()
    assert ons4 is not None
    assert ons4.scores == {key: ons4.answers[key] for key in ons4.scores}
    assert loneliness is not None
    assert loneliness.scores["ucla_total"] == sum(
        loneliness.answers[item] for item in ("lack_companionship", "left_out", "isolated")
    )


def test_the_command_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_synthetic", "--referrals", "10", stdout=io.StringIO(), stderr=io.StringIO())
    assert not Referral.objects.exists()

    out = io.StringIO()
    call_command("generate_synthetic", "--referrals", "10", "--force", stdout=out, stderr=io.StringIO())
    assert Referral.objects.count() == 10
    assert "rebuilding report facts" in out.getvalue()


def test_the_command_explains_impossible_numbers():
    with pytest.raises(CommandError, match="more people"):
        call_command("generate_synthetic", "--referrals", "10", "--people", "20", "--force", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No social prescribing scheme"):
        call_command(
            "generate_synthetic", "--referrals", "10", "--scheme", "no-such-scheme", "--force", stdout=io.StringIO()
        )
    assert not Referral.objects.exists()

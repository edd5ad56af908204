"""Providers' response time and acceptance rate, from the referrals sent to their organisation's services."""

from datetime import timedelta
from typing import Any

import pytest

from linkwell.casework.models import DeclineReason, OnwardReferral, OnwardStatus
from linkwell.casework.onward import EMAILED_LINK, SYSTEM, change_onward_status
from linkwell.casework.provider_stats import (
    MINIMUM_REFERRALS,
    ProviderStats,
    stats_for_organizations,
    stats_for_services,
)
from linkwell.casework.tests.builders import open_case
from linkwell.casework.tests.onward_builders import refer, referable_service
from linkwell.directory.models import CapacityStatus, Service

pytestmark = pytest.mark.django_db

S = OnwardStatus


def _answered_after(onward: OnwardReferral, hours: float, to_status: OnwardStatus = S.ACCEPTED) -> None:
    """The provider answers (by emailed link), `hours` after the referral was sent."""
    extra: dict[str, Any] = {"decline_reason": DeclineReason.FULL} if to_status == S.DECLINED else {}
    change_onward_status(onward=onward, to_status=to_status, by=None, by_label=EMAILED_LINK, **extra)
    OnwardReferral.objects.filter(pk=onward.pk).update(first_response_at=onward.sent_at + timedelta(hours=hours))


def _referrals(service: Service, count: int) -> list[OnwardReferral]:
    return [refer(open_case(), service) for _ in range(count)]


def test_nothing_is_said_below_five_referrals():
    service = referable_service()
    for onward in _referrals(service, MINIMUM_REFERRALS - 1):
        _answered_after(onward, 24)

    assert stats_for_services([service]) == {}


def test_median_response_and_acceptance_over_the_organisations_services():
    walking = referable_service("Walking group", organization="Chelmer Community Trust")
    art = referable_service("Art class", organization="Chelmer Community Trust")
    first, second, third = _referrals(walking, 3)
    fourth, fifth, sixth = _referrals(art, 3)
    _answered_after(first, 12)
    _answered_after(second, 30, S.WAITLISTED)
    _answered_after(third, 50, S.DECLINED)
    _answered_after(fourth, 100)
    change_onward_status(onward=fifth, to_status=S.WITHDRAWN, by=fifth.case.link_worker)  # before any answer
    # sixth: still waiting

    stats = stats_for_services([walking, art])[walking.organization_id]

    assert stats == ProviderStats(referrals=6, answered=4, taken_on=3, median_response_days=40 / 24)
    assert stats.response_days == 2
    assert stats.acceptance_percent == 75
    assert stats.summary == "usually within 2 days; accepts 75% (from 6 referrals)"
    assert stats.as_sentence == "Usually within 2 days; accepts 75% (from 6 referrals)"
    assert art.organization_id == walking.organization_id
    assert sixth.status == S.SENT


def test_answers_the_link_worker_recorded_count_towards_acceptance_but_not_response_time():
    service = referable_service()
    referrals = _referrals(service, 5)
    for onward in referrals[:2]:
        change_onward_status(onward=onward, to_status=S.STARTED, by=onward.case.link_worker)

    stats = stats_for_organizations([service.organization_id])[service.organization_id]

    assert (stats.answered, stats.taken_on, stats.median_response_days) == (2, 2, None)
    assert stats.summary == "accepts 100% (from 5 referrals)"


def test_a_referral_taken_on_and_later_withdrawn_still_counts_as_taken_on():
    service = referable_service()
    referrals = _referrals(service, 5)
    _answered_after(referrals[0], 3)
    change_onward_status(onward=referrals[0], to_status=S.WITHDRAWN, by=referrals[0].case.link_worker)

    stats = stats_for_services([service])[service.organization_id]

    assert (stats.answered, stats.taken_on) == (1, 1)
    assert stats.summary == "usually within 1 day; accepts 100% (from 5 referrals)"


def test_a_waiting_list_queue_is_not_an_answer_and_expiry_is_not_either():
    service = referable_service(capacity=CapacityStatus.WAITLIST)
    referrals = _referrals(service, 5)
    change_onward_status(onward=referrals[0], to_status=S.EXPIRED, by=None, by_label=SYSTEM)

    stats = stats_for_services([service])[service.organization_id]

    assert (stats.referrals, stats.answered, stats.taken_on) == (5, 0, 0)
    assert stats.summary == "no answers yet (from 5 referrals)"


def test_each_organisation_has_its_own_figures():
    trust = referable_service("Walking group", organization="Chelmer Community Trust")
    club = referable_service("Chess club", organization="Moulsham Chess Club")
    for onward in _referrals(trust, 5):
        _answered_after(onward, 24 * 3)
    club_referrals = _referrals(club, 5)
    for onward in club_referrals:
        _answered_after(onward, 24 * 10, S.DECLINED)

    stats = stats_for_services([trust, club])

    assert stats[trust.organization_id].summary == "usually within 3 days; accepts 100% (from 5 referrals)"
    assert stats[club.organization_id].summary == "usually within 10 days; accepts 0% (from 5 referrals)"


def test_a_page_of_organisations_takes_two_queries(django_assert_num_queries):
    services = [referable_service(f"Group {number}", organization=f"Organisation {number}") for number in range(4)]
    for service in services:
        for onward in _referrals(service, 5):
            _answered_after(onward, 24)

    with django_assert_num_queries(2):
        stats = stats_for_services(services)

    assert len(stats) == 4


def test_no_services_no_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert stats_for_services([]) == {}

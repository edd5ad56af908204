"""The provider inbox: a provider sees referrals to their own organisation's services, only what the person
agreed to share, and answers them; nobody else gets in."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.actions import add_case_note
from linkwell.casework.models import DeclineReason, OnwardReferral, OnwardStatus
from linkwell.casework.onward import PROVIDER_MOVES, change_onward_status
from linkwell.casework.provider_views import MOVES, respond_by_words
from linkwell.casework.tests.onward_builders import provider_for, provider_organisation
from linkwell.casework.tests.provider_builders import another_case, last_change, sent_referral, service_for
from linkwell.conftest import client_for

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def onward() -> OnwardReferral:
    return sent_referral(service_for(managed_by=provider_organisation()))


@pytest.fixture
def provider(onward):
    return provider_for(onward.service)


def stored(onward: OnwardReferral) -> OnwardReferral:
    return OnwardReferral.objects.get(pk=onward.pk)


def page_of(response) -> str:
    return response.content.decode()


# --- Access -------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.REFERRER, Role.COMMISSIONER])
def test_only_provider_users_reach_the_inbox(onward, role):
    client = client_for(user_with_role(role))

    assert client.get("/provider/").status_code == 403
    assert client.get(f"/provider/{onward.pk}/").status_code == 403
    assert client.post(f"/provider/{onward.pk}/accept/").status_code == 403
    assert stored(onward).status == OnwardStatus.SENT


def test_the_case_link_worker_cannot_answer_as_the_provider(onward):
    client = client_for(onward.case.link_worker)

    assert client.get(f"/provider/{onward.pk}/").status_code == 403
    assert client.post(f"/provider/{onward.pk}/accept/").status_code == 403


def test_visitors_are_sent_to_sign_in(onward):
    for path in ("/provider/", f"/provider/{onward.pk}/"):
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/sign-in/")
    assert Client().post(f"/provider/{onward.pk}/accept/").status_code == 302
    assert stored(onward).status == OnwardStatus.SENT


def test_a_provider_of_another_organisation_sees_nothing_of_it(onward, provider):
    other = provider_for(service_for(managed_by=provider_organisation(), name="Moulsham knit and natter"))
    client = client_for(other)

    assert onward.case.referral.reference not in page_of(client.get("/provider/"))
    missing = client.get("/provider/00000000-0000-4000-8000-000000000000/")
    not_theirs = client.get(f"/provider/{onward.pk}/")
    assert not_theirs.status_code == missing.status_code == 404
    assert page_of(not_theirs) == page_of(missing)
    assert client.post(f"/provider/{onward.pk}/accept/").status_code == 404
    assert stored(onward).status == OnwardStatus.SENT


def test_providers_see_the_inbox_in_the_navigation_and_others_do_not(provider, onward):
    assert 'href="/provider/"' in page_of(client_for(provider).get("/"))
    assert 'href="/provider/"' not in page_of(client_for(onward.case.link_worker).get("/"))


# --- The list -----------------------------------------------------------------------------------
def test_the_inbox_lists_referrals_to_the_organisations_services_newest_first(onward, provider):
    organisation = onward.service.managed_by
    second_service = service_for(managed_by=organisation, name="Springfield allotment club")
    newer = sent_referral(second_service, case=another_case())
    elsewhere = sent_referral(service_for(managed_by=provider_organisation(), name="Writtle choir"), another_case())

    response = client_for(provider).get("/provider/")

    assert response.status_code == 200
    page = page_of(response)
    assert page.index(newer.case.referral.reference) < page.index(onward.case.referral.reference)
    assert elsewhere.case.referral.reference not in page
    assert "2 waiting for your answer" in page
    assert "Due in 14 days" in page
    # The list names no one: the person's details are on the referral's page, where reading is audited.
    assert "Marnie" not in page


def test_the_inbox_filters_by_status_and_service_and_counts_overdue(onward, provider):
    second_service = service_for(managed_by=onward.service.managed_by, name="Springfield allotment club")
    accepted = sent_referral(second_service, case=another_case())
    client = client_for(provider)
    client.post(f"/provider/{accepted.pk}/accept/")
    OnwardReferral.objects.filter(pk=onward.pk).update(
        sent_at=timezone.now() - timedelta(days=15), respond_by=timezone.now() - timedelta(days=1)
    )

    everything = page_of(client.get("/provider/"))
    assert "1 waiting for your answer</a>, 1 overdue" in everything
    assert "Overdue by 1 day" in everything

    waiting = page_of(client.get("/provider/", {"status": "awaiting"}))
    assert onward.case.referral.reference in waiting
    assert accepted.case.referral.reference not in waiting

    by_status = page_of(client.get("/provider/", {"status": OnwardStatus.ACCEPTED}))
    assert accepted.case.referral.reference in by_status
    assert onward.case.referral.reference not in by_status

    by_service = page_of(client.get("/provider/", {"service": str(onward.service.pk)}))
    assert onward.case.referral.reference in by_service
    assert accepted.case.referral.reference not in by_service


def test_a_bad_filter_is_explained_not_a_server_error(provider):
    response = client_for(provider).get("/provider/", {"status": "lost", "service": "nope"})

    assert response.status_code == 400
    assert "Select a valid choice" in page_of(response)


def test_the_inbox_takes_the_same_number_of_queries_however_many_referrals(
    onward, provider, django_assert_max_num_queries
):
    for _ in range(4):
        sent_referral(onward.service, case=another_case())
    client = client_for(provider)
    client.get("/provider/")

    with django_assert_max_num_queries(12):
        response = client.get("/provider/")

    assert page_of(response).count("/provider/") >= 5


def test_the_inbox_offers_every_move_a_provider_may_make():
    assert {move.to_status for move in MOVES.values()} == PROVIDER_MOVES


def test_respond_by_in_words():
    now = datetime(2026, 3, 5, 10, 0, tzinfo=LONDON)

    assert respond_by_words(now + timedelta(days=3), now) == "Due in 3 days"
    assert respond_by_words(now + timedelta(days=1), now) == "Due tomorrow"
    assert respond_by_words(now + timedelta(hours=2), now) == "Due today"
    assert respond_by_words(now - timedelta(hours=2), now) == "Overdue"
    assert respond_by_words(now - timedelta(days=1), now) == "Overdue by 1 day"
    assert respond_by_words(now - timedelta(days=4), now) == "Overdue by 4 days"


# --- A referral ---------------------------------------------------------------------------------
def test_the_referral_shows_only_the_shared_details_and_the_reading_is_audited(onward, provider):
    case = onward.case
    add_case_note(case=case, text="Private: struggling since her husband died", by=case.link_worker)
    other_service = service_for(managed_by=provider_organisation(), name="Writtle choir")
    sent_referral(other_service, case=case)

    response = client_for(provider).get(f"/provider/{onward.pk}/")

    assert response.status_code == 200
    page = page_of(response)
    for shown in ("Marnie Fieldfare", "07700 900123", "marnie.f@example.org", "Would like company on walks"):
        assert shown in page
    assert "Large print" in page
    assert "Chelmsford link workers" in page
    assert "01245 000 111" in page
    for hidden in ("husband", "999 000 0018", "9990000018", "Heronsgate", "1958", "Writtle choir"):
        assert hidden not in page
    [read] = AuditEvent.objects.filter(action=AuditAction.ONWARD_REFERRAL_VIEWED)
    assert (read.actor_id, read.object_id, read.person_id) == (provider.pk, str(onward.pk), str(case.person_id))


def test_only_the_answers_the_status_allows_are_offered(onward, provider):
    client = client_for(provider)

    offered = page_of(client.get(f"/provider/{onward.pk}/"))
    for slug in ("accept", "decline", "waitlist", "started"):
        assert f"/provider/{onward.pk}/{slug}/" in offered
    for slug in ("completed", "stopped", "did-not-attend"):
        assert f"/provider/{onward.pk}/{slug}/" not in offered

    refused = client.post(f"/provider/{onward.pk}/completed/")
    assert refused.status_code == 400
    assert "cannot become" in page_of(refused)
    assert stored(onward).status == OnwardStatus.SENT
    assert client.post(f"/provider/{onward.pk}/shrug/").status_code == 404
    assert client.get(f"/provider/{onward.pk}/accept/").status_code == 405


def test_a_provider_accepts_with_a_note_to_the_link_worker(onward, provider):
    client = client_for(provider)

    response = client.post(f"/provider/{onward.pk}/accept/", {"accept-note": "  We meet on Tuesdays  "})

    assert response.status_code == 302
    assert response["Location"] == f"/provider/{onward.pk}/"
    referral = stored(onward)
    assert referral.status == OnwardStatus.ACCEPTED
    assert referral.first_response_at is not None
    transition = last_change(referral)
    assert (transition.by_id, transition.note) == (provider.pk, "We meet on Tuesdays")
    followed = page_of(client.get(response["Location"]))
    assert "You have accepted the referral. We have told the link worker." in followed
    assert f"/provider/{onward.pk}/started/" in followed
    assert f"/provider/{onward.pk}/accept/" not in followed


def test_declining_needs_a_reason_and_other_needs_a_note(onward, provider):
    client = client_for(provider)
    path = f"/provider/{onward.pk}/decline/"

    missing = client.post(path, {})
    assert missing.status_code == 400
    assert "Choose why you are declining the referral" in page_of(missing)
    unexplained = client.post(path, {"decline-reason": DeclineReason.OTHER})
    assert unexplained.status_code == 400
    assert "Say why you are declining the referral" in page_of(unexplained)
    too_long = client.post(path, {"decline-reason": DeclineReason.FULL, "decline-note": "x" * 1001})
    assert too_long.status_code == 400
    assert "Keep the note to 1000 characters or fewer" in page_of(too_long)
    assert stored(onward).status == OnwardStatus.SENT

    client.post(path, {"decline-reason": DeclineReason.OTHER, "decline-note": "We have closed for the summer"})

    referral = stored(onward)
    assert (referral.status, referral.decline_reason) == (OnwardStatus.DECLINED, DeclineReason.OTHER)
    assert "There is nothing more to do for this referral." in page_of(client.get(f"/provider/{onward.pk}/"))


def test_a_provider_follows_the_person_from_waiting_list_to_completion(onward, provider):
    client = client_for(provider)

    for move, status in [
        ("waitlist", OnwardStatus.WAITLISTED),
        ("accept", OnwardStatus.ACCEPTED),
        ("started", OnwardStatus.STARTED),
        ("completed", OnwardStatus.COMPLETED),
    ]:
        assert client.post(f"/provider/{onward.pk}/{move}/").status_code == 302
        assert stored(onward).status == status


def test_an_answer_to_a_referral_moved_on_meanwhile_is_explained(onward, provider):
    case = onward.case
    client = client_for(provider)
    client.get(f"/provider/{onward.pk}/")
    # The link worker withdraws it while the provider has the page open.
    change_onward_status(onward=onward, to_status=OnwardStatus.WITHDRAWN, by=case.link_worker)

    response = client.post(f"/provider/{onward.pk}/accept/")

    assert response.status_code == 400
    assert "cannot become" in page_of(response)
    assert "Withdrawn" in page_of(response)

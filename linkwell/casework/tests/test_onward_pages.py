"""The link worker's onward-referral pages: searching from a case, referring, signposting, moving a referral
on, the case page's section, and who may reach each page."""

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.models import (
    CaseStatus,
    DeclineReason,
    OnwardReferral,
    OnwardStatus,
    OnwardTransition,
    Signposting,
)
from linkwell.casework.onward import EMAILED_LINK, change_onward_status
from linkwell.casework.onward_views import case_section
from linkwell.casework.tests.builders import open_case
from linkwell.casework.tests.onward_builders import consent_to_share, provider_for, refer, referable_service
from linkwell.conftest import client_for
from linkwell.directory.models import CapacityStatus, PublicationState, ReferralMethod
from linkwell.people.models import ConsentDecision, ContactMethod
from linkwell.referrals.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

S = OnwardStatus
SOUTHEND = (51.5459, 0.7077)


@pytest.fixture
def case():
    person = PersonFactory.create(
        given_name="Ada",
        family_name="Fieldfare",
        postcode="CM1 1AA",
        phone="07700 900123",
        email="ada@example.org",
        preferred_contact_method=ContactMethod.PHONE,
        accessible_formats="Large print",
    )
    case = open_case(person=person)
    consent_to_share(person)
    return case


@pytest.fixture
def worker(case):
    return case.link_worker


@pytest.fixture
def client(worker):
    return client_for(worker)


def search_url(case) -> str:
    return reverse("casework:onward-search", kwargs={"case_id": case.pk})


def refer_url(case, service) -> str:
    return reverse("casework:onward-refer", kwargs={"case_id": case.pk, "service_id": service.pk})


def signpost_url(case, service) -> str:
    return reverse("casework:onward-signpost", kwargs={"case_id": case.pk, "service_id": service.pk})


def detail_url(onward) -> str:
    return reverse("casework:onward-detail", kwargs={"case_id": onward.case_id, "onward_id": onward.pk})


def change_url(onward, to_status: str) -> str:
    return reverse(
        "casework:onward-change", kwargs={"case_id": onward.case_id, "onward_id": onward.pk, "to_status": to_status}
    )


def case_url(case) -> str:
    return reverse("casework:case", kwargs={"case_id": case.pk})


def result_names(response) -> list[str]:
    return [item["result"].service.name for item in response.context["results"]]


def offers(response) -> dict[str, str]:
    return {item["result"].service.name: item["offer"] for item in response.context["results"]}


# --- Searching from the case --------------------------------------------------------------------
def test_the_search_starts_around_the_persons_postcode(case, client):
    referable_service("Chelmer walking group")
    referable_service("Southend chess club", at=SOUTHEND, town="Southend-on-Sea")

    response = client.get(search_url(case))

    assert response.status_code == 200
    assert result_names(response) == ["Chelmer walking group"]
    assert response.context["form"]["location"].value() == "CM1 1AA"
    assert "1 service within 10 km of CM1 1AA" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED, object_id=str(case.pk)).count() == 1


def test_the_link_worker_changes_the_words_place_and_distance(case, client):
    referable_service("Chelmer walking group", description="A gentle walk")
    referable_service("Southend chess club", description="Chess for all", at=SOUTHEND, town="Southend-on-Sea")
    referable_service("Southend walking netball", description="Walking netball", at=SOUTHEND)

    response = client.get(search_url(case), {"q": "chess", "location": "Southend-on-Sea", "radius": "20"})

    assert result_names(response) == ["Southend chess club"]
    wider = client.get(search_url(case), {"location": "CM1 1AA", "radius": "50", "sort": "name"})
    assert result_names(wider) == ["Chelmer walking group", "Southend chess club", "Southend walking netball"]


def test_a_person_without_a_usable_postcode_is_searched_for_everywhere_with_the_reason_given(worker):
    person = PersonFactory.create(postcode="ZZ99 3VZ")
    case = open_case(team=worker.memberships.get().team, worker=worker, person=person)
    referable_service("Chelmer walking group")
    referable_service("Southend chess club", at=SOUTHEND)

    response = client_for(worker).get(search_url(case))

    assert response.status_code == 200
    assert len(result_names(response)) == 2
    assert "NHS pseudo-postcode" in response.context["place_problem"]
    assert "We could not search around the person’s address" in response.content.decode()


def test_without_a_postcode_the_persons_town_is_used(worker):
    person = PersonFactory.create(town="Southend-on-Sea")
    case = open_case(team=worker.memberships.get().team, worker=worker, person=person)
    referable_service("Chelmer walking group")
    referable_service("Southend chess club", at=SOUTHEND)

    response = client_for(worker).get(search_url(case))

    assert result_names(response) == ["Southend chess club"]


def test_each_result_says_what_the_link_worker_can_do(case, client):
    refer_to = referable_service("Open group", method=ReferralMethod.EMAIL)
    waitlist = referable_service("Waiting list group", capacity=CapacityStatus.WAITLIST)
    full = referable_service("Full group", capacity=CapacityStatus.FULL)
    drop_in = referable_service("Drop-in", method=ReferralMethod.SIGNPOST)
    referable_service("Draft group", state=PublicationState.DRAFT)

    response = client.get(search_url(case))
    page = response.content.decode()

    assert offers(response) == {
        "Drop-in": "signpost",
        "Full group": "full",
        "Open group": "refer",
        "Waiting list group": "waitlist",
    }
    assert refer_url(case, refer_to) in page
    assert refer_url(case, waitlist) in page
    assert refer_url(case, full) not in page
    assert "Full — not taking referrals" in page
    assert signpost_url(case, drop_in) in page
    assert refer_url(case, drop_in) not in page
    assert "A referral goes on the waiting list" in page


def test_a_service_already_referred_to_says_so_instead_of_offering_another_referral(case, client):
    service = referable_service()
    refer(case, service)

    response = client.get(search_url(case))

    assert response.context["results"][0]["live"] == "Sent"
    assert refer_url(case, service) not in response.content.decode()


def test_results_show_the_providers_response_figures_once_there_are_five_referrals(case, client):
    busy = referable_service("Busy group", organization="Busy Trust")
    quiet = referable_service("Quiet group", organization="Quiet Trust")
    for _ in range(5):
        onward = refer(open_case(), busy)
        change_onward_status(onward=onward, to_status=S.ACCEPTED, by=None, by_label=EMAILED_LINK)
    refer(open_case(), quiet)

    page = client.get(search_url(case)).content.decode()

    assert "Usually within 1 day; accepts 100% (from 5 referrals)" in page
    assert page.count("Response to referrals") == 1


def test_without_consent_to_share_the_search_says_only_signposting_is_possible(worker):
    case = open_case(team=worker.memberships.get().team, worker=worker)
    response = client_for(worker).get(search_url(case))
    assert "has not agreed to share their details" in response.content.decode()


def test_a_bad_filter_is_a_message_not_a_failure(case, client):
    response = client.get(search_url(case), {"radius": "9999", "category": "nonsense"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose a distance from the list" in page


def test_the_search_takes_the_same_number_of_queries_for_many_results(case, client, django_assert_max_num_queries):
    def add_services(numbers: range) -> None:
        for number in numbers:
            service = referable_service(f"Group {number}", organization=f"Organisation {number}")
            for _ in range(5):
                refer(open_case(), service)

    add_services(range(2))
    with django_assert_max_num_queries(40) as few:
        client.get(search_url(case))
    add_services(range(2, 12))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(search_url(case))
    assert len(response.context["results"]) == 12


# --- Referring ----------------------------------------------------------------------------------
def test_the_confirm_page_shows_exactly_what_the_provider_will_receive(case, client):
    service = referable_service()

    response = client.get(refer_url(case, service))

    assert response.status_code == 200
    page = response.content.decode()
    shared = response.context["shared"]
    assert (shared.name, shared.phone, shared.email, shared.preferred_contact) == (
        "Ada Fieldfare",
        "07700 900123",
        "ada@example.org",
        "Phone call",
    )
    for text in ("Ada Fieldfare", "07700 900123", "ada@example.org", "Phone call", "Accessible formats: Large print"):
        assert text in page
    assert "Nothing else from Ada Fieldfare’s record is shared" in page
    assert "within 14 days" in page
    assert "Send referral" in page
    assert "given" in page


@pytest.mark.parametrize("decision", [None, ConsentDecision.REFUSED])
def test_without_consent_there_is_no_send_button_and_signposting_is_offered(worker, decision):
    case = open_case(team=worker.memberships.get().team, worker=worker)
    if decision:
        consent_to_share(case.person, decision)
    service = referable_service()

    response = client_for(worker).get(refer_url(case, service))

    page = response.content.decode()
    assert f"You cannot refer {case.person.display_name}" in page
    assert "Send referral" not in page
    assert signpost_url(case, service) in page


def test_sending_refers_the_person_and_returns_to_the_case(case, client):
    service = referable_service()

    response = client.post(
        refer_url(case, service), {"reason": "Would like company on walks", "access_needs": "Large print letters"}
    )

    assert response.status_code == 302
    assert response["Location"] == case_url(case)
    onward = OnwardReferral.objects.get(case=case)
    assert (onward.service, onward.status, onward.reason) == (service, S.SENT, "Would like company on walks")
    assert onward.shared_details["access_needs"] == "Large print letters"
    assert onward.sent_by == case.link_worker
    followed = client.get(response["Location"])
    assert "Referral sent to Chelmer walking group." in followed.content.decode()


def test_sending_to_a_waiting_list_says_the_person_is_on_it(case, client):
    service = referable_service(capacity=CapacityStatus.WAITLIST)

    response = client.post(refer_url(case, service), {"reason": "Company"}, follow=True)

    assert "the person is on it" in response.content.decode()
    assert OnwardReferral.objects.get(case=case).status == S.WAITLISTED


def test_a_missing_reason_is_shown_on_the_field_and_nothing_is_sent(case, client):
    service = referable_service()

    response = client.post(refer_url(case, service), {"reason": " ", "access_needs": "Kept text"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Say why you are referring the person" in page
    assert "Kept text" in page
    assert not OnwardReferral.objects.exists()


def test_a_refusal_from_the_action_is_shown_not_a_failure(case, client):
    service = referable_service()
    refer(case, service)

    response = client.post(refer_url(case, service), {"reason": "Again"})

    assert response.status_code == 400
    assert "already has a referral to this service in progress" in response.content.decode()
    assert OnwardReferral.objects.filter(case=case).count() == 1


def test_posting_without_consent_is_refused_with_the_reason(worker):
    case = open_case(team=worker.memberships.get().team, worker=worker)

    response = client_for(worker).post(refer_url(case, referable_service()), {"reason": "Company"})

    assert response.status_code == 400
    assert "has not agreed to share their details" in response.content.decode()
    assert not OnwardReferral.objects.exists()


def test_full_and_signpost_only_services_offer_no_send_button(case, client):
    full = client.get(refer_url(case, referable_service("Full", capacity=CapacityStatus.FULL))).content.decode()
    drop_in = referable_service("Drop-in", method=ReferralMethod.SIGNPOST)
    signpost_only = client.get(refer_url(case, drop_in)).content.decode()

    assert "is full and is not taking new referrals" in full
    assert "Send referral" not in full
    assert signpost_url(case, drop_in) in signpost_only
    assert "Send referral" not in signpost_only


def test_a_closed_case_refers_nobody(case, client):
    service = referable_service()
    case.status = CaseStatus.DISCHARGED
    case.closed_at = timezone.now()
    case.save()

    assert "Send referral" not in client.get(refer_url(case, service)).content.decode()
    response = client.post(refer_url(case, service), {"reason": "Company"})
    assert response.status_code == 400
    assert "This case is closed" in response.content.decode()


@pytest.mark.parametrize("state", [PublicationState.DRAFT, PublicationState.ARCHIVED])
def test_an_unlisted_service_is_not_found(case, client, state):
    service = referable_service(state=state)
    assert client.get(refer_url(case, service)).status_code == 404
    assert client.get(signpost_url(case, service)).status_code == 404


# --- Signposting --------------------------------------------------------------------------------
def test_signposting_records_it_and_returns_to_the_case(case, client):
    service = referable_service("Drop-in", method=ReferralMethod.SIGNPOST)
    assert "Record signposting" in client.get(signpost_url(case, service)).content.decode()

    response = client.post(signpost_url(case, service), {"note": "Going on Tuesday"})

    assert response.status_code == 302
    assert response["Location"] == case_url(case)
    signposting = Signposting.objects.get(case=case)
    assert (signposting.service, signposting.note) == (service, "Going on Tuesday")


def test_an_overlong_signposting_note_is_refused_on_the_field(case, client):
    service = referable_service("Drop-in", method=ReferralMethod.SIGNPOST)

    response = client.post(signpost_url(case, service), {"note": "x" * 1001})

    assert response.status_code == 400
    assert "Keep this to 1000 characters or fewer" in response.content.decode()
    assert not Signposting.objects.exists()


# --- One referral, and the link worker's moves --------------------------------------------------
def test_the_referral_page_shows_what_was_shared_its_history_and_the_allowed_moves(case, client):
    onward = refer(case, referable_service())

    response = client.get(detail_url(onward))

    assert response.status_code == 200
    moves = [move for move, _, _ in response.context["move_forms"]]
    assert moves == [S.STARTED, S.ACCEPTED, S.DECLINED, S.WITHDRAWN]
    page = response.content.decode()
    assert "Would like company on walks" in page
    assert "Answer due by" in page
    for move in moves:
        assert change_url(onward, move.value) in page


def test_a_started_referral_can_only_be_completed_or_stopped(case, client):
    onward = refer(case, referable_service())
    change_onward_status(onward=onward, to_status=S.STARTED, by=case.link_worker)

    response = client.get(detail_url(onward))

    assert [move for move, _, _ in response.context["move_forms"]] == [S.COMPLETED, S.STOPPED]


def test_a_finished_referral_offers_no_moves(case, client):
    onward = refer(case, referable_service())
    change_onward_status(onward=onward, to_status=S.WITHDRAWN, by=case.link_worker)

    response = client.get(detail_url(onward))

    assert response.context["move_forms"] == []
    assert "this referral is over" in response.content.decode()


def test_an_overdue_referral_says_so_in_words(case, client):
    onward = refer(case, referable_service())
    OnwardReferral.objects.filter(pk=onward.pk).update(
        sent_at=onward.sent_at - timedelta(days=20), respond_by=onward.respond_by - timedelta(days=20)
    )

    assert "Overdue: the provider was asked to answer by" in client.get(detail_url(onward)).content.decode()


def test_recording_what_the_person_said(case, client):
    onward = refer(case, referable_service())

    response = client.post(change_url(onward, "started"), {"started-note": "Went on Tuesday, loved it"})

    assert response.status_code == 302
    assert response["Location"] == detail_url(onward)
    onward.refresh_from_db()
    assert onward.status == S.STARTED
    assert onward.transitions.latest("at", "id").note == "Went on Tuesday, loved it"
    assert "is now “Started”" in client.get(detail_url(onward)).content.decode()


def test_withdrawing(case, client):
    onward = refer(case, referable_service())
    client.post(change_url(onward, "withdrawn"), {})
    assert OnwardReferral.objects.get(pk=onward.pk).status == S.WITHDRAWN


def test_recording_a_decline_the_provider_phoned_in_needs_its_reason(case, client):
    onward = refer(case, referable_service())

    missing = client.post(change_url(onward, "declined"), {})
    other_without_note = client.post(change_url(onward, "declined"), {"declined-decline_reason": "other"})

    assert missing.status_code == other_without_note.status_code == 400
    assert "Choose why the referral was declined" in missing.content.decode()
    assert "Say why the referral was declined" in other_without_note.content.decode()
    assert OnwardReferral.objects.get(pk=onward.pk).status == S.SENT
    client.post(change_url(onward, "declined"), {"declined-decline_reason": DeclineReason.OUT_OF_AREA})
    onward.refresh_from_db()
    assert (onward.status, onward.decline_reason) == (S.DECLINED, DeclineReason.OUT_OF_AREA)


def test_a_move_the_state_machine_does_not_allow_is_explained(case, client):
    onward = refer(case, referable_service())

    response = client.post(change_url(onward, "completed"), {})

    assert response.status_code == 400
    assert "cannot become “Completed”" in response.content.decode()
    assert OnwardReferral.objects.get(pk=onward.pk).status == S.SENT


def test_an_overlong_note_is_refused_on_the_field(case, client):
    onward = refer(case, referable_service())
    response = client.post(change_url(onward, "started"), {"started-note": "x" * 1001})
    assert response.status_code == 400
    assert OnwardTransition.objects.filter(onward_referral=onward).count() == 1


@pytest.mark.parametrize("to_status", ["waitlisted", "expired", "sent", "nonsense"])
def test_moves_that_are_not_the_link_workers_do_not_exist(case, client, to_status):
    onward = refer(case, referable_service())
    assert client.post(change_url(onward, to_status), {}).status_code == 404


def test_another_cases_referral_is_not_found_under_this_case(case, client, worker):
    other_case = open_case(team=case.team, worker=worker)
    onward = refer(other_case, referable_service())
    wrong = reverse("casework:onward-detail", kwargs={"case_id": case.pk, "onward_id": onward.pk})
    assert client.get(wrong).status_code == 404


def test_moves_are_posted_not_fetched(case, client):
    onward = refer(case, referable_service())
    assert client.get(change_url(onward, "started")).status_code == 405


# --- The case page ------------------------------------------------------------------------------
def test_the_case_page_lists_referrals_and_signpostings(case, client):
    walking = referable_service("Chelmer walking group")
    onward = refer(case, walking)
    provider = provider_for(walking)
    change_onward_status(onward=onward, to_status=S.ACCEPTED, by=provider, note="Meet at the bandstand")
    overdue = refer(case, referable_service("Art class"))
    OnwardReferral.objects.filter(pk=overdue.pk).update(
        sent_at=overdue.sent_at - timedelta(days=20), respond_by=overdue.respond_by - timedelta(days=20)
    )
    client.post(signpost_url(case, referable_service("Drop-in", method=ReferralMethod.SIGNPOST)), {"note": "Leaflet"})

    page = client.get(case_url(case)).content.decode()

    assert "Onward referrals and signposting" in page
    assert "Refer to a service" in page
    assert search_url(case) in page
    assert detail_url(onward) in page
    assert "Accepted" in page
    assert "Meet at the bandstand" in page
    assert "Overdue: the provider was asked to answer by" in page
    assert "Drop-in" in page
    assert "Leaflet" in page


def test_a_link_workers_own_note_is_not_shown_as_the_providers(case):
    onward = refer(case, referable_service())
    change_onward_status(onward=onward, to_status=S.STARTED, by=case.link_worker, note="She told me")

    assert case_section(case, case.link_worker)["onward_rows"][0].provider_note is None


def test_a_closed_case_offers_no_new_referrals(case):
    case.status = CaseStatus.DISCHARGED
    case.closed_at = timezone.now()
    case.save()
    assert case_section(case, case.link_worker)["onward_may_refer"] is False


def test_the_case_section_takes_the_same_queries_however_many_referrals(case, django_assert_num_queries):
    first = referable_service("First")
    change_onward_status(onward=refer(case, first), to_status=S.ACCEPTED, by=provider_for(first), note="Welcome")
    with django_assert_num_queries(4) as one:
        case_section(case, case.link_worker)
    for number in range(4):
        service = referable_service(f"Group {number}")
        onward = refer(case, service)
        change_onward_status(onward=onward, to_status=S.ACCEPTED, by=provider_for(service), note="Welcome")
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(case_section(case, case.link_worker)["onward_rows"]) == 5


# --- The directory's service page ---------------------------------------------------------------
def test_the_service_page_shows_response_figures_to_case_workers_only(case, client):
    service = referable_service()
    for _ in range(5):
        onward = refer(open_case(), service)
        change_onward_status(onward=onward, to_status=S.DECLINED, by=None, by_label=EMAILED_LINK, decline_reason="full")
    url = reverse("directory:service", kwargs={"service_id": service.pk})
    figures = "Response to referrals: usually within 1 day; accepts 0% (from 5 referrals)."

    assert figures in client.get(url).content.decode()
    assert "Response to referrals" not in Client().get(url).content.decode()
    assert "Response to referrals" not in client_for(user_with_role(Role.REFERRER)).get(url).content.decode()


# --- Who may reach each page --------------------------------------------------------------------
def _endpoints(case, onward, service):
    return [
        ("get", search_url(case)),
        ("get", refer_url(case, service)),
        ("post", refer_url(case, service)),
        ("get", signpost_url(case, service)),
        ("post", signpost_url(case, service)),
        ("get", detail_url(onward)),
        ("post", change_url(onward, "withdrawn")),
    ]


def test_the_cases_team_reaches_every_page(case, worker):
    service = referable_service()
    onward = refer(case, referable_service("Other"))
    lead = user_with_role(Role.TEAM_LEAD, team=case.team)
    for user in (worker, lead):
        for method, url in _endpoints(case, onward, service):
            if method == "get":
                assert client_for(user).get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_sign_in(case):
    onward = refer(case, referable_service("Other"))
    for method, url in _endpoints(case, onward, referable_service()):
        response = getattr(Client(), method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize("role", [Role.REFERRER, Role.PROVIDER, Role.COMMISSIONER, Role.CHAMPION])
def test_other_roles_are_refused(case, role):
    onward = refer(case, referable_service("Other"))
    user = user_with_role(role)
    for method, url in _endpoints(case, onward, referable_service()):
        assert getattr(client_for(user), method)(url).status_code == 403, url
    assert OnwardReferral.objects.get(pk=onward.pk).status == S.SENT


def test_the_services_own_provider_cannot_open_the_case_pages(case):
    service = referable_service()
    onward = refer(case, service)
    provider = provider_for(service)
    for method, url in _endpoints(case, onward, service):
        assert getattr(client_for(provider), method)(url).status_code == 403, url


def test_another_team_finds_nothing_just_as_for_a_missing_case(case):
    service = referable_service()
    onward = refer(case, referable_service("Other"))
    other_worker = user_with_role(Role.LINK_WORKER)
    outsider = client_for(other_worker)
    missing_id = str(uuid.uuid4())
    for method, url in _endpoints(case, onward, service):
        theirs = getattr(outsider, method)(url)
        missing = getattr(outsider, method)(url.replace(str(case.pk), missing_id))
        assert theirs.status_code == missing.status_code == 404, url
        assert theirs.content == missing.content, url
    missing_onward = reverse("casework:onward-detail", kwargs={"case_id": case.pk, "onward_id": uuid.uuid4()})
    assert client_for(case.link_worker).get(missing_onward).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED, actor_id=other_worker.pk).exists()
    assert OnwardReferral.objects.get(pk=onward.pk).status == S.SENT
    assert not Signposting.objects.exists()

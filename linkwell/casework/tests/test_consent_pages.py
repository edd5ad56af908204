"""Recording the person's consent decisions from their case, through the views, and who may reach the page."""

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
from linkwell.casework.consent import NOTHING_ASKED, Answer, decision_for
from linkwell.casework.consent_views import case_section
from linkwell.casework.discharge import discharge_case
from linkwell.casework.models import Case, DischargeReason
from linkwell.casework.tests.builders import open_case
from linkwell.casework.tests.onward_builders import consent_to_share, referable_service
from linkwell.conftest import client_for
from linkwell.people.actions import current_consent
from linkwell.people.models import Consent, ConsentDecision, ConsentMethod, ConsentPurpose
from linkwell.referrals.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SHARE = ConsentPurpose.SHARE_WITH_PROVIDERS.value


@pytest.fixture
def case() -> Case:
    return open_case(received_at=timezone.now() - timedelta(days=10))


def consent_url(case: Case) -> str:
    return reverse("casework:case-consent", kwargs={"case_id": case.pk})


def answers(method: str = ConsentMethod.IN_PERSON, **chosen: str) -> dict[str, str]:
    """A full POST: every purpose not asked, except those in `chosen`."""
    return {purpose.value: chosen.get(purpose.value, Answer.NOT_ASKED) for purpose in ConsentPurpose} | {
        "method": method
    }


def decisions(case: Case) -> list[tuple[str, str, str]]:
    return list(Consent.objects.filter(person=case.person).values_list("purpose", "decision", "method"))


# --- The page -------------------------------------------------------------------------------------
def test_the_page_shows_each_purpose_with_where_it_stands_now(case):
    consent_to_share(case.person)

    response = client_for(case.link_worker).get(consent_url(case))

    assert response.status_code == 200
    page = response.content.decode()
    for purpose in ConsentPurpose:
        assert purpose.label in page
    assert "Now: given on" in page
    assert "recorded by Jo Hughes (link worker). Refused withdraws their agreement." in page
    assert page.count("Now: not asked yet.") == 3
    assert page.count('value="not_asked" checked') == 4
    assert "How did they tell you?" in page


def test_showing_the_page_is_an_audited_read_of_the_case(case):
    client_for(case.link_worker).get(consent_url(case))

    event = AuditEvent.objects.get(action=AuditAction.CASE_VIEWED)
    assert (event.actor_id, event.object_id) == (case.link_worker.pk, str(case.pk))


def test_consent_given_in_person_is_recorded_audited_and_shown_on_the_case(case):
    client = client_for(case.link_worker)

    response = client.post(consent_url(case), answers(**{SHARE: Answer.GIVEN}))

    assert response.status_code == 302
    assert response["Location"] == reverse("casework:case", kwargs={"case_id": case.pk})
    assert decisions(case) == [(SHARE, ConsentDecision.GIVEN, ConsentMethod.IN_PERSON)]
    consent = Consent.objects.get(person=case.person)
    worker = case.link_worker
    assert consent.recorded_by_id == worker.pk
    assert consent.recorded_by_label == f"{worker.full_name}, {case.team.name}"
    event = AuditEvent.objects.get(action=AuditAction.CONSENT_RECORDED)
    assert (event.actor_id, event.person_id) == (worker.pk, str(case.person_id))
    assert event.detail == {"purpose": SHARE, "decision": "given", "method": "in_person"}
    page = client.get(response["Location"]).content.decode()
    assert "Consent decisions recorded." in page
    assert "Given on" in page


def test_several_answers_by_phone_are_recorded_together(case):
    response = client_for(case.link_worker).post(
        consent_url(case),
        answers(
            ConsentMethod.PHONE,
            **{SHARE: Answer.GIVEN, ConsentPurpose.EVALUATION.value: Answer.REFUSED},
        ),
    )

    assert response.status_code == 302
    assert sorted(decisions(case)) == [
        (ConsentPurpose.EVALUATION.value, ConsentDecision.REFUSED, ConsentMethod.PHONE),
        (SHARE, ConsentDecision.GIVEN, ConsentMethod.PHONE),
    ]


def test_refusing_what_was_agreed_withdraws_it_and_sharing_stops(case):
    consent_to_share(case.person)

    client_for(case.link_worker).post(consent_url(case), answers(**{SHARE: Answer.REFUSED}))

    sharing = current_consent(case.person)[ConsentPurpose.SHARE_WITH_PROVIDERS]
    assert sharing is not None
    assert sharing.decision == ConsentDecision.WITHDRAWN


def test_an_answer_is_the_decision_it_means():
    given = Consent(decision=ConsentDecision.GIVEN)
    refused = Consent(decision=ConsentDecision.REFUSED)
    assert decision_for(Answer.GIVEN, None) == ConsentDecision.GIVEN
    assert decision_for(Answer.GIVEN, refused) == ConsentDecision.GIVEN
    assert decision_for(Answer.REFUSED, None) == ConsentDecision.REFUSED
    assert decision_for(Answer.REFUSED, refused) == ConsentDecision.REFUSED
    assert decision_for(Answer.REFUSED, given) == ConsentDecision.WITHDRAWN
    assert decision_for(Answer.NOT_ASKED, given) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (answers(), NOTHING_ASKED),
        (answers(method="", **{SHARE: Answer.GIVEN}), "Choose how they told you"),
        (answers(ConsentMethod.ONLINE_FORM, **{SHARE: Answer.GIVEN}), "Select a valid choice"),
        (answers(**{SHARE: "maybe"}), "Select a valid choice"),
        ({"method": ConsentMethod.IN_PERSON}, "Choose an answer for sharing details with community groups"),
    ],
)
def test_bad_answers_are_explained_and_nothing_is_saved(case, data, message):
    response = client_for(case.link_worker).post(consent_url(case), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert "<title>Error: " in page
    assert decisions(case) == []


def test_a_merged_record_is_refused_with_its_reason_and_nothing_is_saved(case):
    other = PersonFactory.create()
    type(case.person).objects.filter(pk=case.person_id).update(merged_into=other)

    response = client_for(case.link_worker).post(
        consent_url(case), answers(**{SHARE: Answer.GIVEN, ConsentPurpose.EVALUATION.value: Answer.GIVEN})
    )

    assert response.status_code == 400
    assert "This record was merged into another" in response.content.decode()
    assert Consent.objects.count() == 0


def test_a_discharged_case_sends_the_worker_back_to_the_case(case):
    discharge_case(case=case, reason=DischargeReason.GOALS_MET, summary="Doing well", by=case.link_worker)
    client = client_for(case.link_worker)

    for response in (client.get(consent_url(case)), client.post(consent_url(case), answers(**{SHARE: "given"}))):
        assert response.status_code == 302
        assert response["Location"] == reverse("casework:case", kwargs={"case_id": case.pk})
    assert decisions(case) == []
    assert case_section(case, case.link_worker)["consent_may_record"] is False


# --- Where the page is linked from ----------------------------------------------------------------
def test_the_case_page_says_where_sharing_stands_and_links_to_the_page(case):
    client = client_for(case.link_worker)
    before = client.get(reverse("casework:case", kwargs={"case_id": case.pk})).content.decode()
    consent_to_share(case.person)
    after = client.get(reverse("casework:case", kwargs={"case_id": case.pk})).content.decode()

    assert '<span id="case-consent-to-share">Not asked yet</span>' in before
    assert consent_url(case) in before
    assert '<span id="case-consent-to-share">Given on ' in after


def test_the_case_section_takes_two_queries(case, django_assert_num_queries):
    consent_to_share(case.person)
    with django_assert_num_queries(2):
        section = case_section(case, case.link_worker)
    assert section["consent_to_share"].decision == ConsentDecision.GIVEN
    assert section["consent_to_share_on"] == timezone.localdate()


def test_the_refer_on_pages_without_consent_link_to_the_page(case):
    service = referable_service()
    client = client_for(case.link_worker)

    search = client.get(reverse("casework:onward-search", kwargs={"case_id": case.pk})).content.decode()
    refer = client.get(
        reverse("casework:onward-refer", kwargs={"case_id": case.pk, "service_id": service.pk})
    ).content.decode()

    assert consent_url(case) in search
    assert consent_url(case) in refer


# --- Who may reach the page -----------------------------------------------------------------------
def request(client: Client, method: str, url: str):
    return client.get(url) if method == "get" else client.post(url, answers(**{SHARE: Answer.GIVEN}))


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_cases_team_reaches_the_page(case, method):
    colleague = user_with_role(Role.TEAM_LEAD, team=case.team)
    response = request(client_for(colleague), method, consent_url(case))
    assert response.status_code == (200 if method == "get" else 302)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", [Role.REFERRER, Role.PROVIDER, Role.COMMISSIONER, Role.DIRECTORY_EDITOR])
def test_roles_without_case_records_are_refused(case, method, role):
    user = user_with_role(role, team=case.team) if role == Role.REFERRER else user_with_role(role)
    assert request(client_for(user), method, consent_url(case)).status_code == 403
    assert decisions(case) == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_team_gets_the_same_404_as_for_a_case_that_does_not_exist(case, method):
    other_team_worker = user_with_role(Role.LINK_WORKER)
    client = client_for(other_team_worker)

    theirs = request(client, method, consent_url(case))
    missing = request(client, method, consent_url(case).replace(str(case.pk), str(uuid.uuid4())))

    assert theirs.status_code == missing.status_code == 404
    assert theirs.content == missing.content
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED, actor_id=other_team_worker.pk).exists()
    assert decisions(case) == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_sign_in(case, method):
    response = request(Client(), method, consent_url(case))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")

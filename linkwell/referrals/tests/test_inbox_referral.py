import uuid
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import TeamFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.conftest import client_for
from linkwell.people.models import Consent, ConsentDecision, ConsentMethod, ConsentPurpose, PossibleDuplicate
from linkwell.referrals.models import Referral, ReferralStatus, ReferralTransition
from linkwell.referrals.tests.factories import PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return TeamFactory.create()


@pytest.fixture
def lead(team):
    return user_with_role(Role.TEAM_LEAD, team=team, full_name="Priya Lead")


@pytest.fixture
def worker(team):
    return user_with_role(Role.LINK_WORKER, team=team, full_name="Jo Worker")


@pytest.fixture
def referral(team):
    person = PersonFactory.create(
        given_name="Rowan",
        family_name="Ashdown",
        date_of_birth=date(1950, 3, 14),
        nhs_number="9990000018",
        phone="01632 960001",
        needs_interpreter=True,
        interpreter_language="Polish",
    )
    Consent.objects.create(
        person=person,
        purpose=ConsentPurpose.SUPPORT,
        decision=ConsentDecision.GIVEN,
        method=ConsentMethod.BY_REFERRER,
        recorded_by_label="Dr Ada Example (referrer)",
    )
    return ReferralFactory.create(
        team=team,
        person=person,
        reason_text="Lives alone since a bereavement",
        known_risks="Dog in the house",
        referrer_name="Dr Ada Example",
        referrer_phone="01632 960999",
    )


def page_url(referral: Referral) -> str:
    return reverse("inbox:referral", kwargs={"referral_id": referral.pk})


def change_url(referral: Referral, change: str) -> str:
    return reverse("inbox:change-status", kwargs={"referral_id": referral.pk, "change": change})


def allocate_url(referral: Referral) -> str:
    return reverse("inbox:allocate", kwargs={"referral_id": referral.pk})


def test_team_members_see_everything_about_the_referral_and_the_person(referral, lead, worker):
    for user in (lead, worker):
        response = client_for(user).get(page_url(referral))
        assert response.status_code == 200
        content = response.content.decode()
        for text in (
            "Rowan Ashdown",
            "999 000 0018",
            "14 March 1950",
            "01632 960001",
            "Polish",
            "Support from the social prescribing scheme",
            "Dr Ada Example (referrer)",
            "Lives alone since a bereavement",
            "Dog in the house",
            "01632 960999",
            "Received",
        ):
            assert text in content, text


def test_another_teams_member_gets_not_found_for_the_referral_and_its_actions(referral):
    stranger = user_with_role(Role.TEAM_LEAD)
    client = client_for(stranger)
    assert client.get(page_url(referral)).status_code == 404
    assert client.get(reverse("inbox:referral", kwargs={"referral_id": uuid.uuid4()})).status_code == 404
    assert client.post(change_url(referral, "triaged")).status_code == 404
    assert client.post(allocate_url(referral), {"worker": stranger.pk}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED


def test_the_referrer_who_made_it_does_not_get_the_team_view(team):
    referrer = user_with_role(Role.REFERRER)
    referral = ReferralFactory.create(team=team, referred_by=referrer)
    assert client_for(referrer).get(page_url(referral)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(referral):
    for response in (Client().get(page_url(referral)), Client().post(change_url(referral, "triaged"))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_viewing_the_referral_writes_a_person_viewed_audit_event(referral, worker):
    client_for(worker).get(page_url(referral))
    event = AuditEvent.objects.get(action=AuditAction.PERSON_VIEWED)
    assert event.actor_id == worker.pk
    assert event.person_id == str(referral.person_id)


def test_an_open_possible_duplicate_is_mentioned(referral, worker):
    PossibleDuplicate.objects.create(person=PersonFactory.create(), other=referral.person, score=90)
    assert "Possible duplicate of another record" in client_for(worker).get(page_url(referral)).content.decode()


def test_the_team_lead_allocates_to_a_link_worker_and_sees_caseloads(referral, lead, worker):
    ReferralFactory.create(team=referral.team, status=ReferralStatus.IN_CONTACT, allocated_to=worker)
    ReferralFactory.create(team=referral.team, status=ReferralStatus.ACCEPTED, allocated_to=worker)
    client = client_for(lead)
    page = client.get(page_url(referral))
    assert "Jo Worker (1 open case)" in page.content.decode()

    response = client.post(allocate_url(referral), {"worker": worker.pk}, follow=True)
    assert response.redirect_chain == [(page_url(referral), 302)]
    assert f"{referral.reference} is allocated to Jo Worker." in response.content.decode()
    referral.refresh_from_db()
    assert (referral.status, referral.allocated_to) == (ReferralStatus.ALLOCATED, worker)
    assert (
        "Jo Worker (2 open cases)" in client.get(page_url(ReferralFactory.create(team=referral.team))).content.decode()
    )


def test_a_link_worker_cannot_allocate_to_others_but_can_pick_up(referral, lead, worker):
    client = client_for(worker)
    page = client.get(page_url(referral))
    assert page.context["allocate_form"] is None
    assert page.context["may_pick_up"]

    refused = client.post(allocate_url(referral), {"worker": lead.pk})
    assert refused.status_code == 403
    assert "Link workers can pick up referrals for themselves only" in refused.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED

    client.post(reverse("inbox:pick-up", kwargs={"referral_id": referral.pk}))
    referral.refresh_from_db()
    assert (referral.status, referral.allocated_to) == (ReferralStatus.ALLOCATED, worker)


def test_not_appropriate_needs_a_reason_and_changes_nothing_without_one(referral, worker):
    client = client_for(worker)
    response = client.post(change_url(referral, "not-appropriate"), {"not-appropriate-reason": "  "})
    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Enter why the referral is not appropriate" in content
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED

    client.post(change_url(referral, "not-appropriate"), {"not-appropriate-reason": "Already supported elsewhere"})
    referral.refresh_from_db()
    assert (referral.status, referral.status_reason) == (ReferralStatus.NOT_APPROPRIATE, "Already supported elsewhere")
    assert "Already supported elsewhere" in client.get(page_url(referral)).content.decode()


def test_contact_and_outcomes_follow_the_state_machine(referral, worker):
    client = client_for(worker)
    client.post(reverse("inbox:pick-up", kwargs={"referral_id": referral.pk}))
    response = client.post(change_url(referral, "contact-made"), follow=True)
    assert "is now “In contact”" in response.content.decode()
    assert "Accepted — first meaningful contact" in response.content.decode()
    client.post(change_url(referral, "accepted"))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert list(ReferralTransition.objects.filter(referral=referral).values_list("to_status", flat=True)) == [
        ReferralStatus.ALLOCATED,
        ReferralStatus.IN_CONTACT,
        ReferralStatus.ACCEPTED,
    ]


def test_only_the_moves_the_status_allows_are_offered(referral, worker):
    page = client_for(worker).get(page_url(referral))
    assert set(page.context["changes"]) == {"triaged"}
    assert [slug for slug, _, _ in page.context["reason_forms"]] == ["not-appropriate", "withdrawn"]


def test_an_illegal_transition_is_refused_with_a_message(referral, worker):
    response = client_for(worker).post(change_url(referral, "accepted"))
    assert response.status_code == 400
    assert "A referral that is “Received” cannot become “Accepted”." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED


def test_an_unknown_change_is_not_found(referral, worker):
    assert client_for(worker).post(change_url(referral, "teleported")).status_code == 404


def test_status_changes_need_post(referral, worker):
    assert client_for(worker).get(change_url(referral, "triaged")).status_code == 405


def test_text_from_the_referral_and_person_is_escaped(team, worker):
    referral = ReferralFactory.create(
        team=team,
        person=PersonFactory.create(given_name="<b>Bold</b>"),
        reason_text="<script>alert(1)</script>",
        known_risks="<img src=x onerror=alert(1)>",
    )
    content = client_for(worker).get(page_url(referral)).content.decode()
    for raw in ("<b>Bold</b>", "<script>alert(1)</script>", "<img src=x"):
        assert raw not in content
    assert "&lt;script&gt;" in content


def test_the_referral_page_takes_a_bounded_number_of_queries(referral, lead, worker):
    client = client_for(lead)
    client.post(allocate_url(referral), {"worker": worker.pk})
    client.post(change_url(referral, "contact-made"))
    for purpose in (ConsentPurpose.EVALUATION, ConsentPurpose.CONTACT_DIGITAL):
        Consent.objects.create(
            person=referral.person,
            purpose=purpose,
            decision=ConsentDecision.GIVEN,
            method=ConsentMethod.PHONE,
            recorded_by_label="Jo Worker",
        )
    # The first showing builds this process's matching index for the suggested-services preview.
    client.get(page_url(referral))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page_url(referral)).status_code == 200
    # 16 for the referral itself; the preview adds the postcode's place and the directory's freshness check.
    assert len(queries) <= 19

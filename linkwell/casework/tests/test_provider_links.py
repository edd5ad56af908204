"""Single-purpose links emailed to providers without accounts: each works once, until it expires, only for its
own move, shows only the minimum, and changes nothing until its one button is pressed."""

import uuid
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.models import DeclineReason, LinkPurpose, OnwardReferral, OnwardStatus, ProviderLink
from linkwell.casework.onward import EMAILED_LINK, change_onward_status
from linkwell.casework.provider_links import ATTENDED_LINK_DAYS, create_links, link_url, token_for
from linkwell.casework.tests.provider_builders import last_change, link_path, sent_referral, token
from linkwell.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def onward() -> OnwardReferral:
    return sent_referral()


def refusals() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.PROVIDER_LINK_REFUSED).order_by("id"))


def stored(onward: OnwardReferral) -> OnwardReferral:
    return OnwardReferral.objects.get(pk=onward.pk)


def assert_private(response, referrer_policy: str = "no-referrer") -> None:
    assert response["Referrer-Policy"] == referrer_policy
    assert response["Cache-Control"] == "no-store"


def test_the_links_last_until_the_answer_is_due_and_attended_for_longer(onward):
    links = {link.purpose: link for link in ProviderLink.objects.filter(onward_referral=onward)}

    assert set(links) == set(LinkPurpose.values)
    assert links[LinkPurpose.ACCEPT].expires_at == onward.respond_by
    assert links[LinkPurpose.DECLINE].expires_at == onward.respond_by
    attended = links[LinkPurpose.ATTENDED]
    assert attended.expires_at == attended.created_at + timedelta(days=ATTENDED_LINK_DAYS)
    assert link_url(attended).startswith("http://127.0.0.1:8000/r/")
    assert all(link.used_at is None for link in links.values())


def test_opening_an_accept_link_shows_only_the_minimum_and_changes_nothing(onward):
    response = Client().get(link_path(onward, LinkPurpose.ACCEPT))

    assert response.status_code == 200
    # Not "no-referrer" here: with it, browsers send the form's POST with "Origin: null" and CSRF refuses it.
    assert_private(response, referrer_policy="strict-origin")
    page = response.content.decode()
    for shown in ("Accept this referral?", "Chelmer walking group", "Marnie", "07700 900123", "Large print"):
        assert shown in page
    assert "Would like company on walks" in page
    for hidden in ("Fieldfare", "999 000 0018", "9990000018", "Heronsgate", "1958"):
        assert hidden not in page
    assert page.count('type="submit"') == 1
    assert stored(onward).status == OnwardStatus.SENT
    assert not ProviderLink.objects.filter(onward_referral=onward, used_at__isnull=False).exists()
    viewed = AuditEvent.objects.get(action=AuditAction.ONWARD_REFERRAL_VIEWED)
    assert viewed.detail == {"via": "emailed link", "purpose": "accept"}
    assert viewed.person_id == str(onward.case.person_id)


def test_the_link_pages_show_no_navigation_even_to_someone_signed_in(onward):
    response = client_for(onward.case.link_worker).get(link_path(onward, LinkPurpose.ACCEPT))

    page = response.content.decode()
    assert response.status_code == 200
    for hidden in ("Caseload", "Sign out", "Inbox", "Roles and permissions", onward.case.link_worker.email):
        assert hidden not in page
    assert '<meta name="robots" content="noindex, nofollow">' in page


def test_an_accept_link_accepts_once_and_a_second_use_is_refused(onward):
    client = Client()
    path = link_path(onward, LinkPurpose.ACCEPT)

    response = client.post(path)

    assert response.status_code == 200
    assert_private(response)
    assert "Referral accepted" in response.content.decode()
    assert "07700 900123" in response.content.decode()
    assert stored(onward).status == OnwardStatus.ACCEPTED
    transition = last_change(onward)
    assert (transition.by_id, transition.by_label) == (None, EMAILED_LINK)
    assert ProviderLink.objects.get(onward_referral=onward, purpose=LinkPurpose.ACCEPT).used_at is not None
    assert stored(onward).first_response_at is not None

    again = client.post(path)

    assert again.status_code == 410
    assert_private(again)
    assert "This link has already been used" in again.content.decode()
    assert stored(onward).transitions.count() == 2
    assert client.get(path).status_code == 410
    assert [event.detail["reason"] for event in refusals()] == ["used", "used"]


def test_an_expired_link_is_refused_and_says_whom_to_contact(onward):
    now = timezone.now()
    ProviderLink.objects.filter(onward_referral=onward).update(
        created_at=now - timedelta(days=15), expires_at=now - timedelta(minutes=1)
    )
    path = link_path(onward, LinkPurpose.ACCEPT)

    response = Client().get(path)

    assert response.status_code == 410
    assert_private(response)
    page = response.content.decode()
    assert "This link has expired" in page
    assert "01245 000 111" in page
    assert "linkworkers@example.org" in page
    assert onward.case.referral.reference in page
    assert "Marnie" not in page
    assert Client().post(path).status_code == 410
    assert stored(onward).status == OnwardStatus.SENT
    assert [event.detail["reason"] for event in refusals()] == ["expired", "expired"]


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: uuid.uuid4().hex + token[32:],
        lambda token: token.split(".")[0],
        lambda token: "not-a-link",
    ],
    ids=["signature-altered", "id-swapped", "unsigned", "nonsense"],
)
def test_a_tampered_link_is_not_valid(onward, mangle):
    response = Client().post(f"/r/{mangle(token(onward, LinkPurpose.ACCEPT))}/")

    assert response.status_code == 404
    assert_private(response)
    assert "This link is not valid" in response.content.decode()
    assert stored(onward).status == OnwardStatus.SENT
    [refusal] = refusals()
    assert refusal.detail == {"reason": "invalid"}
    assert (refusal.object_id, refusal.person_id) == ("", "")


def test_a_link_signed_for_something_else_or_for_no_link_is_not_valid(onward):
    link = ProviderLink.objects.get(onward_referral=onward, purpose=LinkPurpose.ACCEPT)
    other_salt = signing.Signer(salt="linkwell.password-reset", sep=".").sign(link.pk.hex)
    no_such_link = signing.Signer(salt="linkwell.provider-link", sep=".").sign(uuid.uuid4().hex)

    assert Client().get(f"/r/{other_salt}/").status_code == 404
    assert Client().get(f"/r/{no_such_link}/").status_code == 404
    assert stored(onward).status == OnwardStatus.SENT


def test_a_link_does_only_its_own_move_whatever_is_posted(onward):
    response = Client().post(link_path(onward, LinkPurpose.ACCEPT), {"reason": DeclineReason.FULL, "note": "Full"})

    assert response.status_code == 200
    referral = stored(onward)
    assert (referral.status, referral.decline_reason) == (OnwardStatus.ACCEPTED, "")
    # The accept link asks for no note, so none reaches the link worker.
    assert last_change(referral).note == ""


def test_a_decline_link_asks_why_and_needs_a_note_for_other(onward):
    path = link_path(onward, LinkPurpose.DECLINE)
    client = Client()

    page = client.get(path).content.decode()
    assert "Why are you declining the referral?" in page
    assert "Out of area" in page

    missing = client.post(path, {})
    assert missing.status_code == 400
    assert "Choose why you are declining the referral" in missing.content.decode()
    unexplained = client.post(path, {"reason": DeclineReason.OTHER, "note": "  "})
    assert unexplained.status_code == 400
    assert "Say why you are declining the referral" in unexplained.content.decode()
    assert stored(onward).status == OnwardStatus.SENT
    assert ProviderLink.objects.get(onward_referral=onward, purpose=LinkPurpose.DECLINE).used_at is None

    declined = client.post(path, {"reason": DeclineReason.OUT_OF_AREA, "note": "We only meet in Maldon"})

    assert declined.status_code == 200
    assert "Referral declined" in declined.content.decode()
    assert "07700 900123" not in declined.content.decode()
    referral = stored(onward)
    assert (referral.status, referral.decline_reason) == (OnwardStatus.DECLINED, DeclineReason.OUT_OF_AREA)
    assert last_change(referral).note == "We only meet in Maldon"


def test_the_attended_link_marks_the_referral_started(onward):
    change_onward_status(onward=onward, to_status=OnwardStatus.ACCEPTED, by=None, by_label=EMAILED_LINK)

    response = Client().post(link_path(onward, LinkPurpose.ATTENDED))

    assert response.status_code == 200
    assert "Thank you for confirming" in response.content.decode()
    assert stored(onward).status == OnwardStatus.STARTED


def test_a_link_for_a_referral_that_has_moved_on_is_refused(onward):
    Client().post(link_path(onward, LinkPurpose.DECLINE), {"reason": DeclineReason.FULL})

    response = Client().get(link_path(onward, LinkPurpose.ACCEPT))

    assert response.status_code == 409
    assert_private(response)
    assert "The referral has moved on" in response.content.decode()
    assert "declined" in response.content.decode()
    assert Client().post(link_path(onward, LinkPurpose.ATTENDED)).status_code == 409
    assert stored(onward).status == OnwardStatus.DECLINED
    assert [event.detail["reason"] for event in refusals()] == ["moved_on", "moved_on"]


def test_refusals_are_audited_without_personal_data(onward):
    link = ProviderLink.objects.get(onward_referral=onward, purpose=LinkPurpose.ACCEPT)
    ProviderLink.objects.filter(pk=link.pk).update(used_at=timezone.now())

    Client().get(link_path(onward, LinkPurpose.ACCEPT), REMOTE_ADDR="192.0.2.7")

    [refusal] = refusals()
    assert refusal.actor_label == "anonymous"
    assert refusal.object_id == str(link.pk)
    assert refusal.person_id == ""
    assert refusal.detail == {"reason": "used", "purpose": "accept", "onward_referral_id": str(onward.pk)}
    assert token_for(link) not in str(refusal.detail)


def test_a_fresh_link_works_after_an_earlier_one_of_the_same_kind_was_sent(onward):
    fresh = create_links(onward)[LinkPurpose.ACCEPT]

    assert Client().post(f"/r/{token_for(fresh)}/").status_code == 200
    assert Client().post(link_path(onward, LinkPurpose.ACCEPT)).status_code == 410


def test_the_confirm_button_needs_the_pages_csrf_token(onward):
    client = Client(enforce_csrf_checks=True)
    path = link_path(onward, LinkPurpose.ACCEPT)

    assert client.post(path).status_code == 403
    assert stored(onward).status == OnwardStatus.SENT

    client.get(path)
    assert client.post(path, {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}).status_code == 200
    assert stored(onward).status == OnwardStatus.ACCEPTED


def test_only_get_and_post_are_answered(onward):
    response = Client().put(link_path(onward, LinkPurpose.ACCEPT))

    assert response.status_code == 405
    assert stored(onward).status == OnwardStatus.SENT


def test_a_provider_user_can_still_use_an_emailed_link(onward):
    provider = user_with_role(Role.PROVIDER)

    response = client_for(provider).post(link_path(onward, LinkPurpose.ACCEPT))

    assert response.status_code == 200
    assert last_change(onward).by_label == EMAILED_LINK

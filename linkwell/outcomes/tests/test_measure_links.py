"""Sending the person a link to answer a measure themselves: only with their consent to digital contact and
an address or number for it; the link is signed, works once, for 14 days, while the measure is still needed;
every refusal is a clear page and an audit event."""

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.tests.builders import open_case
from linkwell.conftest import client_for
from linkwell.core.middleware import loggable_path
from linkwell.outcomes.measure_links import link_url, send_measure_link, token_for
from linkwell.outcomes.models import AnswerMode, MeasureLink, MeasureResponse, Timepoint
from linkwell.outcomes.tests.builders import ons4_answers, stored_measure
from linkwell.people.actions import record_consent
from linkwell.people.models import ConsentDecision, ConsentMethod, ConsentPurpose
from linkwell.referrals.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def consent(person, decision=ConsentDecision.GIVEN):
    record_consent(
        person=person,
        purpose=ConsentPurpose.CONTACT_DIGITAL,
        decision=decision,
        method=ConsentMethod.IN_PERSON,
        by=None,
        by_label="Test",
    )


@pytest.fixture
def case():
    person = PersonFactory.create(
        given_name="Morwenna", family_name="Trelawny", email="morwenna@example.org", phone="07700900123"
    )
    consent(person)
    return open_case(person=person)


@pytest.fixture
def texts(settings, tmp_path):
    settings.NOTIFICATIONS_SMS_BACKEND = "file"
    settings.NOTIFICATIONS_FILE_DIR = tmp_path
    return tmp_path / "sms.jsonl"


def send(case, channel="email", **overrides) -> MeasureLink:
    return send_measure_link(
        **{
            "case": case,
            "instrument_id": "ons4",
            "timepoint": Timepoint.BASELINE,
            "channel": channel,
            "by": case.link_worker,
        }
        | overrides
    )


def answer_url(link: MeasureLink) -> str:
    return reverse("measure_link:answer", kwargs={"token": token_for(link)})


def refusals() -> list[dict[str, Any]]:
    return [event.detail for event in AuditEvent.objects.filter(action=AuditAction.MEASURE_LINK_REFUSED)]


# --- Sending ---------------------------------------------------------------------------------------
def test_the_link_is_emailed_after_commit_and_the_sending_audited(case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        link = send(case)
        assert mail.outbox == []

    [message] = mail.outbox
    assert message.to == ["morwenna@example.org"]
    assert link_url(link) in message.body
    assert "Hello Morwenna" in message.body
    assert "Trelawny" not in f"{message.subject} {message.body}"
    assert link.expires_at - link.created_at == timedelta(days=14)
    [event] = AuditEvent.objects.filter(action=AuditAction.MEASURE_LINK_SENT)
    assert event.detail == {"instrument": "ons4", "timepoint": "baseline", "channel": "email"}


def test_the_link_can_go_by_text_message(case, texts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        link = send(case, channel="sms")
    [text] = [json.loads(line) for line in texts.read_text().splitlines()]
    assert text["to"] == "07700900123"
    assert link_url(link) in text["body"]


@pytest.mark.parametrize(
    ("decision", "words"), [(None, "has not been asked"), (ConsentDecision.REFUSED, "has refused consent")]
)
def test_without_consent_to_digital_contact_nothing_is_sent(decision, words, django_capture_on_commit_callbacks):
    person = PersonFactory.create(given_name="Bram", email="bram@example.org")
    if decision is not None:
        consent(person, decision)
    case = open_case(person=person)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CaseworkProblem) as problem:
        send(case)
    assert problem.value.errors["channel"].startswith(f"Bram {words} to be contacted by text message or email")
    assert not MeasureLink.objects.exists()
    assert mail.outbox == []


def test_consent_withdrawn_since_it_was_given_stops_the_link(case):
    consent(case.person, ConsentDecision.WITHDRAWN)
    with pytest.raises(CaseworkProblem, match="has withdrawn consent"):
        send(case)


def test_without_an_address_or_number_for_the_channel_nothing_is_sent():
    person = PersonFactory.create(given_name="Cerys", email="", phone="")
    consent(person)
    case = open_case(person=person)
    with pytest.raises(CaseworkProblem, match="There is no email address for Cerys"):
        send(case)
    with pytest.raises(CaseworkProblem, match="There is no phone number for Cerys"):
        send(case, channel="sms")
    assert not MeasureLink.objects.exists()


def test_the_send_page_shows_the_refusal_on_the_form(django_capture_on_commit_callbacks):
    case = open_case(person=PersonFactory.create(given_name="Dev", email="dev@example.org"))
    url = reverse("outcomes:measure-send", kwargs={"case_id": case.pk})
    client = client_for(case.link_worker)
    form = client.get(url).content.decode()
    assert "Send Dev a link" in form
    assert "Not asked yet" in form
    assert "dev@example.org" in form
    response = client.post(url, {"instrument": "ons4", "timepoint": "baseline", "channel": "email"})
    assert response.status_code == 400
    assert "Dev has not been asked to be contacted by text message or email" in response.content.decode()


def test_the_send_page_sends_and_returns_to_the_case(case, django_capture_on_commit_callbacks):
    url = reverse("outcomes:measure-send", kwargs={"case_id": case.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(case.link_worker).post(
            url, {"instrument": "loneliness", "timepoint": "baseline", "channel": "email"}
        )
    assert response.status_code == 302
    assert response["Location"].endswith("#measures")
    assert MeasureLink.objects.get().instrument == "loneliness"
    assert len(mail.outbox) == 1


# --- Answering -------------------------------------------------------------------------------------
def test_the_person_sees_the_questions_and_only_their_first_name(case):
    link = send(case)
    response = Client().get(answer_url(link))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hello Morwenna" in page
    for private in ("Trelawny", "morwenna@example.org", "07700900123", case.referral.reference):
        assert private not in page
    assert "Overall, how satisfied are you with your life nowadays?" in page
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "strict-origin"
    assert AuditEvent.objects.filter(action=AuditAction.MEASURE_LINK_OPENED).count() == 1


def test_answering_records_a_self_completed_measure_once(case):
    link = send(case)
    client = Client()
    data = {key: str(value) for key, value in ons4_answers(life=8).items()}
    response = client.post(answer_url(link), data)
    assert response.status_code == 200
    assert "Your answers have been sent to your link worker" in response.content.decode()
    measure = MeasureResponse.objects.get()
    assert (measure.mode, measure.recorded_by, measure.timepoint) == (AnswerMode.SELF, None, "baseline")
    assert measure.completed_on == timezone.localdate()
    assert measure.scores["life_satisfaction"] == 8
    link.refresh_from_db()
    assert link.used_at is not None
    assert link.response == measure
    [event] = AuditEvent.objects.filter(action=AuditAction.MEASURE_RECORDED)
    assert event.actor_label == "anonymous"
    assert event.detail["via"] == "sent link"

    again = client.post(answer_url(link), data)
    assert again.status_code == 410
    assert "You have already answered these questions" in again.content.decode()
    assert MeasureResponse.objects.count() == 1
    assert refusals() == [{"reason": "used", "instrument": "ons4", "timepoint": "baseline"}]


def test_unanswered_questions_are_named_and_nothing_is_saved(case):
    link = send(case)
    response = Client().post(answer_url(link), {"life_satisfaction": "5"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose an answer for “Anxiety”" in page
    assert not MeasureResponse.objects.exists()
    link.refresh_from_db()
    assert link.used_at is None


def test_an_expired_link_is_refused(case):
    link = send(case)
    MeasureLink.objects.filter(pk=link.pk).update(
        created_at=timezone.now() - timedelta(days=15), expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = Client().get(answer_url(link))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert refusals() == [{"reason": "expired", "instrument": "ons4", "timepoint": "baseline"}]


@pytest.mark.parametrize("token", ["nonsense", "abc.def"])
def test_a_tampered_or_made_up_link_is_not_found(case, token):
    link = send(case)
    for bad in (token, token_for(link)[:-1] + ("A" if token_for(link)[-1] != "A" else "B")):
        response = Client().get(reverse("measure_link:answer", kwargs={"token": bad}))
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    assert refusals() == [{"reason": "invalid"}, {"reason": "invalid"}]


def test_a_link_for_a_measure_recorded_meanwhile_is_no_longer_needed(case):
    link = send(case)
    stored_measure(case)
    response = Client().post(answer_url(link), {key: str(v) for key, v in ons4_answers().items()})
    assert response.status_code == 410
    assert "You do not need to answer these questions now" in response.content.decode()
    assert MeasureResponse.objects.count() == 1


def test_the_link_path_is_kept_out_of_the_request_log(case):
    link = send(case)
    assert loggable_path(answer_url(link)) == "/m/…"

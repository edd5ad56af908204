import json

import pytest
from django.core import mail
from django.db import transaction

from linkwell.accounts.models import TeamPostcodeDistrict
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import TeamFactory, user_with_role
from linkwell.people.models import ConsentDecision, ConsentMethod, ConsentPurpose
from linkwell.referrals.actions import change_status, mark_not_appropriate
from linkwell.referrals.models import ReferralSource, ReferralStatus
from linkwell.referrals.tests.factories import PersonFactory, ReferralFactory
from linkwell.referrals.tests.test_receive_referral import SUPPORT_GIVEN, details, refer

pytestmark = pytest.mark.django_db

DIGITAL_GIVEN = (ConsentPurpose.CONTACT_DIGITAL, ConsentDecision.GIVEN, ConsentMethod.BY_REFERRER)
DIGITAL_REFUSED = (ConsentPurpose.CONTACT_DIGITAL, ConsentDecision.REFUSED, ConsentMethod.BY_REFERRER)
CLINICAL_WORDS = ["widowed", "bills", "loneliness", "debt", "Morwenna", "Trelawny"]


@pytest.fixture
def team():
    team = TeamFactory.create(name="Chelmsford Link", contact_phone="01245 000111", contact_email="link@example.org")
    TeamPostcodeDistrict.objects.create(team=team, district="CM1")
    return team


@pytest.fixture
def texts(settings, tmp_path):
    settings.NOTIFICATIONS_SMS_BACKEND = "file"
    settings.NOTIFICATIONS_FILE_DIR = tmp_path
    return tmp_path / "sms.jsonl"


def sent_texts(path):
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_the_referrer_is_told_the_referral_arrived_only_after_commit(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer()
        assert mail.outbox == []

    [message] = mail.outbox
    assert message.to == ["imogen.fairweather@example.org"]
    assert referral.reference in message.subject
    assert "Chelmsford Link" in message.body
    assert "01245 000111" in message.body
    assert "What happens next" in message.body
    for word in CLINICAL_WORDS:
        assert word not in f"{message.subject} {message.body}"


def test_nothing_is_sent_when_the_referral_is_rolled_back(team, texts, django_capture_on_commit_callbacks):
    @transaction.atomic
    def refer_then_fail() -> None:
        refer(
            person_details=details(email="m@example.org", phone="07700900123"),
            consents=[SUPPORT_GIVEN, DIGITAL_GIVEN],
        )
        raise RuntimeError("a later step failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        refer_then_fail()

    assert mail.outbox == []
    assert sent_texts(texts) == []


def test_a_signed_in_referrer_without_a_given_email_is_told_at_their_account_address(
    team, django_capture_on_commit_callbacks
):
    referrer = user_with_role(Role.REFERRER, email="gp@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        refer(by=referrer, referrer_email="")

    assert [m.to for m in mail.outbox] == [["gp@example.org"]]


def test_the_person_is_told_by_email_and_text_when_they_agreed_to_digital_contact(
    team, texts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(
            person_details=details(email="m@example.org", phone="07700900123"), consents=[SUPPORT_GIVEN, DIGITAL_GIVEN]
        )

    to_person = [m for m in mail.outbox if m.to == ["m@example.org"]]
    [message] = to_person
    assert referral.reference in message.body
    assert "01245 000111" in message.body
    [text] = sent_texts(texts)
    assert text["to"] == "07700900123"
    assert referral.reference in text["body"]
    for word in CLINICAL_WORDS:
        assert word not in f"{message.subject} {message.body} {text['body']}"


@pytest.mark.parametrize("consents", [[SUPPORT_GIVEN], [SUPPORT_GIVEN, DIGITAL_REFUSED]])
def test_the_person_hears_nothing_without_consent_to_digital_contact(
    team, texts, consents, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        refer(person_details=details(email="m@example.org", phone="07700900123"), consents=consents)

    assert [m.to for m in mail.outbox] == [["imogen.fairweather@example.org"]]
    assert sent_texts(texts) == []


def test_someone_referring_themselves_is_told_once_as_the_person(team, texts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        refer(
            source=ReferralSource.SELF,
            referrer_email="m@example.org",
            person_details=details(email="m@example.org"),
            consents=[SUPPORT_GIVEN, DIGITAL_GIVEN],
        )

    [message] = mail.outbox
    assert message.to == ["m@example.org"]
    assert "received a referral for you" in message.body


def test_the_referrer_is_told_why_a_referral_is_not_appropriate(team, django_capture_on_commit_callbacks):
    lead = user_with_role(Role.TEAM_LEAD, team=team)
    referral = ReferralFactory.create(team=team, referrer_email="gp@example.org", reason_text="Recently widowed")

    with django_capture_on_commit_callbacks(execute=True):
        mark_not_appropriate(
            referral=referral, by=lead, reason="Needs urgent mental health support; please refer to the crisis team."
        )

    [message] = mail.outbox
    assert message.to == ["gp@example.org"]
    assert referral.reference in message.subject
    assert "not appropriate" in message.body
    assert "please refer to the crisis team" in message.body
    assert "widowed" not in message.body


def test_the_referrer_is_told_when_the_person_declines(team, django_capture_on_commit_callbacks):
    worker = user_with_role(Role.LINK_WORKER, team=team)
    referral = ReferralFactory.create(
        team=team, status=ReferralStatus.IN_CONTACT, allocated_to=worker, referrer_email="gp@example.org"
    )

    with django_capture_on_commit_callbacks(execute=True):
        change_status(
            referral=referral, to_status=ReferralStatus.DECLINED_BY_PERSON, by=worker, reason="Has found a local group"
        )

    [message] = mail.outbox
    assert "decided not to take up the referral" in message.body
    assert "Has found a local group" in message.body


def test_other_moves_send_nothing(team, django_capture_on_commit_callbacks):
    lead = user_with_role(Role.TEAM_LEAD, team=team)
    referral = ReferralFactory.create(team=team, referrer_email="gp@example.org", person=PersonFactory.create())

    with django_capture_on_commit_callbacks(execute=True):
        change_status(referral=referral, to_status=ReferralStatus.TRIAGED, by=lead)

    assert mail.outbox == []

"""What providers and link workers are told about onward referrals, by email, once the change commits — and
that no email carries the person's details."""

import re

import pytest
from django.core import mail
from django.test import Client

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.casework.models import DeclineReason, LinkPurpose, OnwardStatus, ProviderLink
from linkwell.casework.onward import EMAILED_LINK, SYSTEM, change_onward_status
from linkwell.casework.tests.onward_builders import provider_for, provider_organisation
from linkwell.casework.tests.provider_builders import (
    ORGANISATION_ADDRESS,
    REFERRAL_ADDRESS,
    case_for_marnie,
    link_path,
    sent_referral,
    service_for,
)
from linkwell.conftest import client_for

pytestmark = pytest.mark.django_db

PERSONAL = ("Marnie", "Fieldfare", "07700 900123", "marnie.f@example.org", "company on walks", "Large print")


def assert_nothing_personal(message: mail.EmailMessage) -> None:
    for detail in PERSONAL:
        assert detail not in message.subject
        assert detail not in message.body


def test_a_new_referral_emails_the_services_referral_address_with_three_links(django_capture_on_commit_callbacks):
    case = case_for_marnie()
    with django_capture_on_commit_callbacks(execute=True):
        onward = sent_referral(case=case)
        assert mail.outbox == []

    [message] = mail.outbox
    reference = case.referral.reference
    assert message.to == [REFERRAL_ADDRESS]
    assert message.subject == f"New referral {reference} to Chelmer walking group"
    assert "Chelmsford link workers has referred someone to Chelmer walking group" in message.body
    assert "01245 000 111" in message.body
    assert "Sign in to Linkwell" not in message.body
    assert_nothing_personal(message)
    urls = re.findall(r"http://127\.0\.0\.1:8000(/r/[^/\s]+/)", str(message.body))
    links = {link.purpose: link for link in ProviderLink.objects.filter(onward_referral=onward)}
    assert len(urls) == 3 == len(links)
    assert urls == [link_path(onward, purpose) for purpose in LinkPurpose]
    assert all(Client().get(url).status_code == 200 for url in urls)


def test_with_no_referral_address_a_group_without_users_gets_its_organisations_email(
    django_capture_on_commit_callbacks,
):
    service = service_for(referral_email="", organisation_email=ORGANISATION_ADDRESS)

    with django_capture_on_commit_callbacks(execute=True):
        sent_referral(service)

    assert [message.to for message in mail.outbox] == [[ORGANISATION_ADDRESS]]


def test_an_organisation_with_linkwell_users_answers_in_the_inbox_unless_it_has_a_referral_address(
    django_capture_on_commit_callbacks,
):
    organisation = provider_organisation()
    inbox_only = service_for(managed_by=organisation, referral_email="", organisation_email=ORGANISATION_ADDRESS)
    provider_for(inbox_only)
    with_address = service_for(managed_by=organisation, name="Springfield allotment club")

    with django_capture_on_commit_callbacks(execute=True):
        quiet = sent_referral(inbox_only)

    assert mail.outbox == []
    assert not ProviderLink.objects.filter(onward_referral=quiet).exists()

    with django_capture_on_commit_callbacks(execute=True):
        sent_referral(with_address, case=quiet.case)

    [message] = mail.outbox
    assert message.to == [REFERRAL_ADDRESS]
    assert "sign in to Linkwell to answer from your inbox:\nhttp://127.0.0.1:8000/provider/" in message.body


def test_a_service_with_no_address_at_all_gets_no_email_and_no_links(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        onward = sent_referral(service_for(referral_email=""))

    assert mail.outbox == []
    assert not ProviderLink.objects.filter(onward_referral=onward).exists()


def test_the_link_worker_hears_of_a_providers_answer_in_the_inbox(django_capture_on_commit_callbacks):
    onward = sent_referral(service_for(managed_by=provider_organisation()))
    provider = provider_for(onward.service)
    case = onward.case

    with django_capture_on_commit_callbacks(execute=True):
        client_for(provider).post(f"/provider/{onward.pk}/accept/", {"accept-note": "Marnie can start Tuesday"})

    message = next(message for message in mail.outbox if message.to == [case.link_worker.email])
    reference = case.referral.reference
    assert message.subject == f"Chelmer walking group accepted referral {reference}"
    assert f"Changed by: {provider.email}" in message.body
    assert "New status: Accepted (was: Sent)" in message.body
    assert "They left a note for you: read it on the case page." in message.body
    assert f"http://127.0.0.1:8000/cases/{case.pk}/" in message.body
    assert_nothing_personal(message)


def test_the_link_worker_hears_of_an_emailed_link_answer_with_the_reason(django_capture_on_commit_callbacks):
    onward = sent_referral()

    with django_capture_on_commit_callbacks(execute=True):
        Client().post(link_path(onward, LinkPurpose.DECLINE), {"reason": DeclineReason.NOT_ELIGIBLE})

    [message] = mail.outbox
    assert message.to == [onward.case.link_worker.email]
    assert message.subject == f"Chelmer walking group declined referral {onward.case.referral.reference}"
    assert f"Changed by: {EMAILED_LINK}" in message.body
    assert "Reason for declining: Not eligible" in message.body
    assert "another service" in message.body
    assert "left a note" not in message.body


def test_the_link_worker_hears_of_an_expiry(django_capture_on_commit_callbacks):
    onward = sent_referral(service_for(referral_email=""))

    with django_capture_on_commit_callbacks(execute=True):
        change_onward_status(onward=onward, to_status=OnwardStatus.EXPIRED, by=None, by_label=SYSTEM)

    [message] = mail.outbox
    assert (
        message.subject
        == f"Referral {onward.case.referral.reference} to Chelmer walking group expired: no answer in time"
    )
    assert f"Changed by: {SYSTEM}" in message.body


def test_the_link_worker_is_not_told_of_their_own_change_but_hears_of_a_colleagues(
    django_capture_on_commit_callbacks,
):
    onward = sent_referral(service_for(referral_email=""))
    case = onward.case

    with django_capture_on_commit_callbacks(execute=True):
        change_onward_status(onward=onward, to_status=OnwardStatus.ACCEPTED, by=case.link_worker)
    assert mail.outbox == []

    colleague = user_with_role(Role.LINK_WORKER, team=case.team)
    with django_capture_on_commit_callbacks(execute=True):
        change_onward_status(onward=onward, to_status=OnwardStatus.STARTED, by=colleague)

    [message] = mail.outbox
    assert message.to == [case.link_worker.email]
    assert message.subject == f"Referral {case.referral.reference}: the person has started at Chelmer walking group"


def test_nothing_is_sent_or_changed_when_using_a_link_fails_part_way(django_capture_on_commit_callbacks, monkeypatch):
    onward = sent_referral()
    path = link_path(onward, LinkPurpose.ACCEPT)

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(ProviderLink, "save", fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        Client().post(path)

    assert mail.outbox == []
    onward.refresh_from_db()
    assert onward.status == OnwardStatus.SENT

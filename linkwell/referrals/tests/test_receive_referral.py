from datetime import date

import pytest

from linkwell.accounts.models import OrganisationKind, TeamPostcodeDistrict
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.people.actions import PersonDetails
from linkwell.people.models import Consent, ConsentDecision, ConsentMethod, ConsentPurpose, Person
from linkwell.referrals.actions import LONG_TEXT_LIMIT, NO_TEAM_FOUND, ReferralProblem, receive_referral
from linkwell.referrals.models import Referral, ReferralChannel, ReferralSource, ReferralStatus, ReferralTransition

pytestmark = pytest.mark.django_db

# 999-range test numbers that pass Modulus 11.
NHS_NUMBER = "9992345675"
SUPPORT_GIVEN = (ConsentPurpose.SUPPORT, ConsentDecision.GIVEN, ConsentMethod.BY_REFERRER)


def details(**overrides):
    fields = {
        "given_name": "Morwenna",
        "family_name": "Trelawny",
        "date_of_birth": date(1958, 4, 2),
        "nhs_number": "999 234 5675",
        "postcode": "cm1 1aa",
    }
    return PersonDetails(**{**fields, **overrides})


def refer(**overrides):
    fields = {
        "person_details": details(),
        "team": None,
        "source": ReferralSource.GP,
        "channel": ReferralChannel.PROFESSIONAL_FORM,
        "reasons": ["loneliness", "debt"],
        "reason_text": "Recently widowed and struggling with bills.",
        "by": None,
        "referrer_name": "Dr Imogen Fairweather",
        "referrer_email": "imogen.fairweather@example.org",
        "consents": [SUPPORT_GIVEN],
    }
    return receive_referral(**{**fields, **overrides})


@pytest.fixture
def team():
    team = TeamFactory.create()
    TeamPostcodeDistrict.objects.create(team=team, district="CM1")
    return team


def nothing_saved():
    return not (
        Person.objects.exists()
        or Consent.objects.exists()
        or Referral.objects.exists()
        or ReferralTransition.objects.exists()
        or AuditEvent.objects.exists()
    )


def test_a_referral_is_received_with_its_person_consent_first_transition_and_audit_event(team):
    referrer = user_with_role(Role.REFERRER, full_name="Dr Imogen Fairweather")

    referral = refer(by=referrer, reasons=["loneliness", "debt", "loneliness"])

    assert referral.team == team
    assert referral.status == ReferralStatus.RECEIVED
    assert referral.reasons == ["loneliness", "debt"]
    assert referral.referred_by == referrer
    assert referral.reference.startswith("LW-")
    person = referral.person
    assert (person.nhs_number, person.postcode) == (NHS_NUMBER, "CM1 1AA")
    consent = Consent.objects.get(person=person)
    assert (consent.purpose, consent.decision) == (ConsentPurpose.SUPPORT, ConsentDecision.GIVEN)
    assert consent.recorded_by_id == referrer.pk
    transition = ReferralTransition.objects.get(referral=referral)
    assert (transition.from_status, transition.to_status, transition.by_id) == ("", "received", referrer.pk)
    event = AuditEvent.objects.get(action=AuditAction.REFERRAL_RECEIVED)
    assert (event.object_id, event.person_id, event.actor_id) == (str(referral.pk), str(person.pk), referrer.pk)


def test_a_self_referral_without_a_signed_in_user_is_received(team):
    referral = refer(
        source=ReferralSource.SELF,
        channel=ReferralChannel.PUBLIC_FORM,
        referrer_name="",
        consents=[(ConsentPurpose.SUPPORT, ConsentDecision.GIVEN, ConsentMethod.ONLINE_FORM)],
    )
    assert referral.referred_by is None
    assert ReferralTransition.objects.get(referral=referral).by_label == "the person, online"
    assert Consent.objects.get().recorded_by_label == "the person, online"


def test_a_chosen_team_is_used_without_routing():
    chosen = TeamFactory.create()
    assert refer(team=chosen).team == chosen


def test_routing_follows_the_practice_given_for_routing():
    practice = OrganisationFactory.create(kind=OrganisationKind.GP_PRACTICE, ods_code="Z99002")
    practice_team = TeamFactory.create()
    practice_team.covered_organisations.add(practice)
    assert refer(routing_practice_ods_code="Z99002", person_details=details(postcode="")).team == practice_team


def test_every_problem_is_reported_at_once_and_nothing_is_saved():
    with pytest.raises(ReferralProblem) as raised:
        refer(
            person_details=details(given_name="", nhs_number="999 234 5676", postcode="nowhere"),
            reasons=[],
            reason_text=" ",
            known_risks="x" * (LONG_TEXT_LIMIT + 1),
            referrer_email="not an email",
            consents=[],
            source="carrier_pigeon",
        )
    assert set(raised.value.errors) == {
        "reasons",
        "known_risks",
        "referrer_email",
        "consents",
        "source",
        "team",
        "person.given_name",
        "person.nhs_number",
        "person.postcode",
    }
    assert nothing_saved()


def test_missing_consent_to_support_is_a_clear_error(team):
    for consents in (
        [],
        [(ConsentPurpose.SUPPORT, ConsentDecision.REFUSED, ConsentMethod.PHONE)],
        [(ConsentPurpose.EVALUATION, ConsentDecision.GIVEN, ConsentMethod.PHONE)],
        [SUPPORT_GIVEN, (ConsentPurpose.SUPPORT, ConsentDecision.REFUSED, ConsentMethod.PHONE)],
    ):
        with pytest.raises(ReferralProblem) as raised:
            refer(consents=consents)
        assert raised.value.errors["consents"].startswith("Missing consent")
    assert nothing_saved()


def test_other_consent_decisions_are_recorded_alongside_support(team):
    referral = refer(
        consents=[SUPPORT_GIVEN, (ConsentPurpose.EVALUATION, ConsentDecision.REFUSED, ConsentMethod.BY_REFERRER)]
    )
    assert Consent.objects.filter(person=referral.person).count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.CONSENT_RECORDED).count() == 2


def test_withdrawing_consent_never_given_undoes_the_whole_referral(team):
    withdrawal = (ConsentPurpose.EVALUATION, ConsentDecision.WITHDRAWN, ConsentMethod.BY_REFERRER)
    with pytest.raises(ReferralProblem) as raised:
        refer(consents=[SUPPORT_GIVEN, withdrawal])
    assert "cannot be withdrawn" in raised.value.errors["consents"]
    assert nothing_saved()


def test_unknown_need_codes_are_refused_by_name(team):
    with pytest.raises(ReferralProblem) as raised:
        refer(reasons=["loneliness", "boredom"])
    assert raised.value.errors == {"reasons": "Choose reasons from the list (not recognised: boredom)"}


def test_a_description_alone_is_reason_enough(team):
    assert refer(reasons=[], reason_text="Wants to meet people").reasons == []


@pytest.mark.parametrize("field", ["reason_text", "known_risks"])
def test_oversized_text_is_refused(team, field):
    with pytest.raises(ReferralProblem) as raised:
        refer(**{field: "x" * (LONG_TEXT_LIMIT + 1)})
    assert raised.value.errors == {field: f"Keep this to {LONG_TEXT_LIMIT} characters or fewer"}
    assert refer(**{field: "x" * LONG_TEXT_LIMIT}).pk


def test_oversized_referrer_details_are_refused(team):
    with pytest.raises(ReferralProblem) as raised:
        refer(referrer_name="x" * 201, referrer_phone="1" * 31)
    assert set(raised.value.errors) == {"referrer_name", "referrer_phone"}


def test_a_referral_nobody_covers_says_so_plainly():
    with pytest.raises(ReferralProblem) as raised:
        refer(person_details=details(postcode="ZZ99 3VZ"))
    assert raised.value.errors == {"team": NO_TEAM_FOUND}
    assert NO_TEAM_FOUND == "We could not find a social prescribing team for this GP practice or postcode"
    assert nothing_saved()


def test_a_second_referral_with_the_same_nhs_number_attaches_to_the_same_person(team):
    first = refer()
    second = refer(person_details=details(given_name="Wenna", postcode="CM1 2AB"), reasons=["housing"])
    assert second.person == first.person
    assert Person.objects.count() == 1
    assert second.reference != first.reference


def test_a_reference_clash_is_retried_with_a_fresh_reference(team, monkeypatch):
    taken = refer().reference
    fresh = iter([taken, taken, "LW-2222-3333"])
    monkeypatch.setattr("linkwell.referrals.actions.new_reference", lambda: next(fresh))
    assert refer(person_details=details(nhs_number="")).reference == "LW-2222-3333"

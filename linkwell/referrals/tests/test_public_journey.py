"""The public self-referral journey, through the views."""

from typing import Any

import pytest
from django.test import Client

from linkwell.accounts.models import Organisation, OrganisationKind, Team, TeamPostcodeDistrict
from linkwell.accounts.tests.factories import TeamFactory
from linkwell.people.models import Consent, ConsentMethod, ConsentPurpose, Person
from linkwell.referrals.models import Referral, ReferralChannel, ReferralSource
from linkwell.referrals.public_journey import ANSWERS_KEY
from linkwell.referrals.public_views import RATE_LIMIT

pytestmark = pytest.mark.django_db
BASE = "/refer-yourself/"


def _practice_and_team() -> tuple[Organisation, Team]:
    practice = Organisation.objects.create(
        name="Chelmer Bridge Surgery", slug="chelmer-bridge-test", kind=OrganisationKind.GP_PRACTICE
    )
    team = TeamFactory.create(name="Chelmsford Link Workers")
    team.covered_organisations.add(practice)
    return practice, team


ANSWERS: list[tuple[str, dict[str, Any]]] = [
    ("name", {"given_name": "Robin", "family_name": "Testwell"}),
    ("date-of-birth", {"date_of_birth_0": "15", "date_of_birth_1": "3", "date_of_birth_2": "1984"}),
    (
        "contact",
        {"phone": "07700 900982", "email": "", "preferred_contact_method": "phone", "may_leave_message": "yes"},
    ),
    ("help", {"reasons": ["loneliness"], "reason_text": "I would like to meet people"}),
    ("communication", {"needs_interpreter": "no", "interpreter_language": "", "accessible_formats": ""}),
    ("consent", {"consent_support": "on", "consent_share": "on"}),
]


def answer_all(
    client: Client, *, practice: str, postcode: str = "", overrides: dict[str, dict[str, Any]] | None = None
) -> None:
    answers = dict(ANSWERS)
    answers.update(overrides or {})
    for step in ("name", "date-of-birth"):
        assert client.post(f"{BASE}{step}/", answers[step]).status_code == 302
    assert client.post(f"{BASE}gp-practice/", {"gp_practice": practice}).status_code == 302
    if postcode:
        assert client.post(f"{BASE}postcode/", {"postcode": postcode}).status_code == 302
    for step in ("contact", "help", "communication", "consent"):
        response = client.post(f"{BASE}{step}/", answers[step])
        assert response.status_code == 302, response.content.decode()[:2000]


def test_the_whole_journey_creates_one_referral_routed_to_the_practice_team():
    practice, team = _practice_and_team()
    client = Client()
    assert client.get(BASE).status_code == 200
    answer_all(client, practice=str(practice.pk))
    check = client.get(f"{BASE}check-your-answers/")
    assert "Chelmer Bridge Surgery" in check.content.decode()

    response = client.post(f"{BASE}check-your-answers/", {"website": ""}, follow=True)

    referral = Referral.objects.get()
    assert referral.team == team
    assert referral.channel == ReferralChannel.PUBLIC_FORM
    assert referral.source == ReferralSource.SELF
    assert referral.referred_by is None
    assert referral.referrer_name == "Self-referral"
    support = Consent.objects.get(person=referral.person, purpose=ConsentPurpose.SUPPORT)
    assert support.method == ConsentMethod.ONLINE_FORM
    assert referral.reference in response.content.decode()
    assert "Chelmsford Link Workers" in response.content.decode()


def test_the_postcode_routes_the_referral_when_the_practice_is_unknown():
    team = TeamFactory.create()
    TeamPostcodeDistrict.objects.create(team=team, district="CM1")
    client = Client()
    answer_all(client, practice="not-listed", postcode="cm1 1aa")
    client.post(f"{BASE}check-your-answers/", {"website": ""})
    assert Referral.objects.get().team == team


def test_the_practice_question_leads_past_the_postcode_question_when_a_practice_is_chosen():
    practice, _ = _practice_and_team()
    client = Client()
    client.post(f"{BASE}name/", dict(ANSWERS)["name"])
    client.post(f"{BASE}date-of-birth/", dict(ANSWERS)["date-of-birth"])
    response = client.post(f"{BASE}gp-practice/", {"gp_practice": str(practice.pk)})
    assert response["Location"] == f"{BASE}contact/"


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("name", {"given_name": "", "family_name": "Testwell"}, "Enter your first name"),
        ("name", {"given_name": "R" * 101, "family_name": "Testwell"}, "First name must be 100 characters or fewer"),
        (
            "date-of-birth",
            {"date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""},
            "Enter the date of birth",
        ),
        (
            "date-of-birth",
            {"date_of_birth_0": "31", "date_of_birth_1": "2", "date_of_birth_2": "1984"},
            "must be a real date",
        ),
        (
            "date-of-birth",
            {"date_of_birth_0": "1", "date_of_birth_1": "1", "date_of_birth_2": "2999"},
            "must be in the past",
        ),
        ("gp-practice", {"gp_practice": ""}, "Choose your GP practice"),
        ("postcode", {"postcode": "ZZZ 123"}, "Enter a real postcode"),
        ("postcode", {"postcode": ""}, "Enter your postcode"),
        (
            "contact",
            {"preferred_contact_method": "phone", "may_leave_message": "yes"},
            "Enter a phone number or an email address",
        ),
        (
            "contact",
            {"phone": "07700 900982", "may_leave_message": "yes"},
            "Choose how you would like us to contact you",
        ),
        (
            "contact",
            {"email": "nope", "preferred_contact_method": "email", "may_leave_message": "no"},
            "Enter an email address in the correct format",
        ),
        ("help", {"reasons": [], "reason_text": ""}, "Choose what you would like help with, or tell us more"),
        (
            "communication",
            {"needs_interpreter": "yes", "interpreter_language": ""},
            "Enter the language you need an interpreter for",
        ),
        ("consent", {}, "Tick the box to agree that the team can contact you"),
    ],
)
def test_each_question_explains_what_is_wrong(step: str, data: dict[str, Any], message: str):
    client = Client()
    session = client.session
    done = ["name", "date-of-birth", "gp-practice", "postcode", "contact", "help", "communication", "consent"]
    session[ANSWERS_KEY] = {"done": done, "gp_practice": ""}
    session.save()
    response = client.post(f"{BASE}{step}/", data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_change_links_return_to_the_question_and_then_to_check_your_answers():
    practice, _ = _practice_and_team()
    client = Client()
    answer_all(client, practice=str(practice.pk))
    check = client.get(f"{BASE}check-your-answers/").content.decode()
    assert f'href="{BASE}name/?change=1"' in check

    question = client.get(f"{BASE}name/?change=1").content.decode()
    assert "Robin" in question
    assert f'href="{BASE}check-your-answers/"' in question  # the Back link
    response = client.post(f"{BASE}name/?change=1", {"given_name": "Robyn", "family_name": "Testwell"})
    assert response["Location"] == f"{BASE}check-your-answers/"
    assert "Robyn Testwell" in client.get(f"{BASE}check-your-answers/").content.decode()


def test_changing_to_an_unknown_practice_asks_for_the_postcode_before_check_your_answers():
    practice, _ = _practice_and_team()
    client = Client()
    answer_all(client, practice=str(practice.pk))
    response = client.post(f"{BASE}gp-practice/?change=1", {"gp_practice": "not-listed"})
    assert response["Location"] == f"{BASE}postcode/?change=1"


def test_nothing_is_saved_before_the_final_submit():
    practice, _ = _practice_and_team()
    client = Client()
    answer_all(client, practice=str(practice.pk))
    client.get(f"{BASE}check-your-answers/")
    assert not Referral.objects.exists()
    assert not Person.objects.exists()


def test_a_question_out_of_order_goes_to_the_first_unanswered_one():
    response = Client().get(f"{BASE}consent/")
    assert response["Location"] == f"{BASE}name/"
    assert Client().get(f"{BASE}check-your-answers/")["Location"] == f"{BASE}name/"


def test_a_filled_honeypot_shows_a_confirmation_but_saves_nothing():
    practice, _ = _practice_and_team()
    client = Client()
    answer_all(client, practice=str(practice.pk))
    response = client.post(f"{BASE}check-your-answers/", {"website": "http://spam.example"}, follow=True)
    assert response.status_code == 200
    assert "Referral sent" in response.content.decode()
    assert not Referral.objects.exists()
    assert not Person.objects.exists()


def test_too_many_referrals_from_one_address_in_an_hour_get_a_429():
    practice, _ = _practice_and_team()
    client = Client(REMOTE_ADDR="192.0.2.44")
    for _ in range(RATE_LIMIT):
        answer_all(client, practice=str(practice.pk))
        assert client.post(f"{BASE}check-your-answers/", {"website": ""}).status_code == 302
    answer_all(client, practice=str(practice.pk))
    response = client.post(f"{BASE}check-your-answers/", {"website": ""})
    assert response.status_code == 429
    assert "Too many referrals from this connection" in response.content.decode()
    assert Referral.objects.count() == RATE_LIMIT

    other = Client(REMOTE_ADDR="198.51.100.7")
    answer_all(other, practice=str(practice.pk))
    assert other.post(f"{BASE}check-your-answers/", {"website": ""}).status_code == 302


def test_no_team_for_the_postcode_says_so_and_suggests_the_gp_practice():
    client = Client()
    answer_all(client, practice="not-listed", postcode="CM1 1AA")
    response = client.post(f"{BASE}check-your-answers/", {"website": ""})
    content = response.content.decode()
    assert "We could not find a social prescribing team for this GP practice or postcode" in content
    assert "Contact your GP practice" in content
    assert not Referral.objects.exists()


def test_a_problem_found_at_submit_sends_the_person_back_to_that_question():
    practice, _ = _practice_and_team()
    client = Client()
    answer_all(client, practice=str(practice.pk))
    session = client.session
    session[ANSWERS_KEY] = {**session[ANSWERS_KEY], "phone": "x" * 31}
    session.save()
    response = client.post(f"{BASE}check-your-answers/", {"website": ""})
    assert response["Location"] == f"{BASE}contact/?change=1"
    page = client.get(response["Location"])
    assert "There is a problem" in page.content.decode()
    assert not Referral.objects.exists()


def test_html_in_free_text_is_escaped_on_check_your_answers_and_confirmation():
    practice, _ = _practice_and_team()
    client = Client()
    script = "<script>alert(1)</script>"
    answer_all(
        client,
        practice=str(practice.pk),
        overrides={
            "help": {"reasons": [], "reason_text": script},
            "name": {"given_name": "<b>Robin</b>", "family_name": "Testwell"},
        },
    )
    check = client.get(f"{BASE}check-your-answers/").content.decode()
    assert script not in check
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in check
    assert "<b>Robin</b>" not in check
    sent = client.post(f"{BASE}check-your-answers/", {"website": ""}, follow=True).content.decode()
    assert script not in sent
    assert "<b>Robin</b>" not in sent


def test_the_session_is_cleared_after_submit_so_it_cannot_send_twice():
    practice, _ = _practice_and_team()
    client = Client()
    answer_all(client, practice=str(practice.pk))
    client.post(f"{BASE}check-your-answers/", {"website": ""})
    assert ANSWERS_KEY not in client.session
    again = client.post(f"{BASE}check-your-answers/", {"website": ""})
    assert again["Location"] == f"{BASE}name/"
    assert Referral.objects.count() == 1


def test_the_start_page_explains_the_service_and_emergencies():
    content = Client().get(BASE).content.decode()
    assert "It is free" in content
    assert "call 999" in content
    assert "111" in content
    assert "Refer yourself to a link worker" in Client().get("/").content.decode()

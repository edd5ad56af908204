"""The one-page professional referral form at /referrals/new/, through the view."""

from datetime import date

import pytest
from django.test import Client

from linkwell.accounts.models import Organisation, OrganisationKind, Team, User
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.conftest import client_for
from linkwell.people.models import Consent, ConsentDecision, ConsentMethod, ConsentPurpose, Person
from linkwell.referrals.models import Referral, ReferralChannel, ReferralSource, ReferralStatus
from linkwell.referrals.needs import Need
from linkwell.referrals.referrer_forms import NEED_GROUPS

pytestmark = pytest.mark.django_db

URL = "/referrals/new/"


@pytest.fixture
def practice() -> Organisation:
    return OrganisationFactory.create(kind=OrganisationKind.GP_PRACTICE, name="Chelmer Bridge Surgery")


@pytest.fixture
def team(practice: Organisation) -> Team:
    team: Team = TeamFactory.create(name="Chelmsford link workers")
    team.covered_organisations.add(practice)
    return team


@pytest.fixture
def referrer(practice: Organisation, team: Team) -> User:
    return user_with_role(Role.REFERRER, organisation=practice, full_name="Dr Ada Okafor")


@pytest.fixture
def champion(team: Team) -> User:
    return user_with_role(Role.CHAMPION, organisation=team.scheme, full_name="Sam Patel")


def form_data(practice: Organisation, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "given_name": "Bramwell",
        "family_name": "Testington",
        "date_of_birth_0": "15",
        "date_of_birth_1": "3",
        "date_of_birth_2": "1958",
        "nhs_number": "999 234 5675",
        "gp_practice": str(practice.pk),
        "postcode": "cm1 1aa",
        "phone": "01632 960 555",
        "preferred_contact_method": "phone",
        "source": ReferralSource.GP,
        "reasons": [Need.LONELINESS, Need.DEBT],
        "reason_text": "Recently widowed.",
        "urgency": "routine",
        "consent_support": "on",
        "consent_share": "on",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def nothing_saved() -> bool:
    return not (Referral.objects.exists() or Person.objects.exists() or Consent.objects.exists())


@pytest.mark.parametrize("role", [Role.REFERRER, Role.CHAMPION, Role.LINK_WORKER, Role.TEAM_LEAD])
def test_everyone_who_refers_gets_the_form(role: Role):
    response = client_for(user_with_role(role)).get(URL)
    assert response.status_code == 200
    assert "Refer someone to social prescribing" in response.content.decode()


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.COMMISSIONER, Role.DIRECTORY_EDITOR])
def test_people_who_do_not_refer_are_refused(role: Role):
    assert client_for(user_with_role(role)).get(URL).status_code == 403
    assert client_for(user_with_role(role)).post(URL, {}).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in():
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_a_gp_gets_their_own_practice_and_gp_as_the_starting_choices(referrer, practice):
    form = client_for(referrer).get(URL).context["form"]
    assert form["gp_practice"].value() == str(practice.pk)
    assert form["source"].value() == ReferralSource.GP
    assert form["urgency"].value() == "routine"


def test_every_need_is_in_exactly_one_group():
    grouped = [need for _, needs in NEED_GROUPS for need in needs]
    assert sorted(grouped) == sorted(Need)
    assert len(grouped) == len(set(grouped))


def test_a_gp_refers_someone_to_the_team_covering_their_practice(referrer, practice, team):
    response = client_for(referrer).post(URL, form_data(practice))

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{referral.pk}/sent/"
    assert referral.team == team
    assert referral.status == ReferralStatus.RECEIVED
    assert (referral.source, referral.channel) == (ReferralSource.GP, ReferralChannel.PROFESSIONAL_FORM)
    assert referral.referred_by == referrer
    assert referral.referrer_organisation == practice
    assert (referral.referrer_name, referral.referrer_email) == ("Dr Ada Okafor", referrer.email)
    assert referral.reasons == [Need.LONELINESS, Need.DEBT]
    person = referral.person
    assert (person.nhs_number, person.postcode, person.date_of_birth) == ("9992345675", "CM1 1AA", date(1958, 3, 15))
    assert person.gp_practice == practice
    consents = {consent.purpose: consent for consent in Consent.objects.filter(person=person)}
    assert set(consents) == {ConsentPurpose.SUPPORT, ConsentPurpose.SHARE_WITH_PROVIDERS}
    support = consents[ConsentPurpose.SUPPORT]
    assert (support.decision, support.method) == (ConsentDecision.GIVEN, ConsentMethod.BY_REFERRER)
    assert "Dr Ada Okafor" in support.recorded_by_label
    assert AuditEvent.objects.filter(action=AuditAction.REFERRAL_RECEIVED, object_id=str(referral.pk)).exists()


def test_the_confirmation_shows_the_reference_team_and_what_happens_next(referrer, practice):
    response = client_for(referrer).post(URL, form_data(practice), follow=True)
    page = response.content.decode()
    referral = Referral.objects.get()
    assert referral.reference in page
    assert "Chelmsford link workers" in page
    assert "What happens next" in page


def test_a_champion_refers_someone_with_consent_given_to_them_in_person(champion, practice):
    client = client_for(champion)
    page = client.get(URL).content.decode()
    assert "told me in person" in page
    assert 'name="source"' not in page

    response = client.post(URL, form_data(practice, source=None))

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.source, referral.channel) == (ReferralSource.CHAMPION, ReferralChannel.CHAMPION)
    assert referral.referrer_organisation == champion.memberships.get().organisation
    support = Consent.objects.get(purpose=ConsentPurpose.SUPPORT)
    assert support.method == ConsentMethod.IN_PERSON
    assert "Sam Patel" in support.recorded_by_label


def test_a_champion_cannot_pass_the_referral_off_as_from_a_gp(champion, practice):
    client_for(champion).post(URL, form_data(practice, source=ReferralSource.GP))
    assert Referral.objects.get().source == ReferralSource.CHAMPION


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"given_name": ""}, "given_name", "Enter a given name"),
        ({"family_name": "  "}, "family_name", "Enter a family name"),
        ({"nhs_number": "999 234 5676"}, "nhs_number", "This is not a valid NHS number"),
        ({"nhs_number": "12345"}, "nhs_number", "An NHS number must be 10 digits"),
        ({"date_of_birth_2": str(date.today().year + 1)}, "date_of_birth", "Date of birth must be in the past"),
        ({"date_of_birth_0": "31", "date_of_birth_1": "2"}, "date_of_birth", "must be a real date"),
        ({"date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""}, "date_of_birth", "Enter the date"),
        ({"postcode": "NOT A POSTCODE"}, "postcode", "Enter a real postcode"),
        ({"consent_support": None}, "consent_support", "Missing consent"),
        ({"reasons": [], "reason_text": ""}, "reasons", "Choose at least one reason"),
        ({"reasons": ["flying"]}, "reasons", "Choose reasons from the list"),
        ({"reason_text": "x" * 5001}, "reason_text", "Keep this to 5000 characters or fewer"),
        ({"known_risks": "x" * 5001}, "known_risks", "Keep this to 5000 characters or fewer"),
        ({"given_name": "x" * 101}, "given_name", "100 characters or fewer"),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({"source": ""}, "source", "Choose who is making the referral"),
        ({"gp_practice": "", "postcode": "ZZ99 3VZ"}, "gp_practice", "could not find a social prescribing team"),
    ],
)
def test_each_problem_is_shown_against_its_field_and_nothing_is_saved(
    referrer, practice, changes: dict[str, object], field: str, message: str
):
    response = client_for(referrer).post(URL, form_data(practice, **changes))

    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'href="#id_{field}"' in page
    assert nothing_saved()


def test_several_problems_are_shown_together(referrer, practice):
    response = client_for(referrer).post(
        URL, form_data(practice, given_name="", nhs_number="999", consent_support=None, reasons=[], reason_text="")
    )
    assert set(response.context["form"].errors) == {"given_name", "nhs_number", "consent_support", "reasons"}
    assert nothing_saved()


def test_what_was_typed_is_kept_and_escaped_when_the_form_comes_back(referrer, practice):
    script = "<script>alert('x')</script>"
    response = client_for(referrer).post(URL, form_data(practice, given_name="", known_risks=script))
    page = response.content.decode()
    assert script not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page

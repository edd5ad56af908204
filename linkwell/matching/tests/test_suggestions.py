"""The "Suggested services" on the case page, above the onward-referral search and as a preview on a referral in the
team inbox: what each shows, one click to the confirm page, who sees them, and the queries they cost."""

from datetime import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.casework.models import Case, CaseStatus
from linkwell.casework.onward import signpost
from linkwell.casework.tests.builders import open_case
from linkwell.casework.tests.onward_builders import consent_to_share, refer, referable_service
from linkwell.conftest import client_for
from linkwell.directory.models import CapacityStatus, ReferralMethod
from linkwell.matching.suggestion_views import case_section, inbox_preview
from linkwell.referrals.models import ReferralStatus
from linkwell.referrals.tests.factories import PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db

BEREAVEMENT = (("Bereavement support groups", "Bereavement"),)
BEFRIENDING = (("Befriending", "Befriending and social groups"),)
SOUTHEND = (51.5459, 0.7077)


def _bereavement_service(name, **fields):
    return referable_service(name, description="Support after someone dies.", categories=BEREAVEMENT, **fields)


@pytest.fixture
def services():
    return {
        "group": _bereavement_service(
            "Chelmer widows and widowers group", byday="WE", opens=time(14, 0), closes=time(16, 0)
        ),
        "cafe": _bereavement_service("Chelmer bereavement café", method=ReferralMethod.SIGNPOST),
        "waiting": _bereavement_service("Chelmer grief circle", capacity=CapacityStatus.WAITLIST),
        "befriending": referable_service(
            "Chelmer befriending", description="A volunteer visits every week.", categories=BEFRIENDING
        ),
    }


@pytest.fixture
def case():
    person = PersonFactory.create(given_name="Marnie", family_name="Fieldfare", postcode="CM1 1AA")
    case = open_case(person=person, reasons=["bereavement", "loneliness"], reason_text="Lonely since her husband died")
    consent_to_share(person)
    return case


def case_url(case):
    return reverse("casework:case", kwargs={"case_id": case.pk})


def search_url(case):
    return reverse("casework:onward-search", kwargs={"case_id": case.pk})


def refer_url(case, service):
    service_id = getattr(service, "service_id", None) or service.pk
    return reverse("casework:onward-refer", kwargs={"case_id": case.pk, "service_id": service_id})


def inbox_url(referral):
    return reverse("inbox:referral", kwargs={"referral_id": referral.pk})


def suggested_ids(response):
    suggestions = response.context["suggestions"]
    return [item.suggestion.service_id for item in suggestions.services]


# --- The case page ------------------------------------------------------------------------------
def test_the_case_page_suggests_services_with_reasons_and_one_click_to_refer(case, services):
    response = client_for(case.link_worker).get(case_url(case))

    assert response.status_code == 200
    assert services["group"].pk in suggested_ids(response)
    page = response.content.decode()
    assert "Suggested services" in page
    assert "Suggested for: Bereavement" in page
    assert "matches: bereavement" in page
    assert f'href="{refer_url(case, services["group"])}"' in page
    assert 'Refer<span class="nhsuk-u-visually-hidden"> Marnie Fieldfare to Chelmer widows and widowers group' in page


def test_a_service_people_just_go_along_to_is_signposted_and_a_waiting_list_is_marked(case, services):
    response = client_for(case.link_worker).get(case_url(case))

    offers = {item.suggestion.service_id: item.offer for item in response.context["suggestions"].services}
    assert offers[services["cafe"].pk] == "signpost"
    assert offers[services["waiting"].pk] == "waitlist"
    page = response.content.decode()
    signpost_url = reverse("casework:onward-signpost", kwargs={"case_id": case.pk, "service_id": services["cafe"].pk})
    assert f'href="{signpost_url}"' in page
    assert f'href="{refer_url(case, services["cafe"])}"' not in page
    assert "Waiting list" in page


def test_one_click_reaches_the_confirm_page_with_the_service_chosen(case, services):
    client = client_for(case.link_worker)
    suggestions = client.get(case_url(case)).context["suggestions"]
    first = next(item for item in suggestions.services if item.offer == "refer")

    response = client.get(refer_url(case, first.suggestion))

    assert response.status_code == 200
    assert response.context["service"].pk == first.suggestion.service_id
    # The confirm page still shows what is shared and asks before anything is sent.
    assert "shared" in response.context
    assert not case.onward_referrals.exists()


def test_services_already_referred_or_signposted_to_are_left_out_and_the_list_stays_full(case, services):
    refer(case, services["group"])
    signpost(case=case, service=services["cafe"], by=case.link_worker)
    for number in range(5):
        _bereavement_service(f"Bereavement group {number}")

    suggested = suggested_ids(client_for(case.link_worker).get(case_url(case)))

    assert services["group"].pk not in suggested
    assert services["cafe"].pk not in suggested
    assert len(suggested) == 5


def test_a_closed_case_suggests_nothing(case, services):
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.DISCHARGED, closed_at=timezone.now())

    response = client_for(case.link_worker).get(case_url(case))

    assert response.context["suggestions"] is None
    assert "Suggested services" not in response.content.decode()


def test_nothing_is_suggested_to_someone_who_may_not_work_on_the_case(case, services):
    outsider = user_with_role(Role.LINK_WORKER)

    assert case_section(case, outsider) == {"suggestions": None}
    assert case_section(case, case.link_worker)["suggestions"] is not None


def test_with_nothing_that_fits_the_page_says_so(case):
    response = client_for(case.link_worker).get(case_url(case))

    assert response.context["suggestions"].services == []
    assert "No service in the directory fits what we know about Marnie Fieldfare yet" in response.content.decode()


def test_suggested_text_is_escaped(case):
    _bereavement_service("<script>alert(1)</script> grief group")

    page = client_for(case.link_worker).get(case_url(case)).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; grief group" in page


def test_the_case_page_costs_the_same_queries_however_big_the_directory(case, services, django_assert_max_num_queries):
    client = client_for(case.link_worker)
    with django_assert_max_num_queries(80) as few:
        client.get(case_url(case))
    for number in range(12):
        _bereavement_service(f"Bereavement group {number}", organization=f"Organisation {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(case_url(case))
    assert len(suggested_ids(response)) == 5


# --- The onward-referral search -----------------------------------------------------------------
def test_the_onward_search_shows_suggestions_above_the_search(case, services):
    response = client_for(case.link_worker).get(search_url(case))

    assert response.status_code == 200
    assert services["group"].pk in suggested_ids(response)
    page = response.content.decode()
    assert page.index("Suggested services") < page.index("Search and filter")
    assert f'href="{refer_url(case, services["group"])}"' in page


def test_the_onward_search_keeps_its_suggestions_while_searching(case, services):
    response = client_for(case.link_worker).get(search_url(case), {"q": "befriending", "location": "CM1 1AA"})

    assert response.status_code == 200
    assert services["group"].pk in suggested_ids(response)


def test_the_onward_search_of_a_closed_case_suggests_nothing(case, services):
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.DISCHARGED, closed_at=timezone.now())

    response = client_for(case.link_worker).get(search_url(case))

    assert response.status_code == 200
    assert response.context["suggestions"] is None


# --- Who sees them ------------------------------------------------------------------------------
@pytest.mark.parametrize("url", [case_url, search_url])
def test_another_teams_link_worker_gets_the_same_404_as_a_missing_case(case, services, url):
    response = client_for(user_with_role(Role.LINK_WORKER)).get(url(case))

    assert response.status_code == 404


@pytest.mark.parametrize("url", [case_url, search_url])
@pytest.mark.parametrize("role", [Role.REFERRER, Role.PROVIDER])
def test_roles_without_case_records_are_forbidden(case, services, url, role):
    assert client_for(user_with_role(role)).get(url(case)).status_code == 403


@pytest.mark.parametrize("url", [case_url, search_url])
def test_anonymous_visitors_are_sent_to_sign_in(case, services, url):
    response = Client().get(url(case))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


# --- The inbox preview --------------------------------------------------------------------------
@pytest.fixture
def referral():
    person = PersonFactory.create(given_name="Bram", family_name="Fieldfare", postcode="CM1 1AA")
    return ReferralFactory.create(person=person, reasons=["bereavement"], reason_text="His wife died in the spring")


def test_the_inbox_previews_the_top_three_without_refer_buttons(referral, services):
    for number in range(4):
        _bereavement_service(f"Bereavement group {number}")
    worker = user_with_role(Role.LINK_WORKER, team=referral.team)

    response = client_for(worker).get(inbox_url(referral))

    assert response.status_code == 200
    assert len(suggested_ids(response)) == 3
    page = response.content.decode()
    assert "Suggested services" in page
    assert "From the referral alone." in page
    assert "matches: bereavement" in page
    assert "/refer-on/" not in page
    first = response.context["suggestions"].services[0].suggestion
    assert f'href="{reverse("directory:service", kwargs={"service_id": first.service_id})}"' in page


def test_a_closed_referral_has_no_preview(referral, services):
    ReferralFactory._meta.model.objects.filter(pk=referral.pk).update(status=ReferralStatus.NOT_APPROPRIATE)
    worker = user_with_role(Role.LINK_WORKER, team=referral.team)

    response = client_for(worker).get(inbox_url(referral))

    assert response.context["suggestions"] is None
    assert "Suggested services" not in response.content.decode()


def test_the_inbox_preview_is_for_the_referrals_team_only(referral, services):
    assert client_for(user_with_role(Role.LINK_WORKER)).get(inbox_url(referral)).status_code == 404
    assert client_for(user_with_role(Role.REFERRER)).get(inbox_url(referral)).status_code == 403
    response = Client().get(inbox_url(referral))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_the_inbox_page_costs_the_same_queries_however_big_the_directory(
    referral, services, django_assert_max_num_queries
):
    client = client_for(user_with_role(Role.LINK_WORKER, team=referral.team))
    with django_assert_max_num_queries(60) as few:
        client.get(inbox_url(referral))
    for number in range(12):
        _bereavement_service(f"Bereavement group {number}", organization=f"Organisation {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(inbox_url(referral))
    assert len(suggested_ids(response)) == 3


def test_the_case_suggestions_take_seven_queries_however_much_the_case_holds(
    case, services, django_assert_max_num_queries
):
    refer(case, services["group"])
    signpost(case=case, service=services["cafe"], by=case.link_worker)
    case_section(case, case.link_worker)  # the engine's index is built once, then only checked

    # Services used, conversation, goals, the postcode (two), the index's freshness, and the services' offers.
    with django_assert_max_num_queries(7):
        case_section(case, case.link_worker)


def test_the_inbox_preview_takes_three_queries(referral, services, django_assert_max_num_queries):
    inbox_preview(referral, referral.person)

    # The postcode (two: the full postcode is not loaded in tests, so its district is used) and the index's
    # freshness.
    with django_assert_max_num_queries(3):
        inbox_preview(referral, referral.person)

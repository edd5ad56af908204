"""Unmet needs: recording one (the action and the page), the area copied without personal data, the case
page's section, the link from the onward search page, and who may reach the page."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.actions import CaseworkProblem
from linkwell.casework.discharge import discharge_case
from linkwell.casework.models import Case, DischargeReason, Signposting
from linkwell.casework.tests.builders import open_case
from linkwell.conftest import client_for
from linkwell.directory.models import CapacityStatus, Organization, PublicationState, Service
from linkwell.outcomes.models import UnmetNeed, UnmetReason
from linkwell.outcomes.unmet_actions import CHOOSE_NEED, CHOOSE_REASON, postcode_district, record_unmet_need
from linkwell.outcomes.unmet_forms import need_choices
from linkwell.outcomes.unmet_views import case_section
from linkwell.people.models import Person
from linkwell.referrals.needs import Need

pytestmark = pytest.mark.django_db


def a_case(postcode: str = "CM2 0RB", reasons: tuple[str, ...] = ("debt", "bereavement")) -> Case:
    case = open_case(received_at=timezone.now() - timedelta(days=10), reasons=list(reasons))
    Person.objects.filter(pk=case.person_id).update(postcode=postcode)
    case.person.postcode = postcode
    return case


def a_service(name: str = "Debt advice drop-in") -> Service:
    organization = Organization.objects.create(name=f"{name} trust", description="A fictional charity")
    return Service.objects.create(organization=organization, name=name, state=PublicationState.PUBLISHED)


def recorded(case: Case, **changes) -> UnmetNeed:
    arguments = {"need": "debt", "reason": UnmetReason.FULL, "service": None, "note": "", **changes}
    return record_unmet_need(case=case, by=case.link_worker, **arguments)


def new_page(case: Case) -> str:
    return reverse("outcomes:unmet-new", kwargs={"case_id": case.pk})


# --- The action -----------------------------------------------------------------------------------
def test_recording_copies_the_postcode_district_and_nothing_else_of_the_address():
    case = a_case("cm2 0rb")
    service = a_service()
    unmet = recorded(case, service=service, note="Waiting list closed until March")
    unmet.refresh_from_db()
    assert (unmet.need, unmet.reason, unmet.service, unmet.postcode_district) == ("debt", "full", service, "CM2")
    assert (unmet.case, unmet.recorded_by, unmet.recorded_on) == (case, case.link_worker, timezone.localdate())
    assert unmet.note == "Waiting list closed until March"


@pytest.mark.parametrize(
    ("postcode", "district"), [("SS0 7ZZ", "SS0"), ("ZZ99 3VZ", ""), ("", ""), ("NOT A PC", ""), ("CO15 9ZZ", "CO15")]
)
def test_the_district_is_empty_when_the_postcode_names_no_place(postcode, district):
    assert postcode_district(postcode) == district


def test_recording_is_audited_without_the_note():
    case = a_case()
    unmet = recorded(case, note="Private detail")
    event = AuditEvent.objects.get(action=AuditAction.UNMET_NEED_RECORDED)
    assert (event.object_id, event.person_id) == (str(unmet.pk), str(case.person_id))
    assert event.detail == {"case_id": str(case.pk), "need": "debt", "reason": "full", "service_id": ""}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"need": "boredom"}, "need", CHOOSE_NEED),
        ({"reason": "weather"}, "reason", CHOOSE_REASON),
        ({"note": "x" * 1001}, "note", "Keep this to 1000 characters or fewer"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(changes, field, message):
    with pytest.raises(CaseworkProblem) as refused:
        recorded(a_case(), **changes)
    assert refused.value.errors[field] == message
    assert not UnmetNeed.objects.exists()


def test_a_service_cannot_be_named_when_no_such_service_exists():
    with pytest.raises(CaseworkProblem) as refused:
        recorded(a_case(), reason=UnmetReason.NONE_EXISTS, service=a_service())
    assert "choose no particular service" in refused.value.errors["service"]


def test_a_closed_case_takes_no_unmet_needs():
    case = a_case()
    discharge_case(case=case, reason=DischargeReason.GOALS_MET, summary="Done", by=case.link_worker)
    with pytest.raises(CaseworkProblem, match="This case is closed"):
        recorded(case)


def test_only_the_cases_team_may_record():
    case = a_case()
    with pytest.raises(PermissionDenied):
        record_unmet_need(
            case=case, need="debt", reason="full", service=None, note="", by=user_with_role(Role.LINK_WORKER)
        )


# --- The form's choices ---------------------------------------------------------------------------
def test_the_referrals_needs_come_first_then_every_other_need():
    choices = need_choices(["bereavement", "debt", "no-longer-a-need"])
    assert choices[0] == ("", "Choose a need")
    assert choices[1:3] == [("bereavement", "Bereavement (from the referral)"), ("debt", "Debt (from the referral)")]
    assert [value for value, _ in choices[3:]] == [
        need.value for need in Need if need.value not in {"bereavement", "debt"}
    ]


# --- The page -------------------------------------------------------------------------------------
def test_the_page_offers_the_services_the_case_has_tried_and_those_listed_as_full():
    case = a_case()
    tried = a_service("Men's bereavement circle")
    a_service("Untried service")
    full = a_service("Advice clinic")
    Service.objects.filter(pk=full.pk).update(capacity_status=CapacityStatus.FULL)
    Signposting.objects.create(case=case, service=tried, by=case.link_worker)
    response = client_for(case.link_worker).get(new_page(case))
    assert response.status_code == 200
    offered = [label for _, label in response.context["form"].fields["service"].choices]
    assert offered == [
        "No particular service",
        "Advice clinic, Advice clinic trust (full)",
        "Men's bereavement circle, Men's bereavement circle trust",
    ]


def test_saving_the_page_records_the_need_and_shows_it_on_the_case():
    case = a_case()
    client = client_for(case.link_worker)
    response = client.post(
        new_page(case), {"need": "bereavement", "reason": "too_far", "service": "", "note": "Only in Colchester"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:case", kwargs={"case_id": case.pk})
    unmet = UnmetNeed.objects.get()
    assert (unmet.need, unmet.reason, unmet.service, unmet.note) == (
        "bereavement",
        "too_far",
        None,
        "Only in Colchester",
    )
    section = case_section(case, case.link_worker)
    assert section["unmet_needs"] == [unmet]
    assert section["unmet_may_record"]


def test_a_service_the_case_never_tried_is_refused_on_the_page():
    case = a_case()
    untried = a_service()
    response = client_for(case.link_worker).post(
        new_page(case), {"need": "debt", "reason": "full", "service": str(untried.pk)}
    )
    assert response.status_code == 400
    assert "Choose a service from the list, or no particular service" in response.content.decode()
    assert not UnmetNeed.objects.exists()


def test_missing_answers_are_explained_and_nothing_is_saved():
    case = a_case()
    response = client_for(case.link_worker).post(new_page(case), {"need": "", "service": "", "note": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert CHOOSE_NEED in page
    assert CHOOSE_REASON in page
    assert not UnmetNeed.objects.exists()


def test_a_closed_case_sends_the_worker_back_to_it():
    case = a_case()
    discharge_case(case=case, reason=DischargeReason.GOALS_MET, summary="Done", by=case.link_worker)
    response = client_for(case.link_worker).post(new_page(case), {"need": "debt", "reason": "full"})
    assert response.status_code == 302
    assert not UnmetNeed.objects.exists()
    assert not case_section(case, case.link_worker)["unmet_may_record"]


def test_the_section_reads_in_one_query(django_assert_num_queries):
    case = a_case()
    service = a_service()
    for _ in range(3):
        recorded(case, service=service)
    with django_assert_num_queries(1):
        section = case_section(case, case.link_worker)
        assert [unmet.service.organization.name for unmet in section["unmet_needs"]] == [
            "Debt advice drop-in trust"
        ] * 3


def test_another_teams_case_is_as_missing_as_no_case():
    case = a_case()
    stranger = client_for(user_with_role(Role.LINK_WORKER))
    assert stranger.get(new_page(case)).status_code == 404
    assert stranger.post(new_page(case), {"need": "debt", "reason": "full"}).status_code == 404
    missing = reverse("outcomes:unmet-new", kwargs={"case_id": "00000000-0000-0000-0000-000000000000"})
    assert client_for(case.link_worker).get(missing).status_code == 404


@pytest.mark.parametrize("role", [Role.REFERRER, Role.PROVIDER, Role.CHAMPION])
def test_roles_without_case_records_are_refused(role):
    assert client_for(user_with_role(role)).get(new_page(a_case())).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(new_page(a_case()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from linkwell.accounts.models import OrganisationKind
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework import care_views, discharge_views, onward_views, plan_views
from linkwell.casework.actions import reassign_case
from linkwell.casework.models import Case, CaseNote, CaseStatus, CaseTransition
from linkwell.casework.tests.builders import open_case
from linkwell.conftest import client_for
from linkwell.people.models import ContactMethod
from linkwell.referrals.models import ReferralSource
from linkwell.referrals.tests.factories import PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return TeamFactory.create(name="Chelmer Link Workers")


@pytest.fixture
def worker(team):
    return user_with_role(Role.LINK_WORKER, team=team, full_name="Jo Worker")


@pytest.fixture
def lead(team):
    return user_with_role(Role.TEAM_LEAD, team=team, full_name="Priya Lead")


@pytest.fixture
def case(team, worker):
    practice = OrganisationFactory.create(kind=OrganisationKind.GP_PRACTICE, name="Chelmer Bridge Surgery")
    person = PersonFactory.create(
        given_name="Marnie",
        family_name="Fieldfare",
        preferred_name="Mae",
        date_of_birth=date(1958, 4, 2),
        nhs_number="9990000018",
        phone="01245 000111",
        email="mae@example.org",
        preferred_contact_method=ContactMethod.PHONE,
        needs_interpreter=True,
        interpreter_language="Polish",
        gp_practice=practice,
    )
    return open_case(
        team=team,
        worker=worker,
        person=person,
        source=ReferralSource.GP,
        reasons=["loneliness", "low_mood"],
        reason_text="Would like company after her husband died",
        known_risks="Dog in the house",
    )


def page_of(case: Case) -> str:
    return reverse("casework:case", kwargs={"case_id": case.pk})


def text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_case_page_shows_the_person_the_referral_and_who_holds_it(case, worker):
    response = client_for(worker).get(page_of(case))

    assert response.status_code == 200
    page = text(response)
    age = response.context["age"]
    for expected in [
        "<h1>Mae Fieldfare</h1>",
        "Marnie Fieldfare",
        f"2 April 1958 (age {age})",
        "999 000 0018",
        "01245 000111",
        "mae@example.org",
        "Phone",
        "Needs an interpreter (Polish)",
        "Chelmer Bridge Surgery",
        case.referral.reference,
        "GP",
        "Feeling lonely, Low mood",
        "Would like company after her husband died",
        "Dog in the house",
        "Jo Worker, Chelmer Link Workers",
        "Opened today.",
    ]:
        assert expected in page, expected


def test_reading_the_case_is_audited(case, worker):
    client_for(worker).get(page_of(case))

    event = AuditEvent.objects.get(action=AuditAction.CASE_VIEWED)
    assert (event.actor_id, event.object_id, event.person_id) == (worker.pk, str(case.pk), str(case.person_id))


def test_the_page_composes_every_areas_section(case, worker, monkeypatch):
    seen = []
    for area in (plan_views, care_views, onward_views, discharge_views):
        original = area.case_section

        def probe(case, user, original=original, name=area.__name__):
            seen.append((name, case.pk, user.pk))
            return {**original(case, user), f"probe_{name.rsplit('.', 1)[-1]}": True}

        monkeypatch.setattr(area, "case_section", probe)

    response = client_for(worker).get(page_of(case))

    assert response.status_code == 200
    assert [name.rsplit(".", 1)[-1] for name, _, _ in seen] == [
        "plan_views",
        "care_views",
        "onward_views",
        "discharge_views",
    ]
    assert {(case_id, user_id) for _, case_id, user_id in seen} == {(case.pk, worker.pk)}
    assert response.context["probe_care_views"] is True
    # The page's own keys cannot be overwritten by a section.
    assert response.context["case"] == case


def test_a_section_cannot_replace_the_pages_own_context(case, worker, monkeypatch):
    monkeypatch.setattr(plan_views, "case_section", lambda case, user: {"case": None, "timeline": []})
    response = client_for(worker).get(page_of(case))
    assert response.context["case"] == case
    assert response.context["timeline"]


def test_the_timeline_is_on_the_page_newest_first(case, worker, lead):
    colleague = user_with_role(Role.LINK_WORKER, team=case.team, full_name="Sam Colleague")
    reassign_case(case=case, to=colleague, by=lead, note="Covering leave")

    page = text(client_for(worker).get(page_of(case)))

    assert page.index("Case given to Sam Colleague") < page.index("Case opened")
    assert "Covering leave" in page


# --- Adding a note -------------------------------------------------------------------------------
def test_a_link_worker_adds_a_note_and_sees_it_in_the_timeline(case, worker):
    client = client_for(worker)

    response = client.post(reverse("casework:case-note-add", kwargs={"case_id": case.pk}), {"note-text": " Rang GP "})

    assert response.status_code == 302
    assert response["Location"] == page_of(case)
    note = CaseNote.objects.get(case=case)
    assert (note.text, note.by) == ("Rang GP", worker)
    page = text(client.get(page_of(case)))
    assert "Your note is added to the timeline." in page
    assert "Rang GP" in page
    assert AuditEvent.objects.filter(action=AuditAction.CASE_NOTE_ADDED, object_id=str(note.pk)).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "Enter the note"), ("   ", "Enter the note"), ("x" * 5001, "Keep the note to 5000 characters or fewer")],
)
def test_a_bad_note_is_explained_and_nothing_is_saved(case, worker, typed, message):
    response = client_for(worker).post(
        reverse("casework:case-note-add", kwargs={"case_id": case.pk}), {"note-text": typed}
    )

    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert response.context["has_errors"]
    assert not CaseNote.objects.exists()


def test_a_long_note_typed_is_kept_on_screen_when_refused(case, worker):
    typed = "Spoke to her daughter. " * 250
    response = client_for(worker).post(
        reverse("casework:case-note-add", kwargs={"case_id": case.pk}), {"note-text": typed}
    )
    assert response.status_code == 400
    assert response.context["note_form"]["text"].value() == typed


# --- Giving the case to another link worker -------------------------------------------------------
def reassign(client, case, **data):
    return client.post(
        reverse("casework:case-reassign", kwargs={"case_id": case.pk}),
        {f"reassign-{name}": value for name, value in data.items()},
    )


def test_the_team_lead_sees_the_teams_link_workers_with_their_open_cases(case, lead, worker):
    colleague = user_with_role(Role.LINK_WORKER, team=case.team, full_name="Sam Colleague")
    open_case(team=case.team, worker=colleague)
    user_with_role(Role.LINK_WORKER, full_name="Someone Elsewhere")

    response = client_for(lead).get(page_of(case))

    choices = dict(response.context["reassign_form"].fields["link_worker"].choices)
    assert choices[colleague.pk] == "Sam Colleague (1 open case)"
    assert choices[lead.pk] == "Priya Lead (0 open cases)"
    assert worker.pk not in choices  # the case is already theirs
    assert "Someone Elsewhere" not in text(response)
    assert "Give the case to another link worker" in text(response)


def test_a_link_worker_is_not_offered_reassigning(case, worker):
    response = client_for(worker).get(page_of(case))
    assert response.context["reassign_form"] is None
    assert "Give the case to another link worker" not in text(response)


def test_the_team_lead_gives_the_case_to_a_colleague(case, lead):
    colleague = user_with_role(Role.LINK_WORKER, team=case.team, full_name="Sam Colleague")
    client = client_for(lead)

    response = reassign(client, case, link_worker=colleague.pk, note="Covering leave")

    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).link_worker == colleague
    page = text(client.get(page_of(case)))
    assert "The case is now with Sam Colleague." in page
    assert "Case given to Sam Colleague" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose the link worker to give the case to"),
        ({"link_worker": "999999"}, "Choose one of the team&#39;s link workers"),
        ({"link_worker": "not-a-number"}, "Choose one of the team&#39;s link workers"),
    ],
)
def test_a_missing_or_unknown_link_worker_is_explained(case, lead, data, message):
    response = reassign(client_for(lead), case, **data)
    assert response.status_code == 400
    assert message in text(response)
    assert Case.objects.get(pk=case.pk).link_worker == case.link_worker


def test_giving_the_case_to_its_own_link_worker_is_a_field_problem(case, lead, worker):
    response = reassign(client_for(lead), case, link_worker=worker.pk)

    assert response.status_code == 400
    assert response.context["reassign_form"].errors["link_worker"] == ["The case is already with " + str(worker)]
    assert CaseTransition.objects.filter(case=case).count() == 1


def test_a_too_long_reason_is_refused(case, lead):
    colleague = user_with_role(Role.LINK_WORKER, team=case.team)
    response = reassign(client_for(lead), case, link_worker=colleague.pk, note="x" * 501)
    assert response.status_code == 400
    assert "Keep the note to 500 characters or fewer" in text(response)
    assert Case.objects.get(pk=case.pk).link_worker != colleague


def test_a_link_worker_cannot_give_a_case_away(case, worker):
    colleague = user_with_role(Role.LINK_WORKER, team=case.team)
    response = reassign(client_for(worker), case, link_worker=colleague.pk)
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).link_worker == worker


def test_a_discharged_case_cannot_be_given_away_and_says_it_is_closed(case, lead):
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.DISCHARGED, closed_at=timezone.now())
    colleague = user_with_role(Role.LINK_WORKER, team=case.team)
    client = client_for(lead)

    assert client.get(page_of(case)).context["reassign_form"] is None
    response = reassign(client, case, link_worker=colleague.pk)

    assert response.status_code == 400
    assert "This case is closed" in text(response)
    assert "Discharged" in text(response)


# --- Elsewhere -----------------------------------------------------------------------------------
def test_the_inbox_referral_page_links_to_its_case(case, worker):
    waiting = ReferralFactory.create(team=case.team)
    client = client_for(worker)

    accepted = text(client.get(reverse("inbox:referral", kwargs={"referral_id": case.referral_id})))
    assert f'<a href="{page_of(case)}">Open the case</a>' in accepted
    assert "Open the case" not in text(client.get(reverse("inbox:referral", kwargs={"referral_id": waiting.pk})))


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.LINK_WORKER, True),
        (Role.TEAM_LEAD, True),
        (Role.ADMIN, True),
        (Role.REFERRER, False),
        (Role.PROVIDER, False),
        (Role.COMMISSIONER, False),
    ],
)
def test_the_caseload_is_in_the_navigation_for_those_who_keep_case_records(role, shown):
    response = client_for(user_with_role(role)).get(reverse("core:home"))
    assert ('href="/cases/"' in response.content.decode()) is shown

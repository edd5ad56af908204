"""The contacts, follow-ups and safeguarding pages, through the views, and who may reach each of them."""

import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.care import raise_concern, record_contact, set_follow_up
from linkwell.casework.care_views import RECENT_CONTACTS, case_section
from linkwell.casework.models import (
    Case,
    CaseStatus,
    ConcernStatus,
    Contact,
    ContactKind,
    FollowUp,
    SafeguardingConcern,
)
from linkwell.casework.tests.builders import open_case
from linkwell.conftest import client_for

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db


def a_case() -> Case:
    return open_case(received_at=timezone.now() - timedelta(days=30), reason_text="")


def a_contact(case: Case, *, days_ago: int = 1) -> Contact:
    return record_contact(
        case=case,
        at=timezone.now() - timedelta(days=days_ago),
        kind=ContactKind.PHONE,
        made=True,
        duration_minutes=15,
        note=f"Contact {days_ago} days ago",
        by=case.link_worker,
    )


def a_follow_up(case: Case, *, title: str = "Ring to check in", due_in: int = 7) -> FollowUp:
    created = set_follow_up(
        case=case,
        title=title,
        due_on=timezone.localdate() + timedelta(days=max(due_in, 0)),
        assigned_to=case.link_worker,
        by=case.link_worker,
    )
    if due_in < 0:
        # Set in the past, as it would have been: the action only takes dates from today on.
        FollowUp.objects.filter(pk=created.pk).update(due_on=timezone.localdate() + timedelta(days=due_in))
    return created


def a_concern(case: Case, summary: str = "Worried about a neighbour taking their pension") -> SafeguardingConcern:
    return raise_concern(case=case, summary=summary, details="", action_taken="", by=case.link_worker)


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def case_page(client: Client, case: Case) -> str:
    response = client.get(reverse("casework:case", kwargs={"case_id": case.pk}))
    assert response.status_code == 200
    return response.content.decode()


# --- The case page's section ----------------------------------------------------------------------
def test_the_case_page_shows_the_latest_contacts_with_a_count_and_open_follow_ups():
    case = a_case()
    for days_ago in range(1, 8):
        a_contact(case, days_ago=days_ago)
    a_follow_up(case, title="Ring about the walking group", due_in=-2)
    a_follow_up(case, title="Check the food bank referral", due_in=0)
    later = a_follow_up(case, title="Review the plan", due_in=10)
    done = a_follow_up(case, title="Already done", due_in=3)
    FollowUp.objects.filter(pk=done.pk).update(done_at=timezone.now(), done_by=case.link_worker)

    page = case_page(client_for(case.link_worker), case)

    # The timeline lists every contact too; the section shows the latest.
    contacts = page[page.index('<h2 id="contacts">') : page.index('<h2 id="follow-ups">')]
    assert "7 contacts recorded; the latest 5 are below" in contacts
    assert "Contact 1 days ago" in contacts
    assert "Contact 5 days ago" in contacts
    assert "Contact 6 days ago" not in contacts
    assert reverse("casework:contact-list", kwargs={"case_id": case.pk}) in contacts
    follow_ups = page[page.index('<h2 id="follow-ups">') : page.index('<h2 id="safeguarding">')]
    assert "3 to do, 1 overdue." in follow_ups
    assert "Overdue</strong> Was due" in follow_ups
    assert "Due today</strong>" in follow_ups
    assert "Already done" not in follow_ups
    assert reverse("casework:follow-up-done", kwargs={"case_id": case.pk, "follow_up_id": later.pk}) in follow_ups
    assert "Raise a safeguarding concern" in page
    assert 'id="safeguarding-concerns"' not in page


def test_the_section_takes_the_same_few_queries_however_much_the_case_holds(django_assert_max_num_queries):
    small, large = a_case(), a_case()
    a_contact(small)
    a_follow_up(small)
    a_concern(small)
    for days_ago in range(1, 12):
        a_contact(large, days_ago=days_ago)
        a_follow_up(large, due_in=days_ago)
    for _ in range(4):
        a_concern(large)
    worker = large.link_worker

    with django_assert_max_num_queries(4):
        small_section = case_section(small, small.link_worker)
    with django_assert_max_num_queries(4):
        large_section = case_section(large, worker)
        # What the template reads must already be loaded.
        names = [c.recorded_by.email for c in large_section["care_contacts"]]
        names += [row.follow_up.assigned_to.email for row in large_section["care_follow_ups"]]
        names += [concern.raised_by.email for concern in large_section["care_open_concerns"]]

    assert small_section["care_contact_count"] == 1
    assert large_section["care_contact_count"] == 11
    assert len(large_section["care_contacts"]) == RECENT_CONTACTS
    assert len(large_section["care_follow_ups"]) == 11
    assert large_section["care_concern_count"] == 4
    assert len(names) == RECENT_CONTACTS + 11 + 4


def test_an_open_concern_puts_a_banner_on_the_case_for_the_whole_team_until_closed():
    case = a_case()
    concern = a_concern(case)
    colleague = user_with_role(Role.LINK_WORKER, team=case.team, full_name="Sam Colleague")

    page = case_page(client_for(colleague), case)
    banner = page[page.index('id="safeguarding-concerns"') :]
    assert "Worried about a neighbour taking their pension" in banner
    assert "Raised by" in banner
    assert reverse("casework:concern-detail", kwargs={"case_id": case.pk, "concern_id": concern.pk}) in banner
    assert page.index('id="safeguarding-concerns"') < page.index("<h1")

    SafeguardingConcern.objects.filter(pk=concern.pk).update(
        status=ConcernStatus.CLOSED, closed_at=timezone.now(), closed_by=case.link_worker, closing_note="Sorted"
    )
    assert 'id="safeguarding-concerns"' not in case_page(client_for(colleague), case)


def test_a_closed_case_offers_no_new_records_but_lets_follow_ups_be_done():
    case = a_case()
    follow_up = a_follow_up(case)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.DISCHARGED, closed_at=timezone.now())

    page = case_page(client_for(case.link_worker), case)

    assert reverse("casework:contact-new", kwargs={"case_id": case.pk}) not in page
    assert reverse("casework:concern-new", kwargs={"case_id": case.pk}) not in page
    assert reverse("casework:follow-up-done", kwargs={"case_id": case.pk, "follow_up_id": follow_up.pk}) in page
    response = client_for(case.link_worker).get(reverse("casework:contact-new", kwargs={"case_id": case.pk}))
    assert response.status_code == 302


# --- Contacts -------------------------------------------------------------------------------------
def test_the_contact_form_starts_at_today_and_now():
    case = a_case()

    before = timezone.localtime()
    response = client_for(case.link_worker).get(reverse("casework:contact-new", kwargs={"case_id": case.pk}))
    after = timezone.localtime()

    assert response.status_code == 200
    form = response.context["form"]
    # The page may be drawn as the clock turns a minute (or midnight): either side is right.
    assert form["at"].value() in ([moment.day, moment.month, moment.year] for moment in (before, after))
    assert form["at_time"].value() in {f"{before:%H:%M}", f"{after:%H:%M}"}
    assert AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED, object_id=str(case.pk)).exists()


def contact_post(case: Case, **fields: str) -> dict[str, str]:
    earlier = timezone.localtime() - timedelta(hours=2)
    return {
        **date_fields("at", earlier.date()),
        "at_time": f"{earlier:%H:%M}",
        "kind": "home_visit",
        "made": "made",
        "duration_minutes": "45",
        "note": "Met at home; keen on the choir",
        **fields,
    }


def test_recording_a_contact_with_a_follow_up_saves_both_and_returns_to_the_case():
    case = a_case()
    due = timezone.localdate() + timedelta(days=14)
    client = client_for(case.link_worker)

    response = client.post(
        reverse("casework:contact-new", kwargs={"case_id": case.pk}),
        contact_post(case, follow_up_title="Check the choir got in touch", **date_fields("follow_up_on", due)),
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("casework:case", kwargs={"case_id": case.pk})
    contact = Contact.objects.get()
    assert (contact.kind, contact.made, contact.duration_minutes) == (ContactKind.HOME_VISIT, True, 45)
    follow_up = FollowUp.objects.get()
    assert (follow_up.title, follow_up.due_on, follow_up.assigned_to) == (
        "Check the choir got in touch",
        due,
        case.link_worker,
    )
    page = response.content.decode()
    assert "Contact recorded, with a follow-up." in page
    assert "Met at home; keen on the choir" in page
    assert "Check the choir got in touch" in page


def test_an_attempt_needs_no_duration_and_no_follow_up():
    case = a_case()

    response = client_for(case.link_worker).post(
        reverse("casework:contact-new", kwargs={"case_id": case.pk}),
        contact_post(case, made="attempted", duration_minutes="", kind="phone", note=""),
    )

    assert response.status_code == 302
    contact = Contact.objects.get()
    assert not contact.made
    assert contact.duration_minutes is None
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": ""}, "kind", "Choose how you contacted the person"),
        ({"kind": "carrier_pigeon"}, "kind", "Select a valid choice"),
        ({"duration_minutes": ""}, "duration_minutes", "Enter how long the contact took, in minutes"),
        ({"duration_minutes": "ten"}, "duration_minutes", "Enter the duration as a whole number of minutes, like 30"),
        ({"at_time": "25:00"}, "at_time", "Enter a real time, like 9:30am or 14:30"),
        ({"at_0": "31", "at_1": "2"}, "at", "The date of the contact must be a real date, like 5 3 2026"),
        ({"follow_up_title": "Ring back"}, "follow_up_on", "Enter the date to follow up on"),
    ],
)
def test_bad_contact_answers_are_shown_beside_their_fields(fields, field, message):
    case = a_case()

    response = client_for(case.link_worker).post(
        reverse("casework:contact-new", kwargs={"case_id": case.pk}), contact_post(case, **fields)
    )

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'href="#id_{field}"' in page
    assert response.context["has_errors"]
    assert not Contact.objects.exists()


def test_a_contact_in_the_future_is_refused_by_the_action_and_shown_on_the_date():
    case = a_case()
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client_for(case.link_worker).post(
        reverse("casework:contact-new", kwargs={"case_id": case.pk}),
        contact_post(case, **date_fields("at", tomorrow)),
    )

    assert response.status_code == 400
    assert response.context["form"].errors["at"] == ["The contact must not be in the future"]
    assert not Contact.objects.exists()


def test_the_contacts_page_lists_every_contact_newest_first():
    case = a_case()
    for days_ago in (3, 1, 2):
        a_contact(case, days_ago=days_ago)

    response = client_for(case.link_worker).get(reverse("casework:contact-list", kwargs={"case_id": case.pk}))

    page = response.content.decode()
    assert "3 contacts recorded, newest first." in page
    assert page.index("Contact 1 days ago") < page.index("Contact 2 days ago") < page.index("Contact 3 days ago")


# --- Follow-ups -----------------------------------------------------------------------------------
def follow_up_url(case: Case) -> str:
    return reverse("casework:follow-up-new", kwargs={"case_id": case.pk})


def test_the_follow_up_form_offers_quick_dates_and_the_teams_link_workers_defaulting_to_the_cases():
    case = a_case()
    colleague = user_with_role(Role.LINK_WORKER, team=case.team, full_name="Sam Colleague")
    user_with_role(Role.LINK_WORKER, full_name="Other Team")

    response = client_for(colleague).get(follow_up_url(case))

    form = response.context["form"]
    assert form["assigned_to"].value() == str(case.link_worker.pk)
    assert {label for _, label in form.fields["assigned_to"].choices} == {
        case.link_worker.full_name or case.link_worker.email,
        "Sam Colleague",
    }
    in_two_weeks = timezone.localdate() + timedelta(weeks=2)
    page = response.content.decode()
    assert f"In 2 weeks ({in_two_weeks.day} {in_two_weeks:%B %Y})" in page
    assert "On a specific date" in page


def test_a_quick_choice_sets_the_due_date_and_a_colleague_can_be_chosen():
    case = a_case()
    colleague = user_with_role(Role.LINK_WORKER, team=case.team)

    response = client_for(case.link_worker).post(
        follow_up_url(case), {"title": "Check the referrals", "when": "2", "assigned_to": str(colleague.pk)}
    )

    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.due_on == timezone.localdate() + timedelta(weeks=2)
    assert follow_up.assigned_to == colleague


def test_a_specific_date_is_used_when_chosen():
    case = a_case()
    due = timezone.localdate() + timedelta(days=3)

    client_for(case.link_worker).post(
        follow_up_url(case),
        {"title": "Ring", "when": "date", **date_fields("due_on", due), "assigned_to": str(case.link_worker.pk)},
    )

    assert FollowUp.objects.get().due_on == due


def test_a_date_typed_without_choosing_a_specific_date_still_counts():
    case = a_case()
    due = timezone.localdate() + timedelta(days=5)

    client_for(case.link_worker).post(
        follow_up_url(case), {"title": "Ring", **date_fields("due_on", due), "assigned_to": str(case.link_worker.pk)}
    )

    assert FollowUp.objects.get().due_on == due


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "Enter what needs doing"),
        ({"when": "2", "due_on_0": "1", "due_on_1": "1", "due_on_2": "2030"}, "due_on", "or clear it"),
        ({"when": ""}, "when", "Choose when the follow-up is due"),
        ({"when": "date"}, "due_on", "Enter the date the follow-up is due"),
        ({"when": "date", "due_on_0": "1", "due_on_1": "1", "due_on_2": "2020"}, "due_on", "today or later"),
        ({"assigned_to": "999999"}, "assigned_to", "Choose who will do it"),
    ],
)
def test_bad_follow_up_answers_are_shown_beside_their_fields(fields, field, message):
    case = a_case()
    data = {"title": "Ring", "when": "1", "assigned_to": str(case.link_worker.pk), **fields}

    response = client_for(case.link_worker).post(follow_up_url(case), data)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert f'href="#id_{field}"' in response.content.decode()
    assert not FollowUp.objects.exists()


def test_a_follow_up_is_marked_done_with_a_note_once():
    case = a_case()
    follow_up = a_follow_up(case, due_in=-1)
    url = reverse("casework:follow-up-done", kwargs={"case_id": case.pk, "follow_up_id": follow_up.pk})
    client = client_for(case.link_worker)

    page = client.get(url).content.decode()
    assert "Ring to check in" in page
    assert "Overdue" in page

    response = client.post(url, {"note": "Rang; the group has been in touch"})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    assert follow_up.done_note == "Rang; the group has been in touch"

    again = client.post(url, {"note": ""})
    assert again.status_code == 400
    assert "already marked as done" in again.content.decode()


def test_a_follow_up_of_another_case_is_not_found_through_this_one():
    case = a_case()
    colleague = user_with_role(Role.TEAM_LEAD, team=case.team)
    other_case_in_team = open_case(team=case.team, worker=case.link_worker)
    follow_up = a_follow_up(other_case_in_team)

    response = client_for(colleague).get(
        reverse("casework:follow-up-done", kwargs={"case_id": case.pk, "follow_up_id": follow_up.pk})
    )

    assert response.status_code == 404


# --- Safeguarding concerns ------------------------------------------------------------------------
def test_raising_a_concern_shows_the_banner_and_closing_it_needs_a_note():
    case = a_case()
    client = client_for(case.link_worker)

    missing = client.post(reverse("casework:concern-new", kwargs={"case_id": case.pk}), {"summary": ""})
    assert missing.status_code == 400
    assert missing.context["form"].errors["summary"] == ["Enter a short summary of the concern"]

    response = client.post(
        reverse("casework:concern-new", kwargs={"case_id": case.pk}),
        {"summary": "Bruises on both arms", "details": "Said they fell.", "action_taken": "Told the lead"},
        follow=True,
    )
    assert "Bruises on both arms" in response.content.decode()
    concern = SafeguardingConcern.objects.get()

    detail_url = reverse("casework:concern-detail", kwargs={"case_id": case.pk, "concern_id": concern.pk})
    detail = client.get(detail_url).content.decode()
    assert "Said they fell." in detail
    assert "Told the lead" in detail
    assert "Close the concern" in detail

    close_url = reverse("casework:concern-close", kwargs={"case_id": case.pk, "concern_id": concern.pk})
    refused = client.post(close_url, {"closing_note": ""})
    assert refused.status_code == 400
    assert 'href="#id_closing_note"' in refused.content.decode()

    closed = client.post(close_url, {"closing_note": "GP has seen them; an accident"}, follow=True)
    assert 'id="safeguarding-concerns"' not in closed.content.decode()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED

    again = client.post(close_url, {"closing_note": "Again"})
    assert again.status_code == 400
    assert "already closed" in again.content.decode()

    history = client.get(reverse("casework:concern-list", kwargs={"case_id": case.pk})).content.decode()
    assert "Bruises on both arms" in history
    assert "No open concerns." in history


# --- Who may reach each page ----------------------------------------------------------------------
def endpoints(case: Case, follow_up: FollowUp, concern: SafeguardingConcern) -> list[tuple[str, str, dict[str, str]]]:
    """(method, url, a valid POST) for every endpoint."""
    ids = {"case_id": case.pk}
    return [
        ("get", reverse("casework:contact-list", kwargs=ids), {}),
        ("get", reverse("casework:contact-new", kwargs=ids), {}),
        ("post", reverse("casework:contact-new", kwargs=ids), contact_post(case)),
        ("get", reverse("casework:follow-up-new", kwargs=ids), {}),
        (
            "post",
            reverse("casework:follow-up-new", kwargs=ids),
            {"title": "Ring", "when": "1", "assigned_to": str(case.link_worker_id)},
        ),
        ("get", reverse("casework:follow-up-done", kwargs={**ids, "follow_up_id": follow_up.pk}), {}),
        ("post", reverse("casework:follow-up-done", kwargs={**ids, "follow_up_id": follow_up.pk}), {"note": ""}),
        ("get", reverse("casework:concern-list", kwargs=ids), {}),
        ("get", reverse("casework:concern-new", kwargs=ids), {}),
        ("post", reverse("casework:concern-new", kwargs=ids), {"summary": "A worry"}),
        ("get", reverse("casework:concern-detail", kwargs={**ids, "concern_id": concern.pk}), {}),
        (
            "post",
            reverse("casework:concern-close", kwargs={**ids, "concern_id": concern.pk}),
            {"closing_note": "Resolved"},
        ),
    ]


@pytest.fixture
def setting() -> tuple[Case, FollowUp, SafeguardingConcern]:
    case = a_case()
    return case, a_follow_up(case), a_concern(case)


def _request(client: Client, method: str, url: str, data: dict[str, str]) -> "_MonkeyPatchedWSGIResponse":
    return client.get(url) if method == "get" else client.post(url, data)


def test_the_cases_team_reaches_every_page(setting):
    case, follow_up, concern = setting
    colleague = user_with_role(Role.TEAM_LEAD, team=case.team)
    for method, url, data in endpoints(case, follow_up, concern):
        response = _request(client_for(colleague), method, url, data)
        assert response.status_code == (200 if method == "get" else 302), url


@pytest.mark.parametrize("role", [Role.REFERRER, Role.PROVIDER, Role.COMMISSIONER, Role.DIRECTORY_EDITOR])
def test_roles_without_case_records_are_refused_everywhere(setting, role):
    case, follow_up, concern = setting
    user = user_with_role(role, team=case.team) if role == Role.REFERRER else user_with_role(role)
    for method, url, data in endpoints(case, follow_up, concern):
        assert _request(client_for(user), method, url, data).status_code == 403, url


def test_another_team_gets_the_same_404_as_for_a_case_that_does_not_exist(setting):
    case, follow_up, concern = setting
    other_team_worker = user_with_role(Role.LINK_WORKER)
    client = client_for(other_team_worker)
    for method, url, data in endpoints(case, follow_up, concern):
        theirs = _request(client, method, url, data)
        missing = _request(client, method, url.replace(str(case.pk), str(uuid.uuid4())), data)
        assert theirs.status_code == missing.status_code == 404, url
        assert theirs.content == missing.content, url
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED, actor_id=other_team_worker.pk).exists()
    assert Contact.objects.count() == 0
    assert FollowUp.objects.filter(done_at__isnull=False).count() == 0


def test_anonymous_visitors_are_sent_to_sign_in(setting):
    case, follow_up, concern = setting
    for method, url, data in endpoints(case, follow_up, concern):
        response = _request(Client(), method, url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/sign-in/"), url


def test_a_concern_or_follow_up_id_that_is_not_on_the_case_is_a_404(setting):
    case, _, _ = setting
    client = client_for(case.link_worker)
    for name, key in (("follow-up-done", "follow_up_id"), ("concern-detail", "concern_id")):
        url = reverse(f"casework:{name}", kwargs={"case_id": case.pk, key: uuid.uuid4()})
        assert client.get(url).status_code == 404

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwell.accounts.models import Team, User
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import TeamFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.conftest import client_for
from linkwell.people.models import DuplicateStatus, Person, PossibleDuplicate
from linkwell.referrals.duplicate_views import compare
from linkwell.referrals.models import Referral, ReferralStatus
from linkwell.referrals.tests.factories import PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db

DUPLICATES = reverse("inbox:duplicates")
BIRTHDAY = date(1961, 4, 12)
# 999-range test numbers that pass Modulus 11.
NHS_NUMBER = "9992345675"
OTHER_NHS_NUMBER = "9990000018"
REASONS = ["same date of birth", "same family name", "given name is a short form of the other", "same postcode"]


@pytest.fixture
def team() -> Team:
    return TeamFactory.create(name="Chelmsford link workers")


@pytest.fixture
def other_team() -> Team:
    return TeamFactory.create(name="Southend link workers")


@pytest.fixture
def lead(team) -> User:
    return user_with_role(Role.TEAM_LEAD, team=team, full_name="Priya Lead")


@pytest.fixture
def other_lead(other_team) -> User:
    return user_with_role(Role.TEAM_LEAD, team=other_team, full_name="Sam Elsewhere")


def referred(team: Team, **fields: object) -> Person:
    person = PersonFactory.create(**{"family_name": "Fictional", "date_of_birth": BIRTHDAY, **fields})
    ReferralFactory.create(person=person, team=team)
    return person


def pair_of(older: Person, newer: Person, **fields: object) -> PossibleDuplicate:
    return PossibleDuplicate.objects.create(person=newer, other=older, **{"score": 90, "reasons": REASONS, **fields})


@pytest.fixture
def older(team) -> Person:
    person = referred(
        team,
        given_name="Joanne",
        nhs_number=NHS_NUMBER,
        postcode="CM1 1AA",
        address_line_1="1 Example Street",
        town="Chelmsford",
        phone="01632 960001",
        created_at=timezone.now() - timedelta(days=30),
    )
    Referral.objects.filter(person=person).update(received_at=person.created_at)
    return person


@pytest.fixture
def newer(team) -> Person:
    return referred(team, given_name="Jo", postcode="CM1 1AA", phone="01632960001", email="jo@example.org")


@pytest.fixture
def pair(older, newer) -> PossibleDuplicate:
    return pair_of(older, newer)


def check_url(duplicate: PossibleDuplicate | int) -> str:
    duplicate_id = duplicate if isinstance(duplicate, int) else duplicate.pk
    return reverse("inbox:duplicate", kwargs={"duplicate_id": duplicate_id})


def events(action: AuditAction) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


# --- The list -----------------------------------------------------------------------------------
def test_the_list_shows_each_open_pair_with_names_dates_of_birth_score_and_reasons(pair, lead):
    response = client_for(lead).get(DUPLICATES)

    assert response.status_code == 200
    page = response.content.decode()
    assert "1 possible duplicate to check" in page
    assert "Joanne Fictional" in page
    assert "Jo Fictional" in page
    assert "Born 12 April 1961" in page
    assert "90 out of 100" in page
    assert "Same date of birth, same family name, given name is a short form of the other, same postcode" in page
    assert check_url(pair) in page


def test_the_list_leaves_out_pairs_already_checked(pair, lead):
    pair.status, pair.resolved_at = DuplicateStatus.DIFFERENT_PEOPLE, timezone.now()
    pair.save()

    page = client_for(lead).get(DUPLICATES).content.decode()

    assert "0 possible duplicates to check" in page
    assert "There are no possible duplicates for you to check." in page


def test_a_team_lead_never_sees_a_pair_with_a_record_outside_their_team(team, other_team, lead, admin_user):
    ours = referred(team, given_name="Marnie")
    theirs = referred(other_team, given_name="Marny")
    across_teams = pair_of(ours, theirs)
    elsewhere = pair_of(referred(other_team, given_name="Oswin"), referred(other_team, given_name="Oswyn"))

    lead_page = client_for(lead).get(DUPLICATES).content.decode()
    admin_page = client_for(admin_user).get(DUPLICATES).content.decode()

    assert "0 possible duplicates to check" in lead_page
    assert "Marnie" not in lead_page
    assert "Oswin" not in lead_page
    assert "2 possible duplicates to check" in admin_page
    assert check_url(across_teams) in admin_page
    assert check_url(elsewhere) in admin_page


def test_a_team_lead_who_is_only_a_link_worker_in_another_team_does_not_check_its_pairs(team, other_team, lead):
    lead.memberships.create(role=Role.LINK_WORKER, team=other_team)
    pair_of(referred(other_team, given_name="Oswin"), referred(other_team, given_name="Oswyn"))

    assert "0 possible duplicates to check" in client_for(lead).get(DUPLICATES).content.decode()


def test_a_lead_of_the_whole_scheme_checks_pairs_in_every_team_of_the_scheme(team, pair):
    scheme_lead = user_with_role(Role.TEAM_LEAD, organisation=team.scheme)

    assert "1 possible duplicate to check" in client_for(scheme_lead).get(DUPLICATES).content.decode()


def test_the_list_takes_the_same_number_of_queries_however_many_pairs(team, lead, django_assert_max_num_queries):
    def add_pairs(count: int) -> None:
        for number in range(count):
            pair_of(referred(team, given_name=f"Ada{number}"), referred(team, given_name=f"Adah{number}"))

    add_pairs(1)
    client = client_for(lead)
    with django_assert_max_num_queries(8):
        assert client.get(DUPLICATES).status_code == 200
    add_pairs(20)
    with django_assert_max_num_queries(8):
        assert client.get(DUPLICATES).status_code == 200


def test_many_pairs_are_shown_a_page_at_a_time(team, lead):
    for number in range(30):
        pair_of(referred(team, given_name=f"Ada{number}"), referred(team, given_name=f"Adah{number}"))
    client = client_for(lead)

    first = client.get(DUPLICATES)
    second = client.get(DUPLICATES, {"page": 2})

    assert "30 possible duplicates to check" in first.content.decode()
    assert len(first.context["rows"]) == 25
    assert 'href="?page=2"' in first.content.decode()
    assert len(second.context["rows"]) == 5


# --- Who may see the pages ----------------------------------------------------------------------
@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.REFERRER, Role.PROVIDER, Role.COMMISSIONER])
def test_other_roles_are_refused(role, team, pair):
    user = user_with_role(role, team=team) if role == Role.LINK_WORKER else user_with_role(role)
    client = client_for(user)

    assert client.get(DUPLICATES).status_code == 403
    assert client.get(check_url(pair)).status_code == 403
    assert client.post(check_url(pair), {"decision": "same_person"}).status_code == 403
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.OPEN


def test_anonymous_visitors_are_sent_to_sign_in(pair):
    for response in (Client().get(DUPLICATES), Client().get(check_url(pair)), Client().post(check_url(pair))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_another_teams_pair_is_as_missing_as_one_that_does_not_exist(pair, other_lead):
    client = client_for(other_lead)

    for url in (check_url(pair), check_url(pair.pk + 1000), check_url(2**64)):
        assert client.get(url).status_code == 404
        assert client.post(url, {"decision": "same_person"}).status_code == 404
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.OPEN
    assert not events(AuditAction.PERSON_VIEWED)


def test_an_administrator_checks_a_pair_that_spans_two_teams(team, other_team, admin_user):
    across_teams = pair_of(referred(team, given_name="Marnie"), referred(other_team, given_name="Marny"))

    response = client_for(admin_user).get(check_url(across_teams))

    assert response.status_code == 200
    assert "Chelmsford link workers" in response.content.decode()
    assert "Southend link workers" in response.content.decode()


# --- The check page -----------------------------------------------------------------------------
def test_the_check_page_puts_the_two_records_side_by_side_and_says_what_matches(pair, older, newer, lead):
    response = client_for(lead).get(check_url(pair))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Are these the same person?" in page
    assert "90 out of 100" in page
    assert "Given name is a short form of the other" in page
    assert "999 234 5675" in page
    assert "1 Example Street, Chelmsford" in page
    assert older.referrals.get().reference in page
    assert newer.referrals.get().reference in page
    assert "Chelmsford link workers" in page
    assert ReferralStatus.RECEIVED.label in page
    details = {detail.label: detail.same for detail in response.context["details"]}
    assert details["Date of birth"] is True
    assert details["Name"] is False
    assert details["Phone"] is True
    assert details["NHS number"] is None
    assert page.count(">Same</strong>") == sum(1 for same in details.values() if same)
    assert "Yes, the same person — merge the records" in page
    assert "No, different people" in page


def test_both_records_shown_are_reads_in_the_audit_log(pair, older, newer, lead):
    client_for(lead).get(check_url(pair))

    viewed = events(AuditAction.PERSON_VIEWED)
    assert {event.person_id for event in viewed} == {str(older.pk), str(newer.pk)}
    assert {event.actor_id for event in viewed} == {lead.pk}


def test_compare_matches_details_written_differently_and_skips_what_one_record_lacks():
    first = Person(given_name="Joanne", family_name="Fictional", phone="01632 960001", email="Jo@Example.org")
    second = Person(given_name="joanne", family_name="FICTIONAL ", phone="01632960001", email="jo@example.org")

    details = {detail.label: detail.same for detail in compare(first, second)}

    assert details["Name"] is True
    assert details["Phone"] is True
    assert details["Email"] is True
    assert details["Date of birth"] is None
    assert details["GP practice"] is None


def test_choosing_nothing_is_explained_in_the_error_summary(pair, lead):
    response = client_for(lead).post(check_url(pair), {})

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select whether these records are the same person" in page
    assert "<title>Error: " in page
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.OPEN


def test_the_same_person_merges_the_records_and_goes_on_to_the_kept_persons_referral(pair, older, newer, lead):
    client = client_for(lead)
    kept_referral = older.referrals.get()
    moved_referral = newer.referrals.get()

    response = client.post(check_url(pair), {"decision": "same_person"})

    # The newest referral is now the kept person's current one: it moved over from the merged record.
    assert response.status_code == 302
    assert response["Location"] == reverse("inbox:referral", kwargs={"referral_id": moved_referral.pk})
    newer.refresh_from_db()
    pair.refresh_from_db()
    assert newer.merged_into_id == older.pk
    assert pair.status == DuplicateStatus.SAME_PERSON
    assert pair.resolved_by_id == lead.pk
    assert set(Referral.objects.filter(person=older)) == {kept_referral, moved_referral}
    [resolved] = events(AuditAction.DUPLICATE_RESOLVED)
    [merged] = events(AuditAction.PEOPLE_MERGED)
    assert (resolved.actor_id, resolved.detail["outcome"]) == (lead.pk, "same_person")
    assert (merged.actor_id, merged.detail["merged_person_id"]) == (lead.pk, str(newer.pk))
    assert "Merged: the two records are now one" in client.get(response["Location"]).content.decode()


def test_different_people_keeps_both_records_and_goes_back_to_the_list(pair, older, newer, lead):
    client = client_for(lead)

    response = client.post(check_url(pair), {"decision": "different_people"})

    assert response.status_code == 302
    assert response["Location"] == DUPLICATES
    pair.refresh_from_db()
    assert (pair.status, pair.resolved_by_id) == (DuplicateStatus.DIFFERENT_PEOPLE, lead.pk)
    assert Person.objects.filter(pk__in=[older.pk, newer.pk], merged_into__isnull=True).count() == 2
    [resolved] = events(AuditAction.DUPLICATE_RESOLVED)
    assert (resolved.actor_id, resolved.detail["outcome"]) == (lead.pk, "different_people")
    assert not events(AuditAction.PEOPLE_MERGED)
    page = client.get(DUPLICATES).content.decode()
    assert "Recorded: these are different people." in page
    assert "0 possible duplicates to check" in page


def test_an_administrator_who_merges_goes_back_to_the_list(pair, admin_user):
    response = client_for(admin_user).post(check_url(pair), {"decision": "same_person"})

    # Administrators have no team inbox to go on to.
    assert response.status_code == 302
    assert response["Location"] == DUPLICATES
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.SAME_PERSON


def test_records_with_different_nhs_numbers_are_not_merged_and_the_page_says_why(team, lead):
    pair = pair_of(
        referred(team, given_name="Joanne", nhs_number=NHS_NUMBER),
        referred(team, given_name="Jo", nhs_number=OTHER_NHS_NUMBER),
    )

    response = client_for(lead).post(check_url(pair), {"decision": "same_person"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "These records have different NHS numbers, so they cannot be merged" in page
    assert "Confirm decision" in page
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.OPEN
    assert not Person.objects.filter(merged_into__isnull=False).exists()
    assert not events(AuditAction.DUPLICATE_RESOLVED)
    assert not events(AuditAction.PEOPLE_MERGED)


def test_a_pair_already_checked_shows_its_outcome_and_no_buttons(pair, lead):
    client = client_for(lead)
    client.post(check_url(pair), {"decision": "different_people"})
    events_before = AuditEvent.objects.count()

    page = client.get(check_url(pair)).content.decode()

    assert "Possible duplicate checked" in page
    assert DuplicateStatus.DIFFERENT_PEOPLE.label in page
    assert "Priya Lead" in page
    assert "Confirm decision" not in page
    assert 'type="radio"' not in page
    # Nobody's details are shown, so nothing was read.
    assert AuditEvent.objects.count() == events_before


def test_deciding_a_pair_someone_has_already_checked_shows_why_and_changes_nothing(pair, lead, team):
    second_lead = user_with_role(Role.TEAM_LEAD, team=team)
    client_for(second_lead).post(check_url(pair), {"decision": "different_people"})

    response = client_for(lead).post(check_url(pair), {"decision": "same_person"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "This possible duplicate has already been checked" in page
    assert DuplicateStatus.DIFFERENT_PEOPLE.label in page
    assert "Confirm decision" not in page
    assert not Person.objects.filter(merged_into__isnull=False).exists()
    assert len(events(AuditAction.DUPLICATE_RESOLVED)) == 1


def test_a_merged_pair_still_opens_with_a_link_to_the_kept_persons_referral(pair, newer, lead):
    client = client_for(lead)
    moved_referral = newer.referrals.get()
    client.post(check_url(pair), {"decision": "same_person"})

    response = client.get(check_url(pair))

    assert response.status_code == 200
    page = response.content.decode()
    assert DuplicateStatus.SAME_PERSON.label in page
    assert f"Go to referral {moved_referral.reference}" in page


# --- Links from the inbox -----------------------------------------------------------------------
def test_the_inbox_shows_team_leads_how_many_duplicates_wait(team, pair, lead):
    worker = user_with_role(Role.LINK_WORKER, team=team)

    assert "Possible duplicates to check (1)" in client_for(lead).get(reverse("inbox:list")).content.decode()
    assert "Possible duplicates to check" not in client_for(worker).get(reverse("inbox:list")).content.decode()


def test_the_inbox_has_no_duplicates_link_when_there_is_nothing_to_check(team, lead):
    referred(team, given_name="Marnie")

    assert "Possible duplicates to check" not in client_for(lead).get(reverse("inbox:list")).content.decode()


def test_the_referral_page_links_a_team_lead_to_the_check(team, pair, newer, lead):
    worker = user_with_role(Role.LINK_WORKER, team=team)
    referral_url = reverse("inbox:referral", kwargs={"referral_id": newer.referrals.get().pk})

    lead_page = client_for(lead).get(referral_url).content.decode()
    worker_page = client_for(worker).get(referral_url).content.decode()

    assert f'href="{check_url(pair)}"' in lead_page
    assert "Possible duplicate of another record: the team lead should check." in worker_page
    assert check_url(pair) not in worker_page


def test_the_referral_page_leaves_a_pair_across_teams_to_an_administrator(team, other_team, lead):
    ours = referred(team, given_name="Marnie")
    across_teams = pair_of(ours, referred(other_team, given_name="Marny"))

    page = client_for(lead).get(reverse("inbox:referral", kwargs={"referral_id": ours.referrals.get().pk}))

    assert "Possible duplicate of a record in another team: an administrator should check." in page.content.decode()
    assert check_url(across_teams) not in page.content.decode()

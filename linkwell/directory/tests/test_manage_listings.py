"""Creating, changing, listing and publishing directory listings through the editor pages."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from linkwell.accounts.models import Organisation, OrganisationKind, User
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.conftest import client_for
from linkwell.directory.actions import HELD_FOR_REVIEW, IllegalTransition, change_state
from linkwell.directory.models import (
    Attribute,
    LinkEntity,
    Organization,
    PublicationState,
    Service,
    ServiceStateChange,
)
from linkwell.directory.taxonomy import ensure_linkwell_taxonomy, term_id

pytestmark = pytest.mark.django_db

WALKING_GROUPS = str(term_id("Walking groups", "Physical activity"))
BEFRIENDING = str(term_id("Befriending", "Befriending and social groups"))


@pytest.fixture(autouse=True)
def _categories() -> None:
    ensure_linkwell_taxonomy()


@pytest.fixture
def editor() -> User:
    return user_with_role(Role.DIRECTORY_EDITOR, email="lena.editor@example.org")


@pytest.fixture
def provider_organisation() -> Organisation:
    return OrganisationFactory.create(kind=OrganisationKind.COMMUNITY_PROVIDER, name="Chelmsford Walking Friends")


@pytest.fixture
def provider(provider_organisation: Organisation) -> User:
    return user_with_role(Role.PROVIDER, organisation=provider_organisation, email="tom.provider@example.org")


def form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Riverside Walking Group",
        "organization": "",
        "new_organization_name": "Chelmer Rambling Trust",
        "description": "Gentle walks by the river.",
        "url": "https://walks.example.org",
        "email": "walks@example.org",
        "status": "active",
        "minimum_age": "18",
        "maximum_age": "",
        "referral_method": "signpost",
        "referral_email": "",
        "referral_phone": "",
        "referral_notes": "",
        "capacity_status": "open",
        "capacity_available": "",
        "capacity_maximum": "",
        "categories": [WALKING_GROUPS],
        "review_due_0": "",
        "review_due_1": "",
        "review_due_2": "",
    }
    data.update(overrides)
    return data


def make_listing(
    *, managed_by: Organisation | None = None, state: str = PublicationState.DRAFT, name: str = "Seated Strength"
) -> Service:
    organization = Organization.objects.create(name="Chelmer Community Trust", managed_by=managed_by)
    return Service.objects.create(organization=organization, name=name, managed_by=managed_by, state=state)


def edit_data(service: Service, **overrides: object) -> dict[str, object]:
    current: dict[str, object] = {
        "name": service.name,
        "organization": str(service.organization_id),
        "new_organization_name": "",
        "managed_by": str(service.managed_by_id or ""),
    }
    return form_data(**{**current, **overrides})


# --- Creating -------------------------------------------------------------------------------------
def test_an_editor_creates_a_draft_listing_with_a_new_organisation_categories_and_a_check(editor):
    response = client_for(editor).post(
        "/directory/manage/new/", form_data(checked="on", categories=[WALKING_GROUPS, BEFRIENDING])
    )

    service = Service.objects.get(name="Riverside Walking Group")
    assert response.status_code == 302
    assert response["Location"] == f"/directory/manage/{service.pk}/"
    assert service.state == PublicationState.DRAFT
    assert service.organization.name == "Chelmer Rambling Trust"
    assert service.minimum_age == 18
    assert service.verified_at is not None
    assert set(
        Attribute.objects.filter(link_entity=LinkEntity.SERVICE, link_id=service.pk).values_list(
            "taxonomy_term_id", flat=True
        )
    ) == {term_id("Walking groups", "Physical activity"), term_id("Befriending", "Befriending and social groups")}
    assert "walking groups" in service.search_document.lower()
    assert list(service.state_changes.values_list("from_state", "to_state", "by_id")) == [
        ("", PublicationState.DRAFT, editor.pk)
    ]
    created = AuditEvent.objects.get(action=AuditAction.SERVICE_CREATED)
    assert (created.actor_id, created.object_id) == (editor.pk, str(service.pk))
    assert created.detail["name"] == "Riverside Walking Group"
    assert AuditEvent.objects.get(action=AuditAction.ORGANIZATION_SAVED).actor_id == editor.pk


def test_an_editor_files_a_listing_under_an_existing_organisation_and_a_provider_to_keep_it(editor):
    existing = Organization.objects.create(name="Chelmer Community Trust")
    keeper = OrganisationFactory.create(kind=OrganisationKind.COMMUNITY_PROVIDER)

    client_for(editor).post(
        "/directory/manage/new/",
        form_data(organization=str(existing.pk), new_organization_name="", managed_by=str(keeper.pk)),
    )

    service = Service.objects.get()
    assert (service.organization, service.managed_by) == (existing, keeper)
    assert Organization.objects.count() == 1


def test_a_providers_new_listing_is_a_draft_managed_by_their_organisation(provider, provider_organisation):
    response = client_for(provider).post("/directory/manage/new/", form_data())

    service = Service.objects.get()
    assert response.status_code == 302
    assert service.state == PublicationState.DRAFT
    assert service.managed_by == provider_organisation
    assert service.organization.managed_by == provider_organisation


def test_a_provider_may_only_file_listings_under_their_own_organisations(provider, provider_organisation):
    theirs = Organization.objects.create(name="Walking Friends", managed_by=provider_organisation)
    someone_elses = Organization.objects.create(name="Another Charity")

    page = client_for(provider).get("/directory/manage/new/").content.decode()
    response = client_for(provider).post(
        "/directory/manage/new/", form_data(organization=str(someone_elses.pk), new_organization_name="")
    )

    assert theirs.name in page
    assert someone_elses.name not in page
    assert response.status_code == 400
    assert not Service.objects.exists()


# --- Validation -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter the name of the service"),
        ({"new_organization_name": ""}, "Choose the organisation that runs the service, or enter a new one"),
        ({"email": "walks.example.org"}, "Enter an email address in the correct format, like name@example.org"),
        ({"url": "not a web address"}, "Enter a web address in the correct format, like https://www.example.org"),
        ({"minimum_age": "65", "maximum_age": "18"}, "Minimum age must be the same as or lower than the maximum age"),
        ({"minimum_age": "eighteen"}, "The minimum age must be a whole number, like 18"),
        ({"referral_method": "email"}, "Enter the email address referrals go to"),
        ({"referral_method": "phone", "referral_phone": "call us"}, "Enter a phone number, like 01245 123456"),
        (
            {"capacity_available": "12", "capacity_maximum": "10"},
            "Places available must be the same as or fewer than the maximum",
        ),
        (
            {"review_due_0": "31", "review_due_1": "2", "review_due_2": "2026"},
            "The review date must be a real date, like 5 3 2026",
        ),
        (
            {"review_due_0": "3", "review_due_1": "", "review_due_2": "2026"},
            "The review date must include a day, month and year",
        ),
        (
            {"review_due_0": "9" * 30, "review_due_1": "1", "review_due_2": "2026"},
            "The review date must be a real date",
        ),
        ({"capacity_maximum": "9" * 20}, "The maximum number of places must be 100000 or less"),
        ({"categories": ["not-a-category"]}, "Choose categories from the list"),
    ],
)
def test_each_mistake_gets_a_clear_message_and_nothing_is_saved(editor, overrides, message):
    response = client_for(editor).post("/directory/manage/new/", form_data(**overrides))

    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert message in page
    assert not Service.objects.exists()
    assert not Organization.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="directory.").exists()


def test_choosing_an_organisation_and_naming_a_new_one_is_refused(editor):
    existing = Organization.objects.create(name="Chelmer Community Trust")

    response = client_for(editor).post("/directory/manage/new/", form_data(organization=str(existing.pk)))

    assert "Choose an organisation from the list or enter a new name, not both" in response.content.decode()
    assert not Service.objects.exists()


def test_what_people_type_is_shown_back_escaped(editor):
    response = client_for(editor).post(
        "/directory/manage/new/", form_data(name="<script>alert(1)</script>", email="bad")
    )

    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- Changing -------------------------------------------------------------------------------------
def test_changing_a_listing_records_which_fields_changed(editor):
    service = make_listing()
    before = service.last_modified

    response = client_for(editor).post(
        f"/directory/manage/{service.pk}/edit/",
        edit_data(service, description="Now with tea.", review_due_0="1", review_due_1="9", review_due_2="2026"),
    )

    service.refresh_from_db()
    assert response.status_code == 302
    assert service.description == "Now with tea."
    assert service.review_due == date(2026, 9, 1)
    assert service.last_modified > before
    event = AuditEvent.objects.get(action=AuditAction.SERVICE_UPDATED)
    assert event.actor_id == editor.pk
    assert {"description", "review_due", "categories"} <= set(event.detail["changed"])
    assert "name" not in event.detail["changed"]


def test_saving_an_unchanged_listing_writes_nothing(editor):
    service = make_listing()
    client = client_for(editor)
    client.post(f"/directory/manage/{service.pk}/edit/", edit_data(service))
    events_before = AuditEvent.objects.filter(action=AuditAction.SERVICE_UPDATED).count()

    client.post(f"/directory/manage/{service.pk}/edit/", edit_data(service))

    assert AuditEvent.objects.filter(action=AuditAction.SERVICE_UPDATED).count() == events_before


def test_the_edit_form_starts_from_the_listing_as_it_is(editor):
    service = make_listing()
    service.review_due = date(2026, 9, 15)
    service.save()

    page = client_for(editor).get(f"/directory/manage/{service.pk}/edit/").content.decode()

    assert 'value="Seated Strength"' in page
    assert 'name="review_due_0" type="text" value="15"' in page
    assert 'name="review_due_2" type="text" value="2026"' in page


def test_a_bad_edit_changes_nothing(editor):
    service = make_listing()

    response = client_for(editor).post(
        f"/directory/manage/{service.pk}/edit/", edit_data(service, description="Changed", email="not-an-email")
    )

    service.refresh_from_db()
    assert response.status_code == 400
    assert service.description == ""
    assert not AuditEvent.objects.filter(action=AuditAction.SERVICE_UPDATED).exists()


def test_a_provider_changing_a_published_listing_sends_it_back_to_draft_for_checking(provider, provider_organisation):
    service = make_listing(managed_by=provider_organisation, state=PublicationState.PUBLISHED)

    response = client_for(provider).post(
        f"/directory/manage/{service.pk}/edit/", edit_data(service, description="Now also on Fridays.")
    )

    service.refresh_from_db()
    assert response.status_code == 302
    assert service.state == PublicationState.DRAFT
    change = service.state_changes.get()
    assert (change.from_state, change.to_state, change.by_id, change.reason) == (
        PublicationState.PUBLISHED,
        PublicationState.DRAFT,
        provider.pk,
        HELD_FOR_REVIEW,
    )
    assert AuditEvent.objects.get(action=AuditAction.SERVICE_UPDATED).detail["held_for_review"] is True


def test_a_provider_can_say_a_live_listing_is_full_without_it_leaving_search(provider, provider_organisation):
    service = make_listing(managed_by=provider_organisation, state=PublicationState.PUBLISHED)

    response = client_for(provider).post(
        f"/directory/manage/{service.pk}/edit/",
        # Everything else as it is on the listing: only the capacity changes.
        edit_data(service, description="", url="", email="", minimum_age="", categories=[], capacity_status="full"),
    )

    service.refresh_from_db()
    assert response.status_code == 302
    assert (service.state, service.capacity_status) == (PublicationState.PUBLISHED, "full")
    assert service.capacity_updated_at is not None
    assert not service.state_changes.exists()
    assert AuditEvent.objects.get(action=AuditAction.SERVICE_UPDATED).detail["held_for_review"] is False


def test_an_editor_changing_a_published_listing_keeps_it_published(editor):
    service = make_listing(state=PublicationState.PUBLISHED)

    client_for(editor).post(f"/directory/manage/{service.pk}/edit/", edit_data(service, description="New"))

    service.refresh_from_db()
    assert service.state == PublicationState.PUBLISHED


def test_a_provider_cannot_hand_their_listing_to_another_organisation(provider, provider_organisation):
    service = make_listing(managed_by=provider_organisation)
    other = OrganisationFactory.create()

    client_for(provider).post(f"/directory/manage/{service.pk}/edit/", edit_data(service, managed_by=str(other.pk)))

    service.refresh_from_db()
    assert service.managed_by == provider_organisation


# --- The list -------------------------------------------------------------------------------------
def test_the_list_shows_state_tags_and_flags_listings_due_for_review(editor):
    overdue = make_listing(name="Overdue Choir", state=PublicationState.PUBLISHED)
    overdue.review_due = timezone.localdate() - timedelta(days=1)
    overdue.save()
    make_listing(name="Archived Club", state=PublicationState.ARCHIVED)

    page = client_for(editor).get("/directory/manage/").content.decode()

    assert "Overdue Choir" in page
    assert "Archived Club" in page
    assert "Published</strong>" in page
    assert "Archived</strong>" in page
    assert page.count("Review due</strong>") == 1


def test_the_list_is_searched_by_name_and_filtered_by_state(editor):
    make_listing(name="Riverside Walking Group", state=PublicationState.PUBLISHED)
    make_listing(name="Riverside Choir")
    make_listing(name="Seated Strength")
    client = client_for(editor)

    by_name = client.get("/directory/manage/", {"name": "riverside"}).content.decode()
    by_both = client.get("/directory/manage/", {"name": "riverside", "state": "draft"}).content.decode()

    assert "Riverside Walking Group" in by_name
    assert "Riverside Choir" in by_name
    assert "Seated Strength" not in by_name
    assert "Riverside Choir" in by_both
    assert "Riverside Walking Group" not in by_both


def test_an_unknown_state_filter_is_an_error_not_everything(editor):
    make_listing()

    response = client_for(editor).get("/directory/manage/", {"state": "deleted"})

    assert response.status_code == 400
    assert "Seated Strength" not in response.content.decode()


@pytest.mark.parametrize("role", [Role.DIRECTORY_EDITOR, Role.PROVIDER])
def test_the_list_takes_a_bounded_number_of_queries_however_many_listings(role, django_assert_max_num_queries):
    organisation = OrganisationFactory.create(kind=OrganisationKind.COMMUNITY_PROVIDER)
    user = user_with_role(role, organisation=organisation)
    for number in range(30):
        make_listing(managed_by=organisation, name=f"Listing {number:02d}")
    client = client_for(user)

    with django_assert_max_num_queries(12):
        response = client.get("/directory/manage/", {"page": "2"})

    assert response.status_code == 200
    assert "Showing 26 to 30 of 30 listings" in response.content.decode()


# --- Publishing -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "transition", "end"),
    [
        (PublicationState.DRAFT, "publish", PublicationState.PUBLISHED),
        (PublicationState.PUBLISHED, "unpublish", PublicationState.DRAFT),
        (PublicationState.PUBLISHED, "archive", PublicationState.ARCHIVED),
        (PublicationState.DRAFT, "archive", PublicationState.ARCHIVED),
        (PublicationState.ARCHIVED, "restore", PublicationState.DRAFT),
        (PublicationState.ARCHIVED, "publish", PublicationState.PUBLISHED),
    ],
)
def test_an_editor_moves_a_listing_between_states_with_a_log_and_an_audit_event(editor, start, transition, end):
    service = make_listing(state=start)

    response = client_for(editor).post(f"/directory/manage/{service.pk}/{transition}/")

    service.refresh_from_db()
    assert response.status_code == 302
    assert service.state == end
    change = ServiceStateChange.objects.get(service=service)
    assert (change.from_state, change.to_state, change.by_id) == (start, end, editor.pk)
    event = AuditEvent.objects.get(action=AuditAction.SERVICE_STATE_CHANGED)
    assert (event.actor_id, event.object_id, event.detail["from"], event.detail["to"]) == (
        editor.pk,
        str(service.pk),
        start,
        end,
    )


def test_publishing_puts_the_listing_in_search(editor):
    service = make_listing(name="Riverside Walking Group")

    client_for(editor).post(f"/directory/manage/{service.pk}/publish/")

    assert Service.objects.filter(state=PublicationState.PUBLISHED, pk=service.pk).exists()


@pytest.mark.parametrize(
    ("start", "transition"),
    [
        (PublicationState.PUBLISHED, "publish"),
        (PublicationState.DRAFT, "unpublish"),
        (PublicationState.DRAFT, "restore"),
        (PublicationState.ARCHIVED, "archive"),
    ],
)
def test_a_transition_that_makes_no_sense_from_the_current_state_is_refused(editor, start, transition):
    service = make_listing(state=start)

    response = client_for(editor).post(f"/directory/manage/{service.pk}/{transition}/", follow=True)

    service.refresh_from_db()
    assert service.state == start
    assert not ServiceStateChange.objects.exists()
    assert "cannot be changed that way" in response.content.decode()


def test_the_action_refuses_a_move_the_state_machine_does_not_allow(editor):
    service = make_listing(state=PublicationState.PUBLISHED)

    with pytest.raises(IllegalTransition):
        change_state(service=service, to_state=PublicationState.PUBLISHED, by=editor)

    assert not ServiceStateChange.objects.exists()


def test_an_unknown_transition_is_not_found(editor):
    service = make_listing()

    assert client_for(editor).post(f"/directory/manage/{service.pk}/delete/").status_code == 404


def test_a_provider_cannot_publish_but_may_archive_and_restore(provider, provider_organisation):
    service = make_listing(managed_by=provider_organisation)
    client = client_for(provider)

    refused = client.post(f"/directory/manage/{service.pk}/publish/")
    service.refresh_from_db()
    assert refused.status_code == 403
    assert service.state == PublicationState.DRAFT
    page = client.get(f"/directory/manage/{service.pk}/").content.decode()
    assert "/publish/" not in page
    assert "a directory editor will check and publish it" in page

    client.post(f"/directory/manage/{service.pk}/archive/")
    client.post(f"/directory/manage/{service.pk}/restore/")
    service.refresh_from_db()
    assert service.state == PublicationState.DRAFT
    assert list(service.state_changes.values_list("to_state", flat=True)) == ["archived", "draft"]


def test_the_listing_page_shows_the_publishing_history_with_who_did_it(editor):
    service = make_listing()
    client = client_for(editor)
    client.post(f"/directory/manage/{service.pk}/publish/")

    page = client.get(f"/directory/manage/{service.pk}/").content.decode()

    assert "Draft to Published" in page
    assert "lena.editor@example.org" in page
    assert f'action="/directory/manage/{service.pk}/unpublish/"' in page
    assert f'action="/directory/manage/{service.pk}/archive/"' in page


def test_the_listing_page_describes_the_age_range_in_words(editor):
    client = client_for(editor)
    client.post("/directory/manage/new/", form_data(minimum_age="18", maximum_age=""))
    service = Service.objects.get()

    page = client.get(f"/directory/manage/{service.pk}/").content.decode()

    assert "18 and over" in page

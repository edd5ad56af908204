from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test import Client, RequestFactory

from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import UserFactory, user_with_role
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import batched, record, record_read
from linkwell.audit.models import AuditEvent, AuditLogIsAppendOnly

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def test_record_names_the_actor_the_object_and_the_address():
    user = UserFactory.create(email="jo@example.org")
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")

    event = record(
        by=user, action=AuditAction.PASSWORD_CHANGED, obj=user, person_id=42, request=request, detail={"why": "test"}
    )

    event.refresh_from_db()
    assert (event.actor_id, event.actor_label, event.action) == (user.pk, "jo@example.org", "auth.password_changed")
    assert (event.object_type, event.object_id, event.person_id) == ("accounts.user", str(user.pk), "42")
    assert (event.ip, event.detail) == ("192.0.2.1", {"why": "test"})
    assert event.at is not None


def test_events_written_in_a_failed_transaction_disappear_with_it():
    @transaction.atomic
    def failing_change() -> None:
        record(by=None, action=AuditAction.DEMO_DATA_LOADED)
        raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()

    assert not AuditEvent.objects.exists()


def test_record_read_records_the_viewer_and_the_page():
    user = UserFactory.create()
    request = RequestFactory().get("/people/7/")
    request.user = user

    event = record_read(request, action=AuditAction.AUDIT_LOG_VIEWED, person_id=7)

    assert (event.actor_id, event.person_id, event.detail) == (user.pk, "7", {"path": "/people/7/"})


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError, match="is not a valid AuditAction"):
        record(by=None, action="made.up")  # type: ignore[arg-type]


class TestAuditEventsCannotBeChangedOrDeleted:
    def test_not_through_the_orm(self):
        event = record(by=None, action=AuditAction.DEMO_DATA_LOADED)

        with pytest.raises(AuditLogIsAppendOnly):
            AuditEvent.objects.filter(pk=event.pk).update(action="auth.signed_in")
        with pytest.raises(AuditLogIsAppendOnly):
            AuditEvent.objects.all().delete()
        with pytest.raises(AuditLogIsAppendOnly):
            event.delete()
        event.action = "auth.signed_in"
        with pytest.raises(AuditLogIsAppendOnly):
            event.save()

    @pytest.mark.parametrize(
        "statement",
        [
            "UPDATE audit_auditevent SET action = 'auth.signed_in'",
            "DELETE FROM audit_auditevent",
        ],
    )
    def test_not_even_with_raw_sql(self, statement):
        record(by=None, action=AuditAction.DEMO_DATA_LOADED)

        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)

        assert AuditEvent.objects.get().action == AuditAction.DEMO_DATA_LOADED


class TestAuditLogPage:
    URL = "/audit/"

    def test_admins_can_browse_it(self, admin_user):
        record(by=None, action=AuditAction.DEMO_DATA_LOADED)
        client = Client()
        client.force_login(admin_user)

        response = client.get(self.URL)

        assert response.status_code == 200
        assert "Demo data loaded" in response.content.decode()

    @pytest.mark.parametrize("role", [role for role in Role if role != Role.ADMIN])
    def test_other_roles_are_refused(self, role):
        client = Client()
        client.force_login(user_with_role(role))

        response = client.get(self.URL)

        assert response.status_code == 403
        assert "You cannot use this page" in response.content.decode()

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        response = Client().get(self.URL)

        assert response.status_code == 302
        assert response["Location"] == "/accounts/sign-in/?next=/audit/"

    def test_viewing_it_is_itself_audited_with_the_filters_used(self, admin_user):
        client = Client()
        client.force_login(admin_user)

        client.get(self.URL, {"action": "auth.signed_in", "actor": "jo"})

        event = AuditEvent.objects.get(action=AuditAction.AUDIT_LOG_VIEWED)
        assert event.actor_id == admin_user.pk
        assert event.detail == {"path": "/audit/", "filters": {"action": "auth.signed_in", "actor": "jo"}, "page": 1}

    def test_filters_by_actor_action_record_and_person(self, admin_user):
        jo, sam = UserFactory.create(email="jo@example.org"), UserFactory.create(email="sam@example.org")
        record(by=jo, action=AuditAction.SIGNED_IN, obj=jo)
        record(by=sam, action=AuditAction.SIGNED_IN, obj=sam, person_id="p-1")
        record(by=sam, action=AuditAction.PASSWORD_CHANGED, obj=sam)
        client = Client()
        client.force_login(admin_user)

        def shown(**filters: str) -> int:
            return int(client.get(self.URL, filters).context["page"].paginator.count)

        assert shown(actor="sam@") == 2
        assert shown(action="auth.signed_in", actor="example.org") == 2
        assert shown(action="auth.password_changed") == 1
        assert shown(object_type="accounts.user", object_id=str(jo.pk)) == 1
        assert shown(person_id="p-1") == 1

    def test_filters_by_uk_calendar_day(self, admin_user):
        # 23:30 UK summer time on 1 July is 22:30 UTC: it belongs to 1 July, not 2 July.
        late_evening = datetime(2026, 7, 1, 23, 30, tzinfo=LONDON)
        AuditEvent.objects.create(at=late_evening, actor_label="system", action=AuditAction.DEMO_DATA_LOADED)
        AuditEvent.objects.create(
            at=late_evening + timedelta(hours=1), actor_label="system", action=AuditAction.DEMO_DATA_LOADED
        )
        client = Client()
        client.force_login(admin_user)

        response = client.get(self.URL, {"date_from": "2026-07-01", "date_to": "2026-07-01"})

        assert response.context["page"].paginator.count == 1
        assert "1 July 2026 at 11:30pm" in response.content.decode()

    def test_a_bad_date_range_gets_a_clear_message(self, admin_user):
        client = Client()
        client.force_login(admin_user)

        response = client.get(self.URL, {"date_from": "2026-07-02", "date_to": "2026-07-01"})

        assert response.status_code == 400
        assert "The to date must be the same as or after the from date" in response.content.decode()
        assert client.get(self.URL, {"date_from": "31/02/2026"}).status_code == 400

    def test_detail_is_escaped(self, admin_user):
        record(by=None, action=AuditAction.SIGN_IN_FAILED, detail={"attempted_email": "<script>alert(1)</script>"})
        client = Client()
        client.force_login(admin_user)

        page = client.get(self.URL).content.decode()

        assert "<script>alert(1)</script>" not in page
        assert "\\u003cscript\\u003e" in page or "&lt;script&gt;" in page

    def test_pages_through_the_log_with_a_constant_number_of_queries(self, admin_user, django_assert_max_num_queries):
        AuditEvent.objects.bulk_create(
            AuditEvent(actor_label="system", action=AuditAction.DEMO_DATA_LOADED) for _ in range(120)
        )
        client = Client()
        client.force_login(admin_user)

        with django_assert_max_num_queries(12):
            response = client.get(self.URL, {"page": 2})

        assert response.context["page"].number == 2
        assert len(response.context["page"].object_list) == 50
        assert "Showing 51 to 100 of" in response.content.decode()


def test_batched_events_are_written_together_when_the_block_ends(django_assert_num_queries):
    with transaction.atomic():
        with django_assert_num_queries(1), batched():
            first = record(by=None, action=AuditAction.DEMO_DATA_LOADED, detail={"n": 1})
            second = record(by=None, action=AuditAction.DEMO_DATA_LOADED, detail={"n": 2})
            assert not written(first)
            assert not written(second)
        assert [event.detail for event in AuditEvent.objects.order_by("id")] == [{"n": 1}, {"n": 2}]
        assert written(first)
        assert AuditEvent.objects.filter(pk=first.pk).exists()


def written(event: AuditEvent) -> bool:
    return not event._state.adding


def test_batched_events_are_dropped_when_the_block_fails():
    def failing_change() -> None:
        with batched():
            record(by=None, action=AuditAction.DEMO_DATA_LOADED)
            raise RuntimeError("the change failed")

    with transaction.atomic():
        with pytest.raises(RuntimeError):
            failing_change()
        assert not AuditEvent.objects.exists()


def test_a_batch_inside_a_batch_is_written_once_by_the_outer_block(django_assert_num_queries):
    with transaction.atomic(), django_assert_num_queries(1), batched():
        record(by=None, action=AuditAction.DEMO_DATA_LOADED)
        with batched():
            record(by=None, action=AuditAction.DEMO_DATA_LOADED)
    assert AuditEvent.objects.count() == 2


def test_batching_needs_a_transaction_to_write_in(transactional_db):
    with pytest.raises(TransactionManagementError), batched():
        pass

"""Which person records a user may see: those of people with a referral the user sees as a member of the
referral's team (or as an administrator). Referring someone does not open their record to the referrer.
Every read of a record goes through `view_person`, which writes the audit event."""

import uuid

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from linkwell.accounts.models import User
from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record_read
from linkwell.people.models import Person
from linkwell.referrals.access import team_scope
from linkwell.referrals.models import Referral


def people_for_user(user: User | AnonymousUser) -> QuerySet[Person]:
    scope = team_scope(user)
    if scope is None:
        return Person.objects.none()
    # A subquery rather than a join, so a person with several referrals appears once without DISTINCT.
    return Person.objects.filter(pk__in=Referral.objects.filter(scope).values("person_id"))


def get_person_for_user(user: User | AnonymousUser, person_id: uuid.UUID | str) -> Person:
    try:
        return people_for_user(user).get(pk=person_id)
    except (Person.DoesNotExist, ValidationError):
        raise Http404("No such person") from None


def view_person(request: HttpRequest, person_id: uuid.UUID | str) -> Person:
    """The person's record for the signed-in user, with the read written to the audit log."""
    person = get_person_for_user(request.user, person_id)
    record_read(request, action=AuditAction.PERSON_VIEWED, obj=person, person_id=str(person.pk))
    return person

"""Test data for the provider side of onward referrals: a person with contact details to share, a service
that takes referrals by email or inbox, and the links its emails carry."""

from datetime import date
from typing import Any

from linkwell.accounts.models import Organisation, Team
from linkwell.accounts.tests.factories import TeamFactory
from linkwell.casework.models import Case, LinkPurpose, OnwardReferral, OnwardTransition, ProviderLink
from linkwell.casework.provider_links import token_for
from linkwell.casework.tests.builders import open_case
from linkwell.casework.tests.onward_builders import refer, referable_service
from linkwell.directory.models import Organization, Service
from linkwell.people.models import ContactMethod
from linkwell.referrals.tests.factories import PersonFactory

REFERRAL_ADDRESS = "walks@example.org"
ORGANISATION_ADDRESS = "hello@example.org"
REASON = "Would like company on walks"


def team_with_contacts() -> Team:
    return TeamFactory.create(
        name="Chelmsford link workers", contact_phone="01245 000 111", contact_email="linkworkers@example.org"
    )


def case_for_marnie(team: Team | None = None) -> Case:
    """A case for Marnie Fieldfare, who has a phone, an email and an NHS number, none shared beyond need."""
    person = PersonFactory.create(
        given_name="Marnie",
        family_name="Fieldfare",
        nhs_number="9990000018",
        date_of_birth=date(1958, 4, 2),
        address_line_1="7 Heronsgate",
        phone="07700 900123",
        email="marnie.f@example.org",
        preferred_contact_method=ContactMethod.PHONE,
        accessible_formats="Large print",
    )
    return open_case(team=team or team_with_contacts(), person=person)


def another_case() -> Case:
    """A case for someone else (a new person each time), for tests that need several referrals."""
    return open_case(team=team_with_contacts())


def service_for(
    *,
    managed_by: Organisation | None = None,
    referral_email: str = REFERRAL_ADDRESS,
    organisation_email: str = "",
    name: str = "Chelmer walking group",
    **fields: Any,
) -> Service:
    service = referable_service(name, managed_by=managed_by, **fields)
    Service.objects.filter(pk=service.pk).update(referral_email=referral_email)
    Organization.objects.filter(pk=service.organization_id).update(email=organisation_email)
    service.refresh_from_db()
    return service


def sent_referral(service: Service | None = None, case: Case | None = None) -> OnwardReferral:
    return refer(case or case_for_marnie(), service or service_for(), reason=REASON)


def token(onward: OnwardReferral, purpose: LinkPurpose) -> str:
    """The token of the newest link of this purpose sent for the referral."""
    link = ProviderLink.objects.filter(onward_referral=onward, purpose=purpose).latest("created_at")
    return token_for(link)


def link_path(onward: OnwardReferral, purpose: LinkPurpose) -> str:
    return f"/r/{token(onward, purpose)}/"


def last_change(onward: OnwardReferral) -> OnwardTransition:
    return OnwardTransition.objects.filter(onward_referral=onward).latest("at", "id")

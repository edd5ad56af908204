"""Onward-referral test data: services that take referrals, the person's consent to share, referrals sent."""

from typing import Any

from linkwell.accounts.models import Organisation, OrganisationKind, User
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, user_with_role
from linkwell.casework.models import Case, OnwardReferral
from linkwell.casework.onward import may_share_with_providers, send_onward_referral
from linkwell.directory.models import CapacityStatus, ReferralMethod, Service
from linkwell.directory.tests.builders import make_service
from linkwell.people.actions import record_consent
from linkwell.people.models import ConsentDecision, ConsentMethod, ConsentPurpose, Person


def provider_organisation() -> Organisation:
    return OrganisationFactory.create(kind=OrganisationKind.COMMUNITY_PROVIDER)


def referable_service(
    name: str = "Chelmer walking group",
    *,
    method: str = ReferralMethod.LINKWELL,
    capacity: str = CapacityStatus.OPEN,
    managed_by: Organisation | None = None,
    **fields: Any,
) -> Service:
    """A published service near Chelmsford that takes referrals the given way."""
    service = make_service(name, **fields)
    Service.objects.filter(pk=service.pk).update(
        referral_method=method,
        capacity_status=capacity,
        managed_by=managed_by,
        referral_email="referrals@example.org" if method == ReferralMethod.EMAIL else "",
    )
    service.refresh_from_db()
    return service


def provider_for(service: Service) -> User:
    """A provider user of the organisation managing the service (one is made for it if none)."""
    if service.managed_by is None:
        service.managed_by = provider_organisation()
        service.save(update_fields=["managed_by"])
    return user_with_role(Role.PROVIDER, organisation=service.managed_by)


def consent_to_share(person: Person, decision: str = ConsentDecision.GIVEN) -> None:
    record_consent(
        person=person,
        purpose=ConsentPurpose.SHARE_WITH_PROVIDERS,
        decision=ConsentDecision(decision),
        method=ConsentMethod.IN_PERSON,
        by=None,
        by_label="Jo Hughes (link worker)",
    )


def refer(case: Case, service: Service, reason: str = "Would like company on walks") -> OnwardReferral:
    """Send a referral as the case's link worker; the person's consent to share is recorded first if needed."""
    if not may_share_with_providers(case.person):
        consent_to_share(case.person)
    return send_onward_referral(case=case, service=service, reason=reason, by=case.link_worker)

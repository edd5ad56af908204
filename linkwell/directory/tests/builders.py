"""Small, explicit builders for directory test data (fictional services around Chelmsford)."""

from datetime import time
from decimal import Decimal

from linkwell.directory.indexing import refresh_search_fields
from linkwell.directory.models import (
    Address,
    Attribute,
    CostOption,
    LinkEntity,
    Location,
    LocationType,
    Organization,
    PublicationState,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from linkwell.directory.taxonomy import term_id

CHELMSFORD = (51.7356, 0.4685)


def make_service(
    name: str,
    *,
    description: str = "",
    organization: str = "Chelmer Community Trust",
    state: str = PublicationState.PUBLISHED,
    status: str = ServiceStatus.ACTIVE,
    at: tuple[float, float] | None = CHELMSFORD,
    town: str = "Chelmsford",
    postcode: str = "CM1 1AA",
    wheelchair: bool = False,
    online: bool = False,
    byday: str = "",
    opens: time | None = None,
    closes: time | None = None,
    cost: Decimal | None = None,
    categories: tuple[tuple[str, str | None], ...] = (),
) -> Service:
    org, _ = Organization.objects.get_or_create(name=organization, defaults={"description": f"{organization}."})
    service = Service.objects.create(organization=org, name=name, description=description, state=state, status=status)
    if at is not None:
        location = Location.objects.create(
            name=f"{name} venue",
            location_type=LocationType.PHYSICAL,
            latitude=at[0],
            longitude=at[1],
            wheelchair_accessible=wheelchair,
        )
        Address.objects.create(
            location=location, address_1="1 High Street", city=town, state_province="Essex", postal_code=postcode
        )
        ServiceAtLocation.objects.create(service=service, location=location)
    if online:
        virtual = Location.objects.create(name="Online", location_type=LocationType.VIRTUAL)
        ServiceAtLocation.objects.create(service=service, location=virtual)
    if byday or opens:
        Schedule.objects.create(service=service, freq="WEEKLY", byday=byday, opens_at=opens, closes_at=closes)
    if cost is not None:
        CostOption.objects.create(service=service, option="Per session", amount=cost)
    for child, parent in categories:
        Attribute.objects.create(
            link_entity=LinkEntity.SERVICE,
            link_id=service.pk,
            link_type="category",
            taxonomy_term_id=term_id(child, parent),
        )
    refresh_search_fields(service)
    service.refresh_from_db()
    return service

"""A small fictional directory around Chelmsford and Colchester, built row by row for the /oruk tests."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal

from linkwell.directory.indexing import refresh_search_fields
from linkwell.directory.models import (
    Accessibility,
    Address,
    Attribute,
    CapacityStatus,
    Contact,
    CostOption,
    Funding,
    Language,
    LinkEntity,
    Location,
    LocationType,
    Organization,
    OrganizationIdentifier,
    Phone,
    Postcode,
    PublicationState,
    ReferralMethod,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from linkwell.directory.taxonomy import ensure_linkwell_taxonomy, term_id

CHELMSFORD = (51.7356, 0.4685)
COLCHESTER = (51.8959, 0.8919)
WALKING = term_id("Walking groups", "Physical activity")
PHYSICAL_ACTIVITY = term_id("Physical activity")
ART = term_id("Art and craft", "Arts and creativity")
BEFRIENDING = term_id("Befriending", "Befriending and social groups")


@dataclass
class Directory:
    trust: Organization
    arts: Organization
    hidden_org: Organization
    walk: Service
    art: Service
    phone_friends: Service
    draft: Service
    archived: Service
    walk_link: ServiceAtLocation
    art_link: ServiceAtLocation
    draft_link: ServiceAtLocation
    taxonomy: Taxonomy
    local_taxonomy: Taxonomy
    local_term: TaxonomyTerm

    @property
    def published(self) -> list[Service]:
        return [self.walk, self.art, self.phone_friends]


def _place(name: str, at: tuple[float, float], postcode: str, town: str) -> Location:
    location = Location.objects.create(
        name=name, location_type=LocationType.PHYSICAL, latitude=at[0], longitude=at[1], wheelchair_accessible=True
    )
    Address.objects.create(
        location=location,
        address_1="1 Fictional Row",
        address_2="Off Pretend Lane",
        city=town,
        state_province="Essex",
        postal_code=postcode,
    )
    return location


def _classify(service: Service, term: uuid.UUID) -> None:
    Attribute.objects.create(
        link_entity=LinkEntity.SERVICE, link_id=service.pk, link_type="category", taxonomy_term_id=term
    )


def _service(organization: Organization, name: str, **fields: object) -> Service:
    return Service.objects.create(organization=organization, name=name, state=PublicationState.PUBLISHED, **fields)


def build_directory() -> Directory:
    taxonomy = ensure_linkwell_taxonomy()
    local_taxonomy = Taxonomy.objects.create(name="Audience", description="Who a service is for.")
    local_term = TaxonomyTerm.objects.create(
        taxonomy=local_taxonomy, name="Older people", description="People over 60."
    )
    Postcode.objects.create(postcode="CM1 1AA", latitude=CHELMSFORD[0] + 0.01, longitude=CHELMSFORD[1])
    Postcode.objects.create(postcode="CO1 1AA", latitude=COLCHESTER[0], longitude=COLCHESTER[1])

    trust = Organization.objects.create(
        name="Chelmer Community Trust",
        description="A fictional community charity.",
        website="https://trust.example.org",
    )
    OrganizationIdentifier.objects.create(
        organization=trust, identifier_scheme="GB-CHC", identifier_type="Charity number", identifier="1999999"
    )
    arts = Organization.objects.create(name="Moulsham Arts Collective", email="hello@arts.example.org")
    hidden_org = Organization.objects.create(name="Quiet Supper Society", description="Not listed yet.")

    walk = _service(
        trust,
        "Riverside Walking Group",
        description="Gentle led walks along the river.",
        url="https://trust.example.org/walks",
        email="walks@trust.example.org",
        minimum_age=50,
        referral_method=ReferralMethod.EMAIL,
        referral_email="referrals@trust.example.org",
        capacity_status=CapacityStatus.WAITLIST,
        capacity_available=0,
        capacity_maximum=20,
        verified_at=datetime(2026, 2, 1, 9, 30, 15, 123456, tzinfo=UTC),
        assured_date=date(2026, 1, 31),
        last_modified=datetime(2026, 3, 15, 10, 30, 45, 123456, tzinfo=UTC),
    )
    venue = _place("Riverside Pavilion", CHELMSFORD, "CM1 1AA", "Chelmsford")
    Accessibility.objects.create(
        location=venue, description="Step-free entrance.", url="https://trust.example.org/access"
    )
    walk_link = ServiceAtLocation.objects.create(service=walk, location=venue)
    Schedule.objects.create(
        service=walk,
        freq="WEEKLY",
        byday="MO",
        opens_at=time(10, 0),
        closes_at=time(11, 30),
        valid_from=date(2026, 1, 5),
        description="Every Monday morning",
    )
    CostOption.objects.create(service=walk, option="Per walk", amount=Decimal("2.50"), currency="GBP")
    Funding.objects.create(service=walk, source="Fictional Lottery Fund")
    ServiceArea.objects.create(service=walk, name="Chelmsford", description="Chelmsford and nearby villages")
    Language.objects.create(service=walk, name="English", code="en")
    contact = Contact.objects.create(
        service=walk, name="Sam Walker", title="Walk leader", email="sam@trust.example.org"
    )
    Phone.objects.create(contact=contact, service=walk, number="01245 000001")
    Phone.objects.create(service=walk, number="01245 000000", description="Office")
    _classify(walk, WALKING)
    Attribute.objects.create(
        link_entity=LinkEntity.LOCATION, link_id=venue.pk, link_type="facility", taxonomy_term_id=local_term.pk
    )

    art = _service(
        arts,
        "Young Makers Art Club",
        description="Painting and printmaking for young adults.",
        minimum_age=16,
        maximum_age=25,
        last_modified=datetime(2025, 6, 1, 12, 0, tzinfo=UTC),
    )
    studio = _place("Harbour Studio", COLCHESTER, "CO1 1AA", "Colchester")
    art_link = ServiceAtLocation.objects.create(service=art, location=studio)
    Schedule.objects.create(service=art, freq="WEEKLY", byday="WE,SA", opens_at=time(18, 0), closes_at=time(20, 0))
    _classify(art, ART)

    phone_friends = _service(
        trust,
        "Telephone Befriending",
        description="A weekly friendly call.",
        last_modified=datetime(2026, 1, 1, tzinfo=UTC),
    )
    # A weekly rule without byday repeats on its start date's weekday: 2026-01-02 is a Friday.
    Schedule.objects.create(
        service=phone_friends, freq="WEEKLY", dtstart=date(2026, 1, 2), opens_at=time(14, 0), closes_at=time(15, 0)
    )
    _classify(phone_friends, BEFRIENDING)
    Attribute.objects.create(link_entity=LinkEntity.SERVICE, link_id=phone_friends.pk, taxonomy_term_id=local_term.pk)

    draft = Service.objects.create(
        organization=hidden_org,
        name="Secret Walking Supper",
        description="Walking then supper.",
        minimum_age=50,
        state=PublicationState.DRAFT,
    )
    draft_link = ServiceAtLocation.objects.create(
        service=draft, location=_place("Back Room", CHELMSFORD, "CM1 1AA", "Chelmsford")
    )
    Schedule.objects.create(service=draft, freq="WEEKLY", byday="MO", opens_at=time(10, 0), closes_at=time(11, 0))
    _classify(draft, WALKING)
    archived = Service.objects.create(
        organization=trust, name="Old Walking Group", minimum_age=50, state=PublicationState.ARCHIVED
    )
    _classify(archived, WALKING)

    for service in (walk, art, phone_friends, draft, archived):
        refresh_search_fields(service)
    return Directory(
        trust=trust,
        arts=arts,
        hidden_org=hidden_org,
        walk=walk,
        art=art,
        phone_friends=phone_friends,
        draft=draft,
        archived=archived,
        walk_link=walk_link,
        art_link=art_link,
        draft_link=draft_link,
        taxonomy=taxonomy,
        local_taxonomy=local_taxonomy,
        local_term=local_term,
    )

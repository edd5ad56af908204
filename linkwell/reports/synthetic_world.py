"""Where synthetic referrals go: schemes, teams, practices, link workers, postcodes and services.

Either a generated world (an ICB, schemes, one PCN of practices per team, sized to the volume asked for),
or chosen existing schemes, whose teams get synthetic link workers of their own so that generated cases
never land in a real worker's caseload. Everything is found again by slug or email on a second run, so
running the generator twice reuses the same world. Every name is fictional and says it is synthetic.
"""

import csv
import math
import random
from dataclasses import dataclass

from django.db.models import Q

from linkwell.accounts import actions as account_actions
from linkwell.accounts.models import Organisation, OrganisationKind, Team, User
from linkwell.accounts.roles import Role
from linkwell.directory.indexing import refresh_search_fields
from linkwell.directory.models import (
    Attribute,
    LinkEntity,
    Organization,
    Postcode,
    PublicationState,
    ReferralMethod,
    Service,
    TaxonomyTerm,
)
from linkwell.directory.reference_geography import DISTRICTS_FILE
from linkwell.directory.taxonomy import CATEGORIES, ensure_linkwell_taxonomy, term_id

# A link worker sees roughly 200 to 250 people a year (the guide the dashboard compares caseloads with).
REFERRALS_PER_WORKER_YEAR = 225
REFERRALS_PER_GENERATED_TEAM = 20_000
MAX_GENERATED_TEAMS = 60
TEAMS_PER_SCHEME = 5
PRACTICES_PER_TEAM = 5
POSTCODES_PER_DISTRICT = 60
SYNTHETIC_EMAIL_DOMAIN = "synthetic.example.invalid"
SYNTHETIC_PROVIDER_NAME = "Synthetic Community Services (fictional)"
# Deprived areas are over-represented among people referred: decile 1 (most deprived) is likeliest.
IMD_DECILE_WEIGHTS = (15, 14, 12, 11, 10, 9, 8, 8, 7, 6)
SCHEME_AREAS = ("North", "South", "East", "West", "Central", "Coast", "Valley", "Forest", "Marsh", "Heath", "Vale")


@dataclass
class WorldTeam:
    id: int
    scheme_id: int
    worker_ids: list[int]
    practice_ids: list[int]
    # (postcode, district) pairs people in the team's area live at.
    postcodes: list[tuple[str, str]]


@dataclass
class World:
    teams: list[WorldTeam]
    service_ids: list[str]  # hex


def _districts() -> list[tuple[str, float, float]]:
    with DISTRICTS_FILE.open(newline="", encoding="utf-8") as districts_file:
        return [
            (row["district"], float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(districts_file)
        ]


def _organisation(
    slug: str, *, name: str, kind: OrganisationKind, ods_code: str, parent: Organisation | None
) -> Organisation:
    existing = Organisation.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    return account_actions.create_organisation(
        name=name, slug=slug, kind=kind, ods_code=ods_code, parent=parent, by=None
    )


def _workers(team: Team, count: int, rng: random.Random, names: list[tuple[str, str]]) -> list[int]:
    """The team's synthetic link workers, adding any missing: accounts nobody can sign in to."""
    prefix = f"synthetic-worker-{team.slug}-"
    existing = list(
        User.objects.filter(email__startswith=prefix, memberships__team=team, memberships__role=Role.LINK_WORKER)
        .order_by("email")
        .values_list("id", flat=True)
    )
    for number in range(len(existing) + 1, count + 1):
        given, family = rng.choice(names)
        user = account_actions.create_user(
            email=f"{prefix}{number:03d}@{SYNTHETIC_EMAIL_DOMAIN}",
            full_name=f"{given} {family} (synthetic)",
            password=None,
            by=None,
        )
        account_actions.add_membership(user=user, role=Role.LINK_WORKER, team=team, by=None)
        existing.append(user.id)
    return existing[:count] if count else existing


def _postcodes(districts: list[tuple[str, float, float]], rng: random.Random) -> list[tuple[str, str]]:
    """Synthetic full postcodes in these districts (inward codes 9xx, which no real postcode there uses
    often), geocoded near the district centre with a deprivation decile. Postcodes already loaded keep
    their own figures."""
    postcodes: list[tuple[str, str]] = []
    new_rows = []
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    for district, latitude, longitude in districts:
        for number in range(POSTCODES_PER_DISTRICT):
            inward = f"9{letters[number // len(letters) % len(letters)]}{letters[number % len(letters)]}"
            postcode = f"{district} {inward}"
            postcodes.append((postcode, district))
            new_rows.append(
                Postcode(
                    postcode=postcode,
                    latitude=latitude + rng.uniform(-0.03, 0.03),
                    longitude=longitude + rng.uniform(-0.05, 0.05),
                    imd_decile=rng.choices(range(1, 11), weights=IMD_DECILE_WEIGHTS)[0],
                )
            )
    Postcode.objects.bulk_create(new_rows, ignore_conflicts=True)
    return postcodes


def _services(rng: random.Random) -> list[str]:
    """Published services to send onward referrals to: the directory's own, or, in a database with none,
    fictional ones (one per sub-category)."""
    service_ids = [
        service_id.hex
        for service_id in Service.objects.filter(state=PublicationState.PUBLISHED).values_list("id", flat=True)[:500]
    ]
    if service_ids:
        return service_ids
    ensure_linkwell_taxonomy()
    provider = Organization.objects.filter(name=SYNTHETIC_PROVIDER_NAME).first() or Organization.objects.create(
        name=SYNTHETIC_PROVIDER_NAME, description="Fictional services made by the synthetic data generator."
    )
    services, attributes = [], []
    for parent, _description, children in CATEGORIES:
        for child, _child_description in children:
            service = Service(
                organization=provider,
                name=f"{child} (synthetic)",
                description=f"A fictional {child.lower()} service for generated report data.",
                state=PublicationState.PUBLISHED,
                referral_method=ReferralMethod.EMAIL if rng.random() < 0.7 else ReferralMethod.SIGNPOST,
                referral_email=f"referrals@{SYNTHETIC_EMAIL_DOMAIN}",
            )
            services.append(service)
            attributes.append(
                Attribute(
                    link_entity=LinkEntity.SERVICE,
                    link_id=service.id,
                    link_type="category",
                    taxonomy_term=TaxonomyTerm.objects.get(id=term_id(child, parent)),
                )
            )
    Service.objects.bulk_create(services)
    Attribute.objects.bulk_create(attributes)
    for service in services:
        refresh_search_fields(service)
    return [service.id.hex for service in services]


def _practices_of(team: Team) -> list[int]:
    covered = team.covered_organisations.all()
    return list(
        Organisation.objects.filter(
            Q(pk__in=covered, kind=OrganisationKind.GP_PRACTICE)
            | Q(parent__in=covered.filter(kind=OrganisationKind.PCN), kind=OrganisationKind.GP_PRACTICE)
        )
        .order_by("id")
        .values_list("id", flat=True)
    )


def generated_world(*, referrals: int, months: int, rng: random.Random, names: list[tuple[str, str]]) -> World:
    team_count = max(2, min(MAX_GENERATED_TEAMS, math.ceil(referrals / REFERRALS_PER_GENERATED_TEAM)))
    workers_per_team = max(1, math.ceil(referrals / team_count / (months / 12) / REFERRALS_PER_WORKER_YEAR))
    districts = _districts()
    icb = _organisation(
        "synthetic-icb",
        name="Synthetic Integrated Care Board",
        kind=OrganisationKind.COMMISSIONER,
        ods_code="ZS9",
        parent=None,
    )
    teams = []
    for index in range(team_count):
        scheme_number = index // TEAMS_PER_SCHEME
        area = SCHEME_AREAS[scheme_number % len(SCHEME_AREAS)]
        scheme = _organisation(
            f"synthetic-scheme-{scheme_number + 1:02d}",
            name=f"Synthetic {area} Social Prescribing {scheme_number + 1}",
            kind=OrganisationKind.SCHEME,
            ods_code="",
            parent=None,
        )
        pcn = _organisation(
            f"synthetic-pcn-{index + 1:03d}",
            name=f"Synthetic PCN {index + 1}",
            kind=OrganisationKind.PCN,
            ods_code=f"ZSP{index + 1:03d}",
            parent=icb,
        )
        practices = [
            _organisation(
                f"synthetic-practice-{index + 1:03d}-{number}",
                name=f"Synthetic Practice {index + 1}-{number}",
                kind=OrganisationKind.GP_PRACTICE,
                ods_code=f"ZS{index + 1:03d}{number}",
                parent=pcn,
            )
            for number in range(1, PRACTICES_PER_TEAM + 1)
        ]
        team_districts = [districts[(index * 2 + offset) % len(districts)] for offset in range(2)]
        team = Team.objects.filter(slug=f"synthetic-team-{index + 1:03d}").first() or account_actions.create_team(
            scheme=scheme,
            name=f"Synthetic link workers {index + 1}",
            slug=f"synthetic-team-{index + 1:03d}",
            covered_organisations=[pcn, *practices],
            postcode_districts=[district for district, _, _ in team_districts],
            by=None,
        )
        teams.append(
            WorldTeam(
                id=team.id,
                scheme_id=scheme.id,
                worker_ids=_workers(team, workers_per_team, rng, names),
                practice_ids=[practice.id for practice in practices],
                postcodes=_postcodes(team_districts, rng),
            )
        )
    return World(teams=teams, service_ids=_services(rng))


def chosen_world(
    *, scheme_slugs: list[str], referrals: int, months: int, rng: random.Random, names: list[tuple[str, str]]
) -> World:
    schemes = list(Organisation.objects.filter(slug__in=scheme_slugs, kind=OrganisationKind.SCHEME))
    missing = sorted(set(scheme_slugs) - {scheme.slug for scheme in schemes})
    if missing:
        raise ValueError(f"No social prescribing scheme has the slug {', '.join(missing)}.")
    scheme_teams = list(Team.objects.filter(scheme__in=schemes).order_by("id"))
    if not scheme_teams:
        raise ValueError("The chosen schemes have no teams to give referrals to.")
    workers_per_team = max(1, math.ceil(referrals / len(scheme_teams) / (months / 12) / REFERRALS_PER_WORKER_YEAR))
    districts_by_name = {district: (district, latitude, longitude) for district, latitude, longitude in _districts()}
    teams = []
    for team in scheme_teams:
        own = [
            districts_by_name[d]
            for d in team.postcode_districts.values_list("district", flat=True)
            if d in districts_by_name
        ]
        teams.append(
            WorldTeam(
                id=team.id,
                scheme_id=team.scheme_id,
                worker_ids=_workers(team, workers_per_team, rng, names),
                practice_ids=_practices_of(team),
                postcodes=_postcodes(own or [districts_by_name["CM1"]], rng),
            )
        )
    return World(teams=teams, service_ids=_services(rng))

"""Demo organisations, teams and one user per role. Every name and code here is fictional.

ODS-style codes start with Z, a letter the real Organisation Data Service does not use for these.
"""

from dataclasses import dataclass

from django.db import transaction

from linkwell.accounts import actions
from linkwell.accounts.models import Membership, Organisation, OrganisationKind, Team, User
from linkwell.accounts.roles import Role

DEMO_PASSWORD = "Linkwell-demo-2026"


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    kind: OrganisationKind
    ods_code: str = ""
    parent: str = ""


@dataclass(frozen=True)
class DemoTeam:
    slug: str
    name: str
    scheme: str
    covers: tuple[str, ...]
    postcode_districts: tuple[str, ...]
    contact_email: str
    contact_phone: str


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: Role
    # The slug of the team, or of the organisation, the role is held in.
    team: str = ""
    organisation: str = ""


ORGANISATIONS = [
    DemoOrganisation("essex-estuary-icb", "Essex Estuary Integrated Care Board", OrganisationKind.COMMISSIONER, "ZQ1"),
    DemoOrganisation("chelmer-district-council", "Chelmer District Council", OrganisationKind.COUNCIL),
    DemoOrganisation("chelmer-valley-connect", "Chelmer Valley Community Connect", OrganisationKind.SCHEME),
    DemoOrganisation("southend-shoreline-connect", "Shoreline Social Prescribing (Southend)", OrganisationKind.SCHEME),
    DemoOrganisation("chelmer-central-pcn", "Chelmer Central PCN", OrganisationKind.PCN, "ZU1001", "essex-estuary-icb"),
    DemoOrganisation("blackwater-pcn", "Blackwater Estuary PCN", OrganisationKind.PCN, "ZU1002", "essex-estuary-icb"),
    DemoOrganisation("seafront-pcn", "Seafront and Leigh PCN", OrganisationKind.PCN, "ZU1003", "essex-estuary-icb"),
    DemoOrganisation(
        "chelmer-bridge-surgery",
        "Chelmer Bridge Surgery",
        OrganisationKind.GP_PRACTICE,
        "Z10001",
        "chelmer-central-pcn",
    ),
    DemoOrganisation(
        "oaklands-park-practice",
        "Oaklands Park Medical Practice",
        OrganisationKind.GP_PRACTICE,
        "Z10002",
        "chelmer-central-pcn",
    ),
    DemoOrganisation(
        "maldon-quay-surgery", "Maldon Quay Surgery", OrganisationKind.GP_PRACTICE, "Z10003", "blackwater-pcn"
    ),
    DemoOrganisation(
        "heybridge-basin-health",
        "Heybridge Basin Health Centre",
        OrganisationKind.GP_PRACTICE,
        "Z10004",
        "blackwater-pcn",
    ),
    DemoOrganisation(
        "pier-road-medical", "Pier Road Medical Centre", OrganisationKind.GP_PRACTICE, "Z10005", "seafront-pcn"
    ),
    DemoOrganisation(
        "westcliff-gardens-surgery", "Westcliff Gardens Surgery", OrganisationKind.GP_PRACTICE, "Z10006", "seafront-pcn"
    ),
    DemoOrganisation("chelmsford-walking-friends", "Chelmsford Walking Friends", OrganisationKind.COMMUNITY_PROVIDER),
]

TEAMS = [
    DemoTeam(
        "chelmsford-link-workers",
        "Chelmsford link workers",
        "chelmer-valley-connect",
        ("chelmer-central-pcn", "chelmer-bridge-surgery", "oaklands-park-practice"),
        ("CM1", "CM2", "CM3"),
        "chelmsford.linkworkers@example.org",
        "01632 960 101",
    ),
    DemoTeam(
        "maldon-dengie-link-workers",
        "Maldon and Dengie link workers",
        "chelmer-valley-connect",
        ("blackwater-pcn", "maldon-quay-surgery", "heybridge-basin-health"),
        ("CM0", "CM8", "CM9"),
        "maldon.linkworkers@example.org",
        "01632 960 102",
    ),
    DemoTeam(
        "southend-link-workers",
        "Southend link workers",
        "southend-shoreline-connect",
        ("seafront-pcn", "pier-road-medical", "westcliff-gardens-surgery"),
        ("SS0", "SS1", "SS2", "SS3", "SS9"),
        "southend.linkworkers@example.org",
        "01632 960 103",
    ),
]

USERS = [
    DemoUser("ada.okafor@example.org", "Dr Ada Okafor", Role.REFERRER, organisation="chelmer-bridge-surgery"),
    DemoUser("sam.patel@example.org", "Sam Patel", Role.CHAMPION, organisation="chelmer-valley-connect"),
    DemoUser("jo.hughes@example.org", "Jo Hughes", Role.LINK_WORKER, team="chelmsford-link-workers"),
    DemoUser("priya.shah@example.org", "Priya Shah", Role.TEAM_LEAD, team="chelmsford-link-workers"),
    DemoUser("tom.reid@example.org", "Tom Reid", Role.PROVIDER, organisation="chelmsford-walking-friends"),
    DemoUser("lena.marsh@example.org", "Lena Marsh", Role.DIRECTORY_EDITOR, organisation="chelmer-district-council"),
    DemoUser("martin.cole@example.org", "Martin Cole", Role.COMMISSIONER, organisation="essex-estuary-icb"),
    DemoUser("alex.morgan@example.org", "Alex Morgan", Role.ADMIN, organisation="chelmer-valley-connect"),
    DemoUser("kim.osei@example.org", "Kim Osei", Role.LINK_WORKER, team="southend-link-workers"),
]


@transaction.atomic
def load_accounts() -> list[DemoUser]:
    """Create whatever is missing; leave what exists. Demo passwords are reset so the printed logins work."""
    organisations = {organisation.slug: organisation for organisation in Organisation.objects.all()}
    for spec in ORGANISATIONS:
        if spec.slug not in organisations:
            organisations[spec.slug] = actions.create_organisation(
                name=spec.name,
                slug=spec.slug,
                kind=spec.kind,
                ods_code=spec.ods_code,
                parent=organisations[spec.parent] if spec.parent else None,
                by=None,
            )
    teams = {team.slug: team for team in Team.objects.all()}
    for team_spec in TEAMS:
        if team_spec.slug not in teams:
            teams[team_spec.slug] = actions.create_team(
                scheme=organisations[team_spec.scheme],
                name=team_spec.name,
                slug=team_spec.slug,
                covered_organisations=[organisations[slug] for slug in team_spec.covers],
                postcode_districts=list(team_spec.postcode_districts),
                contact_email=team_spec.contact_email,
                contact_phone=team_spec.contact_phone,
                by=None,
            )
    for user_spec in USERS:
        user = User.objects.filter(email=user_spec.email).first()
        if user is None:
            user = actions.create_user(
                email=user_spec.email, full_name=user_spec.full_name, password=DEMO_PASSWORD, by=None
            )
        elif not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        team = teams[user_spec.team] if user_spec.team else None
        organisation = organisations[user_spec.organisation] if user_spec.organisation else None
        if not Membership.objects.filter(user=user, role=user_spec.role, team=team, organisation=organisation).exists():
            actions.add_membership(user=user, role=user_spec.role, team=team, organisation=organisation, by=None)
    return USERS

"""Two ICB areas with a scheme each, for the commissioner and evaluation report tests: referrals from people
registered with practices in each area, a planted note that must never appear, and the report facts built."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from linkwell.accounts.models import Organisation, OrganisationKind, Team, User
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import OrganisationFactory, TeamFactory, user_with_role
from linkwell.casework.tests.builders import open_case
from linkwell.people.models import Person
from linkwell.referrals.models import Referral, ReferralSource
from linkwell.referrals.tests.factories import PersonFactory, ReferralFactory
from linkwell.reports.facts import rebuild_facts

PLANTED_NOTE = "Planted note: lives alone at 9 Imaginary Row"
# Well inside the default period (the last 12 full months), whatever day the tests run.
RECEIVED_AT = timezone.now() - dt.timedelta(days=45)


@dataclass
class Area:
    icb: Organisation
    pcn: Organisation
    practice: Organisation
    scheme: Organisation
    team: Team
    people: list[Person]
    link_workers: list[User]


def build_area(name: str, *, gp_referrals: int, self_referrals: int, cases: int = 2) -> Area:
    icb = OrganisationFactory.create(kind=OrganisationKind.COMMISSIONER, name=f"{name} ICB")
    pcn = OrganisationFactory.create(kind=OrganisationKind.PCN, name=f"{name} PCN", parent=icb)
    practice = OrganisationFactory.create(kind=OrganisationKind.GP_PRACTICE, name=f"{name} Surgery", parent=pcn)
    scheme = OrganisationFactory.create(kind=OrganisationKind.SCHEME, name=f"{name} Connect")
    team = TeamFactory.create(scheme=scheme, name=f"{name} link workers")
    team.covered_organisations.set([pcn, practice])
    people: list[Person] = []
    for index in range(gp_referrals + self_referrals):
        person = PersonFactory.create(given_name="Zebedee", family_name=f"{name}person{index}", gp_practice=practice)
        people.append(person)
        source = ReferralSource.GP if index < gp_referrals else ReferralSource.SELF
        ReferralFactory.create(
            person=person, team=team, source=source, received_at=RECEIVED_AT, reason_text=PLANTED_NOTE
        )
    link_workers = []
    for _ in range(cases):
        worker = user_with_role(Role.LINK_WORKER, team=team)
        link_workers.append(worker)
        case = open_case(team=team, worker=worker, reason_text=PLANTED_NOTE, known_risks=PLANTED_NOTE)
        case.person.gp_practice = practice
        case.person.save(update_fields=["gp_practice"])
        people.append(case.person)
    Referral.objects.filter(team=team).update(received_at=RECEIVED_AT)
    return Area(icb, pcn, practice, team.scheme, team, people, link_workers)


def build_two_areas() -> tuple[Area, Area]:
    """Estuary: 12 GP referrals and 3 self-referrals (a small number), plus 2 cases from GPs. Moorland: 9
    and 1, plus 2 cases."""
    estuary = build_area("Estuary", gp_referrals=12, self_referrals=3)
    moorland = build_area("Moorland", gp_referrals=9, self_referrals=1)
    rebuild_facts()
    return estuary, moorland


def names_of(area: Area) -> list[str]:
    return (
        [f"{person.given_name} {person.family_name}" for person in area.people]
        + [person.family_name for person in area.people]
        + [worker.full_name for worker in area.link_workers]
    )

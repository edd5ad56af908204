"""Cases for tests, opened the way the service opens them: a referral accepted by its link worker."""

from linkwell.accounts.models import Team, User
from linkwell.accounts.roles import Role
from linkwell.accounts.tests.factories import TeamFactory, user_with_role
from linkwell.casework.models import Case
from linkwell.referrals.actions import change_status
from linkwell.referrals.models import ReferralStatus
from linkwell.referrals.tests.factories import ReferralFactory


def open_case(*, team: Team | None = None, worker: User | None = None, **referral_fields: object) -> Case:
    """A case for a new referral in `team` (a new team if none), held by `worker` (a new link worker)."""
    team = team or TeamFactory.create()
    worker = worker or user_with_role(Role.LINK_WORKER, team=team)
    referral = ReferralFactory.create(
        team=team, status=ReferralStatus.IN_CONTACT, allocated_to=worker, **referral_fields
    )
    change_status(referral=referral, to_status=ReferralStatus.ACCEPTED, by=worker)
    return Case.objects.select_related("team", "person", "referral", "link_worker").get(referral=referral)


def case_held_by_jo(**referral_fields: object) -> Case:
    """A case in the demo Chelmsford link workers' team held by Jo Hughes, who can sign in with the demo
    password (load the demo accounts first)."""
    team = Team.objects.get(slug="chelmsford-link-workers")
    return open_case(team=team, worker=User.objects.get(email="jo.hughes@example.org"), **referral_fields)

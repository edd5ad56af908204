import factory

from linkwell.accounts.models import Membership, Organisation, OrganisationKind, Team, User
from linkwell.accounts.roles import Role

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test organisation {n}")
    slug = factory.Sequence(lambda n: f"test-organisation-{n}")
    kind = OrganisationKind.SCHEME


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team

    scheme = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.SCHEME)
    name = factory.Sequence(lambda n: f"Test team {n}")
    slug = factory.Sequence(lambda n: f"test-team-{n}")


def user_with_role(
    role: Role, *, team: Team | None = None, organisation: Organisation | None = None, **fields: object
) -> User:
    """A user holding one role; team roles get a new team unless one is given."""
    user: User = UserFactory.create(**fields)
    if team is None and organisation is None:
        if role in {Role.LINK_WORKER, Role.TEAM_LEAD}:
            team = TeamFactory.create()
        else:
            organisation = OrganisationFactory.create()
    Membership.objects.create(user=user, role=role, team=team, organisation=organisation)
    return user

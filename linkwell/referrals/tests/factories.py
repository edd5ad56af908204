import factory

from linkwell.people.models import Person
from linkwell.referrals.models import Referral, ReferralChannel, ReferralSource
from linkwell.referrals.references import new_reference


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    given_name = factory.Iterator(["Ada", "Bram", "Cerys", "Dev", "Esme"])
    family_name = factory.Sequence(lambda n: f"Testperson{n}")


class ReferralFactory(factory.django.DjangoModelFactory[Referral]):
    class Meta:
        model = Referral

    reference = factory.LazyFunction(new_reference)
    person = factory.SubFactory(PersonFactory)
    team = factory.SubFactory("linkwell.accounts.tests.factories.TeamFactory")
    source = ReferralSource.GP
    channel = ReferralChannel.PROFESSIONAL_FORM
    reasons = factory.LazyFunction(lambda: ["loneliness"])

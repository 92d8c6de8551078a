import factory

from observatoire.profiles.models import Network, Profile
from observatoire.territories.tests.factories import TerritoryFactory


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    territory = factory.SubFactory(TerritoryFactory)
    network = Network.INSTAGRAM
    handle = factory.Sequence(lambda n: f"collectivite{n}")
    is_principal = True
    status = Profile.Status.ACTIVE

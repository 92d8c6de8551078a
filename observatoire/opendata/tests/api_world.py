"""A small published world for the API's tests, made by the real engine: two régions, three
départements, a commune and its EPCI; Instagram and Facebook profiles with snapshots and posts;
November and December 2025 ranked by `ranking_build`, the census computed by `census_build`.

In December: the Isère's Instagram profile is unreachable (not ranked), the Haute-Garonne
posted nothing on Facebook (not ranked), and the Gers' Facebook profile has no snapshot
(followers unknown). Auch (commune) has one Instagram profile with an address that is not a
link, and no population is known for the Haute-Garonne's EPCI."""

import datetime as dt
from dataclasses import dataclass

from django.utils.text import slugify

from observatoire.metrics.services import PostRow, SnapshotRow, posts_upsert, snapshots_upsert
from observatoire.opendata.census.services import census_build
from observatoire.profiles.models import Network, Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.rankings.models import RankingPublication
from observatoire.rankings.services import ranking_build
from observatoire.territories.models import Category, Territory
from observatoire.territories.tests.factories import (
    DepartementFactory,
    RegionFactory,
    TerritoryFactory,
)

NOVEMBER, DECEMBER = dt.date(2025, 11, 1), dt.date(2025, 12, 1)


@dataclass
class World:
    occitanie: Territory
    auvergne: Territory
    gers: Territory
    haute_garonne: Territory
    isere: Territory
    auch: Territory
    grand_auch: Territory
    toulouse_metropole: Territory
    profiles: dict
    november: RankingPublication
    december: RankingPublication


def _month_end(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _activity(profile: Profile, month: dt.date, *, followers: int, posts: int, likes: int):
    day = _month_end(month)
    snapshots_upsert(
        rows=[SnapshotRow(profile_id=profile.pk, date=day, followers=followers, following=200)]
    )
    at = dt.datetime(day.year, day.month, 15, 10, 0, tzinfo=dt.UTC)
    posts_upsert(
        rows=[
            PostRow(
                profile_id=profile.pk,
                external_id=f"{profile.pk}-{month:%Y%m}-{i}",
                published_at=at + dt.timedelta(hours=i),
                likes=likes,
                comments=2,
                shares=1,
            )
            for i in range(posts)
        ]
    )


def world_build() -> World:
    occitanie = RegionFactory(code="76", key="region:76", name="Occitanie", slug="occitanie")
    auvergne = RegionFactory(
        code="84", key="region:84", name="Auvergne-Rhône-Alpes", slug="auvergne-rhone-alpes"
    )

    def departement(code: str, name: str, region: Territory, population: int) -> Territory:
        return DepartementFactory(
            code=code,
            key=f"departement:{code}",
            name=name,
            slug=f"{slugify(name)}-{code}",
            region=region,
            population=population,
        )

    gers = departement("32", "Gers", occitanie, 191_091)
    haute_garonne = departement("31", "Haute-Garonne", occitanie, 1_415_757)
    isere = departement("38", "Isère", auvergne, 1_271_166)
    grand_auch = TerritoryFactory(
        kind=Territory.Kind.EPCI,
        code="200066926",
        key="epci:200066926",
        name="CA Grand Auch Coeur de Gascogne",
        slug="ca-grand-auch-200066926",
        category=Category.COMMUNAUTE_AGGLOMERATION,
        population=39_498,
        siren="200066926",
        epci_type="CA",
        region=occitanie,
        departement=gers,
    )
    toulouse_metropole = TerritoryFactory(
        kind=Territory.Kind.EPCI,
        code="243100518",
        key="epci:243100518",
        name="Toulouse Métropole",
        slug="toulouse-metropole-243100518",
        category=Category.METROPOLE,
        population=None,
        siren="243100518",
        epci_type="METRO",
        region=occitanie,
        departement=haute_garonne,
    )
    auch = TerritoryFactory(
        code="32013",
        key="commune:32013",
        name="Auch",
        slug="auch-32013",
        category=Category.VILLE_MOYENNE,
        population=22_428,
        siren="213200132",
        postcodes="32000",
        region=occitanie,
        departement=gers,
        epci=grand_auch,
    )

    profiles = {}
    for territory in (gers, haute_garonne, isere):
        for network in (Network.INSTAGRAM, Network.FACEBOOK):
            profiles[territory.code, network] = ProfileFactory(
                territory=territory,
                network=network,
                handle=f"{network[:2]}{territory.code}",
                display_name=territory.name,
            )
    profiles["32", "road"] = ProfileFactory(
        territory=gers,
        network=Network.FACEBOOK,
        handle="gers-routes",
        label="Info routes",
        is_principal=False,
    )
    profiles["auch", Network.INSTAGRAM] = ProfileFactory(
        territory=auch, network=Network.INSTAGRAM, handle="villeauch", url="javascript:alert(1)"
    )

    figures = {  # (followers, posts, likes) per département and network
        "32": {Network.INSTAGRAM: (12_000, 30, 400), Network.FACEBOOK: (30_000, 20, 300)},
        "31": {Network.INSTAGRAM: (40_000, 45, 900), Network.FACEBOOK: (80_000, 25, 700)},
        "38": {Network.INSTAGRAM: (25_000, 10, 200), Network.FACEBOOK: (50_000, 15, 150)},
    }
    for month in (NOVEMBER, DECEMBER):
        for code, per_network in figures.items():
            for network, (followers, posts, likes) in per_network.items():
                if month == DECEMBER and (code, network) == ("31", Network.FACEBOOK):
                    posts = 0  # nothing posted in December: not ranked
                if month == DECEMBER and (code, network) == ("32", Network.FACEBOOK):
                    continue  # no snapshot, no post in December: followers unknown
                grown = followers + (1_000 if month == DECEMBER else 0)
                _activity(profiles[code, network], month, followers=grown, posts=posts, likes=likes)
        _activity(profiles["auch", Network.INSTAGRAM], month, followers=3_000, posts=8, likes=50)

    november = ranking_build(month=NOVEMBER)
    isere_instagram = profiles["38", Network.INSTAGRAM]
    isere_instagram.status = Profile.Status.UNAVAILABLE
    isere_instagram.unavailable_reason = Profile.UnavailableReason.NOT_FOUND
    isere_instagram.unavailable_since = dt.date(2025, 12, 10)
    isere_instagram.save()
    december = ranking_build(month=DECEMBER)
    census_build(every=True)
    return World(
        occitanie=occitanie,
        auvergne=auvergne,
        gers=gers,
        haute_garonne=haute_garonne,
        isere=isere,
        auch=auch,
        grand_auch=grand_auch,
        toulouse_metropole=toulouse_metropole,
        profiles=profiles,
        november=november,
        december=december,
    )

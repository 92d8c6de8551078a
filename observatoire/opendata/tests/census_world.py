"""A hand-built world for the census's tests: one région, two départements, communes of every
population band and a communauté de communes, with profiles whose lives cover every rule of
presence (docs/census.md), written through the metrics services like a collection."""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from observatoire.metrics.services import PostRow, SnapshotRow, posts_upsert, snapshots_upsert
from observatoire.profiles.models import Network, Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.territories.models import Category, Territory
from observatoire.territories.tests.factories import (
    DepartementFactory,
    RegionFactory,
    TerritoryFactory,
)

PARIS = ZoneInfo("Europe/Paris")
FIRST_DAY, LAST_DAY = date(2025, 1, 1), date(2025, 8, 31)
MONTHS = [date(2025, month, 1) for month in range(1, 9)]


def snapshots(profile: Profile, days: list[date], posts_count: int | None = 100) -> None:
    snapshots_upsert(
        rows=[
            SnapshotRow(profile_id=profile.pk, date=day, followers=1000, posts_count=posts_count)
            for day in days
        ]
    )


def posts(profile: Profile, days: list[date]) -> None:
    posts_upsert(
        rows=[
            PostRow(
                profile_id=profile.pk,
                external_id=f"{profile.pk}-{day:%Y%m%d}",
                published_at=datetime.combine(day, time(10), tzinfo=PARIS),
                text="Bonjour",
                likes=3,
            )
            for day in days
        ]
    )


def monthly(day: int, months: list[date] = MONTHS) -> list[date]:
    return [month.replace(day=day) for month in months]


@dataclass
class World:
    region: Territory
    gers: Territory
    other: Territory
    village: Territory
    bourg: Territory
    ville_moyenne: Territory
    grande_ville: Territory
    other_village: Territory
    communaute: Territory
    profiles: dict[str, Profile]


def build_world() -> World:
    region = RegionFactory(code="76", key="region:76", name="Occitanie")
    gers = DepartementFactory(code="32", key="departement:32", name="Gers", region=region)
    other = DepartementFactory(code="31", key="departement:31", name="Haute-Garonne", region=region)

    def commune(name: str, population: int, category: str, departement=gers) -> Territory:
        return TerritoryFactory(
            name=name,
            population=population,
            category=category,
            region=region,
            departement=departement,
        )

    world = World(
        region=region,
        gers=gers,
        other=other,
        village=commune("Village", 1_999, Category.PETITE_VILLE),
        bourg=commune("Bourg", 2_000, Category.PETITE_VILLE),
        ville_moyenne=commune("Ville moyenne", 20_000, Category.VILLE_MOYENNE),
        grande_ville=commune("Grande ville", 100_000, Category.GRANDE_VILLE),
        other_village=commune("Autre village", 300, Category.PETITE_VILLE, departement=other),
        communaute=TerritoryFactory(
            kind=Territory.Kind.EPCI,
            name="CC du Gers",
            category=Category.COMMUNAUTE_COMMUNES,
            population=30_000,
            region=region,
            departement=gers,
        ),
        profiles={},
    )
    p = world.profiles

    def profile(name: str, territory: Territory, network: str, **fields) -> Profile:
        p[name] = ProfileFactory(territory=territory, network=network, **fields)
        return p[name]

    # The Gers posts on Facebook every month.
    snapshots(profile("gers_facebook", gers, Network.FACEBOOK), [*monthly(1), LAST_DAY])
    posts(p["gers_facebook"], monthly(5))
    # … stopped posting on X on 10 January (its farewell), still reachable until August.
    snapshots(profile("gers_x", gers, Network.X), [*monthly(1), LAST_DAY])
    posts(p["gers_x"], [date(2025, 1, 3), date(2025, 1, 10)])
    # … and opened Bluesky on 15 January: its first snapshot counts only that first post.
    snapshots(profile("gers_bluesky", gers, Network.BLUESKY), [date(2025, 1, 15)], 1)
    snapshots(p["gers_bluesky"], monthly(20)[1:], None)
    posts(p["gers_bluesky"], [date(2025, 1, 15), *monthly(22)[1:]])
    # The village appears in March (an old page: 50 posts before), posts in March and April.
    snapshots(profile("village_facebook", world.village, Network.FACEBOOK), [date(2025, 3, 5)], 50)
    snapshots(p["village_facebook"], monthly(28)[3:])
    posts(p["village_facebook"], [date(2025, 3, 6), date(2025, 4, 20)])
    # The bourg's Instagram is deleted on 10 April.
    snapshots(
        profile(
            "bourg_instagram",
            world.bourg,
            Network.INSTAGRAM,
            status=Profile.Status.UNAVAILABLE,
            unavailable_reason=Profile.UnavailableReason.NOT_FOUND,
            unavailable_since=date(2025, 4, 10),
        ),
        monthly(1)[:4],
    )
    posts(p["bourg_instagram"], monthly(2)[:4])
    # The ville moyenne's page never posts.
    snapshots(profile("ville_facebook", world.ville_moyenne, Network.FACEBOOK), monthly(1))
    # The grande ville's page is no longer followed after February.
    snapshots(
        profile(
            "grande_facebook", world.grande_ville, Network.FACEBOOK, status=Profile.Status.INACTIVE
        ),
        monthly(1)[:2],
    )
    posts(p["grande_facebook"], [date(2025, 1, 8)])
    # The communauté de communes posts on three networks.
    for network in (Network.FACEBOOK, Network.INSTAGRAM, Network.LINKEDIN):
        name = f"communaute_{network}"
        snapshots(profile(name, world.communaute, network), monthly(1))
        posts(p[name], monthly(12))
    return world

"""A small world for the tests of Mon espace › Publications, written as the collection
writes it (metrics.services: the receivers analyse the posts).

The Gers (the collectivité whose members log in) runs Instagram, X and Facebook profiles;
Saône-et-Loire an Instagram one. In October 2026 the Gers' Instagram talks tourism (3 of 5
posts), its X roads (2 of 4); #GersLeDepartement (4 posts, Instagram and X, only the Gers)
is a branded hashtag; #Covid19Gers is the campaign's (one post on each network in October,
one on Facebook in September, one of Saône-et-Loire's). Two images have an empty text
alternative (an Instagram post and an X one: the posts to fix), two Instagram images have
none reported (non vérifiable), one X post has unknown counts.

Followers at the end of October: Instagram 10,000, X 5,000; Facebook 20,000 in September."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from observatoire.editorial import services
from observatoire.editorial.models import Campaign
from observatoire.metrics.services import PostRow, SnapshotRow, posts_upsert, snapshots_upsert
from observatoire.profiles.models import Network, Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.territories.models import Territory
from observatoire.territories.tests.factories import DepartementFactory, RegionFactory
from observatoire.users.models import Membership, Role, User

PARIS = ZoneInfo("Europe/Paris")
PASSWORD = "mot-de-passe-du-test-42"
OCTOBER = dt.date(2026, 10, 1)
SEPTEMBER = dt.date(2026, 9, 1)


@dataclass
class EspaceWorld:
    territory: Territory  # the Gers
    other: Territory  # Saône-et-Loire
    profiles: dict[str, Profile]  # network -> the Gers' profile
    manager: User
    viewer: User
    outsider: User  # gestionnaire of Saône-et-Loire only
    staff: User
    password: str = PASSWORD  # every user's


def at(month: int, day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=PARIS)


def post(profile: Profile, number: int, when: dt.datetime, text: str, **fields) -> PostRow:
    tags = tuple(word[1:] for word in text.split() if word.startswith("#"))
    values = {"likes": None, "comments": None, "shares": None, **fields}
    return PostRow(
        profile_id=profile.pk,
        external_id=f"{profile.handle}-{number}",
        published_at=when,
        text=text,
        permalink=f"https://{profile.network}.example/{profile.handle}/{number}",
        hashtags=tags,
        **values,
    )


def user(username: str, **extra) -> User:
    return User.objects.create_user(
        username=username, email=f"{username}@exemple.fr", password=PASSWORD, **extra
    )


def espace_world() -> EspaceWorld:
    region = RegionFactory(name="Occitanie")
    gers = DepartementFactory(name="Gers", population=191_000, region=region)
    saone = DepartementFactory(name="Saône-et-Loire", population=551_000, region=region)
    instagram, x, facebook = (
        ProfileFactory(territory=gers, network=network, handle=f"gers_{network}")
        for network in (Network.INSTAGRAM, Network.X, Network.FACEBOOK)
    )
    saone_instagram = ProfileFactory(territory=saone, network=Network.INSTAGRAM, handle="saone")
    snapshots_upsert(
        rows=[
            SnapshotRow(instagram.pk, dt.date(2026, 9, 30), 9_000, 100, 300),
            SnapshotRow(instagram.pk, dt.date(2026, 10, 15), 9_800, 100, 305),
            SnapshotRow(instagram.pk, dt.date(2026, 10, 31), 10_000, 100, 310),
            SnapshotRow(x.pk, dt.date(2026, 10, 31), 5_000, 100, 900),
            SnapshotRow(facebook.pk, dt.date(2026, 9, 30), 20_000, 10, 200),
            SnapshotRow(saone_instagram.pk, dt.date(2026, 10, 31), 30_000, 10, 200),
        ]
    )
    no_alt = {"image_count": 1, "images": ({"alt": ""},)}
    unreported = {"image_count": 1, "images": ()}
    rows = [
        # Instagram, October: tourism 3 of 5 posts
        post(
            instagram,
            1,
            at(10, 6, 18),
            "Randonnée sur les sentiers de Lectoure #GersLeDepartement",
            media_type="reel",
            likes=400,
            comments=50,
            shares=50,
        ),
        post(
            instagram,
            2,
            at(10, 13, 18),
            "Balade au marché d'Auch #GersLeDepartement",
            media_type="image",
            likes=300,
            **unreported,
        ),
        post(
            instagram,
            3,
            at(10, 20, 18),
            "Le patrimoine de Condom #GersLeDepartement",
            media_type="image",
            likes=200,
            **unreported,
        ),
        post(
            instagram,
            4,
            at(10, 8, 10),
            "Restez prudents #Covid19Gers",
            media_type="image",
            likes=100,
            views=1_000,
            **no_alt,
        ),
        post(
            instagram,
            5,
            at(10, 21, 9),
            "Travaux sur la route de Vic-Fezensac",
            media_type="image",
            likes=50,
        ),
        # X, October: roads 2 of 4
        post(
            x,
            6,
            at(10, 5, 8),
            "Circulation : travaux sur la RN21 #InfoRoute32",
            media_type="text",
            likes=20,
            comments=5,
            shares=25,
        ),
        post(
            x,
            7,
            at(10, 12, 8),
            "Trafic perturbé, route coupée à Eauze #InfoRoute32",
            media_type="image",
            likes=80,
            **no_alt,
        ),
        post(
            x,
            8,
            at(10, 15, 12),
            "Vaccination : nouveaux créneaux #Covid19Gers",
            media_type="image",
            likes=60,
            image_count=1,
            images=({"alt": "Affiche des créneaux de vaccination"},),
        ),
        post(x, 9, at(10, 18, 10), "Randonnée du dimanche #GersLeDepartement", media_type="text"),
        # Facebook, September
        post(
            facebook,
            10,
            at(9, 1, 17),
            "Rentrée au collège de Fleurance",
            media_type="video",
            likes=100,
        ),
        post(facebook, 11, at(9, 20, 12), "Point de situation #Covid19Gers", likes=40),
        # Saône-et-Loire uses the campaign's hashtag too
        post(saone_instagram, 12, at(10, 10, 12), "Solidarité #Covid19Gers", likes=900),
    ]
    posts_upsert(rows=rows)
    services.branded_hashtags_refresh()
    manager, viewer = user("gestionnaire.gers"), user("lecteur.gers")
    outsider, staff = user("gestionnaire.saone"), user("equipe", is_staff=True)
    Membership.objects.create(user=manager, territory=gers, role=Role.MANAGER)
    Membership.objects.create(user=viewer, territory=gers, role=Role.VIEWER)
    Membership.objects.create(user=outsider, territory=saone, role=Role.MANAGER)
    return EspaceWorld(
        territory=gers,
        other=saone,
        profiles={Network.INSTAGRAM: instagram, Network.X: x, Network.FACEBOOK: facebook},
        manager=manager,
        viewer=viewer,
        outsider=outsider,
        staff=staff,
    )


def covid_campaign(territory: Territory, user: User | None = None) -> Campaign:
    """#Covid19Gers in October 2026, created through the services."""
    return services.campaign_create(
        territory=territory,
        name="Covid-19 dans le Gers",
        hashtags="#Covid19Gers",
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 10, 31),
        description="Prévention et vaccination.",
        created_by=user,
    )


def campaign_id_for(world) -> int:
    """The id of a campaign of the world's collectivité (created once), for the permission
    matrix of the private pages (dashboard/tests/test_private_pages.py)."""
    found = Campaign.objects.filter(territory=world.territory).first()
    return (found or covid_campaign(world.territory, world.manager)).pk

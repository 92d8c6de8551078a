"""Dossiers for the tests: a draft with one operation and one link, the ids the permission
matrix of Mon espace (dashboard/tests/test_private_pages.py) fills its URLs with, and a Gers
whose posts were collected (as the connectors store them) with the links people give."""

import datetime as dt

from observatoire.awards.models import Dossier, Operation, OperationLink
from observatoire.awards.tests.factories import edition_make
from observatoire.metrics.services import PostRow, SnapshotRow, posts_upsert, snapshots_upsert
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.territories.models import Territory
from observatoire.territories.tests.factories import DepartementFactory

X_STATUS = "https://x.com/LeGers32/status/1244567890123456789"


def dossier_draft(*, territory: Territory, edition=None, created_by=None) -> Dossier:
    """A draft in "Sensibilisation et citoyenneté" with one operation for adults and one
    link to an X status (not matched)."""
    edition = edition or edition_make()
    dossier = Dossier.objects.create(
        edition=edition,
        territory=territory,
        presentation="Notre stratégie.",
        created_by=created_by,
    )
    dossier.categories.set(edition.categories.filter(slug="sensibilisation-citoyennete"))
    operation = Operation.objects.create(
        dossier=dossier,
        audience=Operation.Audience.ADULTS,
        title="Questions pour un Gersois",
        networks=["x"],
    )
    OperationLink.objects.create(
        operation=operation,
        url=X_STATUS,
        network="x",
        kind="status",
        account="legers32",
        external_id="1244567890123456789",
    )
    return dossier


def private_page_ids(world) -> dict:
    """For a dashboard_world: an open edition without a dossier of the Gers (its slug, to
    create one) and a draft of the Gers in another (its dossier, operation and link ids).
    Made once per world."""
    if "dossiers" not in world.extra:
        dossier = dossier_draft(territory=world.territory, edition=edition_make(year=2024))
        operation = dossier.operations.get()
        world.extra["dossiers"] = {
            "edition": edition_make(year=2025).slug,
            "dossier_id": dossier.pk,
            "operation_id": operation.pk,
            "link_id": operation.links.get().pk,
        }
    return world.extra["dossiers"]


# --- a collectivité whose posts were collected, stored as the connectors store them --------

# (network, handle, external id, permalink, published at (UTC), likes, comments, shares, views)
POSTS = {
    "ig_quiz": (
        "instagram",
        "legers32",
        "17912345678900001",  # the Graph API's media id; the shortcode is in the permalink
        "https://www.instagram.com/p/C1a2B3c4D5e/",
        dt.datetime(2020, 3, 20, 10, 0, tzinfo=dt.UTC),
        *(450, 30, None, None),
    ),
    "ig_tribute": (
        "instagram",
        "legers32",
        "17912345678900002",
        "https://www.instagram.com/reel/C9xYz12AbCd/",
        dt.datetime(2020, 3, 31, 23, 30, tzinfo=dt.UTC),  # 1 April in Paris
        *(900, 60, 240, 30_000),
    ),
    "fb_equipment": (
        "facebook",
        "legers32",
        "100064512345678_3012345678901234",  # page id _ post id
        "https://www.facebook.com/100064512345678/posts/3012345678901234/",
        dt.datetime(2020, 3, 25, 17, 0, tzinfo=dt.UTC),
        *(1_000, 200, 800, None),
    ),
    "x_tips": (
        "x",
        "legers32",
        "1244567890123456789",
        "https://x.com/LeGers32/status/1244567890123456789",
        dt.datetime(2020, 3, 26, 8, 0, tzinfo=dt.UTC),
        *(None, None, None, 5_000),
    ),
    "tiktok_first": (
        "tiktok",
        "legers32",
        "7312345678901234567",
        "https://www.tiktok.com/@legers32/video/7312345678901234567",
        dt.datetime(2020, 4, 10, 15, 0, tzinfo=dt.UTC),
        *(300, 20, 80, 12_000),
    ),
}
# (network, date, followers): the latest reading of a month is the one rates divide by.
SNAPSHOTS = [
    ("instagram", dt.date(2020, 3, 10), 9_000),
    ("instagram", dt.date(2020, 3, 31), 10_000),
    ("instagram", dt.date(2020, 4, 30), 12_000),
    ("facebook", dt.date(2020, 3, 31), 40_000),
    ("facebook", dt.date(2020, 4, 30), 41_000),
    ("tiktok", dt.date(2020, 4, 15), 2_000),
    # no reading of X in March 2020: the rate of its status is unknown
    ("x", dt.date(2020, 4, 30), 8_000),
]
# The addresses a manager pastes for those posts.
LINKS = {
    "ig_quiz": "https://www.instagram.com/p/C1a2B3c4D5e/?hl=fr",
    "ig_tribute": "https://www.instagram.com/reel/C9xYz12AbCd/?igsh=abc123",
    "fb_equipment": "https://www.facebook.com/LeGers32/posts/3012345678901234/",
    "x_tips": "https://x.com/LeGers32/status/1244567890123456789?s=20",
    "tiktok_first": "https://www.tiktok.com/@legers32/video/7312345678901234567?is_from_webapp=1",
    "ig_not_collected": "https://www.instagram.com/p/CzZzNotSeen1/",
    "ig_profile": "https://www.instagram.com/legers32/",
}


def gers_collected(
    *, name: str = "Gers", slug: str = "gers", handle: str = "legers32"
) -> Territory:
    """The Gers with a profile on Instagram, Facebook, X and TikTok, the POSTS and SNAPSHOTS
    written by the collection's services."""
    gers = DepartementFactory(name=name, slug=slug)
    profiles = {
        network: ProfileFactory(territory=gers, network=network, handle=handle)
        for network in ("instagram", "facebook", "x", "tiktok")
    }
    snapshots_upsert(
        rows=[
            SnapshotRow(profiles[network].pk, day, followers)
            for network, day, followers in SNAPSHOTS
        ]
    )
    rows = []
    for (
        network,
        _handle,
        external_id,
        permalink,
        at,
        likes,
        comments,
        shares,
        views,
    ) in POSTS.values():
        rows.append(
            PostRow(
                profile_id=profiles[network].pk,
                external_id=external_id,
                published_at=at,
                text="#Covid19Gers",
                permalink=permalink,
                likes=likes,
                comments=comments,
                shares=shares,
                views=views,
                hashtags=("Covid19Gers",),
            )
        )
    posts_upsert(rows=rows)
    return gers

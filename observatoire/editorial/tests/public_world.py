"""A small world for the public editorial pages, with monthly rollups written by hand so that
every figure a page shows can be worked out on paper.

Three départements (the Gers and the Aude in one région, the Nièvre in another) each run a
principal Instagram profile: the group "départements on Instagram". Around it, what must not
count: the Gers' thematic Instagram profile (not principal), its Facebook profile (another
network) and a small town's Instagram profile (another category).

October 2026, départements on Instagram: 400 posts, 200 with a known engagement rate summing
to 4.0, hence a group mean of 2 %. Themes: tourism 140 posts (90 measured, Σ 2.5: 2.78 %,
index 139), roads 30 (30, Σ 0.3: 1 %, index 50). Formats: short video 40 (4.5 %, index 225),
image 260 (1.375 %, index 69), unknown format 100 (no rate known: "—"). The Nièvre's
followers are unknown: its 100 posts count, with no rate.
"""

import datetime as dt
from dataclasses import dataclass

import pytest

from observatoire.core import cache as core_cache
from observatoire.editorial.models import AccessibilityMonth, EditorialMonth, Theme
from observatoire.profiles.models import Network, Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.territories.models import Category, Territory
from observatoire.territories.tests.factories import (
    DepartementFactory,
    RegionFactory,
    TerritoryFactory,
)

MONTH = dt.date(2026, 10, 1)
PREVIOUS = dt.date(2026, 9, 1)


@dataclass
class PublicWorld:
    occitanie: Territory
    bourgogne: Territory
    gers: Territory
    aude: Territory
    nievre: Territory
    town: Territory
    instagram: dict[str, Profile]  # département name -> principal Instagram profile
    thematic: Profile
    facebook: Profile
    town_profile: Profile


def theme_key(slug: str) -> str:
    return str(Theme.objects.get(slug=slug).pk)


def editorial_rows(profile: Profile, month: dt.date, **dimensions: dict) -> None:
    """EditorialMonth rows: `dimensions` maps a dimension to {key: (posts, measured, Σ rate)};
    `all` takes one (posts, measured, Σ rate)."""
    rows = []
    for dimension, values in dimensions.items():
        items = {"": values}.items() if dimension == "all" else values.items()
        for key, (posts, measured, engagement) in items:
            rows.append(
                EditorialMonth(
                    profile=profile,
                    month=month,
                    dimension=dimension,
                    key=key,
                    posts=posts,
                    measured=measured,
                    interactions=int(engagement * 1000),
                    engagement=engagement,
                )
            )
    EditorialMonth.objects.bulk_create(rows)


def accessibility_row(profile: Profile, month: dt.date, **fields) -> AccessibilityMonth:
    return AccessibilityMonth.objects.create(profile=profile, month=month, **fields)


def public_world() -> PublicWorld:
    occitanie = RegionFactory(name="Occitanie", slug="occitanie")
    bourgogne = RegionFactory(name="Bourgogne-Franche-Comté", slug="bourgogne-franche-comte")
    gers = DepartementFactory(name="Gers", slug="gers", region=occitanie)
    aude = DepartementFactory(name="Aude", slug="aude", region=occitanie)
    nievre = DepartementFactory(name="Nièvre", slug="nievre", region=bourgogne)
    town = TerritoryFactory(
        name="Lectoure", slug="lectoure", category=Category.PETITE_VILLE, region=occitanie
    )
    instagram = {
        place.name: ProfileFactory(territory=place, handle=f"{place.slug}_ig")
        for place in (gers, aude, nievre)
    }
    world = PublicWorld(
        occitanie=occitanie,
        bourgogne=bourgogne,
        gers=gers,
        aude=aude,
        nievre=nievre,
        town=town,
        instagram=instagram,
        thematic=ProfileFactory(territory=gers, handle="gers_routes", is_principal=False),
        facebook=ProfileFactory(territory=gers, handle="gers_fb", network=Network.FACEBOOK),
        town_profile=ProfileFactory(territory=town, handle="lectoure_ig"),
    )
    tourism, roads = theme_key("tourisme"), theme_key("routes-mobilites")
    editorial_rows(
        instagram["Gers"],
        MONTH,
        all=(100, 100, 3.0),
        theme={tourism: (40, 40, 2.0), roads: (30, 30, 0.3)},
        format={"image": (60, 60, 1.2), "reel": (40, 40, 1.8)},
        slot={"1-9": (50, 50, 2.5), "3-18": (50, 50, 0.5)},
    )
    editorial_rows(
        instagram["Aude"],
        MONTH,
        all=(200, 100, 1.0),
        theme={tourism: (100, 50, 0.5)},
        format={"image": (200, 100, 1.0)},
        slot={"1-9": (200, 100, 1.0)},
    )
    editorial_rows(
        instagram["Nièvre"],
        MONTH,
        all=(100, 0, 0.0),
        format={"": (100, 0, 0.0)},
        slot={"5-12": (100, 0, 0.0)},
    )
    # What the group leaves out: it would swamp every figure if it counted.
    for profile in (world.thematic, world.facebook, world.town_profile):
        editorial_rows(
            profile,
            MONTH,
            all=(1000, 1000, 500.0),
            theme={roads: (1000, 1000, 500.0)},
            format={"video": (1000, 1000, 500.0)},
            slot={"7-23": (1000, 1000, 500.0)},
        )
    editorial_rows(instagram["Gers"], PREVIOUS, all=(80, 80, 0.8), format={"image": (80, 80, 0.8)})

    # October's audit, départements on Instagram: 160 posts, 140 scored (mean 72.9), 170
    # images of which 50 unverifiable and 40 without alternative (a third of 120).
    accessibility_row(
        instagram["Gers"],
        MONTH,
        posts=100,
        scored=90,
        score_sum=7200,
        failures={"image-alt": 30, "hashtag-camel-case": 8},
        unverifiable={"image-alt": 20, "video-subtitles": 4},
        images=120,
        images_without_alt=30,
        images_unverifiable=40,
    )
    accessibility_row(
        instagram["Aude"],
        MONTH,
        posts=50,
        scored=50,
        score_sum=3000,
        failures={"image-alt": 10},
        images=40,
        images_without_alt=10,
    )
    accessibility_row(
        instagram["Nièvre"], MONTH, posts=10, images=10, images_unverifiable=10
    )  # nothing could be checked
    accessibility_row(instagram["Gers"], PREVIOUS, posts=80, scored=80, score_sum=4000)
    for profile in (world.thematic, world.facebook, world.town_profile):
        accessibility_row(
            profile,
            MONTH,
            posts=1000,
            scored=1000,
            score_sum=10000,
            failures={"emoji-count": 1000},
            images=1000,
            images_without_alt=1000,
        )
    return world


@pytest.fixture(autouse=True)
def editorial_keys_forgotten():
    """A process declares the editorial cache keys `shared` when it first serves an editorial
    page (editorial/cache.py); after each test, this process forgets them again, so that the
    tests of the site's round trips, in the same run, meet only the keys of the pages they
    serve (with a cache cleared between tests, a shared key no page of theirs sets would
    cost them a round trip)."""
    before = set(core_cache._SHARED)
    yield
    for key in [k for k in core_cache._SHARED if k.startswith("editorial:") and k not in before]:
        del core_cache._SHARED[key]
        core_cache._last_read.pop(key, None)

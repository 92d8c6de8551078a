"""Posts written as the collection writes them (metrics.services.posts_upsert, so the
receivers analyse them), and the editorial tables read back whole for comparisons."""

import datetime as dt
import itertools

import factory

from observatoire.editorial.models import (
    AccessibilityMonth,
    BrandedHashtag,
    Campaign,
    EditorialMonth,
    PostAnalysis,
    PostHashtag,
)
from observatoire.metrics.services import PostRow
from observatoire.territories.tests.factories import TerritoryFactory

PARIS = dt.timezone(dt.timedelta(hours=2))  # summer time in Paris
_ids = itertools.count(1)


def post_row(profile, *, when=None, external_id=None, **fields) -> PostRow:
    """A PostRow of `profile` (15 August 2024, 12:00 in Paris unless `when`)."""
    return PostRow(
        profile_id=profile.pk,
        external_id=external_id or f"p{next(_ids)}",
        published_at=when or dt.datetime(2024, 8, 15, 12, 0, tzinfo=PARIS),
        **{"likes": 10, "comments": 2, "shares": 1, **fields},
    )


def editorial_state() -> dict[str, list]:
    """Every row the editorial pipeline derives from posts, in a stable order."""
    state = {
        "analyses": list(PostAnalysis.objects.order_by("post_id").values_list()),
        "hashtags": sorted(
            PostHashtag.objects.values_list(
                "post_id", "profile_id", "territory_id", "key", "tag", "published_at"
            )
        ),
        "editorial": sorted(
            EditorialMonth.objects.values_list(
                "profile_id",
                "month",
                "dimension",
                "key",
                "posts",
                "measured",
                "interactions",
                "engagement",
            )
        ),
        "accessibility": sorted(
            (*row[:5], sorted(row[5].items()), sorted(row[6].items()), *row[7:])
            for row in AccessibilityMonth.objects.values_list(
                "profile_id",
                "month",
                "posts",
                "scored",
                "score_sum",
                "failures",
                "unverifiable",
                "images",
                "images_without_alt",
                "images_unverifiable",
            )
        ),
        "branded": sorted(
            BrandedHashtag.objects.values_list(
                "territory_id", "key", "tag", "posts", "first_used", "last_used"
            )
        ),
    }
    return state


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    territory = factory.SubFactory(TerritoryFactory)
    name = factory.Sequence(lambda n: f"Campagne {n}")
    hashtags = factory.LazyFunction(lambda: ["covid19gers"])
    starts_on = dt.date(2020, 3, 13)

"""Branded hashtags: a hashtag a collectivité uses repeatedly — in BRANDED_MIN_POSTS posts or
more, published on at least two different days (Europe/Paris) — and that no other
collectivité has used in any stored post. Recomputed whole from PostHashtag after each
collection run, each import of posts and the rebuild (`branded_hashtags_refresh`)."""

from __future__ import annotations

from collections import Counter
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, Max, Min

from observatoire.core.upserts import rows_upsert

from ..cache import editorial_cache_bump
from ..models import BrandedHashtag, PostHashtag

PARIS = ZoneInfo("Europe/Paris")
BRANDED_MIN_POSTS = 3
KEYS_PER_QUERY = 500


def branded_hashtags_refresh() -> int:
    """Replace the branded hashtags by those the stored posts show. Returns their number.

    Two grouped reads: the keys one territory alone uses in enough posts (the (key,
    territory) index answers it without reading the table), then, for those keys only,
    their first and last use and their spellings."""
    keys = list(
        PostHashtag.objects.values("key")
        .annotate(territories=Count("territory_id", distinct=True), posts=Count("id"))
        .filter(territories=1, posts__gte=BRANDED_MIN_POSTS)
        .values_list("key", flat=True)
    )
    found = {}
    for start in range(0, len(keys), KEYS_PER_QUERY):
        chunk = keys[start : start + KEYS_PER_QUERY]
        spans = (
            PostHashtag.objects.filter(key__in=chunk)
            .values("key")
            .annotate(
                territory=Min("territory_id"),
                posts=Count("id"),
                first=Min("published_at"),
                last=Max("published_at"),
            )
            .values_list("key", "territory", "posts", "first", "last")
        )
        for key, territory_id, posts, first, last in spans:
            if first.astimezone(PARIS).date() != last.astimezone(PARIS).date():
                found[key] = [territory_id, key, posts, first, last]
        spellings = Counter()
        for key, tag, n in (
            PostHashtag.objects.filter(key__in=[key for key in chunk if key in found])
            .values_list("key", "tag")
            .annotate(n=Count("id"))
        ):
            spellings[(key, tag)] = n
        best: dict[str, tuple[int, str]] = {}
        for (key, tag), n in spellings.items():
            # The most written spelling; on a tie, capitals first (the CamelCase one).
            if key not in best or (-n, tag) < (-best[key][0], best[key][1]):
                best[key] = (n, tag)
        for key, (_n, tag) in best.items():
            found[key].insert(2, tag)
    with transaction.atomic():
        BrandedHashtag.objects.all().delete()
        rows_upsert(
            BrandedHashtag,
            fields=["territory_id", "key", "tag", "posts", "first_used", "last_used"],
            rows=[tuple(row) for row in found.values()],
            unique=["territory_id", "key"],
        )
        transaction.on_commit(editorial_cache_bump)
    return len(found)

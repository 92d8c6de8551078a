"""Exports with the same columns as the imports, streamed, in a stable order, so that
export → import into an empty database → export gives the same file (the cells are written
by core.csvio in its reversible mode)."""

import json
from collections.abc import Iterator

from observatoire.core.csvio import format_datetime
from observatoire.profiles.models import Profile
from observatoire.territories.models import Territory

from .imports import POST_COLUMNS, PROFILE_COLUMNS, SNAPSHOT_COLUMNS
from .models import Post, Snapshot

TERRITORY_COLUMNS = ["territory", "name", "category", "population", "departement", "region", "epci"]
CHUNK = 5000


def territories_rows() -> Iterator[dict]:
    keys = dict(Territory.objects.values_list("id", "key"))
    for t in (
        Territory.objects.order_by("key")
        .values_list(
            "key", "name", "category", "population", "departement_id", "region_id", "epci_id"
        )
        .iterator(chunk_size=CHUNK)
    ):
        yield dict(zip(TERRITORY_COLUMNS, (*t[:4], *(keys.get(i) for i in t[4:])), strict=True))


PROFILE_FIELDS = (
    "territory__key",
    "network",
    "handle",
    "is_principal",
    "status",
    "url",
    "unavailable_since",
)  # same order as PROFILE_COLUMNS


def profiles_rows() -> Iterator[dict]:
    query = Profile.objects.order_by("network", "handle_key").values_list(*PROFILE_FIELDS)
    for values in query.iterator(chunk_size=CHUNK):
        row = dict(zip(PROFILE_COLUMNS, values, strict=True))
        since = row["unavailable_since"] if row["status"] == Profile.Status.UNAVAILABLE else None
        row["unavailable_since"] = since.isoformat() if since else None
        yield row


def snapshots_rows() -> Iterator[dict]:
    query = Snapshot.objects.order_by("profile__network", "profile__handle_key", "date")
    for values in query.values_list(
        "profile__network", "profile__handle", "date", "followers", "following", "posts_count"
    ).iterator(chunk_size=CHUNK):
        row = dict(zip(SNAPSHOT_COLUMNS, values, strict=True))
        row["date"] = row["date"].isoformat()
        yield row


def posts_rows() -> Iterator[dict]:
    query = Post.objects.order_by(
        "profile__network", "profile__handle_key", "published_at", "external_id"
    )
    for values in query.values_list(
        "profile__network",
        "profile__handle",
        "external_id",
        "published_at",
        "likes",
        "comments",
        "shares",
        "saves",
        "views",
        "media_type",
        "image_count",
        "images",
        "subtitles",
        "text",
    ).iterator(chunk_size=CHUNK):
        row = dict(zip(POST_COLUMNS, values, strict=True))
        row["published_at"] = format_datetime(row["published_at"])
        row["image_alts"] = image_alts_cell(row["image_alts"])
        yield row


def image_alts_cell(images: list) -> str | None:
    """The stored images as the import reads them: a JSON array of their alt texts, empty
    when none is known."""
    if not images:
        return None
    return json.dumps([str((image or {}).get("alt") or "") for image in images], ensure_ascii=False)


EXPORTS = {
    "territories": (TERRITORY_COLUMNS, territories_rows),
    "profiles": (PROFILE_COLUMNS, profiles_rows),
    "snapshots": (SNAPSHOT_COLUMNS, snapshots_rows),
    "posts": (POST_COLUMNS, posts_rows),
}

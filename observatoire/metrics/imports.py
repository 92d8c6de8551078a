"""CSV imports of snapshots and posts (and the list of every kind the `import` command
takes, profiles included: profiles.imports), run by core.imports: all or nothing, streamed,
idempotent. Writes go through the same upsert services as the collectors, so importing a
file twice changes nothing.
"""

from collections.abc import Callable, Iterable
from pathlib import Path

from django.utils.translation import gettext as _

from observatoire.core.cells import (
    RowError,
    parse_count,
    parse_date,
    parse_datetime,
    parse_identifier,
    parse_required_count,
)
from observatoire.core.imports import ImportRejected, ImportReport, import_run
from observatoire.core.values import hashtags_in
from observatoire.profiles.imports import PROFILE_COLUMNS, parse_network, profiles_import
from observatoire.profiles.models import Profile, normalize_handle

from .models import Post
from .services import PostRow, SnapshotRow, posts_upsert, snapshots_upsert

SNAPSHOT_COLUMNS = ["network", "handle", "date", "followers", "following", "posts_count"]
POST_COLUMNS = [
    "network",
    "handle",
    "post_id",
    "published_at",
    "likes",
    "comments",
    "shares",
    "saves",
    "views",
    "text",
]
POST_ID_LENGTH = Post._meta.get_field("external_id").max_length


def _profile_lookup() -> dict[tuple[str, str], int]:
    return {(n, h): pk for pk, n, h in Profile.objects.values_list("id", "network", "handle_key")}


def _profile_id(lookup: dict, record: dict) -> int:
    network = parse_network(record["network"])
    handle = normalize_handle(record["handle"])
    try:
        return lookup[(network, handle)]
    except KeyError:
        raise RowError(
            _("handle : profil inconnu %(network)s @%(handle)s (importez d'abord les profils)")
            % {"network": network, "handle": handle}
        ) from None


# --- snapshots ------------------------------------------------------------------------


def snapshots_import(*, path: Path, progress: bool = True) -> ImportReport:
    lookup = _profile_lookup()

    def parse(line: int, record: dict) -> SnapshotRow:
        return SnapshotRow(
            profile_id=_profile_id(lookup, record),
            date=parse_date(record["date"], "date"),
            followers=parse_required_count(record["followers"], "followers"),
            following=parse_count(record.get("following", ""), "following"),
            posts_count=parse_count(record.get("posts_count", ""), "posts_count"),
        )

    return import_run(
        kind="snapshots",
        path=path,
        columns=SNAPSHOT_COLUMNS,
        required=["network", "handle", "date", "followers"],
        parse=parse,
        write=lambda batch: snapshots_upsert(rows=batch),
        progress=progress,
    )


# --- posts ----------------------------------------------------------------------------


def posts_import(*, path: Path, progress: bool = True) -> ImportReport:
    lookup = _profile_lookup()

    def parse(line: int, record: dict) -> PostRow:
        profile_id = _profile_id(lookup, record)
        post_id = record["post_id"].strip()
        if not post_id:
            raise RowError(_("post_id : valeur obligatoire"))
        parse_identifier(post_id, "post_id", max_length=POST_ID_LENGTH)
        text = record.get("text", "")
        counts = {
            c: parse_count(record.get(c, ""), c)
            for c in ("likes", "comments", "shares", "saves", "views")
        }
        return PostRow(
            profile_id=profile_id,
            external_id=post_id,
            published_at=parse_datetime(record["published_at"], "published_at"),
            text=text,
            hashtags=hashtags_in(text),
            **counts,
        )

    return import_run(
        kind="posts",
        path=path,
        columns=POST_COLUMNS,
        required=["network", "handle", "post_id", "published_at"],
        parse=parse,
        write=lambda batch: posts_upsert(rows=batch),
        progress=progress,
    )


IMPORTERS: dict[str, Callable[..., ImportReport]] = {
    "profiles": profiles_import,
    "snapshots": snapshots_import,
    "posts": posts_import,
}


def import_file(*, kind: str, path: Path, progress: bool = True) -> ImportReport:
    return IMPORTERS[kind](path=path, progress=progress)


__all__: Iterable[str] = [
    "IMPORTERS",
    "PROFILE_COLUMNS",
    "ImportRejected",
    "ImportReport",
    "import_file",
]

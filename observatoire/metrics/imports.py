"""CSV imports of snapshots and posts (and the list of every kind the `import` command
takes, profiles included: profiles.imports), run by core.imports: all or nothing, streamed,
idempotent. Writes go through the same upsert services as the collectors, so importing a
file twice changes nothing.
"""

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from django.utils.translation import gettext as _

from observatoire.core.cells import (
    FALSE_VALUES,
    TRUE_VALUES,
    RowError,
    parse_count,
    parse_date,
    parse_datetime,
    parse_identifier,
    parse_required_count,
)
from observatoire.core.imports import ImportRejected, ImportReport, import_run
from observatoire.core.values import hashtags_in
from observatoire.editorial.tasks import queue_branded_hashtags
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
    "media_type",
    "image_count",
    "image_alts",
    "subtitles",
    "text",
]
POST_ID_LENGTH = Post._meta.get_field("external_id").max_length
MAX_IMAGES = 1000  # far above any network's album; a count beyond is a mistake in the file


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


def parse_media_type(value: str) -> str:
    """Empty (not said), or one of metrics.Post.MediaType."""
    value = value.strip().lower()
    if value and value not in Post.MediaType.values:
        raise RowError(
            _("media_type : « %(val)s » inconnu (attendu : %(values)s, ou vide)")
            % {"val": value, "values": ", ".join(Post.MediaType.values)}
        )
    return value


def parse_image_alts(value: str) -> list[str]:
    """The alt text of each image as a JSON array of strings, in the images' order: "" for an
    image without alt text. An empty cell: no alt text is known (images unverifiable); fewer
    texts than image_count: the images after them are unverifiable."""
    if not value.strip():
        return []
    try:
        alts = json.loads(value)
    except ValueError:
        alts = None
    if not isinstance(alts, list) or not all(isinstance(alt, str) for alt in alts):
        raise RowError(
            _('image_alts : tableau JSON de textes attendu, par exemple ["La mairie", ""]')
        )
    for alt in alts:
        try:
            alt.encode("utf-8")
        except UnicodeEncodeError:
            raise RowError(
                _("image_alts : texte Unicode invalide (demi-paire de substitution)")
            ) from None
        if "\x00" in alt:
            raise RowError(_("image_alts : caractère NUL interdit"))
    return alts


def parse_subtitles(value: str) -> bool | None:
    """A video's subtitles: true/false (oui/non…), empty when the network does not say."""
    value = value.strip().lower()
    if not value:
        return None
    if value in TRUE_VALUES or value in FALSE_VALUES:
        return value in TRUE_VALUES
    raise RowError(
        _("subtitles : « %(val)s » n'est ni true ni false (vide : inconnu)") % {"val": value}
    )


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
        alts = parse_image_alts(record.get("image_alts", ""))
        image_count = parse_count(record.get("image_count", ""), "image_count")
        if image_count is None:
            image_count = len(alts)
        if image_count > MAX_IMAGES:
            raise RowError(_("image_count : au plus %(max)d images") % {"max": MAX_IMAGES})
        if len(alts) > image_count:
            raise RowError(
                _("image_alts : %(alts)d textes pour %(images)d image(s) (image_count)")
                % {"alts": len(alts), "images": image_count}
            )
        return PostRow(
            profile_id=profile_id,
            external_id=post_id,
            published_at=parse_datetime(record["published_at"], "published_at"),
            text=text,
            media_type=parse_media_type(record.get("media_type", "")),
            image_count=image_count,
            images=tuple({"alt": alt} for alt in alts),
            hashtags=hashtags_in(text),
            subtitles=parse_subtitles(record.get("subtitles", "")),
            **counts,
        )

    report = import_run(
        kind="posts",
        path=path,
        columns=POST_COLUMNS,
        required=["network", "handle", "post_id", "published_at"],
        parse=parse,
        write=lambda batch: posts_upsert(rows=batch),
        progress=progress,
    )
    queue_branded_hashtags()  # editorial: hashtags only one collectivité uses, recomputed
    return report


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

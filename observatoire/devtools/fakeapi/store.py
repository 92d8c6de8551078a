"""What the fake routes read: the database's profiles, latest snapshots and posts, in the
terms the routes need, and the opaque paging cursors they hand out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class FakeProfile:
    pk: int
    handle: str
    external_id: str
    display_name: str
    followers: int
    following: int | None
    posts_count: int | None
    gone: str  # "" when reachable, else "not_found", "suspended", "private"…


class FakeStore:
    """Reads of the database in the terms the fake routes need."""

    def __init__(self, network: str, id_prefix: str):
        self.network = network
        self.id_prefix = id_prefix

    def external_id(self, profile) -> str:
        return profile.external_id or f"{self.id_prefix}{profile.pk}"

    def profile(
        self, *, handle: str | None = None, external_id: str | None = None
    ) -> FakeProfile | None:
        from observatoire.metrics.models import Snapshot
        from observatoire.profiles.models import Profile, normalize_handle

        profiles = Profile.objects.filter(network=self.network)
        if handle is not None:
            found = profiles.filter(handle_key=normalize_handle(handle)).first()
        else:
            found = profiles.filter(external_id=external_id).first()
            synthetic = external_id.removeprefix(self.id_prefix)
            if found is None and external_id.startswith(self.id_prefix) and synthetic.isdigit():
                found = profiles.filter(pk=int(synthetic), external_id="").first()
        if found is None:
            return None
        latest = Snapshot.objects.filter(profile=found).order_by("-date").first()
        gone = (
            found.unavailable_reason or "not_found"
            if found.status == Profile.Status.UNAVAILABLE
            else ""
        )
        return FakeProfile(
            pk=found.pk,
            handle=found.handle,
            external_id=self.external_id(found),
            display_name=found.display_name or found.territory.name,
            followers=latest.followers if latest else 0,
            following=latest.following if latest else None,
            posts_count=latest.posts_count if latest else found.posts.count(),
            gone=gone,
        )

    def posts(
        self,
        profile: FakeProfile,
        *,
        since: datetime | None = None,
        offset: int = 0,
        limit: int = 100,
    ):
        """Posts newest first; `limit + 1` are read so a route knows whether a next page exists."""
        from observatoire.metrics.models import Post

        posts = Post.objects.filter(profile_id=profile.pk).order_by("-published_at", "-pk")
        if since is not None:
            posts = posts.filter(published_at__gte=since)
        return list(posts[offset : offset + limit + 1])


def page_token(offset: int) -> str:
    """An opaque-looking cursor for the next page (the offset in base 36)."""
    return "c" + _base36(offset)


def page_offset(token: str | None) -> int:
    return int(token[1:], 36) if token and token.startswith("c") and token[1:].isalnum() else 0


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text

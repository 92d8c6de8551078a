"""Normalised shapes every connector returns. Unknown counts are None, never 0."""

from dataclasses import dataclass, field
from datetime import datetime

from .errors import ConnectorError

NUL = "\x00"


def _without_nul(data, *names: str) -> None:
    """U+0000 means nothing in a caption or a name, PostgreSQL cannot store it in a text and
    CSV readers refuse it: it is dropped at the boundary, the rest of the text kept."""
    for name in names:
        value = getattr(data, name)
        if NUL in value:
            object.__setattr__(data, name, value.replace(NUL, ""))


@dataclass(frozen=True, slots=True)
class Image:
    alt: str = ""  # "" means the image has no text alternative

    def __post_init__(self):
        _without_nul(self, "alt")


@dataclass(frozen=True, slots=True)
class ProfileData:
    external_id: str
    handle: str  # as the network names the account; "" when its answer names none
    display_name: str = ""
    followers: int | None = None
    following: int | None = None
    posts_count: int | None = None

    def __post_init__(self):
        _without_nul(self, "external_id", "handle", "display_name")


@dataclass(frozen=True, slots=True)
class PostData:
    id: str
    published_at: datetime  # aware
    text: str = ""
    permalink: str = ""
    media_type: str = ""  # a metrics.Post.MediaType value
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None
    views: int | None = None
    image_count: int = 0
    images: tuple[Image, ...] = ()
    hashtags: tuple[str, ...] = ()
    subtitles: bool | None = None  # a video's subtitles, where the network says

    def __post_init__(self):
        if self.published_at.tzinfo is None:
            raise ValueError("published_at must be aware")
        _without_nul(self, "id", "text", "permalink")


@dataclass(frozen=True, slots=True)
class ProfileTarget:
    """What the runner knows of a profile when it asks a connector for it."""

    handle: str
    external_id: str = ""


@dataclass(slots=True)
class Collected:
    """What the network said of a profile: its counts, the posts it gave in full, and the
    gaps (a secondary call that failed, a post left incomplete), which the runner logs
    while it stores the rest."""

    profile: ProfileData
    posts: list[PostData] = field(default_factory=list)
    gaps: list[ConnectorError] = field(default_factory=list)

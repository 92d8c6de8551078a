"""What every link reader shares: the parsed link, its error, and the address taken apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from observatoire.profiles.models import Network, normalize_handle

URL_LENGTH = 1000  # OperationLink.url
# Sub-domains that only say which version of the site (mobile, language) was read.
VERSION_PREFIXES = ("www.", "m.", "mobile.", "web.", "touch.", "mbasic.", "fr-fr.", "fr.")
HOST_RE = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


class Kind:
    """What a link designates (OperationLink.kind)."""

    POST = "post"
    REEL = "reel"
    VIDEO = "video"
    WATCH_VIDEO = "watch_video"
    PHOTO = "photo"
    SHORT = "short"
    LIVE = "live"
    STATUS = "status"
    ACTIVITY = "activity"
    STORY = "story"
    STORY_HIGHLIGHT = "story_highlight"
    SPOTLIGHT = "spotlight"
    PROFILE = "profile"

    # kinds that name an account, not one of its publications
    ACCOUNT_ONLY = frozenset({PROFILE, STORY, STORY_HIGHLIGHT})


# Each kind as the public reads it.
KIND_LABELS = {
    Kind.POST: gettext_lazy("publication"),
    Kind.REEL: gettext_lazy("reel"),
    Kind.VIDEO: gettext_lazy("vidéo"),
    Kind.WATCH_VIDEO: gettext_lazy("vidéo Watch"),
    Kind.PHOTO: gettext_lazy("photo"),
    Kind.SHORT: gettext_lazy("Short"),
    Kind.LIVE: gettext_lazy("direct"),
    Kind.STATUS: gettext_lazy("publication"),
    Kind.ACTIVITY: gettext_lazy("publication"),
    Kind.STORY: gettext_lazy("story"),
    Kind.STORY_HIGHLIGHT: gettext_lazy("stories à la une"),
    Kind.SPOTLIGHT: gettext_lazy("Spotlight"),
    Kind.PROFILE: gettext_lazy("profil"),
}


class LinkError(ValueError):
    """A link we cannot read; its message says why, in the reader's language."""


@dataclass(frozen=True, slots=True)
class ParsedLink:
    network: str  # a profiles.models.Network value
    kind: str  # a Kind value
    account: str  # the handle as a profile stores it (normalised); "" when the link says none
    external_id: str  # the id the address carries; "" for a profile
    url: str  # the address without its tracking parameters

    @property
    def is_publication(self) -> bool:
        return self.kind not in Kind.ACCOUNT_ONLY


@dataclass(frozen=True, slots=True)
class Address:
    """A link taken apart: host without its version prefix, path segments (decoded), query."""

    host: str  # e.g. "instagram.com" for "https://www.instagram.com/…"
    full_host: str  # as written, lower case
    path: str  # as written
    segments: tuple[str, ...]
    query: dict[str, str]

    @property
    def first(self) -> str:
        return self.segments[0].lower() if self.segments else ""

    def segment(self, index: int) -> str:
        return self.segments[index] if len(self.segments) > index else ""

    def param(self, name: str) -> str:
        return self.query.get(name, "")

    def clean_url(self, *, keep: tuple[str, ...] = ()) -> str:
        """https address with only the query parameters that designate something (`keep`)."""
        kept = {name: self.query[name] for name in keep if self.query.get(name)}
        query = f"?{urlencode(kept)}" if kept else ""
        return f"https://{self.full_host}{self.path or '/'}{query}"


def address_read(url: str) -> Address:
    """The link taken apart; LinkError when it is not an http(s) address."""
    text = (url or "").strip()
    if not text:
        raise LinkError(_("Adresse invalide : le lien est vide."))
    if len(text) > URL_LENGTH:
        raise LinkError(_("Adresse invalide : au plus %(max)d caractères.") % {"max": URL_LENGTH})
    if "://" not in text and not text.startswith("//"):
        text = "https://" + text  # "www.instagram.com/p/…" pasted without its scheme
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        raise LinkError(_("Adresse invalide : ce n'est pas une adresse web.")) from None
    if parts.scheme.lower() not in ("http", "https") or not HOST_RE.match(host):
        raise LinkError(
            _("Adresse invalide : collez l'adresse complète, qui commence par https://.")
        )
    short = host
    for prefix in VERSION_PREFIXES:
        if short.startswith(prefix) and short.count(".") > 1:
            short = short[len(prefix) :]
            break
    query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
    segments = tuple(unquote(s) for s in parts.path.split("/") if s)
    return Address(
        host=short,
        full_host=host,
        path=parts.path,
        segments=segments,
        query=query,
    )


def handle_of(value: str) -> str:
    """A handle as profiles store it: without @, compared in lower case."""
    return normalize_handle(unquote(value))


def link(
    address: Address,
    network: str,
    kind: str,
    *,
    account: str = "",
    external_id: str = "",
    keep: tuple[str, ...] = (),
) -> ParsedLink:
    """The parsed link, its address cleaned of everything but the parameters in `keep`."""
    return ParsedLink(
        network=str(network),
        kind=kind,
        account=handle_of(account) if account else "",
        external_id=external_id,
        url=address.clean_url(keep=keep),
    )


def not_a_publication(network: str, hint: str = "") -> LinkError:
    """The link is on `network` but designates none of its publications."""
    message = _(
        "Ce lien ne mène pas à une publication %(network)s : ouvrez la publication et "
        "copiez son adresse."
    ) % {"network": Network(network).label}
    return LinkError(f"{message} {hint}".strip())


def shortened(host: str) -> LinkError:
    return LinkError(
        _("Lien raccourci %(host)s : ouvrez-le et copiez l'adresse complète de la publication.")
        % {"host": host}
    )

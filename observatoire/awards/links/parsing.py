"""`link_parse`: a link given for an operation, read into (network, kind, account, id)."""

from __future__ import annotations

from collections.abc import Callable

from .base import Address, LinkError, ParsedLink, address_read
from .meta import facebook, instagram, threads
from .others import bluesky, linkedin, mastodon, snapchat, tiktok, unsupported, x, youtube

# Each network's domains (sub-domains included) and the reader of its addresses.
DOMAINS: dict[str, Callable[[Address], ParsedLink]] = {
    "instagram.com": instagram,
    "instagr.am": instagram,
    "facebook.com": facebook,
    "fb.com": facebook,
    "fb.watch": facebook,
    "fb.me": facebook,
    "x.com": x,
    "twitter.com": x,
    "t.co": x,
    "linkedin.com": linkedin,
    "lnkd.in": linkedin,
    "tiktok.com": tiktok,
    "youtube.com": youtube,
    "youtu.be": youtube,
    "youtube-nocookie.com": youtube,
    "bsky.app": bluesky,
    "threads.net": threads,
    "threads.com": threads,
    "snapchat.com": snapchat,
}


def link_parse(url: str) -> ParsedLink:
    """The network, kind, account and id a link names; LinkError (a ValueError) with a
    message for the person who gave it when it cannot be read. Any address of another site
    is read as a Mastodon instance's when it has the shape of one (/@user/<id>)."""
    address = address_read(url)
    reader = _reader(address.host)
    if reader is not None:
        return reader(address)
    parsed = mastodon(address)
    if parsed is None:
        raise unsupported(address)
    return parsed


def _reader(host: str) -> Callable[[Address], ParsedLink] | None:
    for domain, reader in DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return reader
    return None


__all__ = ["LinkError", "ParsedLink", "link_parse"]

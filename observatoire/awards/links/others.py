"""Links of X, LinkedIn, TikTok, YouTube, Bluesky, Mastodon and Snapchat."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from observatoire.profiles.models import Network

from .base import Address, Kind, LinkError, ParsedLink, link, not_a_publication, shortened


def _forms(forms: str) -> str:
    return _("Formes lues : %(forms)s.") % {"forms": forms}


# -- X -----------------------------------------------------------------------------------------

X_USER_RE = re.compile(r"^[A-Za-z0-9_]{1,15}$")
X_RESERVED = {
    "home",
    "explore",
    "search",
    "i",
    "settings",
    "notifications",
    "messages",
    "hashtag",
    "intent",
    "share",
    "compose",
    "login",
    "signup",
    "tos",
    "privacy",
}
X_PROFILE_TABS = {"with_replies", "media", "likes", "highlights", "articles"}
X_FORMS = "x.com/<compte>/status/…, twitter.com/<compte>/status/…, x.com/i/web/status/…"


def x(address: Address) -> ParsedLink:
    if address.host == "t.co":
        raise shortened(address.host)
    seg, first = address.segments, address.first
    network = Network.X
    if first == "i":
        rest = seg[2:] if address.segment(1).lower() == "web" else seg[1:]
        if len(rest) >= 2 and rest[0].lower() in ("status", "statuses") and rest[1].isdigit():
            return link(address, network, Kind.STATUS, external_id=rest[1])
    elif first not in X_RESERVED and X_USER_RE.match(address.segment(0).lstrip("@")):
        account = seg[0].lstrip("@")
        if address.segment(1).lower() in ("status", "statuses") and address.segment(2).isdigit():
            return link(address, network, Kind.STATUS, account=account, external_id=seg[2])
        if len(seg) == 1 or (len(seg) == 2 and seg[1].lower() in X_PROFILE_TABS):
            return link(address, network, Kind.PROFILE, account=account)
    raise not_a_publication(network, _forms(X_FORMS))


# -- LinkedIn ----------------------------------------------------------------------------------

URN_RE = re.compile(r"^urn:li:(?P<kind>activity|share|ugcpost):(?P<id>\d+)$", re.IGNORECASE)
POST_SLUG_RE = re.compile(
    r"^(?P<slug>.*?)-?(?P<kind>activity|share|ugcpost)-(?P<id>\d+)(-[A-Za-z0-9_-]*)?$",
    re.IGNORECASE,
)
URN_KINDS = {"activity": "activity", "share": "share", "ugcpost": "ugcPost"}
LINKEDIN_FORMS = (
    "linkedin.com/feed/update/urn:li:activity:…, /posts/<compte>_…-activity-…, /company/<compte>/"
)


def linkedin(address: Address) -> ParsedLink:
    if address.host == "lnkd.in":
        raise shortened(address.host)
    seg, first = address.segments, address.first
    network = Network.LINKEDIN
    if first in ("feed", "embed"):
        for segment in seg:
            match = URN_RE.match(segment)
            if match:
                return _linkedin_post(address, match, account="")
    if first == "posts" and len(seg) >= 2:
        match = POST_SLUG_RE.match(seg[1])
        if match:
            slug = match["slug"]
            return _linkedin_post(
                address, match, account=slug.partition("_")[0] if "_" in slug else ""
            )
    if first in ("company", "school", "showcase", "in") and len(seg) >= 2:
        return link(address, network, Kind.PROFILE, account=seg[1])
    raise not_a_publication(network, _forms(LINKEDIN_FORMS))


def _linkedin_post(address: Address, match: re.Match, *, account: str) -> ParsedLink:
    """The URN the address names: urn:li:activity:<id> (what LinkedIn's "copy the link"
    gives), or the urn:li:share / urn:li:ugcPost of the post itself."""
    kind = URN_KINDS[match["kind"].lower()]
    return link(
        address,
        Network.LINKEDIN,
        Kind.ACTIVITY if kind == "activity" else Kind.POST,
        account=account,
        external_id=f"urn:li:{kind}:{match['id']}",
    )


# -- TikTok ------------------------------------------------------------------------------------

TIKTOK_FORMS = "tiktok.com/@<compte>/video/…, tiktok.com/@<compte>"


def tiktok(address: Address) -> ParsedLink:
    if address.host in ("vm.tiktok.com", "vt.tiktok.com"):
        raise shortened(address.host)  # a redirection to the video, its id not in sight
    if address.first == "t":
        raise shortened("tiktok.com/t")
    seg, first = address.segments, address.first
    network = Network.TIKTOK
    if first.startswith("@") and len(first) > 1:
        account = seg[0][1:]
        kind = address.segment(1).lower()
        if kind in ("video", "photo") and address.segment(2).isdigit():
            tiktok_kind = Kind.VIDEO if kind == "video" else Kind.PHOTO
            return link(address, network, tiktok_kind, account=account, external_id=seg[2])
        if len(seg) == 1:
            return link(address, network, Kind.PROFILE, account=account)
    if first in ("embed", "player", "v") and len(seg) >= 2:
        number = seg[-1].removesuffix(".html")
        if number.isdigit():
            return link(address, network, Kind.VIDEO, external_id=number)
    raise not_a_publication(network, _forms(TIKTOK_FORMS))


# -- YouTube -----------------------------------------------------------------------------------

VIDEO_ID_RE = re.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_PATHS = {
    "shorts": Kind.SHORT,
    "live": Kind.LIVE,
    "embed": Kind.VIDEO,
    "v": Kind.VIDEO,
    "e": Kind.VIDEO,
}
YOUTUBE_FORMS = "youtube.com/watch?v=…, youtu.be/…, youtube.com/shorts/…, youtube.com/@<compte>"


def youtube(address: Address) -> ParsedLink:
    seg, first = address.segments, address.first
    network = Network.YOUTUBE
    if address.host == "youtu.be" and VIDEO_ID_RE.match(address.segment(0)):
        return link(address, network, Kind.VIDEO, external_id=seg[0])
    if first == "watch" and VIDEO_ID_RE.match(address.param("v")):
        return link(address, network, Kind.VIDEO, external_id=address.param("v"), keep=("v",))
    if first in YOUTUBE_PATHS and VIDEO_ID_RE.match(address.segment(1)):
        return link(address, network, YOUTUBE_PATHS[first], external_id=seg[1])
    if first.startswith("@") and len(first) > 1:
        return link(address, network, Kind.PROFILE, account=seg[0][1:])
    if first in ("channel", "c", "user") and len(seg) >= 2:
        return link(address, network, Kind.PROFILE, account=seg[1])
    raise not_a_publication(network, _forms(YOUTUBE_FORMS))


# -- Bluesky -----------------------------------------------------------------------------------

RKEY_RE = re.compile(r"^[A-Za-z0-9._:~-]{1,512}$")


def bluesky(address: Address) -> ParsedLink:
    seg = address.segments
    network = Network.BLUESKY
    if address.first == "profile" and len(seg) >= 2:
        if address.segment(2) == "post" and RKEY_RE.match(address.segment(3)):
            return link(address, network, Kind.POST, account=seg[1], external_id=seg[3])
        if len(seg) == 2:
            return link(address, network, Kind.PROFILE, account=seg[1])
    raise not_a_publication(network, _forms("bsky.app/profile/<compte>/post/…"))


# -- Mastodon (any instance) -------------------------------------------------------------------


def mastodon(address: Address) -> ParsedLink | None:
    """https://<instance>/@<user>/<id> and the other shapes of a status or an account on a
    Mastodon instance; None when the address has none of them. The status id is the one of
    the instance the address is on."""
    instance = address.full_host.removeprefix("www.")
    seg = address.segments[1:] if address.first == "web" else address.segments
    network = Network.MASTODON
    first = seg[0] if seg else ""
    if first.startswith("@") and len(first) > 1:
        user = first[1:]
        account = user if "@" in user else f"{user}@{instance}"
        if len(seg) >= 2 and seg[1].isdigit():
            return link(address, network, Kind.STATUS, account=account, external_id=seg[1])
        if len(seg) == 1:
            return link(address, network, Kind.PROFILE, account=account)
    if first == "users" and len(seg) >= 2:
        account = f"{seg[1]}@{instance}"
        if len(seg) >= 4 and seg[2] == "statuses" and seg[3].isdigit():
            return link(address, network, Kind.STATUS, account=account, external_id=seg[3])
        if len(seg) == 2:
            return link(address, network, Kind.PROFILE, account=account)
    if first == "statuses" and len(seg) >= 2 and seg[1].isdigit():
        return link(address, network, Kind.STATUS, external_id=seg[1])
    return None


# -- Snapchat ----------------------------------------------------------------------------------


def snapchat(address: Address) -> ParsedLink:
    seg, first = address.segments, address.first
    network = Network.SNAPCHAT
    if first == "add" and len(seg) >= 2:
        return link(address, network, Kind.PROFILE, account=seg[1])
    if first.startswith("@") and len(first) > 1:
        return link(address, network, Kind.PROFILE, account=seg[0][1:])
    if first == "spotlight" and len(seg) >= 2:
        return link(address, network, Kind.SPOTLIGHT, external_id=seg[1])
    raise not_a_publication(network, _forms("snapchat.com/add/<compte>, /spotlight/…"))


def unsupported(address: Address) -> LinkError:
    return LinkError(
        _(
            "Réseau non pris en charge (%(host)s) : les liens lus sont ceux d'Instagram, "
            "Facebook, X, LinkedIn, TikTok, YouTube, Bluesky, Mastodon et Threads."
        )
        % {"host": address.full_host}
    )

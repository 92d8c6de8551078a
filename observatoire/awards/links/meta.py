"""Links of Meta's networks: Instagram, Facebook, Threads."""

from __future__ import annotations

import base64
import binascii
import re

from django.utils.translation import gettext as _

from observatoire.profiles.models import Network

from .base import Address, Kind, LinkError, ParsedLink, link, not_a_publication, shortened

SHORTCODE_RE = re.compile(r"^[A-Za-z0-9_-]{5,64}$")
INSTAGRAM_USER_RE = re.compile(r"^[A-Za-z0-9._]{1,30}$")
INSTAGRAM_POSTS = {"p": Kind.POST, "reel": Kind.REEL, "reels": Kind.REEL, "tv": Kind.VIDEO}
INSTAGRAM_RESERVED = {
    "explore",
    "accounts",
    "direct",
    "about",
    "legal",
    "developer",
    "web",
    "stories",
    "s",
    "challenge",
    "emails",
    "api",
    "privacy",
    "terms",
    *INSTAGRAM_POSTS,
}
INSTAGRAM_FORMS = "instagram.com/p/…, /reel/…, /tv/…, /stories/highlights/…, /<compte>/"


def instagram(address: Address) -> ParsedLink:
    seg, first = address.segments, address.first
    network = Network.INSTAGRAM
    account = ""
    if len(seg) >= 3 and seg[1].lower() in INSTAGRAM_POSTS and first not in INSTAGRAM_RESERVED:
        account, seg = seg[0], seg[1:]  # instagram.com/<user>/p/<code>/
        first = seg[0].lower()
    if first in INSTAGRAM_POSTS and len(seg) >= 2 and SHORTCODE_RE.match(seg[1]):
        return link(address, network, INSTAGRAM_POSTS[first], account=account, external_id=seg[1])
    if first == "stories":
        return _instagram_story(address)
    if first == "s" and len(seg) >= 2:
        highlight = _highlight_id(seg[1])
        if highlight:
            return link(address, network, Kind.STORY_HIGHLIGHT, external_id=highlight)
    if first == "explore" and address.segment(1).lower() == "tags":
        raise not_a_publication(network, _("Ce lien mène à la page d'un hashtag."))
    if seg and first not in INSTAGRAM_RESERVED and INSTAGRAM_USER_RE.match(seg[0]):
        return link(address, network, Kind.PROFILE, account=seg[0])
    raise not_a_publication(network, _("Formes lues : %(forms)s.") % {"forms": INSTAGRAM_FORMS})


def _instagram_story(address: Address) -> ParsedLink:
    """/stories/highlights/<id>/ (a highlight), /stories/<user>/<id>/ (a story)."""
    seg = address.segments
    network = Network.INSTAGRAM
    if address.segment(1).lower() == "highlights" and address.segment(2).isdigit():
        return link(address, network, Kind.STORY_HIGHLIGHT, external_id=seg[2])
    if len(seg) >= 2 and INSTAGRAM_USER_RE.match(seg[1]) and seg[1].lower() != "highlights":
        story = address.segment(2) if address.segment(2).isdigit() else ""
        return link(address, network, Kind.STORY, account=seg[1], external_id=story)
    raise not_a_publication(network, _("Formes lues : %(forms)s.") % {"forms": INSTAGRAM_FORMS})


def _highlight_id(token: str) -> str:
    """instagram.com/s/<token>: the share link of a highlight, base64 of "highlight:<id>"."""
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ""
    kind, _sep, number = text.partition(":")
    return number if kind == "highlight" and number.isdigit() else ""


# -- Facebook ----------------------------------------------------------------------------------

FACEBOOK_ID_RE = re.compile(r"^(\d+|pfbid0[A-Za-z0-9]+)$")
FACEBOOK_PAGE_RE = re.compile(r"^[\w.-]{2,100}$")
FACEBOOK_PROFILE_TABS = {
    "about",
    "community",
    "reviews",
    "events",
    "photos",
    "videos",
    "posts",
    "mentions",
    "reels",
    "followers",
    "live_videos",
    "about_profile_transparency",
}
FACEBOOK_NOT_PAGES = {
    "events",
    "hashtag",
    "search",
    "marketplace",
    "gaming",
    "stories",
    "home.php",
    "login",
    "login.php",
    "help",
    "policies",
    "privacy",
    "settings",
    "notifications",
    "messages",
    "friends",
    "bookmarks",
    "ads",
    "business",
    "l.php",
}
FACEBOOK_FORMS = (
    "facebook.com/<page>/posts/…, /permalink.php?story_fbid=…, /photo/?fbid=…, "
    "/watch/?v=…, /<page>/videos/…, /reel/…"
)
FACEBOOK_SHORT_HOSTS = {"fb.watch", "fb.me", "l.facebook.com", "lm.facebook.com"}


def facebook(address: Address) -> ParsedLink:
    if address.host in FACEBOOK_SHORT_HOSTS:
        raise shortened(address.host)
    seg, first, param = address.segments, address.first, address.param
    network = Network.FACEBOOK
    if first == "share":
        raise LinkError(
            _(
                "Lien de partage Facebook (facebook.com/share/…) : ouvrez-le dans le "
                "navigateur et copiez l'adresse de la publication qui s'affiche."
            )
        )
    if first in ("permalink.php", "story.php") and FACEBOOK_ID_RE.match(param("story_fbid")):
        account = param("id") if param("id").isdigit() else ""
        return link(
            address,
            network,
            Kind.POST,
            account=account,
            external_id=param("story_fbid"),
            keep=("story_fbid", "id"),
        )
    if first in ("photo.php", "photo") and param("fbid").isdigit():
        return link(address, network, Kind.PHOTO, external_id=param("fbid"), keep=("fbid",))
    if first == "watch" and param("v").isdigit():
        return link(address, network, Kind.WATCH_VIDEO, external_id=param("v"), keep=("v",))
    if first == "video.php" and param("v").isdigit():
        return link(address, network, Kind.VIDEO, external_id=param("v"), keep=("v",))
    if first == "reel" and address.segment(1).isdigit():
        return link(address, network, Kind.REEL, external_id=seg[1])
    if first == "groups":
        raise LinkError(
            _(
                "Ce lien mène à un groupe Facebook : seules les publications des pages "
                "sont prises en compte."
            )
        )
    if first == "profile.php" and param("id").isdigit():
        return link(address, network, Kind.PROFILE, account=param("id"), keep=("id",))
    if first in ("pg", "p") and len(seg) >= 2:
        seg = seg[1:]  # facebook.com/pg/<page>/posts/, facebook.com/p/<Name-100064…>/
    elif first in FACEBOOK_NOT_PAGES:
        raise not_a_publication(network, _("Formes lues : %(forms)s.") % {"forms": FACEBOOK_FORMS})
    return _facebook_page(address, seg)


def _facebook_page(address: Address, seg: tuple[str, ...]) -> ParsedLink:
    """facebook.com/<page>[/posts/<id>|/videos/…/<id>|/photos/…/<id>|/<tab>]."""
    network = Network.FACEBOOK
    forms = _("Formes lues : %(forms)s.") % {"forms": FACEBOOK_FORMS}
    if not seg or not FACEBOOK_PAGE_RE.match(seg[0]):
        raise not_a_publication(network, forms)
    page, rest = seg[0], seg[1:]
    tab = rest[0].lower() if rest else ""
    if tab == "posts" and len(rest) >= 2 and FACEBOOK_ID_RE.match(rest[1]):
        return link(address, network, Kind.POST, account=page, external_id=rest[1])
    if tab in ("videos", "photos") and len(rest) >= 2:
        numbers = [s for s in rest[1:] if s.isdigit()]
        if numbers:
            kind = Kind.VIDEO if tab == "videos" else Kind.PHOTO
            return link(address, network, kind, account=page, external_id=numbers[-1])
    if not rest or (tab in FACEBOOK_PROFILE_TABS and len(rest) == 1):
        return link(address, network, Kind.PROFILE, account=page)
    raise not_a_publication(network, forms)


# -- Threads -----------------------------------------------------------------------------------


def threads(address: Address) -> ParsedLink:
    seg, first = address.segments, address.first
    network = Network.THREADS
    if first.startswith("@") and len(first) > 1:
        account = seg[0][1:]
        if address.segment(1).lower() == "post" and SHORTCODE_RE.match(address.segment(2)):
            return link(address, network, Kind.POST, account=account, external_id=seg[2])
        if len(seg) == 1:
            return link(address, network, Kind.PROFILE, account=account)
    if first == "t" and SHORTCODE_RE.match(address.segment(1)):
        return link(address, network, Kind.POST, external_id=seg[1])
    raise not_a_publication(
        network, _("Formes lues : %(forms)s.") % {"forms": "threads.net/@<compte>/post/…"}
    )

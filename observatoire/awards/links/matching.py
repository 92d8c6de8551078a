"""The collected post a parsed link designates, matched on what each connector stores.

What the connectors store (observatoire/connectors/<network>/client.py):
  X, TikTok, YouTube   external_id = the id the address carries (status, video id)
  Bluesky              external_id = the rkey, permalink bsky.app/profile/<handle>/post/<rkey>;
                       an rkey is unique within one account only: the account must agree
  Mastodon             external_id = the status id on the account's own instance; an address
                       on another instance carries that instance's id, which cannot be matched
  Instagram, Threads   external_id = the Graph API's numeric media id, which no address shows;
                       the shortcode of the address is in the stored permalink (/p/<code>/)
  Facebook             external_id = "<page id>_<post id>", permalink_url in any of Facebook's
                       shapes (/posts/<id or pfbid>, /photos/…/<id>/, /videos/<id>/…)
  LinkedIn             external_id = urn:li:share:<n> or urn:li:ugcPost:<n>; an address with
                       urn:li:activity:<m> names the activity, whose number is another one
                       (LinkedIn resolves it only through its DMA portability API): it matches
                       a post only when a stored id or permalink carries that number.
Ids of one network are compared exactly (shortcodes and pfbids are case-sensitive)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qs, unquote, urlsplit

from django.db.models import Q

from observatoire.metrics.models import Post
from observatoire.profiles.models import Network

from .base import ParsedLink

BATCH = 100  # links per query
FACEBOOK_ID_RE = re.compile(r"^(\d+|pfbid0[A-Za-z0-9]+)$")
FACEBOOK_ID_PARAMS = ("story_fbid", "fbid", "v")
NUMBER_RE = re.compile(r"(\d{6,})")
SAME_ID = {Network.X, Network.TIKTOK, Network.YOUTUBE, Network.BLUESKY, Network.MASTODON}
CODE_IN_PERMALINK = {Network.INSTAGRAM, Network.THREADS}


def link_match(*, parsed: ParsedLink, territory_id: int | None = None) -> Post | None:
    """The collected post `parsed` designates (of the collectivité `territory_id` when given),
    or None: a profile, a story, a post we never collected."""
    return links_match(links=[parsed], territory_id=territory_id)[parsed]


def links_match(
    *, links: Iterable[ParsedLink], territory_id: int | None = None
) -> dict[ParsedLink, Post | None]:
    """Each link with the post it designates (None when none): one query per 100 links."""
    links = list(dict.fromkeys(links))
    found: dict[ParsedLink, Post | None] = dict.fromkeys(links)
    wanted = [parsed for parsed in links if _condition(parsed) is not None]
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start : start + BATCH]
        condition = Q()
        for parsed in batch:
            condition |= _condition(parsed)
        posts = Post.objects.filter(condition).select_related("profile")
        if territory_id is not None:
            posts = posts.filter(profile__territory_id=territory_id)
        posts = list(posts.order_by("pk"))
        for parsed in batch:
            candidates = [post for post in posts if designates(parsed, post)]
            if candidates:
                found[parsed] = min(candidates, key=lambda post: _preference(parsed, post))
    return found


def _condition(parsed: ParsedLink) -> Q | None:
    """Candidates of the link in the database (checked one by one by `designates`)."""
    identifier, network = parsed.external_id, parsed.network
    if not parsed.is_publication or not identifier:
        return None
    if network in SAME_ID:
        found = Q(external_id=identifier)
    elif network in CODE_IN_PERMALINK:
        found = Q(permalink__contains=f"/{identifier}") | Q(external_id=identifier)
    elif network == Network.FACEBOOK:
        found = (
            Q(external_id=identifier)
            | Q(external_id__endswith=f"_{identifier}")
            | Q(permalink__contains=identifier)
        )
    elif network == Network.LINKEDIN:
        number = identifier.rpartition(":")[2]
        found = (
            Q(external_id=number)
            | Q(external_id__endswith=f":{number}")
            | Q(permalink__contains=number)
        )
    else:
        return None
    return Q(profile__network=network) & found


def designates(parsed: ParsedLink, post: Post) -> bool:
    """Whether `post` (with its profile) is the publication the link names."""
    network, identifier = parsed.network, parsed.external_id
    if post.profile.network != network or not identifier or not parsed.is_publication:
        return False
    if network in (Network.X, Network.TIKTOK, Network.YOUTUBE):
        return post.external_id == identifier
    if network == Network.BLUESKY:
        actor = {post.profile.handle_key, post.profile.external_id.lower()}
        return post.external_id == identifier and parsed.account in actor
    if network == Network.MASTODON:
        return post.external_id == identifier and _mastodon_home(parsed, post)
    if network in CODE_IN_PERMALINK:
        return identifier == post.external_id or identifier in _path_segments(post.permalink)
    if network == Network.FACEBOOK:
        return identifier in _facebook_ids(post)
    if network == Network.LINKEDIN:
        return identifier.rpartition(":")[2] in _linkedin_numbers(post)
    return False


def _mastodon_home(parsed: ParsedLink, post: Post) -> bool:
    """A status id is the one of the instance the address is on: it is the stored one only
    on the account's own instance (and the account, when the address names it, agrees)."""
    key = post.profile.handle_key
    instance = key.partition("@")[2]
    host = (urlsplit(parsed.url).hostname or "").removeprefix("www.")
    return host == instance and parsed.account in ("", key)


def _path_segments(url: str) -> set[str]:
    return {unquote(s) for s in urlsplit(url).path.split("/") if s}


def _facebook_ids(post: Post) -> set[str]:
    parts = urlsplit(post.permalink)
    ids = {post.external_id, post.external_id.rpartition("_")[2]}
    ids |= {s for s in _path_segments(post.permalink) if FACEBOOK_ID_RE.match(s)}
    query = parse_qs(parts.query)
    ids |= {value for name in FACEBOOK_ID_PARAMS for value in query.get(name, [])}
    return ids - {""}


def _linkedin_numbers(post: Post) -> set[str]:
    numbers = set(NUMBER_RE.findall(post.external_id))
    numbers |= {n for s in _path_segments(post.permalink) for n in NUMBER_RE.findall(s)}
    return numbers


def _preference(parsed: ParsedLink, post: Post) -> tuple:
    """The same publication collected for two profiles (a collaboration): the one of the
    account the address names, then the principal profile, then the first collected."""
    return (post.profile.handle_key != parsed.account, not post.profile.is_principal, post.pk)

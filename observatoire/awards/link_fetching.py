"""Links of a dossier whose post we did not collect, read from their network by id
(`links.post_fetch`: X, YouTube, Bluesky, Mastodon), stored as the collection stores posts
(`metrics.services.posts_upsert`) and matched again.

Which links are read: a link without a post, to a publication (not a profile or a story),
on a network that can be read one post at a time, whose account is one of the collectivité's
profiles on that network (a post is stored under its profile: a link to another account's
post, or one that names no account, such as youtu.be/<id>, is not read, and the report says
so). A post whose permalink names another account than the link's is not stored either.
What the network said is stored as it said it (counts it does not give stay unknown).
Errors (missing credentials, rate limit, network down, an answer of an unexpected shape) and
"no such public post" are kept in the report, per link; nothing is written for them."""

from __future__ import annotations

from dataclasses import dataclass, field

from observatoire.connectors.errors import ConnectorError
from observatoire.connectors.types import PostData
from observatoire.metrics.models import Post
from observatoire.metrics.services import post_row_from, posts_upsert
from observatoire.profiles.models import Network, Profile

from .dossiers import dossier_links_match
from .links import Kind, LinkError, ParsedLink, link_parse, post_fetch, post_fetchable
from .models import Dossier, OperationLink

# why a link was not read (FetchReport.skipped)
NOT_FETCHABLE = "not_fetchable"  # the network cannot be asked for one post
NO_ACCOUNT = "no_account"  # the address names no account (youtu.be/<id>)
OTHER_ACCOUNT = "other_account"  # not one of the collectivité's profiles
# what the network answered (FetchReport.failed, besides the connectors' error kinds)
NOT_FOUND = "not_found"  # no such public post (deleted, private, never existed)
OTHER_AUTHOR = "other_author"  # the post is another account's


@dataclass(frozen=True, slots=True)
class LinkOutcome:
    link_id: int
    url: str
    reason: str  # one of the constants above, or a ConnectorError kind ("auth", …)
    message: str = ""


@dataclass(slots=True)
class FetchReport:
    """What `dossier_links_fetch` did, link by link."""

    read: list[LinkOutcome] = field(default_factory=list)  # posts the network gave
    stored: int = 0  # posts written that we did not have
    matched: int = 0  # links matched to a post after the reading
    skipped: list[LinkOutcome] = field(default_factory=list)  # not asked, and why
    failed: list[LinkOutcome] = field(default_factory=list)  # asked, nothing stored, why

    @property
    def not_found(self) -> list[LinkOutcome]:
        return [outcome for outcome in self.failed if outcome.reason == NOT_FOUND]

    @property
    def errors(self) -> list[LinkOutcome]:
        return [o for o in self.failed if o.reason not in (NOT_FOUND, OTHER_AUTHOR)]


def _parsed(link: OperationLink) -> ParsedLink:
    return ParsedLink(link.network, link.kind, link.account, link.external_id, link.url)


def _profiles(territory_id: int) -> dict[tuple[str, str], Profile]:
    """The collectivité's profiles by (network, handle key), Bluesky's also by DID."""
    found = {}
    for profile in Profile.objects.filter(territory_id=territory_id).order_by("pk"):
        found.setdefault((profile.network, profile.handle_key), profile)
        if profile.network == Network.BLUESKY and profile.external_id:
            found.setdefault((profile.network, profile.external_id.lower()), profile)
    return found


def _same_author(post: PostData, profile: Profile) -> bool:
    """Whether the post's permalink names the profile (or names no account)."""
    try:
        account = link_parse(post.permalink).account if post.permalink else ""
    except LinkError:
        return True
    return account in ("", profile.handle_key, profile.external_id.lower())


def _candidates(dossier: Dossier, report: FetchReport) -> list[tuple[OperationLink, Profile]]:
    """The links to read with the profile their post belongs to; the others in `skipped`."""
    profiles = _profiles(dossier.territory_id)
    links = OperationLink.objects.filter(operation__dossier=dossier, post__isnull=True)
    wanted = []
    for link in links.order_by("operation__position", "position", "pk"):
        if link.kind in Kind.ACCOUNT_ONLY or not link.external_id:
            continue  # a profile or a story: never a post
        outcome = None
        if not post_fetchable(_parsed(link)):
            outcome = NOT_FETCHABLE
        elif not link.account:
            outcome = NO_ACCOUNT
        elif (link.network, link.account) not in profiles:
            outcome = OTHER_ACCOUNT
        if outcome:
            report.skipped.append(LinkOutcome(link.pk, link.url, outcome))
        else:
            wanted.append((link, profiles[(link.network, link.account)]))
    return wanted


def dossier_links_fetch(*, dossier: Dossier) -> FetchReport:
    """Read from their networks the posts of the dossier's links we did not collect, store
    them and match the links again (module docstring)."""
    report = FetchReport()
    rows, asked = [], set()
    for link, profile in _candidates(dossier, report):
        key = (profile.pk, link.external_id)
        if key in asked:
            continue  # the same post linked twice: read once
        asked.add(key)
        try:
            post = post_fetch(parsed=_parsed(link))
        except ConnectorError as error:
            report.failed.append(LinkOutcome(link.pk, link.url, error.kind, str(error)))
            continue
        if post is None:
            report.failed.append(LinkOutcome(link.pk, link.url, NOT_FOUND))
        elif not _same_author(post, profile):
            report.failed.append(LinkOutcome(link.pk, link.url, OTHER_AUTHOR, post.permalink))
        else:
            report.read.append(LinkOutcome(link.pk, link.url, "read"))
            rows.append(post_row_from(profile_id=profile.pk, post=post))
    if rows:
        keys = {(row.profile_id, row.external_id) for row in rows}
        known = Post.objects.filter(
            profile_id__in={pid for pid, _id in keys},
            external_id__in={external_id for _pid, external_id in keys},
        ).values_list("profile_id", "external_id")
        report.stored = len(keys - set(known))
        posts_upsert(rows=rows)
    report.matched = dossier_links_match(dossier=dossier)
    return report

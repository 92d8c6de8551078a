"""A link is matched to the post we collected, stored exactly as each connector stores it: the
connectors read their recorded samples from a local server, their posts are written by the
collection's service, then the links a collectivité would copy are matched."""

import pytest

from observatoire.awards.links import link_match, link_parse, links_match
from observatoire.connectors.tests.samples import load_sample
from observatoire.connectors.tests.test_contract import run_case
from observatoire.metrics.models import Post
from observatoire.metrics.services import PostRow, posts_upsert
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.territories.tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db
NETWORKS = ["x", "instagram", "facebook", "threads", "linkedin", "tiktok", "youtube", "bluesky"]
NETWORKS += ["mastodon"]

# (link as copied, id of the post it designates as the connector stores it)
MATCHES = [
    ("https://twitter.com/Lyon/status/1858203847123456001?s=20&t=abc", "1858203847123456001"),
    ("https://x.com/i/web/status/1857112233445566002", "1857112233445566002"),
    ("https://www.instagram.com/p/DCx1abcdEf/?hl=fr", "17858843269216389"),
    ("https://www.instagram.com/villedemarseille/p/DCx1abcdEf/?igsh=abc", "17858843269216389"),
    ("https://www.instagram.com/reel/DCa1qwerTy/?utm_source=ig_web_copy_link", "17841234567890123"),
    ("https://www.instagram.com/p/DCa1qwerTy/", "17841234567890123"),  # a reel by its /p/ form
    (
        "https://m.facebook.com/VilledeNantes/posts/pfbid02abc?mibextid=x",
        "108170735881046_1023456789012345",
    ),
    (
        "https://www.facebook.com/permalink.php?story_fbid=1019876543210987&id=108170735881046",
        "108170735881046_1019876543210987",
    ),
    ("https://www.facebook.com/watch/?v=1011111111111111", "108170735881046_1011111111111111"),
    ("https://www.threads.net/@bordeaux/post/DCzAbCdEfGh", "18050206876707110"),
    (
        "https://www.linkedin.com/feed/update/urn:li:share:7264812345678901001/",
        "urn:li:share:7264812345678901001",
    ),
    (
        "https://www.linkedin.com/posts/ville-de-nantes_noel-ugcPost-7259876543210987002-AbCd",
        "urn:li:ugcPost:7259876543210987002",
    ),
    (
        "https://www.tiktok.com/@villedebordeaux/video/7439218374650120001?is_from_webapp=1",
        "7439218374650120001",
    ),
    ("https://youtu.be/dQw4w9WgXc1?si=AbCd", "dQw4w9WgXc1"),
    ("https://www.youtube.com/watch?v=aBcDeFgHiJ2&t=42s", "aBcDeFgHiJ2"),
    ("https://bsky.app/profile/rennes.fr/post/3m6fq2kqxzc2a", "3m6fq2kqxzc2a"),
    ("https://bsky.app/profile/Rennes.fr/post/3m5yvbn7q4c2s/", "3m5yvbn7q4c2s"),
    ("https://mastodon.social/@villedegrenoble/115601234567890001", "115601234567890001"),
]
NO_MATCH = [
    "https://www.instagram.com/p/dcx1abcdef/",  # shortcodes are case-sensitive
    "https://www.instagram.com/villedemarseille/",  # a profile
    "https://www.instagram.com/stories/highlights/17912345678901234/",
    "https://www.facebook.com/VilledeNantes/posts/pfbid02ab",  # another pfbid's beginning
    "https://www.facebook.com/VilledeNantes/posts/1023456789",  # part of an id
    "https://x.com/Lyon/status/1858203847123456999",  # never collected
    # an activity's number is not its post's: LinkedIn resolves it only for its DMA partners
    "https://www.linkedin.com/feed/update/urn:li:activity:7264812345999901001/",
    # an rkey is unique within one account only
    "https://bsky.app/profile/autre.bsky.social/post/3m6fq2kqxzc2a",
    # the id of another instance's copy of the status
    "https://piaille.fr/@villedegrenoble@mastodon.social/115601234567890001",
]


@pytest.fixture(scope="module")
def collected():
    """What each connector read from its recorded sample: (profile, posts)."""
    found = {}
    for network in NETWORKS:
        outcome, _responder = run_case(network, load_sample(network, "success")["exchanges"])
        assert not isinstance(outcome, Exception), (network, outcome)
        found[network] = outcome
    return found


@pytest.fixture
def stored(collected):
    """The posts written as the collection writes them, one territory for all."""
    territory = TerritoryFactory(name="Ville collectée")
    for network, outcome in collected.items():
        target = load_sample(network, "success")["target"]
        profile = ProfileFactory(
            territory=territory,
            network=network,
            handle=outcome.profile.handle or target["handle"],
            external_id=outcome.profile.external_id,
        )
        posts_upsert(rows=[_row(profile.pk, post) for post in outcome.posts])
    return territory


def _row(profile_id, post) -> PostRow:
    return PostRow(
        profile_id=profile_id,
        external_id=post.id,
        published_at=post.published_at,
        text=post.text,
        permalink=post.permalink,
        media_type=post.media_type,
        likes=post.likes,
        comments=post.comments,
        shares=post.shares,
        views=post.views,
    )


@pytest.mark.parametrize(("url", "external_id"), MATCHES)
def test_a_link_finds_the_post_the_connector_stored(stored, url, external_id):
    post = link_match(parsed=link_parse(url), territory_id=stored.pk)

    assert post is not None, url
    assert post.external_id == external_id
    assert post.profile.territory_id == stored.pk


@pytest.mark.parametrize("url", NO_MATCH)
def test_a_link_to_no_collected_post_finds_none(stored, url):
    assert link_match(parsed=link_parse(url), territory_id=stored.pk) is None


def test_a_bluesky_link_by_did_finds_the_post(stored):
    did = Post.objects.get(external_id="3m6fq2kqxzc2a").profile.external_id
    parsed = link_parse(f"https://bsky.app/profile/{did}/post/3m6fq2kqxzc2a")

    assert link_match(parsed=parsed).external_id == "3m6fq2kqxzc2a"


def test_the_post_of_another_collectivite_is_not_matched_for_this_one(stored):
    other = TerritoryFactory(name="Autre collectivité")
    parsed = link_parse("https://x.com/Lyon/status/1858203847123456001")

    assert link_match(parsed=parsed, territory_id=other.pk) is None
    assert link_match(parsed=parsed).profile.territory_id == stored.pk  # without a territory


def test_every_link_of_a_dossier_is_matched_in_one_query(stored, django_assert_num_queries):
    links = [link_parse(url) for url, _id in MATCHES] + [link_parse(url) for url in NO_MATCH]

    with django_assert_num_queries(1):
        found = links_match(links=links, territory_id=stored.pk)

    assert [found[link].external_id for link in links[: len(MATCHES)]] == [
        external_id for _url, external_id in MATCHES
    ]
    assert all(found[link] is None for link in links[len(MATCHES) :])
    assert {post.profile.network for post in found.values() if post} == set(NETWORKS)


def test_links_that_name_no_publication_ask_nothing(django_assert_num_queries):
    links = [link_parse("https://www.instagram.com/legers32/"), link_parse("https://x.com/Gers")]

    with django_assert_num_queries(0):
        assert links_match(links=links) == dict.fromkeys(links)


def test_a_post_collected_for_two_profiles_is_the_one_of_the_account_named(stored):
    """A collaboration collected for both accounts: the address's account is preferred."""
    partner = ProfileFactory(network="x", handle="Partenaire")
    original = Post.objects.get(external_id="1858203847123456001")
    posts_upsert(
        rows=[
            PostRow(
                profile_id=partner.pk,
                external_id=original.external_id,
                published_at=original.published_at,
            )
        ]
    )

    by_partner = link_match(
        parsed=link_parse("https://x.com/partenaire/status/1858203847123456001")
    )
    by_lyon = link_match(parsed=link_parse("https://x.com/Lyon/status/1858203847123456001"))

    assert by_partner.profile == partner
    assert by_lyon.profile == original.profile

"""Links of every network, in the shapes people copy them (apps, mobile sites, share buttons
with their tracking parameters), read into (network, kind, account, id) — or refused with a
message saying what to do."""

import pytest
from django.utils import translation

from observatoire.awards.links import Kind, LinkError, ParsedLink, link_parse

# network, kind, account ("-": the address names none), id ("-": none), then the address
TABLE = """
instagram post            -                       C1a2B3c4D5e          https://www.instagram.com/p/C1a2B3c4D5e/
instagram post            -                       C1a2B3c4D5e          https://www.instagram.com/p/C1a2B3c4D5e/?hl=fr
instagram post            -                       CrV-x_9sT1q          https://www.instagram.com/p/CrV-x_9sT1q/?utm_source=ig_web_copy_link&igsh=MzRlODBiNWFlZA==
instagram post            -                       C1a2B3c4D5e          https://instagram.com/p/C1a2B3c4D5e
instagram post            -                       C1a2B3c4D5e          instagram.com/p/C1a2B3c4D5e/
instagram post            -                       C1a2B3c4D5e          http://m.instagram.com/p/C1a2B3c4D5e/
instagram reel            -                       C9xYz12AbCd          https://www.instagram.com/reel/C9xYz12AbCd/?igsh=abc123
instagram reel            -                       C9xYz12AbCd          https://www.instagram.com/reels/C9xYz12AbCd/
instagram video           -                       B8kLmNoPqRs          https://www.instagram.com/tv/B8kLmNoPqRs/
instagram post            legers32                C1a2B3c4D5e          https://www.instagram.com/legers32/p/C1a2B3c4D5e/
instagram reel            legers32                C9xYz12AbCd          https://www.instagram.com/LeGers32/reel/C9xYz12AbCd/
instagram story_highlight -                       17912345678901234    https://www.instagram.com/stories/highlights/17912345678901234/
instagram story_highlight -                       17912345678901234    https://www.instagram.com/s/aGlnaGxpZ2h0OjE3OTEyMzQ1Njc4OTAxMjM0?igsh=xyz&story_media_id=1
instagram story           legers32                3312345678901234567  https://www.instagram.com/stories/legers32/3312345678901234567/
instagram profile         legers32                -                    https://www.instagram.com/legers32/
instagram profile         legers32                -                    https://www.instagram.com/LeGers32?hl=fr
instagram profile         ville.de.lyon           -                    https://www.instagram.com/ville.de.lyon/reels/

facebook  post            legers32                pfbid02Xk5Lb8cQm3Yx https://www.facebook.com/LeGers32/posts/pfbid02Xk5Lb8cQm3Yx
facebook  post            legers32                3012345678901234     https://www.facebook.com/LeGers32/posts/3012345678901234/
facebook  post            legers32                3012345678901234     https://m.facebook.com/LeGers32/posts/3012345678901234?ref=share&mibextid=Nif5oz
facebook  post            100064512345678         3012345678901234     https://www.facebook.com/permalink.php?story_fbid=3012345678901234&id=100064512345678
facebook  post            100064512345678         pfbid0abcDEF123      https://m.facebook.com/story.php?story_fbid=pfbid0abcDEF123&id=100064512345678&mibextid=x
facebook  photo           -                       3098765432109876     https://www.facebook.com/photo/?fbid=3098765432109876&set=a.2234567890123456
facebook  photo           -                       3098765432109876     https://www.facebook.com/photo.php?fbid=3098765432109876&set=a.22345&type=3&theater
facebook  photo           legers32                3098765432109876     https://www.facebook.com/LeGers32/photos/a.2234567890123456/3098765432109876/?type=3
facebook  watch_video     -                       2876543210987654     https://www.facebook.com/watch/?v=2876543210987654
facebook  watch_video     -                       2876543210987654     https://www.facebook.com/watch?v=2876543210987654&ref=sharing
facebook  video           legers32                2876543210987654     https://www.facebook.com/LeGers32/videos/2876543210987654/
facebook  video           legers32                2876543210987654     https://www.facebook.com/LeGers32/videos/questions-pour-un-gersois/2876543210987654/
facebook  reel            -                       1234567890123456     https://www.facebook.com/reel/1234567890123456
facebook  profile         legers32                -                    https://www.facebook.com/LeGers32
facebook  profile         legers32                -                    https://fr-fr.facebook.com/LeGers32/
facebook  profile         legers32                -                    https://www.facebook.com/pg/LeGers32/posts/
facebook  profile         100064512345678         -                    https://www.facebook.com/profile.php?id=100064512345678

x         status          legers32                1244567890123456789  https://x.com/LeGers32/status/1244567890123456789?s=20&t=AbCdEfGh
x         status          legers32                1244567890123456789  https://twitter.com/LeGers32/status/1244567890123456789
x         status          legers32                1244567890123456789  https://mobile.twitter.com/LeGers32/status/1244567890123456789?s=21
x         status          legers32                1244567890123456789  https://x.com/LeGers32/status/1244567890123456789/photo/1
x         status          -                       1244567890123456789  https://x.com/i/web/status/1244567890123456789
x         status          -                       1244567890123456789  https://twitter.com/i/status/1244567890123456789
x         profile         legers32                -                    https://x.com/LeGers32
x         profile         legers32                -                    https://twitter.com/@LeGers32

linkedin  activity        -                       urn:li:activity:7123456789012345678 https://www.linkedin.com/feed/update/urn:li:activity:7123456789012345678/
linkedin  activity        -                       urn:li:activity:7123456789012345678 https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7123456789012345678/?utm_source=share
linkedin  activity        departement-du-gers     urn:li:activity:7123456789012345678 https://www.linkedin.com/posts/departement-du-gers_covid19gers-activity-7123456789012345678-AbCd/?utm_source=share&utm_medium=member_desktop
linkedin  post            departement-du-gers     urn:li:share:7012345678901234567 https://www.linkedin.com/posts/departement-du-gers_share-7012345678901234567-Xy_z
linkedin  post            -                       urn:li:ugcPost:7012345678901234567 https://www.linkedin.com/feed/update/urn:li:ugcPost:7012345678901234567/
linkedin  post            -                       urn:li:share:7012345678901234567 https://www.linkedin.com/embed/feed/update/urn:li:share:7012345678901234567
linkedin  profile         departement-du-gers     -                    https://www.linkedin.com/company/departement-du-gers/
linkedin  profile         departement-du-gers     -                    https://fr.linkedin.com/company/departement-du-gers/posts/

tiktok    video           legers32                7312345678901234567  https://www.tiktok.com/@legers32/video/7312345678901234567?is_from_webapp=1&sender_device=pc
tiktok    video           legers32                7312345678901234567  https://m.tiktok.com/@LeGers32/video/7312345678901234567?lang=fr
tiktok    photo           legers32                7312345678901234999  https://www.tiktok.com/@legers32/photo/7312345678901234999
tiktok    video           -                       7312345678901234567  https://www.tiktok.com/embed/v2/7312345678901234567
tiktok    profile         legers32                -                    https://www.tiktok.com/@legers32
tiktok    profile         legers32                -                    https://www.tiktok.com/@legers32?lang=fr

youtube   video           -                       dQw4w9WgXcQ          https://www.youtube.com/watch?v=dQw4w9WgXcQ
youtube   video           -                       dQw4w9WgXcQ          https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s
youtube   video           -                       dQw4w9WgXcQ          https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&list=PL123
youtube   video           -                       dQw4w9WgXcQ          https://youtu.be/dQw4w9WgXcQ
youtube   video           -                       dQw4w9WgXcQ          https://youtu.be/dQw4w9WgXcQ?si=AbCdEf&t=10
youtube   short           -                       aBcD_eFg-12          https://www.youtube.com/shorts/aBcD_eFg-12
youtube   short           -                       aBcD_eFg-12          https://youtube.com/shorts/aBcD_eFg-12?feature=share
youtube   live            -                       aBcD_eFg-12          https://www.youtube.com/live/aBcD_eFg-12?si=x
youtube   video           -                       dQw4w9WgXcQ          https://www.youtube.com/embed/dQw4w9WgXcQ
youtube   video           -                       dQw4w9WgXcQ          https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ
youtube   profile         departementdugers       -                    https://www.youtube.com/@DepartementDuGers
youtube   profile         departementdugers       -                    https://www.youtube.com/@DepartementDuGers/videos
youtube   profile         legers32                -                    https://www.youtube.com/c/LeGers32

bluesky   post            gers.fr                 3kq2abcdxyz2a        https://bsky.app/profile/gers.fr/post/3kq2abcdxyz2a
bluesky   post            gers.bsky.social        3kq2abcdxyz2a        https://bsky.app/profile/Gers.bsky.social/post/3kq2abcdxyz2a/
bluesky   post            did:plc:z72i7hdynmk6r22z27h6tvur 3kq2abcdxyz2a        https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3kq2abcdxyz2a
bluesky   profile         gers.fr                 -                    https://bsky.app/profile/gers.fr

mastodon  status          legers32@piaille.fr     112233445566778899   https://piaille.fr/@legers32/112233445566778899
mastodon  status          gers@social.numerique.gouv.fr 112233445566778899   https://social.numerique.gouv.fr/@Gers/112233445566778899/
mastodon  status          legers32@piaille.fr     111000222333444555   https://mastodon.social/@legers32@piaille.fr/111000222333444555
mastodon  status          legers32@piaille.fr     112233445566778899   https://piaille.fr/users/legers32/statuses/112233445566778899
mastodon  status          legers32@piaille.fr     112233445566778899   https://piaille.fr/web/@legers32/112233445566778899
mastodon  profile         legers32@piaille.fr     -                    https://piaille.fr/@legers32

threads   post            legers32                C1a2B3c4D5e          https://www.threads.net/@legers32/post/C1a2B3c4D5e
threads   post            legers32                C1a2B3c4D5e          https://www.threads.com/@legers32/post/C1a2B3c4D5e?xmt=AQGz
threads   post            -                       C1a2B3c4D5e          https://threads.net/t/C1a2B3c4D5e/
threads   profile         legers32                -                    https://www.threads.net/@legers32

snapchat  profile         saoneetloire71          -                    https://www.snapchat.com/add/saoneetloire71
"""


CASES = [
    (url, network, kind, "" if account == "-" else account, "" if identifier == "-" else identifier)
    for network, kind, account, identifier, url in (
        line.split() for line in TABLE.splitlines() if line.strip()
    )
]
assert len(CASES) > 80


@pytest.mark.parametrize(("url", "network", "kind", "account", "external_id"), CASES)
def test_every_real_shape_is_read(url, network, kind, account, external_id):
    parsed = link_parse(url)

    assert (parsed.network, parsed.kind, parsed.account, parsed.external_id) == (
        network,
        kind,
        account,
        external_id,
    )


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        (
            "https://www.instagram.com/p/C1a2B3c4D5e/?utm_source=ig_web_copy_link&igsh=MzRl",
            "https://www.instagram.com/p/C1a2B3c4D5e/",
        ),
        (
            "https://x.com/LeGers32/status/1244567890123456789?s=20&t=AbCd",
            "https://x.com/LeGers32/status/1244567890123456789",
        ),
        (
            "https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42s",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        (
            "https://www.facebook.com/permalink.php?story_fbid=301&id=100064&ref=embed_post",
            "https://www.facebook.com/permalink.php?story_fbid=301&id=100064",
        ),
        (
            "https://www.facebook.com/watch/?v=2876543210987654&ref=sharing",
            "https://www.facebook.com/watch/?v=2876543210987654",
        ),
        ("instagram.com/legers32", "https://instagram.com/legers32"),
    ],
)
def test_the_address_kept_has_no_tracking_parameters(url, clean):
    assert link_parse(url).url == clean


def test_a_parsed_link_is_a_value():
    first = link_parse("https://x.com/LeGers32/status/1244567890123456789?s=20")
    again = link_parse("https://twitter.com/LeGers32/status/1244567890123456789")

    assert isinstance(first, ParsedLink)
    assert (first.network, first.external_id) == (again.network, again.external_id)
    with pytest.raises(AttributeError):
        first.external_id = "1"  # frozen
    assert {first, first} == {first}  # usable as a key
    assert link_parse("https://www.instagram.com/legers32/").is_publication is False
    assert link_parse("https://www.instagram.com/stories/highlights/1791234/").kind == (
        Kind.STORY_HIGHLIGHT
    )


ERRORS = {
    "Adresse invalide": [
        "",
        "   ",
        "pas une adresse",
        "ftp://www.instagram.com/p/C1a2B3c4D5e/",
        "javascript:alert(1)",
        "https://" + "a" * 1000 + ".fr",
    ],
    "Réseau non pris en charge (www.example.org)": [
        "https://www.example.org/actualites/covid",
    ],
    "Ce lien ne mène pas à une publication Instagram": [
        "https://www.instagram.com/explore/tags/covid19gers/",
        "https://www.instagram.com/accounts/login/",
        "https://www.instagram.com/p/",
    ],
    "Lien raccourci vm.tiktok.com": [
        "https://vm.tiktok.com/ZMeAbCdEf/",
    ],
    "Lien raccourci vt.tiktok.com": [
        "https://vt.tiktok.com/ZSabc123/",
    ],
    "Lien raccourci tiktok.com/t": [
        "https://www.tiktok.com/t/ZTRabc123/",
    ],
    "Ce lien ne mène pas à une publication TikTok": [
        "https://www.tiktok.com/@legers32/live",
    ],
    "Lien raccourci fb.watch": [
        "https://fb.watch/abCdEfGh/",
    ],
    "Lien raccourci l.facebook.com": [
        "https://l.facebook.com/l.php?u=https%3A%2F%2Fgers.fr",
    ],
    "Lien de partage Facebook": [
        "https://www.facebook.com/share/p/1AbCdEfGhI/",
        "https://www.facebook.com/share/v/1AbCdEfGhI/",
        "https://www.facebook.com/share/r/1AbCdEfGhI/",
    ],
    "groupe Facebook": [
        "https://www.facebook.com/groups/123456/posts/789/",
    ],
    "Ce lien ne mène pas à une publication Facebook": [
        "https://www.facebook.com/events/123456/",
        "https://www.facebook.com/hashtag/covid19gers",
        "https://www.facebook.com/LeGers32/posts/pas-un-id/",
    ],
    "Lien raccourci t.co": [
        "https://t.co/AbCdEf123",
    ],
    "Ce lien ne mène pas à une publication X": [
        "https://x.com/search?q=%23Covid19Gers",
        "https://x.com/hashtag/Covid19Gers",
        "https://x.com/LeGers32/status/",
    ],
    "Lien raccourci lnkd.in": [
        "https://lnkd.in/eAbCdEf",
    ],
    "Ce lien ne mène pas à une publication LinkedIn": [
        "https://www.linkedin.com/pulse/covid-19-le-gers-se-mobilise",
    ],
    "Ce lien ne mène pas à une publication YouTube": [
        "https://www.youtube.com/playlist?list=PL123",
        "https://www.youtube.com/watch?v=trop-court",
    ],
    "Ce lien ne mène pas à une publication Bluesky": [
        "https://bsky.app/search?q=gers",
    ],
    "Ce lien ne mène pas à une publication Threads": [
        "https://www.threads.net/search",
    ],
    "Réseau non pris en charge (piaille.fr)": [
        "https://piaille.fr/about",
    ],
}


@pytest.mark.parametrize(
    ("url", "message"), [(url, message) for message, urls in ERRORS.items() for url in urls]
)
def test_a_link_we_cannot_read_is_refused_with_a_clear_message(url, message):
    with translation.override("fr"), pytest.raises(LinkError) as error:
        link_parse(url)

    assert message in str(error.value)
    assert isinstance(error.value, ValueError)


def test_the_message_names_the_shapes_we_read():
    with translation.override("fr"), pytest.raises(LinkError) as error:
        link_parse("https://www.instagram.com/explore/")

    assert "instagram.com/p/" in str(error.value)

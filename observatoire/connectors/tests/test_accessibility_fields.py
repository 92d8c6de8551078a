"""What the networks say of accessibility, as the audit of posts reads it: one alt text per
image ("" when the author wrote none) where the network exposes it, images left unverifiable
(no Image) where it does not or the reading failed; a video's subtitles True/False where the
network says, None otherwise. Played from the recorded samples on a real loopback server."""

import copy

from observatoire.connectors.errors import Incomplete

from .samples import load_sample
from .test_contract import run_case

ALBUM = "108170735881046_1023456789012345"


def _exchanges(network: str) -> list[dict]:
    return copy.deepcopy(load_sample(network, "success")["exchanges"])


def _post(collected, post_id):
    return next(p for p in collected.posts if p.id == post_id)


def test_youtube_captions_true_false_or_unsaid():
    exchanges = _exchanges("youtube")
    videos = next(e for e in exchanges if e["request"]["path"] == "/videos")
    third = videos["response"]["body"]["items"][2]
    assert "contentDetails" not in third  # the network left the part out: nothing is said

    collected, _ = run_case("youtube", exchanges)

    assert _post(collected, "dQw4w9WgXc1").subtitles is True
    assert _post(collected, "aBcDeFgHiJ2").subtitles is False
    assert _post(collected, "kLmNoPqRsT3").subtitles is None


def test_youtube_an_unexpected_caption_value_is_not_read_as_a_yes_or_a_no():
    exchanges = _exchanges("youtube")
    videos = next(e for e in exchanges if e["request"]["path"] == "/videos")
    videos["response"]["body"]["items"][0]["contentDetails"]["caption"] = True  # not a string

    collected, _ = run_case("youtube", exchanges)

    assert _post(collected, "dQw4w9WgXc1").subtitles is None


def test_facebook_photos_get_the_alt_text_their_page_wrote_and_empty_when_none():
    collected, responder = run_case("facebook", _exchanges("facebook"))

    album = _post(collected, ALBUM)
    assert album.image_count == 3
    assert [image.alt for image in album.images] == [
        "La grue jaune de l'île de Nantes éclairée en bleu",
        "",
        "Des passants devant l'installation lumineuse du cours Cambronne",
    ]
    photos = [r for r in responder.requests if r.path == "/"]
    assert [r.query["fields"] for r in photos] == ["alt_text_custom"]  # not Facebook's own


def test_facebook_a_failed_alt_text_reading_keeps_the_posts_with_their_images_unverifiable():
    exchanges = _exchanges("facebook")
    lookup = next(e for e in exchanges if e["request"]["path"] == "/")
    message = "(#803) Some of the aliases you requested do not exist: 1023456700000002"
    lookup["response"] = {
        "status": 404,
        "body": {"error": {"message": message, "type": "OAuthException", "code": 803}},
    }

    collected, _ = run_case("facebook", exchanges)

    assert [p.id for p in collected.posts] == load_sample("facebook", "success")["expect"][
        "post_ids"
    ]
    album = _post(collected, ALBUM)
    assert (album.image_count, album.images) == (3, ())  # counted, alt unknown: not a fail
    assert [type(gap) for gap in collected.gaps] == [Incomplete]
    assert "alt texts of 3 photos" in str(collected.gaps[0])


def test_facebook_a_photo_the_answer_leaves_out_stays_unverifiable():
    exchanges = _exchanges("facebook")
    lookup = next(e for e in exchanges if e["request"]["path"] == "/")
    del lookup["response"]["body"]["1023456700000003"]

    collected, _ = run_case("facebook", exchanges)

    album = _post(collected, ALBUM)
    assert album.image_count == 3
    assert [image.alt for image in album.images] == [
        "La grue jaune de l'île de Nantes éclairée en bleu",
        "",
    ]


def test_threads_carousel_images_carry_their_alt_text_or_empty():
    collected, responder = run_case("threads", _exchanges("threads"))

    carousel = _post(collected, "18050206876707110")
    assert [image.alt for image in carousel.images] == [
        "Les chalets illuminés du marché de Noël, place des Quinconces",
        "",
    ]
    assert _post(collected, "18028939643022557").images == ()  # a text post has none
    asked = [r.query["fields"] for r in responder.requests if r.path == "/profile_posts"]
    assert all("children{media_type,alt_text}" in fields for fields in asked)


def test_instagram_and_tiktok_count_images_and_leave_alt_texts_and_subtitles_unsaid():
    for network in ("instagram", "tiktok"):
        collected, _ = run_case(network, _exchanges(network))
        assert collected.posts, network
        assert all(post.images == () for post in collected.posts), network
        assert all(post.subtitles is None for post in collected.posts), network
    instagram, _ = run_case("instagram", _exchanges("instagram"))
    assert any(post.image_count for post in instagram.posts)

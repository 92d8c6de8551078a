"""The demo's captions give every editorial page something true to say: themes and crises,
the Gers' flood and photo hashtags, a Saône-et-Loire writing differently per network, the
habits the accessibility audit flags, alt texts where networks expose them, YouTube's
subtitles; and none of it moves a count, a time or a format."""

import re
from collections import Counter
from dataclasses import astuple

import pytest

from observatoire.demo import texts, writing
from observatoire.demo.activity import profile_activity
from observatoire.metrics.models import Post
from observatoire.profiles.models import Network
from observatoire.territories.models import Category

from .conftest import PERIOD

M = Post.MediaType
BOLD_LETTER = re.compile("[\U0001d5d4-\U0001d7ff]")
PILED = re.compile(r"#\w+ [^#\s\n][^\n]*$", re.MULTILINE)  # a hashtag, then more words


def posts_of(profile, seed=1):
    return profile_activity(profile=profile, profile_id=1, period=PERIOD, seed=seed)[1]


def of_place(planned, key):
    return [p for p in planned if p.place.key == key]


def test_the_writing_moves_no_count_time_or_format(national_plan, monkeypatch):
    """Rankings, census and every figure stay those of the plain captions."""
    _places, planned = national_plan
    sample = of_place(planned, "departement:32") + of_place(planned, "departement:71")
    sample += [p for p in planned if p.place.category == Category.GRANDE_VILLE][:40]

    def measured(profile):
        snapshots, posts = profile_activity(profile=profile, profile_id=1, period=PERIOD, seed=1)
        fields = ("external_id", "published_at", "likes", "comments", "shares", "saves")
        fields += ("views", "media_type", "image_count", "permalink")
        return [astuple(s) for s in snapshots] + [
            tuple(getattr(p, name) for name in fields) for p in posts
        ]

    before = [measured(profile) for profile in sample]
    # Every habit at its most, every prevention post an alert: only the words change.
    loud = writing.Habits(
        emoji_first=1.0,
        emoji_many=1.0,
        emoji_words=1.0,
        bold=1.0,
        piled=1.0,
        lowercase_tags=1.0,
        curly_apostrophes=True,
    )
    monkeypatch.setattr(writing, "_habits", lambda variety: loud)
    monkeypatch.setattr(writing, "CRISIS_SHARE", 1.0)
    assert [measured(profile) for profile in sample] == before

    # And no writing at all: the drawn sentence as it is.
    def plain(self, caption, *, theme, tag, day, kind, images):
        return caption.sentence, caption.hashtags, images, None

    monkeypatch.setattr(writing.Writer, "post", plain)
    assert [measured(profile) for profile in sample] == before


def test_the_gers_has_its_flood_hashtag_and_its_photo_sharing_hashtag(national_plan):
    _places, planned = national_plan
    gers = of_place(planned, texts.GERS_KEY)
    flood_networks, photo_networks, photo_months = set(), set(), set()
    for profile in gers:
        for post in posts_of(profile):
            tags = {tag.casefold() for tag in post.hashtags}
            if texts.GERS_FLOOD_TAG.casefold() in tags:
                day = post.published_at.date()
                assert writing.GERS_FLOOD[0] <= day <= writing.GERS_FLOOD[1]
                flood_networks.add(profile.network)
            if texts.GERS_PHOTO_TAG in post.hashtags:
                photo_networks.add(profile.network)
                photo_months.add(post.published_at.strftime("%Y-%m"))
    assert len(flood_networks) >= 4  # a crisis followed across its networks
    assert len(photo_networks) >= 5 and len(photo_months) == len(PERIOD.months())
    # Both are the Gers' own: no other collectivité writes them.
    others = of_place(planned, "departement:71") + of_place(planned, "commune:32013")
    others += [p for p in planned if p.place.category == Category.DEPARTEMENT][:30]
    for profile in others:
        if profile.place.key == texts.GERS_KEY:
            continue
        for post in posts_of(profile):
            tags = {tag.casefold() for tag in post.hashtags}
            assert not tags & {"vigilancecruegers", "gersledepartement"}, profile.handle


def _themes_of(text: str, place: str) -> set[str]:
    """The themes whose sentence the caption carries (as written, or with curly
    apostrophes)."""
    text = text.replace("’", "'")
    return {
        theme.slug
        for theme in (*texts.THEMES, texts.CRISIS)
        for sentence in theme.captions
        if sentence.replace("{place}", place) in text
    }


def test_saone_et_loire_writes_differently_on_each_network(national_plan):
    _places, planned = national_plan
    shares = {}
    for profile in of_place(planned, "departement:71"):
        if profile.network not in (Network.FACEBOOK, Network.INSTAGRAM, Network.X):
            continue
        themes = Counter(
            slug for post in posts_of(profile) for slug in _themes_of(post.text, profile.place.name)
        )
        total = sum(themes.values())
        voice = writing.VOICES[("departement:71", profile.network)]
        shares[profile.network] = sum(themes[slug] for slug in voice.themes) / total
        assert shares[profile.network] > 0.7, profile.network
    assert set(shares) == {Network.FACEBOOK, Network.INSTAGRAM, Network.X}
    facebook, instagram = (
        set(writing.VOICES[("departement:71", n)].themes)
        for n in (Network.FACEBOOK, Network.INSTAGRAM)
    )
    assert not facebook & instagram  # not the same subjects at all


def test_captions_carry_what_the_accessibility_audit_looks_for(national_plan):
    _places, planned = national_plan
    sample = [p for p in planned if p.place.category == Category.DEPARTEMENT and p.is_principal]
    posts = [post for profile in sample[:80] for post in posts_of(profile)]
    texts_ = [post.text for post in posts]

    def share(test):
        return sum(1 for text in texts_ if test(text)) / len(texts_)

    assert 0.05 < share(lambda t: ord(t[0]) > 0x2000) < 0.4  # an emoji before the text
    assert 0.005 < share(lambda t: BOLD_LETTER.search(t) is not None) < 0.1
    assert 0.02 < share(lambda t: PILED.search(t) is not None) < 0.3
    assert share(lambda t: "’" in t) > 0.05 and share(lambda t: "'" in t) > 0.05
    assert share(lambda t: "https://" in t) > 0.05
    hashtags = Counter(tag for post in posts for tag in post.hashtags)
    assert hashtags["TravauxRoutiers"] and hashtags["travauxroutiers"]  # both ways
    alerts = ("Vigilance orange crues :", "Inondations à", "Tempête annoncée", "Alerte canicule")
    assert any(alert in text for text in texts_ for alert in alerts)  # prevention turned alert


def test_alt_texts_where_the_network_gives_them_and_subtitles_on_youtube(national_plan):
    _places, planned = national_plan
    seen = Counter()
    subtitles = Counter()
    for profile in [p for p in planned if p.place.category == Category.DEPARTEMENT][:150]:
        for post in posts_of(profile):
            if post.image_count:
                if profile.network in writing.ALT_TEXT_NETWORKS:
                    assert len(post.images) == post.image_count, profile.network
                    seen["described" if post.images[0]["alt"] else "without"] += 1
                else:  # Instagram: counted, alt text unknown (non vérifiable)
                    assert post.images == (), profile.network
                    seen["unverifiable"] += 1
            if profile.network == Network.YOUTUBE:
                subtitles[post.subtitles] += 1
            else:
                assert post.subtitles is None, profile.network
    assert seen["described"] and seen["without"] and seen["unverifiable"]
    assert set(subtitles) == {True, False}
    assert 0.45 < subtitles[True] / subtitles.total() < 0.8


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Grand jeu", "𝗚𝗿𝗮𝗻𝗱 𝗷𝗲𝘂"), ("Fête 2025", "𝗙ê𝘁𝗲 𝟮𝟬𝟮𝟱")],
)
def test_bold_letters_are_the_unicode_ones_screen_readers_spell(text, expected):
    assert writing.bold(text) == expected

"""The accessibility audit of posts, rule by rule, on hand-written French posts."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from observatoire.editorial.accessibility import RULES, RULES_BY_CODE, AuditInput, audit
from observatoire.editorial.accessibility.rules import TEXT_RULES

CLEAN = "Le marché de producteurs revient samedi sur la place d’Auch. Venez nombreux !"


def post(text=CLEAN, *, network="x", media_type="text", hashtags=(), images=0, alts=(), subs=None):
    return AuditInput(
        network=network,
        media_type=media_type,
        text=text,
        hashtags=tuple(hashtags),
        image_count=images,
        images=tuple(alts),
        subtitles=subs,
    )


def failed(result):
    return {rule.code for rule in RULES if result.failed & rule.mask}


def unverifiable(result):
    return {rule.code for rule in RULES if result.unverifiable & rule.mask}


def details(result, code):
    with translation.override("fr"):
        return [fix.detail for fix in result.fixes if fix.rule == code]


def test_rules_are_declared_once_with_stable_codes_bits_and_sources():
    assert [(rule.code, rule.bit) for rule in RULES] == [
        ("image-alt", 0),
        ("hashtag-camel-case", 1),
        ("emoji-count", 2),
        ("emoji-word", 3),
        ("emoji-start", 4),
        ("styled-text", 5),
        ("links-in-middle", 6),
        ("video-subtitles", 7),
    ]
    assert set(RULES_BY_CODE) == {rule.code for rule in RULES}
    for rule in RULES:
        assert str(rule.title) and str(rule.explanation) and rule.weight > 0
        assert rule.sources
        assert all(source.url.startswith("https://") for source in rule.sources)


def test_a_clean_text_post_scores_100():
    result = audit(post())
    assert (result.score, result.failed, result.unverifiable, result.fixes) == (100, 0, 0, ())


# --- images -------------------------------------------------------------------------------


def test_each_image_without_alternative_is_a_fix_and_the_share_described_counts():
    result = audit(post(images=3, alts=("Vue du village au coucher du soleil", "", "  ")))
    assert failed(result) == {"image-alt"}
    assert (result.images, result.images_without_alt, result.images_unverifiable) == (3, 2, 0)
    assert details(result, "image-alt") == [
        "Image 2 sur 3 : ajouter une alternative textuelle qui dit ce que montre l'image.",
        "Image 3 sur 3 : ajouter une alternative textuelle qui dit ce que montre l'image.",
    ]
    # 6 text rules passed (weight 1 each), images 1/3 described (weight 4): (6 + 4/3) / 10.
    assert result.score == 73


def test_images_the_network_does_not_describe_are_neither_passed_nor_failed():
    instagram = audit(post(network="instagram", media_type="carousel", images=4, alts=()))
    assert failed(instagram) == set()
    assert unverifiable(instagram) == {"image-alt"}
    assert (instagram.images, instagram.images_without_alt, instagram.images_unverifiable) == (
        4,
        0,
        4,
    )
    assert instagram.score == 100  # the text alone was checked
    partly = audit(post(images=3, alts=("Affiche du festival",)))
    assert unverifiable(partly) == {"image-alt"} and failed(partly) == set()
    assert (partly.images_without_alt, partly.images_unverifiable) == (0, 2)


def test_nothing_checkable_has_no_score():
    result = audit(post("", network="instagram", media_type="image", images=1))
    assert result.score is None
    assert unverifiable(result) == {"image-alt"}
    assert audit(post("   \n")).score is None


def test_an_image_post_without_text_is_scored_on_its_images():
    assert audit(post("", images=2, alts=("Carte des routes coupées", ""))).score == 50


# --- hashtags -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("caption", "fixes"),
    [
        (
            "Merci pour vos photos ! #lebonheurestdansleGers",
            ["Écrire #LeBonheurEstDansLeGers au lieu de #lebonheurestdansleGers."],
        ),
        ("#covid19gers Restez chez vous", ["Écrire #Covid19Gers au lieu de #covid19gers."]),
        (
            "Crue de la Baïse : routes coupées #vigilancecruegers #gers #VIGILANCECRUEGERS",
            ["Écrire #VigilanceCrueGers au lieu de #vigilancecruegers."],
        ),
        ("Ce soir, concert ! #culture #Gers #JEP2025 #FêteDeLaMusique #1erMai", []),
        ("Partagez vos photos avec #GersLeDepartement", []),
    ],
)
def test_hashtags_of_several_words_need_capitals(caption, fixes):
    result = audit(post(caption))
    assert details(result, "hashtag-camel-case") == fixes
    assert ("hashtag-camel-case" in failed(result)) == bool(fixes)


def test_hashtags_of_the_post_outside_its_text_are_checked_too():
    result = audit(post("", network="youtube", media_type="video", hashtags=["onrecrute"]))
    assert details(result, "hashtag-camel-case") == ["Écrire #OnRecrute au lieu de #onrecrute."]
    assert result.score == 0
    assert unverifiable(result) == {"video-subtitles"}


# --- emojis -------------------------------------------------------------------------------


def test_more_than_three_emojis_fail_a_flag_a_family_and_a_skin_tone_count_once():
    three = "Bravo aux Bleues 🇫🇷 et aux familles 👨‍👩‍👧‍👦 ! 👏🏽"
    assert "emoji-count" not in failed(audit(post(three)))
    four = three + " 🎉"
    result = audit(post(four))
    assert failed(result) >= {"emoji-count"}
    assert details(result, "emoji-count") == [
        "4 émojis : en garder 3 au plus, placés à la fin du message."
    ]


@pytest.mark.parametrize(
    "caption",
    [
        "⚠️ Travaux : la route de Mirande est fermée lundi.",
        "  \n🚧🚌 Nouvelle ligne de bus à Auch.",
        "👩🏾‍⚕️ Un nouveau centre de santé ouvre à Condom.",
    ],
)
def test_an_emoji_before_the_text_fails(caption):
    result = audit(post(caption))
    assert "emoji-start" in failed(result)
    assert details(result, "emoji-start")[0].startswith("Commencer par le texte : placer « ")


@pytest.mark.parametrize(
    ("caption", "fails"),
    [
        ("Je ❤️ le Gers et ses marchés.", True),
        ("La piste cyclable pour aller au collège en 🚲 est ouverte.", True),
        ("Rendez-vous 📍 place de la Libération.", True),
        ("Ce soir, concert gratuit sur la place 🎶", False),
        ("Bravo à toutes ! 👏 Rendez-vous samedi pour la finale.", False),
        ("Concert ce soir 🎶\n\n#culture", False),
    ],
)
def test_an_emoji_in_place_of_a_word_fails(caption, fails):
    result = audit(post(caption))
    assert ("emoji-word" in failed(result)) is fails


def test_the_emoji_word_fix_quotes_the_line():
    result = audit(post("Balade du dimanche :\nJe ❤️ le Gers et ses marchés.\n#Gers"))
    assert details(result, "emoji-word") == [
        "Écrire un mot à la place de « ❤️ » dans « Je ❤️ le Gers et ses marchés. »."
    ]


# --- styled letters -----------------------------------------------------------------------


def test_styled_letters_fail_and_the_fix_gives_the_plain_text():
    result = audit(post("𝗚𝗿𝗮𝗻𝗱 𝗷𝗲𝘂 : gagnez un séjour à Auch ! 𝘐𝘯𝘴𝘤𝘳𝘪𝘱𝘵𝘪𝘰𝘯𝘴 en ligne."))
    assert failed(result) == {"styled-text"}
    assert details(result, "styled-text") == [
        "Écrire « Grand jeu » en lettres ordinaires.",
        "Écrire « Inscriptions » en lettres ordinaires.",
    ]
    assert result.score == 83  # 5 of 6 text rules


def test_one_symbol_or_accents_are_not_styled_text():
    assert failed(audit(post("Les nombres ℝ, 1 ℓ d’eau, « é à ç » et l’été"))) == set()


# --- links and hashtags piled in the middle -------------------------------------------------


@pytest.mark.parametrize(
    ("caption", "fails"),
    [
        (
            "Info trafic : #InfoRoute #Gers circulation alternée sur le pont jusqu'à vendredi.",
            True,
        ),
        ("#Tourisme #Gers Découvrez nos sentiers de randonnée cet été.", True),
        (
            "Forum des associations : https://www.auch.fr/forum #sport venez tester !",
            True,
        ),
        ("Découvrez nos sentiers cet été.\n\n#Tourisme #Gers", False),
        ("Découvrez nos sentiers cet été.\nhttps://www.gers.fr/sentiers\n#Tourisme #Gers", False),
        ("Découvrez nos sentiers cet été.\n#Tourisme #Gers\n📸 Claire Dupont", False),
        ("Le #Tour passe par #Auch", False),  # one hashtag at a time, inside the sentence
        ("Merci @Claire et #Gers #Tourisme", False),
    ],
)
def test_hashtags_and_links_piled_in_the_middle_fail(caption, fails):
    result = audit(post(caption))
    assert ("links-in-middle" in failed(result)) is fails


def test_the_pile_fix_names_what_to_move():
    result = audit(post("Info trafic : #InfoRoute @CD32 #Gers circulation alternée sur le pont."))
    assert details(result, "links-in-middle") == ["Placer #InfoRoute #Gers à la fin du message."]


# --- videos -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("network", "media_type", "subs", "verdict"),
    [
        ("youtube", "video", False, "failed"),
        ("youtube", "video", True, "passed"),
        ("youtube", "", None, "unverifiable"),
        ("tiktok", "video", None, "unverifiable"),
        ("instagram", "reel", None, "unverifiable"),
        ("facebook", "video", False, "failed"),
        ("facebook", "image", None, "not applicable"),
    ],
)
def test_videos_without_subtitles(network, media_type, subs, verdict):
    result = audit(post("", network=network, media_type=media_type, subs=subs))
    rule = RULES_BY_CODE["video-subtitles"]
    assert bool(result.failed & rule.mask) is (verdict == "failed")
    assert bool(result.unverifiable & rule.mask) is (verdict == "unverifiable")
    assert result.score == {"failed": 0, "passed": 100}.get(verdict)
    if verdict == "failed":
        assert details(result, "video-subtitles") == ["Ajouter des sous-titres à la vidéo."]


# --- a whole post -------------------------------------------------------------------------


def test_a_post_breaking_every_rule_lists_every_fix_and_scores_low():
    caption = (
        "⚠️ 𝗜𝗻𝗳𝗼 𝘁𝗿𝗮𝗳𝗶𝗰 : je ❤️ le vélo #infoRoute #gers https://www.gers.fr/t "
        "circulation alternée sur le pont 🚧🚧🚧 #lebonheurestdansleGers"
    )
    result = audit(
        post(caption, network="facebook", media_type="video", images=1, alts=("",), subs=False)
    )
    assert failed(result) == {rule.code for rule in RULES}
    assert result.score == 0
    assert [fix.rule for fix in result.fixes] == [
        "image-alt",
        "video-subtitles",
        "hashtag-camel-case",
        "emoji-count",
        "emoji-start",
        "emoji-word",
        "styled-text",
        "links-in-middle",
    ]


def test_fixes_read_in_english_once_translated():
    result = audit(post("Ce soir #fetedelamusique"))
    (fix,) = result.fixes
    with translation.override("fr"):
        assert fix.detail == "Écrire #FeteDeLaMusique au lieu de #fetedelamusique."
    # The post's own words are data: never translated, whatever the language.
    with translation.override("en"):
        assert "#FeteDeLaMusique" in fix.detail and "#fetedelamusique" in fix.detail


# --- any post -----------------------------------------------------------------------------

texts = st.text() | st.text(
    alphabet=st.sampled_from("aé É#_’' \n🚧👍🏽🇫🇷\u200d\ufe0f⃣1𝐀ⓐ@:/.wh"), max_size=500
)


@given(
    text=texts,
    hashtags=st.lists(st.text(max_size=30), max_size=5),
    network=st.sampled_from(["x", "instagram", "youtube", "tiktok", "facebook", ""]),
    media_type=st.sampled_from(["", "text", "image", "carousel", "video", "reel", "link"]),
    image_count=st.integers(0, 20),
    alts=st.lists(st.sampled_from(["", " ", "Une vue du lac", "𝐀"]), max_size=20),
    subtitles=st.none() | st.booleans(),
)
def test_no_post_crashes_the_audit_and_results_stay_in_range(
    text, hashtags, network, media_type, image_count, alts, subtitles
):
    audited = post(
        text,
        network=network,
        media_type=media_type,
        hashtags=hashtags,
        images=image_count,
        alts=alts,
        subs=subtitles,
    )
    result = audit(audited)
    assert result == audit(audited)  # deterministic
    all_bits = sum(rule.mask for rule in RULES)
    assert result.failed & ~all_bits == 0 and result.unverifiable & ~all_bits == 0
    assert result.score is None or 0 <= result.score <= 100
    assert (result.score == 100) is (result.score is not None and result.failed == 0)
    assert result.images == max(image_count, len(alts))
    assert result.images_without_alt + result.images_unverifiable <= result.images
    assert {fix.rule for fix in result.fixes} == {
        rule.code for rule in RULES if result.failed & rule.mask
    }
    if text.strip():
        assert result.score is not None
        assert all(not result.unverifiable & rule.mask for rule in TEXT_RULES)
    for fix in result.fixes:
        assert fix.detail


@pytest.mark.parametrize(
    ("piece", "rule"),
    [
        ("🎉 #a #b ", "links-in-middle"),
        ("𝐀𝐁 . ", "styled-text"),
        ("Je ❤️ le Gers ", "emoji-word"),
        ("#lebonheurestdansleGers ", "hashtag-camel-case"),
        ("@a.b.c https://x.fr/#a ", "links-in-middle"),
    ],
)
def test_very_long_posts_are_audited(piece, rule):
    result = audit(post(piece * 20000 + "Fin du message."))
    assert rule in failed(result)
    assert 0 <= result.score < 100

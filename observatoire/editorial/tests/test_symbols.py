"""Emojis and styled letters in captions."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from observatoire.editorial import symbols


@pytest.mark.parametrize(
    ("caption", "emojis"),
    [
        ("Bravo 👏", ["👏"]),
        ("Bravo 👏🏽 à toutes", ["👏🏽"]),  # skin tone: one emoji
        ("Allez les Bleus 🇫🇷", ["🇫🇷"]),  # a flag is two regional indicators
        ("La famille 👨‍👩‍👧‍👦 au complet", ["👨‍👩‍👧‍👦"]),  # ZWJ sequence
        ("Soignante 👩🏾‍⚕️", ["👩🏾‍⚕️"]),
        ("Étape 1️⃣ puis 2️⃣", ["1️⃣", "2️⃣"]),
        ("Écosse 🏴󠁧󠁢󠁳󠁣󠁴󠁿", ["🏴󠁧󠁢󠁳󠁣󠁴󠁿"]),  # tag sequence
        ("⚠️ Travaux ☀ ❤️", ["⚠️", "☀", "❤️"]),
        ("© Département du Gers ™ 1/2 → suite", []),  # text symbols, not emojis
        ("Rendez-vous à 18 h, entrée libre.", []),
    ],
)
def test_emojis_count_once_each_as_seen(caption, emojis):
    assert symbols.emojis_in(caption) == emojis


def test_emoji_replaces_a_word_inside_a_sentence_only():
    def inside(caption):
        return [
            symbols.emoji_replaces_word(caption, run.start(), run.end())
            for run in symbols.emoji_runs(caption)
        ]

    assert inside("Je ❤️ le Gers") == [True]
    assert inside("Rendez-vous 📍 place du marché") == [True]
    assert inside("Merci à tous ! 🙏 Rendez-vous samedi") == [False]
    assert inside("Concert ce soir 🎶\n\n#culture") == [False]
    assert inside("🎶 Concert ce soir") == [False]


def test_styled_letters_are_found_and_written_plainly():
    caption = "𝗚𝗿𝗮𝗻𝗱 𝗷𝗲𝘂 : gagnez un séjour ! 𝘐𝘯𝘴𝘤𝘳𝘪𝘱𝘵𝘪𝘰𝘯𝘴 ouvertes, Ⓜⓐⓡⓒⓗⓔ, ｆｅｔｅ"
    assert symbols.styled_runs(caption) == ["𝗚𝗿𝗮𝗻𝗱 𝗷𝗲𝘂", "𝘐𝘯𝘴𝘤𝘳𝘪𝘱𝘵𝘪𝘰𝘯𝘴", "Ⓜⓐⓡⓒⓗⓔ, ｆｅｔｅ"]
    assert symbols.unstyled(caption) == (
        "Grand jeu : gagnez un séjour ! Inscriptions ouvertes, Marche, fete"
    )
    assert symbols.styled_letters(caption) == 30
    assert symbols.styled_letters("Les accents é à ç, « guillemets » et l’apostrophe") == 0
    # Generators leave accented letters plain: the word stays whole.
    assert symbols.styled_runs("𝗙ê𝘁𝗲 𝗱𝗲 𝗹𝗮 𝗺𝘂𝘀𝗶𝗾𝘂𝗲 : à 21 h") == ["𝗙ê𝘁𝗲 𝗱𝗲 𝗹𝗮 𝗺𝘂𝘀𝗶𝗾𝘂𝗲"]


@given(st.text() | st.text(alphabet=st.sampled_from("aé #🇫👍🏽\u200d\ufe0f⃣1𝐀ⓐ©’"), max_size=300))
def test_any_text(caption):
    emojis = symbols.emojis_in(caption)
    assert all(emoji in caption for emoji in emojis)
    assert symbols.styled_letters(symbols.unstyled(caption)) <= symbols.styled_letters(caption)
    assert all(run in caption for run in symbols.styled_runs(caption))
    if not symbols.may_have_symbols(caption):
        assert emojis == [] and symbols.styled_runs(caption) == []

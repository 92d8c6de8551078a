"""The classifier: terms, prefixes, phrases, negatives, hashtags as words, links left out."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observatoire.editorial.themes import lexicon_compile, theme_matches, themes_of

ROADS, SCHOOLS, CULTURE = 1, 2, 5
LEXICON = lexicon_compile(
    entries=[
        (ROADS, ["route", "routes", "déviation*", "info trafic", "vélo*"], ["feuille de route"]),
        (SCHOOLS, ["collèg*", "rentrée scolaire"], ["collègue*"]),
        (CULTURE, ["concert", "fête de la musique", "Théâtre*"], []),
    ],
    revision=7,
)


def themes(caption, hashtags=()):
    return themes_of(text=caption, hashtags=list(hashtags), lexicon=LEXICON)


def test_a_post_has_none_one_or_several_themes():
    assert themes("Bonne journée à toutes et à tous !") == 0
    assert themes("Route fermée ce matin") == 1 << ROADS
    assert themes("Concert au collège de Condom, déviation en place") == (
        1 << ROADS | 1 << SCHOOLS | 1 << CULTURE
    )


@pytest.mark.parametrize(
    "caption",
    [
        "ROUTE BARRÉE",
        "La route d’Auch",
        "la Route, fermée",
        "Déviations en place (route D930)",
        "Travaux :\nroute fermée",
    ],
)
def test_case_accents_punctuation_and_lines_do_not_matter(caption):
    assert themes(caption) == 1 << ROADS


def test_terms_match_whole_words_and_prefixes_whole_word_starts():
    assert themes("Les collégiennes et les collégiens") == 1 << SCHOOLS
    assert themes("Déviations") == 1 << ROADS
    assert themes("Une routine bien rodée, en déroute") == 0  # « route » is not in them
    assert themes("Préconcert") == 0
    assert themes("Le théâtre et les théâtres") == 1 << CULTURE


def test_phrases_match_across_spaces_lines_and_hyphens():
    assert themes("Fête de la\nmusique") == 1 << CULTURE
    assert themes("Fête-de-la-Musique") == 1 << CULTURE
    assert themes("Info  trafic") == 1 << ROADS
    assert themes("Fête de musique") == 0


def test_a_negative_term_takes_back_only_what_it_covers_and_only_for_its_theme():
    assert themes("Voici la feuille de route du mandat") == 0
    assert themes("Notre feuille de route : la route de Mirande rouverte") == 1 << ROADS
    assert themes("Merci à nos collègues") == 0
    assert themes("Merci à nos collègues du collège") == 1 << SCHOOLS


def test_hashtags_count_as_their_words_in_the_text_or_beside_it():
    assert themes("#InfoTrafic : ça roule") == 1 << ROADS
    assert themes("Ce soir #fetedelamusique") == 1 << CULTURE
    assert themes("Ce soir !", ["FêteDeLaMusique"]) == 1 << CULTURE
    assert themes("Ce soir !", ["#Vélo"]) == 1 << ROADS
    # The same hashtag in the text and in the list counts once and does not join phrases.
    assert themes("Ce soir #Concert", ["Concert"]) == 1 << CULTURE


def test_links_and_mentions_are_not_read():
    assert themes("Infos : https://www.gers.fr/route/deviation @route_gers") == 0
    assert themes("www.route.fr") == 0


def test_theme_matches_say_why_with_the_terms_as_written():
    found = theme_matches(
        text="Rentrée scolaire : nouvelles déviations devant les collèges, la route aussi",
        hashtags=["Collèges"],
        lexicon=LEXICON,
    )
    assert found == {SCHOOLS: ["rentrée scolaire", "collèg*"], ROADS: ["déviation*", "route"]}


def test_compiled_lexicon_keeps_its_revision_and_bits_and_ignores_blank_terms():
    lexicon = lexicon_compile(entries=[(3, ["  ", "Santé"], [""]), (62, [], [])], revision=4)
    assert lexicon.revision == 4
    assert lexicon.bits == 1 << 3 | 1 << 62
    assert themes_of(text="SANTÉ", hashtags=[], lexicon=lexicon) == 1 << 3
    empty = lexicon_compile(entries=[], revision=1)
    assert themes_of(text="Santé", hashtags=["santé"], lexicon=empty) == 0
    assert theme_matches(text="Santé", hashtags=[], lexicon=empty) == {}


def test_a_bit_outside_the_mask_is_refused():
    with pytest.raises(ValueError):
        lexicon_compile(entries=[(63, ["route"], [])], revision=1)


def test_terms_with_regex_characters_are_literal():
    lexicon = lexicon_compile(entries=[(0, ["h/f", "c++", "(re)découvrez", "a.b"], [])], revision=1)
    assert themes_of(text="Agent (H/F)", hashtags=[], lexicon=lexicon) == 1
    assert themes_of(text="(re)découvrez Auch", hashtags=[], lexicon=lexicon) == 1
    assert themes_of(text="axb", hashtags=[], lexicon=lexicon) == 0


captions = st.text() | st.text(
    alphabet=st.sampled_from("routeéÉ collègfd#_’'-\n🚧👍🏽𝐑@:/."), max_size=400
)
hashtag_lists = st.lists(st.text(max_size=30), max_size=5)


@given(captions, hashtag_lists)
def test_any_caption_gets_a_mask_of_the_lexicon_bits_the_same_every_time(caption, hashtags):
    mask = themes_of(text=caption, hashtags=hashtags, lexicon=LEXICON)
    assert mask & ~LEXICON.bits == 0
    assert mask == themes_of(text=caption, hashtags=hashtags, lexicon=LEXICON)
    found = theme_matches(text=caption, hashtags=hashtags, lexicon=LEXICON)
    assert sum(1 << bit for bit in found) == mask


@settings(max_examples=20)
@given(st.text(min_size=1, max_size=20))
def test_very_long_captions(piece):
    caption = (piece + " ") * 5000 + ". Route barrée."
    assert themes_of(text=caption, hashtags=[], lexicon=LEXICON) & 1 << ROADS

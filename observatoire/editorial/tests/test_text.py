"""Reading captions: folding, words, links, hashtags and the words they are made of."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from observatoire.editorial import text


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Collège d’Auch", "college d'auch"),
        ("Collège d'Auch", "college d'auch"),
        ("Saône-et-Loire", "saone et loire"),
        ("ŒUVRE d’ÉTÉ", "oeuvre d'ete"),
        ("Ce\u0301re\u0301monie", "ceremonie"),  # accents typed decomposed
        ("𝐂𝐫𝐮𝐞 de la Baïse", "crue de la baise"),
        ("ＦＥＳＴＩＶＡＬ", "festival"),
        ("info_route", "info route"),
    ],
)
def test_fold_ignores_case_accents_apostrophes_and_styles(written, folded):
    assert text.fold(written) == folded


def test_words_leave_out_links_and_mentions_and_keep_elisions():
    caption = (
        "L’été à Auch ! Infos : https://www.auch.fr/ete?x=1 merci @VilleAuch et @gers@piaille.fr"
    )
    assert text.words(caption) == ["l'ete", "a", "auch", "infos", "merci", "et"]


def test_hashtags_in_every_position_accents_digits_and_not_in_links():
    caption = (
        "#Rentrée au #Collège d’#Auch ! https://gers.fr/page#ancre C# &#39; #2025 "
        "#JEP2025\n#Gers32 #fête_des_voisins"
    )
    assert text.hashtags_in(caption) == [
        "Rentrée",
        "Collège",
        "Auch",
        "JEP2025",
        "Gers32",
        "fête_des_voisins",
    ]


def test_hashtags_with_decomposed_accents_stay_whole():
    assert text.hashtags_in("#Fe\u0302teDeLaMusique") == ["FêteDeLaMusique"]


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("FêteDeLaMusique", ("Fête", "De", "La", "Musique")),
        ("GersLeDepartement", ("Gers", "Le", "Departement")),
        ("lebonheurestdansleGers", ("le", "bonheur", "est", "dans", "le", "Gers")),
        ("covid19gers", ("covid", "19", "gers")),
        ("JEPRentrée", ("JEP", "Rentrée")),
        ("onrecrute", ("on", "recrute")),
        ("vigilancecruegers", ("vigilance", "crue", "gers")),
        ("TOURISMEGERS", ("TOURISME", "GERS")),
        ("jaimelegers", ("j", "aime", "le", "gers")),
        ("villedauch", ("ville", "d", "auch")),
        ("cœurdeville", ("cœur", "de", "ville")),
        ("fête_des_voisins", ("fête", "des", "voisins")),
    ],
)
def test_hashtag_words(tag, words):
    assert text.hashtag_words(tag) == words


@pytest.mark.parametrize(
    "tag",
    # Single words, some of which read as two known words, and words we do not know.
    [
        "jeunesse",
        "bienvenue",
        "maintenant",
        "commentaire",
        "présence",
        "entreprises",
        "médiathèque",
        "patrimoine",
        "Auch",
        "inondations",
        "JEP2025",
        "1erMai",
        "covid19",
        "Terre2Jeux",
    ],
)
def test_single_words_are_not_cut_and_need_no_camel_case(tag):
    assert not text.needs_camel_case(tag)
    assert "".join(text.hashtag_words(tag)) == tag


@pytest.mark.parametrize(
    ("tag", "camel"),
    [
        ("lebonheurestdansleGers", "LeBonheurEstDansLeGers"),
        ("covid19gers", "Covid19Gers"),
        ("vigilancecruegers", "VigilanceCrueGers"),
        ("TOURISMEGERS", "TourismeGers"),
        ("fetedelamusique", "FeteDeLaMusique"),
        ("#transitionécologique", "TransitionÉcologique"),
        ("Covid19gers", "Covid19Gers"),
    ],
)
def test_several_words_in_one_case_need_camel_case_and_get_it(tag, camel):
    assert text.needs_camel_case(tag)
    assert text.camel_case(tag) == camel


@pytest.mark.parametrize("tag", ["LeBonheurEstDansLeGers", "Gers", "culture", "GERS", "Covid19"])
def test_camel_case_and_single_words_pass(tag):
    assert not text.needs_camel_case(tag)


@given(st.text() | st.text(alphabet=st.sampled_from("#éÉaB1_ 🇫👍🏽\u200d𝐀’@:/."), max_size=300))
def test_reading_any_text_never_fails(caption):
    assert isinstance(text.fold(caption), str)
    assert all("#" not in tag for tag in text.hashtags_in(caption))
    for tag in text.hashtags_in(caption):
        assert "".join(text.hashtag_words(tag)) == tag.replace("_", "")
        assert text.camel_case(tag).casefold().replace("_", "") == tag.casefold().replace("_", "")

"""The default lexicon: loaded by the migration, stable bits, rich terms, demo captions and
common posts of collectivités classified as a reader would."""

import pytest

from observatoire.demo import texts
from observatoire.editorial.lexicon_default import THEMES, THEMES_BY_SLUG, default_entries
from observatoire.editorial.models import LexiconRevision, Theme, ThemeTerm
from observatoire.editorial.themes import _term_key, lexicon_compile, theme_matches, themes_of

LEXICON = lexicon_compile(entries=default_entries(), revision=1)
SLUGS = {theme.bit: theme.slug for theme in THEMES}

# The demo's themes (observatoire/demo/texts.py) and the lexicon's that must find them.
DEMO_THEMES = {
    "tourisme": {"tourisme"},
    "mobilite": {"routes-mobilites"},
    "jeunesse": {"colleges-jeunesse"},
    "culture": {"culture"},
    "sport": {"sport"},
    "solidarite": {"solidarites-sante"},
    "environnement": {"environnement"},
    "emploi": {"emploi-economie"},
    "institutions": {"vie-institutionnelle"},
    "prevention": {"securite-prevention", "crise-alertes"},
    "crise": {"crise-alertes"},
}


def slugs_of(caption, hashtags=()):
    mask = themes_of(text=caption, hashtags=list(hashtags), lexicon=LEXICON)
    return {slug for bit, slug in SLUGS.items() if mask & 1 << bit}


@pytest.mark.django_db
def test_the_migration_loads_the_default_lexicon_as_revision_1():
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    assert {slug: theme.bit for slug, theme in themes.items()} == {
        spec.slug: spec.bit for spec in THEMES
    }
    for spec in THEMES:
        theme = themes[spec.slug]
        assert (theme.name, theme.name_en, theme.description) == (
            spec.name,
            spec.name_en,
            spec.description,
        )
        terms = ThemeTerm.objects.filter(theme=theme)
        assert set(terms.filter(negative=False).values_list("term", flat=True)) == set(spec.terms)
        assert set(terms.filter(negative=True).values_list("term", flat=True)) == set(
            spec.negatives
        )
    assert list(LexiconRevision.objects.values_list("pk", flat=True)) == [1]


def test_bits_are_stable():
    # A theme keeps its bit for ever (PostAnalysis.themes): change this list only by adding.
    assert {theme.slug: theme.bit for theme in THEMES} == {
        "tourisme": 0,
        "routes-mobilites": 1,
        "colleges-jeunesse": 2,
        "solidarites-sante": 3,
        "environnement": 4,
        "culture": 5,
        "sport": 6,
        "vie-institutionnelle": 7,
        "emploi-economie": 8,
        "securite-prevention": 9,
        "crise-alertes": 10,
    }


@pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme.slug)
def test_every_theme_is_described_and_has_many_distinct_terms(theme):
    assert theme.name and theme.name_en and len(theme.description) > 40
    assert len(theme.terms) >= 25
    keys = [_term_key(term) for term in theme.terms]
    assert len(set(keys)) == len(keys), "a term written twice (case or accents apart)"
    assert not {_term_key(term) for term in theme.negatives} & set(keys)
    assert all(len(term) <= 120 for term in (*theme.terms, *theme.negatives))  # ThemeTerm.term


@pytest.mark.parametrize("demo", (*texts.THEMES, texts.CRISIS), ids=lambda demo: demo.slug)
@pytest.mark.parametrize("place", ["Gers", "Saône-et-Loire", "Auch"])
def test_every_demo_caption_gets_its_theme(demo, place):
    for caption in demo.captions:
        caption = caption.replace("{place}", place)
        assert slugs_of(caption) & DEMO_THEMES[demo.slug], caption


def test_the_gers_flood_and_photo_invitations():
    for caption in texts.GERS_FLOOD_CAPTIONS:
        assert "crise-alertes" in slugs_of(caption, [texts.GERS_FLOOD_TAG]), caption
    for caption in texts.GERS_PHOTO_INVITATIONS:
        assert "tourisme" in slugs_of(caption), caption


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        (
            "⚠️ #InfoRoute : la RD 930 est coupée entre Auch et Condom, déviation par Fleurance.",
            {"routes-mobilites"},
        ),
        (
            "Vigilance canicule : hydratez-vous, prenez des nouvelles de vos proches âgés.",
            {"crise-alertes", "solidarites-sante"},
        ),
        (
            "Le Département recrute un(e) chargé(e) de mission économie sociale et solidaire (H/F)",
            {"emploi-economie", "solidarites-sante"},
        ),
        (
            "La feuille de route du mandat a été présentée en séance plénière.",
            {"vie-institutionnelle"},
        ),
        (
            "En route pour les vacances ? Consultez Bison Futé avant de partir !",
            {"routes-mobilites", "tourisme"},
        ),
        ("Merci à nos collègues des services techniques pour leur mobilisation.", set()),
        (
            "Nettoyage : 2 tonnes de déchets ramassés au bord du lac, merci aux bénévoles !",
            {"environnement", "solidarites-sante"},
        ),
        (
            "Les collégiens ont visité le musée de la Résistance avec leurs professeurs.",
            {"colleges-jeunesse", "culture"},
        ),
        (
            "#RestezChezVous #Covid19 : le point sur la situation sanitaire dans le département.",
            {"crise-alertes"},
        ),
        ("Félicitations aux championnes de France de handball ! 🏆", {"sport"}),
        (
            "Cérémonie du 11 Novembre au monument aux morts en présence des élus.",
            {"vie-institutionnelle"},
        ),
        (
            "Arnaques au faux conseiller bancaire : ne communiquez jamais vos codes.",
            {"securite-prevention"},
        ),
        (
            "Château, abbaye et vignobles : (re)découvrez le patrimoine du Gers cet été !",
            {"tourisme"},
        ),
        ("Marché de Noël ce week-end place de la Libération.", {"tourisme"}),
        ("Le festival Jazz in Marciac ouvre sa billetterie !", {"culture"}),
        ("Nous sommes en train de préparer la rentrée scolaire.", {"colleges-jeunesse"}),
        ("Opération de mise en œuvre du plan vélo départemental.", {"routes-mobilites"}),
        ("À ce stade, aucune décision n'a été prise.", set()),
        ("Bonne année à toutes et à tous !", set()),
    ],
)
def test_common_posts_of_collectivites(caption, expected):
    assert slugs_of(caption) == expected, theme_matches(text=caption, hashtags=[], lexicon=LEXICON)


def test_hashtags_in_one_case_are_read_as_their_words():
    assert slugs_of("Ce soir ! #fetedelamusique") == {"culture"}
    assert slugs_of("Rejoignez-nous #onrecrute") == {"emploi-economie"}
    assert slugs_of("", ["vigilancecruegers"]) == {"crise-alertes"}
    assert slugs_of("#covid19gers") == {"crise-alertes"}


def test_themes_by_slug():
    assert THEMES_BY_SLUG["crise-alertes"].bit == 10

"""The default lexicon of collectivités' editorial themes, loaded into Theme/ThemeTerm by the
migration 0002_default_lexicon; staff correct it in the admin afterwards (docs/themes.md).

Each theme keeps its `bit` for ever (PostAnalysis.themes is a bit set): a theme removed leaves
its bit unused, a new theme takes the next free one. Terms are matched as `themes.py` says:
folded case and accents, whole words, `*` for a prefix, negatives taking back what they cover.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ThemeSpec:
    slug: str
    bit: int
    name: str
    name_en: str
    description: str
    terms: tuple[str, ...]
    negatives: tuple[str, ...] = ()


THEMES: tuple[ThemeSpec, ...] = (
    ThemeSpec(
        "tourisme",
        0,
        "Tourisme et attractivité",
        "Tourism and attractiveness",
        "Patrimoine, paysages, sorties, randonnées, marchés, offices de tourisme, image du "
        "territoire et invitations à partager ses photos.",
        ("tourism*", "touriste*", "patrimoine", "randonnée*", "balade*", "sentier*"),
    ),
    ThemeSpec(
        "routes-mobilites",
        1,
        "Routes et mobilités",
        "Roads and mobility",
        "Routes, travaux de voirie, circulation, transports en commun, vélo, covoiturage, "
        "viabilité hivernale.",
        ("route", "routes", "routier*", "travaux", "circulation", "trafic", "bus", "vélo*"),
        ("feuille de route", "en route"),
    ),
    ThemeSpec(
        "colleges-jeunesse",
        2,
        "Collèges et jeunesse",
        "Schools and youth",
        "Collèges, écoles, rentrée scolaire, jeunes, accueils de loisirs, conseils de jeunes.",
        ("collèg*", "rentrée", "jeunesse", "jeunes", "école*", "scolaire*"),
    ),
    ThemeSpec(
        "solidarites-sante",
        3,
        "Solidarités et santé",
        "Solidarity and health",
        "Action sociale, personnes âgées, handicap, santé, dons, insertion.",
        ("solidarit*", "santé", "don du sang", "handicap*", "seniors"),
    ),
    ThemeSpec(
        "environnement",
        4,
        "Environnement",
        "Environment",
        "Nature, biodiversité, déchets, eau, climat, transition écologique.",
        ("environnement*", "biodiversité", "déchet*", "compost*", "arbre*"),
    ),
    ThemeSpec(
        "culture",
        5,
        "Culture",
        "Culture",
        "Spectacles, concerts, festivals, expositions, médiathèques, musées.",
        ("culture*", "concert*", "festival*", "exposition*", "médiathèque*", "musée*"),
    ),
    ThemeSpec(
        "sport",
        6,
        "Sport",
        "Sport",
        "Clubs, compétitions, équipements sportifs, grands événements sportifs.",
        ("sport*", "gymnase*", "tour de france", "équipe", "victoire"),
    ),
    ThemeSpec(
        "vie-institutionnelle",
        7,
        "Vie institutionnelle",
        "Institutional life",
        "Conseils, séances, budget, élus, vœux, démocratie locale.",
        ("conseil municipal", "budget*", "séance*", "élus", "vœux", "démocratie"),
    ),
    ThemeSpec(
        "emploi-economie",
        8,
        "Emploi et économie",
        "Jobs and economy",
        "Recrutements, offres d'emploi, entreprises, commerce, agriculture, économie locale.",
        ("emploi*", "recrut*", "stage", "entreprise*", "candidature*"),
    ),
    ThemeSpec(
        "securite-prevention",
        9,
        "Sécurité et prévention",
        "Safety and prevention",
        "Prévention des risques, sécurité routière, arnaques, pompiers, sécurité civile.",
        ("prévention", "sécurité", "arnaque*", "pompier*", "incendie*"),
    ),
    ThemeSpec(
        "crise-alertes",
        10,
        "Crise et alertes",
        "Crisis and alerts",
        "Vigilances météo, crues, inondations, canicule, tempêtes, épidémies, confinement.",
        ("vigilance*", "crue*", "inondation*", "canicule", "tempête*", "covid*", "alerte*"),
    ),
)

THEMES_BY_SLUG = {theme.slug: theme for theme in THEMES}


def default_entries() -> list[tuple[int, tuple[str, ...], tuple[str, ...]]]:
    """The default lexicon as `themes.lexicon_compile` takes it."""
    return [(theme.bit, theme.terms, theme.negatives) for theme in THEMES]

"""French captions of the demo posts: themes, templates, hashtags, emojis, image descriptions.

Each theme carries an engagement factor, so that analyses of the demo data find a signal
(tourism and culture pictures engage more than institutional notices, for instance). How a
profile writes them (emojis first, CamelCase or not, bold letters, links in the middle) is
writing.py's.
"""

from dataclasses import dataclass
from random import Random


@dataclass(frozen=True, slots=True)
class Caption:
    """What a post says, before a profile's way of writing it (writing.py)."""

    sentence: str
    emoji: str  # "" when none
    hashtags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Theme:
    slug: str
    name: str
    engagement: float  # multiplies the interactions of a post
    captions: tuple[str, ...]  # "{place}" is replaced by the collectivité's name
    hashtags: tuple[str, ...]
    emojis: tuple[str, ...]
    alts: tuple[str, ...]

    def draw(self, rng: Random, place: str, tag: str) -> Caption:
        """A sentence of the theme, maybe an emoji, and its hashtags (maybe the place's tag);
        the random draws keep their order (the demo is reproducible)."""
        sentence = rng.choice(self.captions).replace("{place}", place)
        emoji = rng.choice(self.emojis) if rng.random() < 0.6 else ""
        start = rng.randrange(len(self.hashtags))
        hashtags = list(self.hashtags[start : start + rng.choice((0, 1, 1, 2, 3))])
        if rng.random() < 0.3:
            hashtags.append(tag)
        return Caption(sentence, emoji, tuple(hashtags))


THEMES = (
    Theme(
        "tourisme",
        "Tourisme",
        1.6,
        (
            "Coucher de soleil sur {place} : merci à Claire pour ce cliché !",
            "Les beaux jours reviennent, (re)découvrez les sentiers de {place}.",
            "Marché de producteurs ce week-end au cœur de {place}, venez nombreux !",
            "Le patrimoine de {place} vous ouvre ses portes : visites guidées gratuites.",
            "Votre plus belle photo de {place} sera peut-être à la une de notre page !",
        ),
        ("Tourisme", "VisiteZ", "patrimoine", "MaRegionEnPhotos", "balade"),
        ("☀️", "📸", "🌿", "🏞️", "😍"),
        (
            "Vue panoramique du village au coucher du soleil",
            "Étals colorés du marché de producteurs sur la place",
            "Sentier de randonnée bordé d'arbres en fleurs",
        ),
    ),
    Theme(
        "mobilite",
        "Mobilité et routes",
        0.9,
        (
            "⚠️ Travaux : la route principale de {place} sera fermée lundi de 9 h à 17 h.",
            "Info trafic : circulation alternée sur le pont de {place} jusqu'à vendredi.",
            "Nouvelle ligne de bus à {place} à partir du 1er du mois, horaires en lien.",
            "Viabilité hivernale : nos équipes sont mobilisées sur les routes de {place}.",
            "La piste cyclable reliant {place} au collège est désormais ouverte !",
        ),
        ("InfoRoute", "mobilité", "TravauxRoutiers", "vélo", "InfoTrafic"),
        ("🚧", "🚌", "🚲", "⚠️", "❄️"),
        (
            "Plan de la déviation mise en place pendant les travaux",
            "Engin de déneigement sur une route départementale",
        ),
    ),
    Theme(
        "jeunesse",
        "Collèges et jeunesse",
        1.1,
        (
            "C'est la rentrée dans les collèges de {place} : bonne année scolaire à tous !",
            "Le conseil des jeunes de {place} s'est réuni pour ses premiers projets.",
            "Inscriptions ouvertes pour les accueils de loisirs de {place} cet été.",
            "Bravo aux collégiens de {place} pour leur projet sur la biodiversité !",
        ),
        ("jeunesse", "Collèges", "PassPermis", "ConseilDesJeunes", "rentrée"),
        ("🎒", "📚", "👏", "🎉"),
        (
            "Collégiens souriants devant leur établissement",
            "Jeunes élus du conseil municipal des jeunes autour d'une table",
        ),
    ),
    Theme(
        "culture",
        "Culture",
        1.4,
        (
            "Ce soir, concert gratuit sur la place de {place} 🎶",
            "La médiathèque de {place} vous propose une nouvelle exposition ce mois-ci.",
            "Festival d'été à {place} : découvrez la programmation complète !",
            "Journées européennes du patrimoine : le programme à {place}.",
        ),
        ("culture", "FêteDeLaMusique", "JEP2025", "médiathèque", "festival"),
        ("🎶", "🎭", "📖", "✨"),
        (
            "Scène de concert illuminée devant le public",
            "Affiche du festival avec la programmation",
        ),
    ),
    Theme(
        "sport",
        "Sport",
        1.3,
        (
            "Félicitations à l'équipe de {place} pour sa victoire ce week-end ! 🏆",
            "Le nouveau gymnase de {place} ouvre ses portes aux associations.",
            "Le Tour passe par {place} : toutes les infos sur les routes fermées.",
            "Forum des associations sportives de {place} samedi, venez tester !",
        ),
        ("sport", "Terre2Jeux", "TourDeFrance", "associations"),
        ("🏆", "⚽", "🚴", "💪"),
        (
            "Joueuses de l'équipe locale brandissant leur trophée",
            "Peloton du Tour de France traversant le centre-ville",
        ),
    ),
    Theme(
        "solidarite",
        "Solidarité et santé",
        1.0,
        (
            "Canicule : pensez à prendre des nouvelles de vos proches âgés à {place}.",
            "Collecte de sang mardi à la salle des fêtes de {place}.",
            "Un nouveau centre de santé ouvre à {place} : prise de rendez-vous en ligne.",
            "Octobre rose : {place} se mobilise contre le cancer du sein.",
        ),
        ("solidarité", "DonDuSang", "OctobreRose", "santé"),
        ("❤️", "🩺", "🤝", "🎀"),
        ("Bénévoles lors de la collecte de sang", "Façade du nouveau centre de santé"),
    ),
    Theme(
        "environnement",
        "Environnement",
        1.05,
        (
            "Opération nettoyage de la nature à {place} : 2 tonnes de déchets ramassés, merci !",
            "Distribution gratuite de composteurs à {place} samedi matin.",
            "Restrictions d'eau en vigueur à {place} : les gestes à adopter.",
            "Plantation de 500 arbres à {place} avec les écoles 🌳",
        ),
        ("environnement", "transitionécologique", "ZéroDéchet", "biodiversité"),
        ("🌳", "♻️", "💧", "🐝"),
        (
            "Élèves plantant de jeunes arbres dans un parc",
            "Bénévoles ramassant des déchets au bord de la rivière",
        ),
    ),
    Theme(
        "emploi",
        "Emploi et recrutement",
        0.8,
        (
            "{place} recrute ! Agent d'entretien des espaces verts (H/F), candidatures en lien.",
            "Forum de l'emploi à {place} jeudi : 40 entreprises vous attendent.",
            "Offre de stage : rejoignez le service communication de {place}.",
        ),
        ("emploi", "recrutement", "OnRecrute", "FonctionPublique"),
        ("💼", "📣", "👉"),
        ("Affiche de l'offre d'emploi avec les missions du poste",),
    ),
    Theme(
        "institutions",
        "Vie institutionnelle",
        0.6,
        (
            "Conseil municipal de {place} ce jeudi à 19 h, ordre du jour en lien.",
            "Le budget 2025 de {place} a été voté : les grandes orientations.",
            "Les vœux de la présidence aux habitants de {place}.",
            "Compte rendu de la séance publique de {place} disponible en ligne.",
        ),
        ("ConseilMunicipal", "budget", "démocratie", "SéancePublique"),
        ("🏛️", "🗳️", "📄"),
        ("Élus réunis dans la salle du conseil",),
    ),
    Theme(
        "prevention",
        "Prévention",
        0.85,
        (
            "Vigilance orange orages sur {place} : limitez vos déplacements.",
            "Risque incendie élevé autour de {place} : brûlages interdits.",
            "Attention aux arnaques au faux agent à {place}, ne donnez aucun code.",
            "Exercice de sécurité civile à {place} mardi, pas d'inquiétude !",
        ),
        ("prévention", "VigilanceOrages", "sécurité", "RisqueIncendie"),
        ("⚠️", "🌩️", "🔥", "🚒"),
        ("Carte de vigilance météo du département",),
    ),
)
THEMES_BY_SLUG = {theme.slug: theme for theme in THEMES}

# Crises and alerts. Not drawn with the themes above (that would change every drawn post):
# writing.py turns some prevention posts into alerts, and the Gers' posts of its flood.
CRISIS = Theme(
    "crise",
    "Crise et alertes",
    0.85,
    (
        "Vigilance orange crues : la rivière déborde à {place}, ne traversez pas les routes "
        "inondées.",
        "Inondations à {place} : les routes coupées et les déviations, mises à jour en direct.",
        "Tempête annoncée cette nuit sur {place} : rentrez le mobilier de jardin, évitez les "
        "déplacements.",
        "Alerte canicule à {place} : la salle climatisée de la mairie est ouverte de 10 h à 18 h.",
        "Fin de la vigilance rouge à {place} : merci aux pompiers et aux agents mobilisés.",
    ),
    ("VigilanceCrue", "inondations", "AlerteMétéo", "tempête", "VigilanceRouge"),
    ("🌊", "⚠️", "🌧️", "🚨", "🌀"),
    (
        "Rivière en crue débordant sur une route barrée",
        "Carte de vigilance crues avec les tronçons en orange",
        "Agents installant des barrières devant une chaussée inondée",
    ),
)

# The Gers (departement:32): a flood episode with its crisis hashtag, and the invitation to
# share photos with its own hashtag, on every network and every month.
GERS_KEY = "departement:32"
GERS_FLOOD_TAG = "VigilanceCrueGers"
GERS_FLOOD_CAPTIONS = (
    "Crue de la Baïse : les routes départementales coupées ce matin dans le Gers, carte "
    "mise à jour en lien.",
    "Vigilance orange crues sur le Gers : le Gers et l'Adour sous surveillance, ne vous "
    "engagez pas sur une route inondée.",
    "Inondations : nos équipes des routes sont mobilisées jour et nuit sur tout le Gers.",
    "La décrue s'amorce dans le Gers : prudence, les routes restent fermées jusqu'à nouvel ordre.",
    "Point de situation crues : 23 routes fermées dans le Gers, les déviations en place.",
)
GERS_PHOTO_TAG = "GersLeDepartement"
GERS_PHOTO_INVITATIONS = (
    "Partagez vos plus belles photos du Gers avec #GersLeDepartement !",
    "Merci pour cette photo partagée avec #GersLeDepartement 📸",
    "Votre Gers en photo : identifiez-nous avec #GersLeDepartement.",
)

# Words some profiles write as emojis ("le 🚲", not "le vélo"): screen readers then read the
# emoji's name in the middle of the sentence.
EMOJI_WORDS = {
    "vélo": "🚲",
    "bus": "🚌",
    "concert": "🎶",
    "soleil": "☀️",
    "arbres": "🌳",
    "photo": "📸",
    "sang": "🩸",
    "budget": "💶",
}

# Themes a category talks about most: the others get a weight of 1.
CATEGORY_THEME_WEIGHTS = {
    "region": {"tourisme": 3, "emploi": 2, "mobilite": 2, "environnement": 2},
    "departement": {"mobilite": 3, "jeunesse": 3, "solidarite": 2, "tourisme": 2},
    "metropole": {"mobilite": 3, "culture": 2, "environnement": 2},
    "grande_ville": {"culture": 3, "sport": 2, "mobilite": 2},
    "ville_moyenne": {"culture": 2, "sport": 2, "institutions": 2},
    "petite_ville": {"institutions": 3, "prevention": 2, "culture": 2},
}

FAREWELL_X = (
    "{place} quitte X à compter d'aujourd'hui. Retrouvez-nous sur nos autres réseaux, "
    "à commencer par notre nouveau compte Bluesky et Mastodon !"
)
WELCOME_NEW_NETWORK = (
    "Bienvenue sur le nouveau compte de {place} ! Actualités, services et agenda ici."
)

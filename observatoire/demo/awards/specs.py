"""The shapes of the demo's #Hashtags (editions, categories, dossiers, operations, jury), the
jury's criteria, the categories the editions share, the open 2026 edition and the demo
jurors. Plain values only: `observatoire.demo.awards` writes them through the awards'
services. The dossiers of 2020 and 2024 are in `edition_2020.py` and `edition_2024.py`."""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from observatoire.awards.models import AwardCategory, Operation
from observatoire.profiles.models import Network
from observatoire.territories.models import Category

PARIS = ZoneInfo("Europe/Paris")
TYPE, THEMATIC, AGILITY = (
    AwardCategory.Kind.TYPE,
    AwardCategory.Kind.THEMATIC,
    AwardCategory.Kind.AGILITY,
)
ADULTS, YOUTH, ALL = Operation.Audience.ADULTS, Operation.Audience.YOUTH, Operation.Audience.ALL
FB, IG, X, YT, TT = Network.FACEBOOK, Network.INSTAGRAM, Network.X, Network.YOUTUBE, Network.TIKTOK
LI, SC = Network.LINKEDIN, Network.SNAPCHAT

GERS, SAONE, BOUCHES = "departement:32", "departement:71", "departement:13"
OCCITANIE, PACA, BFC = "region:76", "region:93", "region:27"
FICTITIOUS = (
    "Dossier de démonstration : les liens ont la forme des vrais liens, leurs identifiants "
    "sont fictifs."
)


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


# The jury's criteria and their weights (the 2019 jury's, kept since).
CRITERIA = (
    (
        "Finalité de communication publique",
        3,
        "Les publications servent l'information et le service rendu aux habitants.",
    ),
    (
        "Ligne éditoriale",
        2,
        "Un ton, des rubriques et un rythme reconnaissables sur chaque réseau.",
    ),
    ("Cohérence visuelle", 1, "Une identité graphique claire d'une publication à l'autre."),
    (
        "Usage des formats (stories, vidéos)",
        1,
        "Stories, vidéos courtes, directs : chaque format à bon escient.",
    ),
    ("Pertinence et originalité", 2, "Des idées qui surprennent et servent le propos."),
    ("Conversation avec le public", 2, "Réponses, participation des habitants, modération."),
    (
        "Écriture : hashtags et émojis",
        1,
        "Une écriture lisible : hashtags utiles, émojis mesurés, images décrites.",
    ),
)


@dataclass(frozen=True)
class CategorySpec:
    name: str
    slug: str
    kind: str
    territory_categories: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    description: str = ""


REGIONS = CategorySpec("Régions", "regions", TYPE, (Category.REGION,))
DEPARTEMENTS = CategorySpec("Départements", "departements", TYPE, (Category.DEPARTEMENT,))
INTERCOMMUNALITES = CategorySpec(
    "Intercommunalités",
    "intercommunalites",
    TYPE,
    (
        Category.METROPOLE,
        Category.COMMUNAUTE_URBAINE,
        Category.COMMUNAUTE_AGGLOMERATION,
        Category.COMMUNAUTE_COMMUNES,
    ),
)
COMMUNES = CategorySpec(
    "Communes",
    "communes",
    TYPE,
    (Category.GRANDE_VILLE, Category.VILLE_MOYENNE, Category.PETITE_VILLE),
)
SENSIBILISATION = CategorySpec(
    "Sensibilisation et citoyenneté",
    "sensibilisation-citoyennete",
    THEMATIC,
    description="Prévention, sécurité, civisme : informer pour faire agir.",
)
TIKTOK = CategorySpec(
    "TikTok",
    "tiktok",
    THEMATIC,
    networks=(TT,),
    description="Parler aux plus jeunes sur leur réseau, sans perdre le sens du service public.",
)
HASHTAG_OR = CategorySpec(
    "Hashtag d'or de l'agilité",
    "hashtag-or",
    AGILITY,
    description=(
        "Prix spécial : la collectivité la plus agile d'un réseau à l'autre, présente et active "
        "sur chacun avec sa ligne éditoriale (indice d'agilité)."
    ),
)


@dataclass(frozen=True)
class OperationSpec:
    audience: str
    title: str
    description: str
    networks: tuple[str, ...]
    starts_on: dt.date
    ends_on: dt.date
    hashtags: tuple[str, ...] = ()
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class DossierSpec:
    territory: str  # key
    categories: tuple[str, ...]  # slugs
    presentation: str
    operations: tuple[OperationSpec, ...]
    submitted_at: dt.datetime  # when the real edition would have received it
    author: str = ""  # a demo member's username; "" for the staff on the collectivité's behalf


@dataclass(frozen=True)
class Jury:
    """Nominees per category with the level (0–10) the jury gives them: each juror scores
    every criterion around it, so results.py ranks the nominees in this order."""

    nominees: dict[str, tuple[tuple[str, float], ...]]
    conflict: tuple[int, str, str]  # (juror index, territory key, reason)
    nominated_at: dt.datetime


@dataclass(frozen=True)
class EditionSpec:
    year: int
    title: str
    theme: str
    networks: tuple[str, ...]
    rules: str
    period: tuple[dt.date, dt.date]
    categories: tuple[CategorySpec, ...]
    calendar: dict = field(default_factory=dict)  # Edition fields; empty: open now
    ceremony_place: str = ""
    dossiers: tuple[DossierSpec, ...] = ()
    jury: Jury | None = None

    @property
    def slug(self) -> str:
        return str(self.year)


RULES = (
    "Concours ouvert aux collectivités territoriales françaises. Un dossier par collectivité, "
    "déposé avant la clôture des candidatures, pour une ou plusieurs catégories ouvertes à son "
    "type. L'équipe nomme trois collectivités par catégorie au vu des données de la période et "
    "des dossiers ; le jury note chaque nommé sur les critères publiés ; un juré ne note jamais "
    "une collectivité avec laquelle il a un lien. (Règlement de démonstration.)"
)


# --- 2026: open for entries ----------------------------------------------------------------

EDITION_2026 = EditionSpec(
    year=2026,
    title="#Hashtags 2026",
    theme="Une année de réseaux sociaux publics : service, conversation, nouveaux réseaux",
    networks=tuple(Network.values),
    rules=RULES,
    period=(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    categories=(
        REGIONS,
        DEPARTEMENTS,
        INTERCOMMUNALITES,
        COMMUNES,
        SENSIBILISATION,
        CategorySpec(
            "Attractivité",
            "attractivite",
            THEMATIC,
            description="Donner envie de venir, de rester, d'entreprendre.",
        ),
        TIKTOK,
        HASHTAG_OR,
    ),
)


# --- the jury --------------------------------------------------------------------------------


@dataclass(frozen=True)
class JurorSpec:
    username: str
    first_name: str
    last_name: str


JURORS = (
    JurorSpec("demo-jure-1", "Nadia", "Benali"),
    JurorSpec("demo-jure-2", "Thomas", "Keller"),
    JurorSpec("demo-jure-3", "Sophie", "Dartigues"),
)

# Around a nominee's level, each juror is a little stricter or kinder, and no criterion gets
# exactly the same mark: offsets in half-points, rotated per juror and nominee.
JUROR_OFFSETS = (-0.5, 0.0, 0.5)
CRITERION_SPREAD = (0.5, 0.0, -0.5, 0.5, -0.5, 0.0, 0.0)

COMMENTS = {
    GERS: (
        "Une page routes utile au quotidien, un ton direct qui donne envie de lire.",
        "Des vidéos courtes bien pensées pour les jeunes, proches du terrain.",
    ),
    SAONE: (
        "Une vraie ligne éditoriale par réseau, rare et réussie.",
        "Présente partout, et jamais la même publication copiée d'un réseau à l'autre.",
    ),
    BOUCHES: ("Des campagnes claires sur des sujets graves.",),
    OCCITANIE: ("Le format court maîtrisé, un ton juste.",),
    PACA: ("Des portraits soignés, une identité visuelle forte.",),
    BFC: ("Une belle place donnée aux habitants.",),
}


# The handles the 2024 texts and links name: the demo's profile of that collectivité on that
# network (a thematic one by its label) when it exists and reads as a link, else the name here.
HANDLES = {
    "gers_routes": (GERS, FB, "Info routes", "InfoRoute32"),
    "gers_x": (GERS, X, "", "LeGers32"),
    "gers_tiktok": (GERS, TT, "", "legers32"),
    "saone_facebook": (SAONE, FB, "", "saoneetloire71"),
    "bouches_x": (BOUCHES, X, "", "departement13"),
    "bouches_tiktok": (BOUCHES, TT, "", "departement13"),
    "occitanie_tiktok": (OCCITANIE, TT, "", "laregionoccitanie"),
}
PROFILE_URLS = {
    FB: "https://www.facebook.com/{}/",
    X: "https://x.com/{}",
    TT: "https://www.tiktok.com/@{}",
}
ROUTES_NOTE_DEMO = "(dans la démonstration : sa page « {label} », @{handle})"
ROUTES_NOTE_NONE = "(la démonstration n'a pas de page thématique des routes pour le Gers)"

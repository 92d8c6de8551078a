"""The datasets of a month's dump, declared once: their fields with French descriptions and
constraints, their keys, and the function reading their rows. The files, the
datapackage.json and the /donnees/ page all derive from these declarations."""

from django.utils.translation import gettext_lazy as _

from observatoire.profiles.models import Network, Profile
from observatoire.rankings import kpis as catalogue
from observatoire.rankings.models import RankingEntry
from observatoire.territories.models import Category, Territory

from ..models.census import Stratum
from . import rows
from .schema import Dataset, Field, ForeignKey

MONTH = Field("month", "date", _("Mois classé : son premier jour (AAAA-MM-JJ)."), required=True)
NETWORK = Field("network", "string", _("Réseau social."), required=True, enum=Network.values)
CATEGORY = Field(
    "category",
    "string",
    _("Catégorie de classement : les collectivités ne sont comparées qu'à leurs pairs."),
    required=True,
    enum=Category.values,
)
TERRITORY = Field(
    "territory",
    "string",
    _("Identifiant de la collectivité (nature:code officiel, ex. departement:32)."),
    required=True,
)
PROFILE_ID = Field(
    "profile_id",
    "integer",
    _("Identifiant du profil (voir le fichier des profils)."),
    required=True,
)
DEMO = Field(
    "demo",
    "boolean",
    _("Vrai pour une donnée de démonstration : fictive, à ne jamais publier comme mesure."),
    required=True,
)
TO_TERRITORIES = ForeignKey(("territory",), "territories", ("id",))
TO_PROFILES = ForeignKey(("profile_id",), "profiles", ("id",))

TERRITORIES = Dataset(
    name="territories",
    title=_("Collectivités"),
    description=_(
        "Le référentiel officiel des collectivités (Code officiel géographique de l'Insee, "
        "via @etalab/decoupage-administratif) tel qu'il est à la date de génération."
    ),
    fields=(
        Field("id", "string", _("Identifiant stable (nature:code officiel)."), True, True),
        Field("kind", "string", _("Nature."), required=True, enum=Territory.Kind.values),
        Field("code", "string", _("Code officiel (Insee ou SIREN d'EPCI)."), required=True),
        Field("name", "string", _("Nom."), required=True),
        Field(
            "category",
            "string",
            _("Catégorie de classement."),
            required=True,
            enum=Category.values,
        ),
        Field("population", "integer", _("Population municipale ou totale connue."), minimum=0),
        Field("siren", "string", _("Numéro SIREN.")),
        Field("epci_type", "string", _("Type d'intercommunalité (METRO, CU, CA, CC…).")),
        Field("postcodes", "string", _("Codes postaux, séparés par des espaces.")),
        Field("region", "string", _("Identifiant de la région.")),
        Field("departement", "string", _("Identifiant du département.")),
        Field("epci", "string", _("Identifiant de l'intercommunalité d'une commune.")),
        Field("url", "string", _("Page de la collectivité sur le site de l'Observatoire.")),
    ),
    rows=rows.territory_rows,
    monthly=False,
    primary_key=("id",),
    foreign_keys=(
        ForeignKey(("region",), "territories", ("id",)),
        ForeignKey(("departement",), "territories", ("id",)),
        ForeignKey(("epci",), "territories", ("id",)),
    ),
)

PROFILES = Dataset(
    name="profiles",
    title=_("Profils"),
    description=_(
        "Les comptes des collectivités sur les réseaux sociaux, tels qu'ils sont à la date de "
        "génération (le principal de chaque réseau est celui qui est classé)."
    ),
    fields=(
        Field("id", "integer", _("Identifiant du profil."), required=True, unique=True),
        TERRITORY,
        NETWORK,
        Field("handle", "string", _("Identifiant sur le réseau."), required=True),
        Field("url", "string", _("Adresse du profil."), required=True),
        Field("display_name", "string", _("Nom affiché par le réseau.")),
        Field("label", "string", _("Thème d'un profil thématique (« Info routes »…).")),
        Field("principal", "boolean", _("Profil principal du réseau (classé)."), required=True),
        Field("status", "string", _("Statut."), required=True, enum=Profile.Status.values),
        Field(
            "unavailable_reason",
            "string",
            _("Raison de l'inaccessibilité."),
            enum=Profile.UnavailableReason.values,
        ),
        Field("unavailable_since", "date", _("Inaccessible depuis.")),
        DEMO,
    ),
    rows=rows.profile_rows,
    monthly=False,
    primary_key=("id",),
    foreign_keys=(TO_TERRITORIES,),
)

RANKINGS = Dataset(
    name="rankings",
    title=_("Classements"),
    description=_(
        "Chaque profil principal dans le classement de son réseau et de sa catégorie : rang, "
        "score, évolution et chiffres du mois. Un profil non classé a un rang et un score "
        "vides et une raison."
    ),
    fields=(
        MONTH,
        Field("methodology", "string", _("Version de la méthodologie."), required=True),
        NETWORK,
        CATEGORY,
        TERRITORY,
        Field("territory_name", "string", _("Nom de la collectivité."), required=True),
        PROFILE_ID,
        Field("handle", "string", _("Identifiant du profil sur le réseau."), required=True),
        Field("eligible", "boolean", _("Classé ce mois-ci."), required=True),
        Field(
            "reason",
            "string",
            _("Pourquoi le profil n'est pas classé (vide s'il l'est)."),
            enum=RankingEntry.Reason.values,
        ),
        Field("rank", "integer", _("Rang dans la catégorie et le réseau."), minimum=1),
        Field("score", "number", _("Score, en % (0 à 100)."), minimum=0, maximum=100),
        Field("region", "string", _("Identifiant de la région.")),
        Field("region_rank", "integer", _("Rang parmi les classés de la même région."), minimum=1),
        Field("previous_rank", "integer", _("Rang du mois précédent."), minimum=1),
        Field("movement", "integer", _("Places gagnées depuis le mois précédent.")),
        Field("streak_first", "integer", _("Mois consécutifs à la 1re place."), True, minimum=0),
        Field("streak_top10", "integer", _("Mois consécutifs dans le top 10."), True, minimum=0),
        Field("followers", "integer", _("Abonnés au dernier relevé de la période."), minimum=0),
        Field("following", "integer", _("Abonnements au dernier relevé."), minimum=0),
        Field("posts", "integer", _("Publications de la période."), required=True, minimum=0),
        Field(
            "interactions",
            "integer",
            _("J'aime, commentaires et partages des publications de la période."),
            required=True,
            minimum=0,
        ),
        DEMO,
    ),
    rows=rows.ranking_rows,
    primary_key=("profile_id",),
    foreign_keys=(
        TO_TERRITORIES,
        TO_PROFILES,
        ForeignKey(("region",), "territories", ("id",)),
    ),
)

KPIS = Dataset(
    name="kpis",
    title=_("Indicateurs"),
    description=_(
        "Chaque indicateur du catalogue pour chaque profil classé ou non : valeur brute, "
        "valeur normalisée dans le groupe de pairs, points et poids quand la méthodologie "
        "du mois l'utilise. Les taux sont des proportions (0,0123 = 1,23 %)."
    ),
    fields=(
        MONTH,
        NETWORK,
        CATEGORY,
        TERRITORY,
        PROFILE_ID,
        Field("kpi", "string", _("Nom de l'indicateur."), required=True, enum=catalogue.names),
        Field("value", "number", _("Valeur brute (vide : inconnue ou incalculable).")),
        Field(
            "normalised",
            "number",
            _("Valeur normalisée dans le groupe de pairs, de 0 à 1 (profils classés)."),
            minimum=0,
            maximum=1,
        ),
        Field("points", "number", _("Points apportés au score (profils classés)."), minimum=0),
        Field("weight", "number", _("Poids dans la méthodologie (vide : non utilisé)."), minimum=0),
        DEMO,
    ),
    rows=rows.kpi_rows,
    primary_key=("profile_id", "kpi"),
    foreign_keys=(TO_TERRITORIES, TO_PROFILES),
)

CENSUS = Dataset(
    name="census",
    title=_("Recensement"),
    description=_(
        "Présence et activité des collectivités sur les réseaux sociaux pendant le mois, en "
        "France, par région et par département, par strate et par réseau. Les parts sont en "
        "%, à une décimale."
    ),
    fields=(
        MONTH,
        Field(
            "scope",
            "string",
            _("Territoire : « france » ou l'identifiant d'une région ou d'un département."),
            required=True,
        ),
        Field(
            "stratum",
            "string",
            _("Strate (« all » : toutes les collectivités)."),
            required=True,
            enum=lambda: [rows.ALL_STRATA, *Stratum.values],
        ),
        Field(
            "network",
            "string",
            _("Réseau (« any » : au moins un réseau)."),
            required=True,
            enum=lambda: [rows.ANY_NETWORK, *Network.values],
        ),
        Field("territories", "integer", _("Collectivités de la strate."), True, minimum=0),
        Field("present", "integer", _("Collectivités présentes."), True, minimum=0),
        Field("present_share", "number", _("Part des collectivités présentes, en %.")),
        Field("active", "integer", _("Présentes ayant publié dans le mois."), True, minimum=0),
        Field("active_share", "number", _("Part des présentes ayant publié, en %.")),
        Field("profiles", "integer", _("Profils présents."), True, minimum=0),
        Field("profiles_active", "integer", _("Profils ayant publié dans le mois."), True),
        Field("profiles_active_share", "number", _("Part des profils ayant publié, en %.")),
        Field(
            "network_counts",
            "array",
            _(
                "Réseau « any » : nombre de collectivités présentes sur 0, 1, 2… réseaux "
                "(tableau JSON)."
            ),
        ),
        DEMO,
    ),
    rows=rows.census_rows,
    primary_key=("scope", "stratum", "network"),
)

DATASETS: tuple[Dataset, ...] = (RANKINGS, KPIS, PROFILES, TERRITORIES, CENSUS)
FORMATS = ("csv", "parquet")


def dataset_get(name: str) -> Dataset | None:
    return next((dataset for dataset in DATASETS if dataset.name == name), None)

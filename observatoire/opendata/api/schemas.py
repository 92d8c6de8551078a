"""The shapes the API answers with: the OpenAPI schema reusers read, in French and English.

Every description says it in French, then in English in parentheses. Unknown values are
`null`, never 0; dates and times are ISO 8601; a collectivité is named by its stable id
(`Territory.key`, e.g. "departement:32"), a profile by `network:handle`, a month by "YYYY-MM".
The KPI fields are derived from the KPI catalogue (`rankings/kpis.py`): a KPI declared there
appears here, with its label and definition.
"""

import datetime as dt
from enum import StrEnum
from typing import Any

from django.db import models
from django.utils import translation
from ninja import Schema
from pydantic import Field, create_model

from observatoire.profiles.models import Network, Profile
from observatoire.rankings import kpis as catalogue
from observatoire.rankings.models import RankingEntry
from observatoire.territories.models import Category, Territory

MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
TERRITORY_ID_PATTERN = r"^(region|departement|epci|commune):[0-9A-Za-z]{1,12}$"


def choices_enum(name: str, choices: type[models.TextChoices], text: str) -> type[StrEnum]:
    """An enum of the schema with the values of a model's choices, described with their
    French labels (the choices stay declared once, in the models)."""
    with translation.override("fr"):
        values = ", ".join(f"`{value}` ({label})" for value, label in choices.choices)
    enum = StrEnum(name, {value.upper(): value for value in choices.values})
    enum.__doc__ = f"{text} : {values}."
    return enum


NetworkName = choices_enum("NetworkName", Network, "Réseau social (social network)")
CategoryName = choices_enum("CategoryName", Category, "Catégorie de classement (ranking category)")
TerritoryKind = choices_enum("TerritoryKind", Territory.Kind, "Nature (kind of collectivité)")
ProfileStatus = choices_enum("ProfileStatus", Profile.Status, "Statut (status)")
UnavailableReason = choices_enum(
    "UnavailableReason", Profile.UnavailableReason, "Pourquoi inaccessible (why unreachable)"
)
Reason = choices_enum(
    "IneligibilityReason", RankingEntry.Reason, "Pourquoi non classé (why not ranked)"
)


class Error(Schema):
    detail: str = Field(
        description="Ce qui ne va pas (what went wrong)", examples=["Collectivité introuvable."]
    )


class ValidationError(Schema):
    detail: list[dict[str, Any]] = Field(
        description="Les paramètres refusés et pourquoi (the parameters refused, and why)"
    )


class PageMeta(Schema):
    count: int = Field(description="Nombre total de résultats (total number of results)")
    page: int = Field(description="Numéro de cette page, à partir de 1 (this page, from 1)")
    pages: int = Field(description="Nombre de pages (number of pages)")
    page_size: int = Field(description="Résultats par page (results per page)")
    demo: bool = Field(
        description=(
            "Vrai quand la base contient des données de démonstration fictives "
            "(true while the database holds fictitious demonstration data)"
        )
    )


# --- Territories and profiles ---------------------------------------------------------------


class TerritoryRef(Schema):
    id: str = Field(
        description=(
            "Identifiant stable « nature:code » de la collectivité "
            "(the collectivité's stable id, “kind:code”)"
        ),
        examples=["departement:32"],
    )
    name: str = Field(description="Nom officiel (official name)", examples=["Gers"])


class TerritoryOut(TerritoryRef):
    kind: TerritoryKind = Field(description="Nature de la collectivité (kind)")
    code: str = Field(
        description="Code officiel : INSEE, ou SIREN d'un EPCI (official code: INSEE, or SIREN)",
        examples=["32"],
    )
    category: CategoryName = Field(description="Catégorie de classement (ranking category)")
    population: int | None = Field(
        description="Population légale ; null si inconnue (legal population; null if unknown)",
        examples=[191_091],
    )
    siren: str | None = Field(description="Numéro SIREN ; null si inconnu (SIREN number)")
    postcodes: list[str] = Field(description="Codes postaux (postcodes)", examples=[["32000"]])
    region: str | None = Field(
        description="Id de sa région (id of its région)", examples=["region:76"]
    )
    departement: str | None = Field(
        description="Id de son département (id of its département)", examples=["departement:32"]
    )
    epci: str | None = Field(
        description="Id de son intercommunalité (id of its intercommunalité)",
        examples=["epci:200066926"],
    )
    url: str = Field(
        description="Sa page sur le site de l'observatoire (its page on the observatory's site)"
    )


class TerritoryPage(PageMeta):
    results: list[TerritoryOut]


class ProfileRef(Schema):
    id: str = Field(
        description="Identifiant « réseau:compte » (id, “network:handle”)",
        examples=["instagram:legers32"],
    )
    network: NetworkName = Field(description="Réseau social (social network)")
    handle: str = Field(description="Compte sur le réseau (handle)", examples=["legers32"])
    url: str | None = Field(
        description="Adresse du profil, http(s) ; null si inconnue (profile address, http(s))",
        examples=["https://www.instagram.com/legers32/"],
    )
    status: ProfileStatus = Field(description="Statut aujourd'hui (status today)")
    unavailable_since: dt.date | None = Field(
        description="Inaccessible depuis ; null si accessible (unreachable since; null if not)"
    )
    unavailable_reason: UnavailableReason | None = Field(
        description="Pourquoi inaccessible ; null si accessible (why it cannot be reached)"
    )
    demo: bool = Field(
        description="Profil fictif de démonstration (a fictitious demonstration profile)"
    )


class ProfileOut(ProfileRef):
    display_name: str | None = Field(description="Nom affiché sur le réseau (display name)")
    label: str | None = Field(
        description="Thème d'un profil thématique (theme of a thematic profile)",
        examples=["Info routes"],
    )
    principal: bool = Field(
        description=(
            "Profil principal du réseau, le seul classé (the network's principal profile, "
            "the one ranked)"
        )
    )
    verified_at: dt.datetime | None = Field(
        description=(
            "Dernière correction validée par la collectivité ; null si aucune "
            "(last correction validated for the collectivité; null if none)"
        )
    )


class TerritoryProfiles(Schema):
    territory: TerritoryRef
    demo: bool = PageMeta.model_fields["demo"]
    results: list[ProfileOut]


# --- KPIs, derived from the catalogue -------------------------------------------------------


class KpiResult(Schema):
    value: int | float | None = Field(
        description=(
            "Valeur brute (unité de l'indicateur : « percent » est une fraction, 0.0123 = "
            "1,23 %) ; null si inconnue (raw value in the KPI's unit; null if unknown)"
        ),
        examples=[0.0123],
    )
    normalised: float | None = Field(
        description=(
            "Valeur normalisée dans [0, 1] parmi les pairs ; null si non classé "
            "(normalised value among peers; null when not ranked)"
        ),
        examples=[0.82],
    )
    points: float | None = Field(
        description=(
            "Points apportés au score ; leur somme est le score (points added to the score; "
            "they add up to it)"
        ),
        examples=[27.3],
    )


def _kpi_text(kpi: catalogue.Kpi) -> str:
    with translation.override("fr"):
        french = f"{kpi.label} : {kpi.describe()}"
    with translation.override("en"):
        english = f"{kpi.label}: {kpi.describe()}"
    return f"{french} ({english}). Unité (unit) : {kpi.unit}."


def _kpi_results_model() -> type[Schema]:
    """One optional field per KPI of the catalogue, null when a publication lacks it."""
    fields = {
        name: (KpiResult | None, Field(None, description=_kpi_text(kpi)))
        for name, kpi in catalogue.CATALOGUE.items()
    }
    return create_model("KpiResults", __base__=Schema, **fields)


KpiResults = _kpi_results_model()


class KpiOut(Schema):
    name: str = Field(description="Identifiant (id)", examples=["engagement_rate"])
    label: str = Field(description="Libellé (label, French)", examples=["Taux d'engagement"])
    definition: str = Field(description="Définition (definition, French)")
    unit: str = Field(
        description="Unité : percent (fraction), per_day, count, ratio (unit)",
        examples=["percent"],
    )
    decimals: int = Field(description="Décimales affichées (decimals shown)")
    normalisation: str = Field(
        description=(
            "« percentile » (rang parmi les pairs) ou « target » (min(valeur ÷ cible, 1)) "
            "(how it is normalised)"
        ),
        examples=["percentile"],
    )
    target: float | None = Field(
        description="Cible d'une normalisation « target » ; null sinon (target, or null)"
    )
    higher_is_better: bool = Field(description="Plus haut est mieux (higher is better)")


class MethodologyKpi(KpiOut):
    weight: float = Field(description="Pondération (weight)", examples=[5])
    share: float = Field(
        description="Part du score en % : poids ÷ somme des poids (share of the score, %)",
        examples=[33.33],
    )


class MethodologyOut(Schema):
    id: str = Field(description="Version (version slug)", examples=["v1"])
    name: str = Field(description="Nom (name)", examples=["Méthodologie v1"])
    description: str | None = Field(description="Description (description)")
    default: bool = Field(description="Version par défaut (the default version)")
    window_days: int = Field(description="Fenêtre en jours (window, in days)", examples=[30])
    timezone: str = Field(description="Fuseau horaire (time zone)", examples=["Europe/Paris"])
    score_decimals: int = Field(description="Décimales du score (score decimals)")
    eligibility: list[str] = Field(
        description="Règles d'éligibilité, dans l'ordre (eligibility rules, in order)",
        examples=[["unavailable", "no_snapshot", "no_followers", "no_posts"]],
    )
    weights: dict[str, float] = Field(
        description="Pondération de chaque indicateur (weight of each KPI)",
        examples=[{"engagement_rate": 5, "reach": 4}],
    )
    kpis: list[MethodologyKpi]


# --- Rankings --------------------------------------------------------------------------------


class GroupOut(Schema):
    network: NetworkName
    category: CategoryName
    entries: int = Field(description="Profils du classement (profiles in the ranking)")
    ranked: int = Field(description="Profils classés, éligibles (profiles ranked)")


class PublicationOut(Schema):
    month: str = Field(description="Mois classé (month ranked)", examples=["2025-12"])
    methodology: str = Field(description="Version de méthodologie (methodology)", examples=["v1"])
    published_at: dt.datetime = Field(description="Publié le (published at)")
    kpis: list[str] = Field(description="Indicateurs de la publication (its KPIs)")
    groups: list[GroupOut] = Field(description="Classements publiés (rankings published)")


class PublicationList(Schema):
    demo: bool = PageMeta.model_fields["demo"]
    results: list[PublicationOut]


class EntryOut(Schema):
    rank: int | None = Field(
        description="Rang ; null si non classé (rank; null when not ranked)", examples=[1]
    )
    region_rank: int | None = Field(description="Rang dans sa région (rank in its région)")
    previous_rank: int | None = Field(
        description="Rang le mois précédent ; null si non classé (rank the month before)"
    )
    movement: int | None = Field(
        description="Places gagnées depuis le mois précédent (places gained since)",
        examples=[2],
    )
    streak_first: int = Field(description="Mois consécutifs 1er (consecutive months first)")
    streak_top10: int = Field(description="Mois consécutifs dans le top 10 (months in top 10)")
    eligible: bool = Field(description="Classé (ranked, eligible)")
    reason: Reason | None = Field(
        description="Pourquoi non classé ; null si classé (why not ranked; null if ranked)"
    )
    reason_label: str | None = Field(description="La raison en mots (the reason, in words)")
    score: float | None = Field(
        description="Score sur 100 ; null si non classé (score out of 100; null if not ranked)",
        examples=[74.12],
    )
    territory: TerritoryRef
    region: str | None = Field(description="Id de sa région (id of its région)")
    profile: ProfileRef
    kpis: KpiResults = Field(description="Indicateurs du mois (the month's KPIs)")


class RankingOut(PageMeta):
    month: str = Field(description="Mois classé (month ranked)", examples=["2025-12"])
    methodology: str = Field(description="Version de méthodologie (methodology)", examples=["v1"])
    published_at: dt.datetime = Field(description="Publié le (published at)")
    network: NetworkName
    category: CategoryName
    region: str | None = Field(description="Région filtrée ; null : toutes (région filter)")
    ranked: int = Field(description="Profils classés (profiles ranked)")
    kpis: list[str] = Field(description="Indicateurs de la publication (its KPIs)")
    results: list[EntryOut]


class KpiExplanation(Schema):
    kpi: str = Field(description="Indicateur (KPI)", examples=["engagement_rate"])
    label: str = Field(description="Libellé (label)")
    value: int | float | None = KpiResult.model_fields["value"]
    normalised: float | None = KpiResult.model_fields["normalised"]
    weight: float = Field(description="Pondération (weight)")
    points: float | None = KpiResult.model_fields["points"]
    max_points: float = Field(description="Points au maximum (most points it can add)")
    needed: float | None = Field(
        description=(
            "Valeur brute qui ferait gagner un rang, les autres inchangés ; null si aucune "
            "(raw value that would gain a rank, others unchanged; null if none)"
        )
    )
    needed_strictly_above: bool = Field(
        description="Il faut dépasser strictement cette valeur (must go strictly beyond it)"
    )


class ExplanationOut(Schema):
    month: str = Field(description="Mois classé (month ranked)", examples=["2025-12"])
    methodology: str = Field(description="Version de méthodologie (methodology)", examples=["v1"])
    network: NetworkName
    category: CategoryName
    entry: EntryOut
    weights_total: float = Field(description="Somme des pondérations (total weight)")
    kpis: list[KpiExplanation] = Field(
        description="D'où viennent les points, indicateur par indicateur (where points come from)"
    )


class HistoryMonth(Schema):
    month: str = Field(description="Mois (month)", examples=["2025-12"])
    category: CategoryName
    rank: int | None = EntryOut.model_fields["rank"]
    region_rank: int | None = EntryOut.model_fields["region_rank"]
    movement: int | None = EntryOut.model_fields["movement"]
    eligible: bool = EntryOut.model_fields["eligible"]
    reason: Reason | None = EntryOut.model_fields["reason"]
    score: float | None = EntryOut.model_fields["score"]
    kpis: KpiResults = EntryOut.model_fields["kpis"]


class HistoryNetwork(Schema):
    network: NetworkName
    months: list[HistoryMonth] = Field(description="Du plus ancien au plus récent (oldest first)")


class HistoryOut(Schema):
    territory: TerritoryRef
    methodology: str | None = Field(
        description="Version de méthodologie ; null si aucune (methodology; null if none)"
    )
    demo: bool = PageMeta.model_fields["demo"]
    networks: list[HistoryNetwork]


# --- Awards ----------------------------------------------------------------------------------


class EditionSummary(Schema):
    year: int = Field(description="Année (year)", examples=[2024])
    title: str = Field(description="Titre (title)")
    theme: str | None = Field(description="Thème (theme)")
    networks: list[str] = Field(description="Réseaux concernés (networks)")
    period_start: dt.date = Field(description="Début de la période observée (period start)")
    period_end: dt.date = Field(description="Fin de la période observée (period end)")
    nominations_announced_at: dt.datetime | None = Field(
        description="Annonce des nommés ; null avant (nominees announced at; null before)"
    )
    results_announced_at: dt.datetime | None = Field(
        description="Annonce du palmarès ; null avant (palmarès announced at; null before)"
    )
    demo: bool = Field(description="Édition fictive de démonstration (a demonstration edition)")


class Nominee(Schema):
    territory: TerritoryRef
    medal: str | None = Field(
        description="gold, silver, bronze, special ; null avant le palmarès (medal)",
        examples=["gold"],
    )
    medal_label: str | None = Field(
        description="La médaille ou le prix en mots (the medal or prize, in words)",
        examples=["Or"],
    )


class AwardCategoryOut(Schema):
    id: str = Field(description="Identifiant dans l'édition (slug)", examples=["departements"])
    name: str = Field(description="Nom (name)")
    kind: str = Field(description="type, thematic, agility (kind)")
    description: str | None = Field(description="Description (description)")
    territory_categories: list[str] = Field(
        description="Catégories admises ; vide : toutes (categories admitted; empty: all)"
    )
    networks: list[str] = Field(description="Réseaux pris en compte (networks counted)")
    nominees: list[Nominee] = Field(
        description=(
            "Nommés une fois annoncés, médaillés d'abord (nominees once announced, "
            "medallists first)"
        )
    )


class EditionOut(EditionSummary):
    categories: list[AwardCategoryOut]


# --- Census ----------------------------------------------------------------------------------


class CensusMonthOut(Schema):
    month: str = Field(description="Mois (month)", examples=["2025-12"])
    computed_at: dt.datetime = Field(description="Calculé le (computed at)")
    data_until: dt.date = Field(
        description="Relevés lus jusqu'au ; partiel avant la fin du mois (data read until)"
    )
    complete: bool = Field(description="Le mois est complet (the month is complete)")
    demo: bool = Field(
        description="Compte des profils fictifs de démonstration (counts demonstration profiles)"
    )


class CensusFigure(Schema):
    scope: str = Field(
        description="« france », ou l'id d'une région ou d'un département (scope)",
        examples=["france", "region:76"],
    )
    stratum: str = Field(
        description=(
            "« all » (toutes les collectivités), une catégorie, ou « village » : communes de "
            "moins de 2 000 habitants (stratum)"
        ),
        examples=["all", "ville_moyenne"],
    )
    network: str = Field(
        description="« any » (au moins un réseau) ou un réseau (“any”: at least one network)",
        examples=["any", "instagram"],
    )
    territories: int = Field(description="Collectivités de la strate (collectivités)")
    present: int = Field(description="Présentes sur le réseau (present on the network)")
    present_share: float | None = Field(
        description="Part des présentes, en % ; null si aucune collectivité (share present, %)",
        examples=[13.7],
    )
    active: int = Field(
        description="Présentes ayant publié dans le mois (present and posted during the month)"
    )
    active_share: float | None = Field(
        description="Part des présentes qui ont publié, en % (share of those present, %)"
    )
    profiles: int = Field(description="Profils présents (profiles present)")
    profiles_active: int = Field(description="Profils ayant publié (profiles that posted)")
    profiles_active_share: float | None = Field(
        description="Part des profils ayant publié, en % (share of profiles that posted, %)"
    )
    network_counts: list[int] | None = Field(
        description=(
            "Réseau « any » : collectivités avec 0, 1, 2… réseaux ; null sinon (network “any”: "
            "collectivités with 0, 1, 2… networks; null otherwise)"
        ),
        examples=[[31000, 3500, 1200, 400]],
    )
    mean_networks: float | None = Field(
        description="Réseaux par collectivité présente, en moyenne (networks per one present)"
    )


class CensusOut(CensusMonthOut):
    figures: list[CensusFigure]


class CensusMoveOut(Schema):
    date: dt.date = Field(description="Date (date)")
    kind: str = Field(
        description=(
            "left (a cessé de publier), unreachable (devenu inaccessible), opened (ouvert) "
            "(kind of move)"
        ),
        examples=["opened"],
    )
    network: NetworkName
    handle: str = Field(description="Compte (handle)")
    territory: TerritoryRef
    region: str | None = Field(description="Id de sa région (id of its région)")
    departement: str | None = Field(description="Id de son département (its département)")


class CensusMovePage(PageMeta):
    results: list[CensusMoveOut]

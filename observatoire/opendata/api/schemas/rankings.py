"""The KPIs (their fields derived from the KPI catalogue), methodologies, published rankings,
their entries and explanations, and a collectivité's history."""

import datetime as dt

from django.utils import translation
from ninja import Schema
from pydantic import Field, create_model

from observatoire.rankings import kpis as catalogue

from .common import CategoryName, NetworkName, PageMeta, ProfileRef, Reason, TerritoryRef


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

"""The #Hashtags awards: editions, categories, nominees and medals."""

import datetime as dt

from ninja import Schema
from pydantic import Field

from .common import TerritoryRef


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

"""The registry and the profiles of a collectivité."""

import datetime as dt

from ninja import Schema
from pydantic import Field

from .common import CategoryName, PageMeta, ProfileRef, TerritoryKind, TerritoryRef


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

"""The census: months, figures per place × stratum × network, and moves."""

import datetime as dt

from ninja import Schema
from pydantic import Field

from observatoire.opendata.models import CensusMove, Stratum
from observatoire.profiles.models import Network

from .common import NetworkName, PageMeta, TerritoryRef, choices_enum

EVERY_STRATUM, ANY_NETWORK = "all", "any"
StratumName = choices_enum(
    "StratumName",
    Stratum,
    "Strate du recensement (census stratum)",
    first=(EVERY_STRATUM, "toutes les collectivités, every collectivité"),
)
CensusNetwork = choices_enum(
    "CensusNetwork",
    Network,
    "Réseau (network)",
    first=(ANY_NETWORK, "au moins un réseau, at least one network"),
)
MoveKind = choices_enum("MoveKind", CensusMove.Kind, "Mouvement (kind of move)")


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
    stratum: StratumName
    network: CensusNetwork
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
    kind: MoveKind = Field(description="Mouvement (kind of move)", examples=["opened"])
    network: NetworkName
    handle: str = Field(description="Compte (handle)")
    territory: TerritoryRef
    region: str | None = Field(description="Id de sa région (id of its région)")
    departement: str | None = Field(description="Id de son département (its département)")


class CensusMovePage(PageMeta):
    results: list[CensusMoveOut]

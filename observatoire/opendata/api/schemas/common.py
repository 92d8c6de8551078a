"""What every part of the schema shares: enums of the models' choices, errors, pages, and the
references to a collectivité and to a profile."""

import datetime as dt
from enum import StrEnum
from typing import Any

from django.db import models
from django.utils import translation
from ninja import Schema
from pydantic import Field

from observatoire.profiles.models import Network, Profile
from observatoire.rankings.models import RankingEntry
from observatoire.territories.models import Category, Territory

TERRITORY_ID_PATTERN = r"^(region|departement|epci|commune):[0-9A-Za-z]{1,12}$"


def choices_enum(
    name: str, choices: type[models.TextChoices], text: str, *, first: tuple[str, str] | None = None
) -> type[StrEnum]:
    """An enum of the schema with the values of a model's choices (and `first`, a (value,
    label) of the API's own before them), described with their French labels: the choices
    stay declared once, in the models."""
    with translation.override("fr"):
        pairs = [first] if first else []
        pairs += [(value, str(label)) for value, label in choices.choices]
    values = ", ".join(f"`{value}` ({label})" for value, label in pairs)
    enum = StrEnum(name, {value.upper(): value for value, _label in pairs})
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


class TerritoryRef(Schema):
    id: str = Field(
        description=(
            "Identifiant stable « nature:code » de la collectivité "
            "(the collectivité's stable id, “kind:code”)"
        ),
        examples=["departement:32"],
    )
    name: str = Field(description="Nom officiel (official name)", examples=["Gers"])


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

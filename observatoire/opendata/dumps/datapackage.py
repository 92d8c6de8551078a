"""The month's `datapackage.json`: a Frictionless Tabular Data Package
(https://specs.frictionlessdata.io/data-package/) describing every file of the dump, as
data.gouv.fr reusers expect: licence, sources, and for each resource its path, format,
media type, size, SHA-256 and Table Schema (fields, types, French descriptions, constraints,
keys). Written in French whatever the language of the request that queued it."""

from __future__ import annotations

import datetime

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from observatoire.profiles.models import Network

from .datasets import dataset_get
from .files import MEDIA_TYPES, WrittenFile

LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
REGISTRY_SOURCE = {
    "title": "Code officiel géographique (Insee), via @etalab/decoupage-administratif",
    "path": "https://github.com/etalab/decoupage-administratif",
}
CSV_DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "header": True}


def resource_name(file: WrittenFile) -> str:
    """The CSV file is the dataset's resource; its Parquet twin is `<name>-parquet`."""
    return file.dataset if file.format == "csv" else f"{file.dataset}-{file.format}"


def _resource(file: WrittenFile) -> dict:
    dataset = dataset_get(file.dataset)
    resource = {
        "name": resource_name(file),
        "title": str(dataset.title),
        "description": str(dataset.description),
        "path": file.filename,
        "format": file.format,
        "mediatype": MEDIA_TYPES[file.format],
        "bytes": file.size,
        "hash": f"sha256:{file.sha256}",
        "rows": file.rows,
        "profile": "tabular-data-resource",
    }
    if file.format == "csv":
        resource |= {"encoding": "utf-8", "dialect": CSV_DIALECT}
    resource["schema"] = dataset.table_schema()
    return resource


def datapackage_descriptor(
    *,
    month: datetime.date,
    files: list[WrittenFile],
    generated_at: datetime.datetime,
    methodology: str,
    demo: bool,
    site_url: str,
    page_path: str,
) -> dict:
    """The descriptor of a month's files. `demo`: fictitious figures, said in the title, the
    description and a `demo` property (every row of those files also says it)."""
    with translation.override("fr"):
        month_label = date_format(month, "F Y")
        title = _("Observatoire des collectivités sur les réseaux sociaux — %(month)s") % {
            "month": month_label
        }
        description = _(
            "Classements mensuels des collectivités françaises sur les réseaux sociaux "
            "(méthodologie %(methodology)s), indicateurs de chaque profil, profils suivis, "
            "référentiel des collectivités et recensement de leur présence, pour %(month)s. "
            "Chaque fichier existe en CSV (UTF-8) et en Parquet ; une cellule vide est une "
            "valeur inconnue."
        ) % {"methodology": methodology, "month": month_label}
        if demo:
            title = _("DONNÉES DE DÉMONSTRATION (fictives) — %(title)s") % {"title": title}
            description = (
                _(
                    "Données de démonstration : les comptes, chiffres et classements sont "
                    "fictifs et ne décrivent aucune collectivité réelle (colonne « demo »). "
                )
                + description
            )
        networks = ", ".join(label for _value, label in Network.choices)
        return {
            "profile": "tabular-data-package",
            "name": f"observatoire-collectivites-{month:%Y-%m}",
            "id": f"{site_url}{page_path}{month:%Y-%m}/datapackage.json",
            "title": title,
            "description": description,
            "homepage": f"{site_url}{page_path}",
            "version": f"{month:%Y-%m}",
            "created": generated_at.isoformat(),
            "demo": demo,
            "keywords": ["collectivités", "réseaux sociaux", "classements", "recensement"],
            "licenses": [LICENCE],
            "sources": [
                {"title": _("Observatoire des collectivités"), "path": site_url + "/"},
                REGISTRY_SOURCE,
                {
                    "title": _("API publiques des réseaux sociaux (%(networks)s)")
                    % {"networks": networks}
                },
            ],
            "resources": [_resource(file) for file in files],
        }

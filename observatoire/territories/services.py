"""Writes of the registry: create or update territories, never delete."""

from collections.abc import Iterable
from pathlib import Path

from django.db import transaction

from observatoire.core.models import JobRun
from observatoire.core.services import job_run

from . import registry
from .models import Territory

FIELDS = [
    "kind",
    "code",
    "name",
    "slug",
    "category",
    "population",
    "epci_type",
    "siren",
    "postcodes",
    "note",
]
# Parents first, so each level can point at the one above.
KIND_ORDER = [
    Territory.Kind.REGION,
    Territory.Kind.DEPARTEMENT,
    Territory.Kind.EPCI,
    Territory.Kind.COMMUNE,
]


def registry_load(*, source_dir: Path | None = None) -> dict[str, int]:
    """Load the registry from the shipped compact file, or derive it from a release directory.

    Idempotent: rows are matched on their `kind:code` key; nothing is ever deleted.
    Returns counts per kind and how many territories were created.
    """
    rows = registry.derive(source_dir) if source_dir else list(registry.read())
    arguments = {"source": str(source_dir) if source_dir else str(registry.REGISTRY_FILE)}
    with (
        job_run(
            kind=JobRun.Kind.REGISTRY, name="Chargement du référentiel", arguments=arguments
        ) as run,
        transaction.atomic(),
    ):
        before = Territory.objects.count()
        territories_upsert(rows=rows)
        created = Territory.objects.count() - before
        for row in rows:
            run.count(row.kind)
        run.count("created", created)
        return dict(run.counts)


def territories_upsert(*, rows: Iterable[registry.RegistryRow]) -> None:
    rows = list(rows)
    for kind in KIND_ORDER:
        ids = dict(Territory.objects.values_list("key", "id"))
        batch = [
            Territory(
                key=r.key,
                kind=r.kind,
                code=r.code,
                name=r.name,
                slug=r.slug,
                category=r.category,
                population=r.population,
                epci_type=r.epci_type,
                siren=r.siren,
                postcodes=r.postcodes,
                note=r.note,
                region_id=ids.get(r.region),
                departement_id=ids.get(r.departement),
                epci_id=ids.get(r.epci),
            )
            for r in rows
            if r.kind == kind
        ]
        Territory.objects.bulk_create(
            batch,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=[*FIELDS, "region", "departement", "epci"],
        )

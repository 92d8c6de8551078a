from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from observatoire.territories import registry
from observatoire.territories.services import registry_load


class Command(BaseCommand):
    help = "Le référentiel officiel des collectivités : charger (load) ou reconstruire (build)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "load", help="Créer ou mettre à jour les collectivités (sans suppression)."
        )
        load.add_argument(
            "--from",
            dest="source",
            type=Path,
            help="Dossier d'une version de @etalab/decoupage-administratif (data/*.json).",
        )
        build = sub.add_parser(
            "build", help="Reconstruire le fichier compact livré avec le projet."
        )
        build.add_argument("--from", dest="source", type=Path, required=True)
        build.add_argument("--version", required=True, help="Version du paquet npm, ex. 6.0.0")

    def handle(self, *args, action, source=None, **options):
        try:
            if action == "build":
                rows = registry.derive(source)
                registry.write(rows)
                registry.write_provenance(version=options["version"], rows=rows)
                self.stdout.write(
                    f"{len(rows)} collectivités écrites dans {registry.REGISTRY_FILE}"
                )
                return
            counts = registry_load(source_dir=source)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
        self.stdout.write(self.style.SUCCESS(f"Référentiel chargé ({summary})"))

from django.core.management.base import BaseCommand, CommandError

from observatoire.connectors.registry import connector_networks
from observatoire.metrics.collection import collection_run


class Command(BaseCommand):
    help = (
        "Collecter auprès des API des réseaux l'instantané du jour et les publications des 35 "
        "derniers jours de chaque profil actif (ou des profils nommés)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--network",
            action="append",
            default=[],
            choices=connector_networks(),
            help="ce réseau seulement (répétable)",
        )
        parser.add_argument(
            "--profile",
            action="append",
            default=[],
            metavar="NETWORK:HANDLE",
            help="ce profil seulement (répétable)",
        )
        parser.add_argument("--limit", type=int, help="au plus ce nombre de profils")
        parser.add_argument("--no-progress", action="store_true", help="sans barre de progression")

    def handle(self, *args, **options):
        for key in options["profile"]:
            if ":" not in key:
                raise CommandError(f"--profile attend RÉSEAU:IDENTIFIANT, reçu {key!r}")
        run = collection_run(
            networks=options["network"] or None,
            profiles=options["profile"],
            limit=options["limit"],
            progress=not options["no_progress"] and options["verbosity"] > 0,
        )
        counts = run.counts
        self.stdout.write(
            f"{run.name}: {counts.get('profiles_collected', 0)} profils collectés, "
            f"{counts.get('posts_written', 0)} publications, {run.error_count} erreurs "
            f"{counts.get('errors_by_kind', {})} ({run.get_status_display()})"
        )

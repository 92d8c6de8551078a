from django.core.management.base import BaseCommand, CommandError

from observatoire.connectors.registry import connector_networks
from observatoire.metrics.collection import collection_run


class Command(BaseCommand):
    help = (
        "Collect today's snapshot and the posts of the last 35 days of every active profile "
        "(or those named) from the networks' APIs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--network", action="append", default=[], choices=connector_networks(),
            help="only this network (repeatable)",
        )  # fmt: skip
        parser.add_argument(
            "--profile", action="append", default=[], metavar="NETWORK:HANDLE",
            help="only this profile (repeatable)",
        )  # fmt: skip
        parser.add_argument("--limit", type=int, help="at most this many profiles")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        for key in options["profile"]:
            if ":" not in key:
                raise CommandError(f"--profile expects NETWORK:HANDLE, got {key!r}")
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

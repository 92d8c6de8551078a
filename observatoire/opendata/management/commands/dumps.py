from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from observatoire.core.dates import month_option, month_text
from observatoire.opendata.dumps.selectors import dumps_publication_months
from observatoire.opendata.dumps.services import DumpError, dumps_build
from observatoire.rankings.selectors import publication_latest


class Command(BaseCommand):
    help = (
        "Fichiers de données ouvertes (docs/open-data.md) : écrire (build) les classements, "
        "indicateurs, profils, collectivités et le recensement d'un mois en CSV et Parquet, "
        "avec leur datapackage.json."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser(
            "build",
            help="Écrire le dernier mois publié (--month : ce mois ; --all : tous les mois).",
        )
        chosen = build.add_mutually_exclusive_group()
        chosen.add_argument("--month", type=month_option, action="append", help="AAAA-MM.")
        chosen.add_argument("--all", action="store_true", help="Tous les mois publiés.")

    def handle(self, *args, action, **options):
        if options["all"]:
            months = dumps_publication_months()
        elif options["month"]:
            months = options["month"]
        else:
            latest = publication_latest()
            months = [latest.month] if latest else []
        if not months:
            self.stdout.write("Aucun classement publié : aucun fichier à écrire.")
            return
        shared: dict = {}  # the registry and profiles files, written once for every month
        for month in months:
            try:
                dumps = dumps_build(month=month, shared=shared)
            except DumpError as error:
                raise CommandError(str(error)) from None
            size = filesizeformat(sum(dump.size for dump in dumps))
            self.stdout.write(
                self.style.SUCCESS(f"{month_text(month)} : {len(dumps)} fichiers ({size})")
            )

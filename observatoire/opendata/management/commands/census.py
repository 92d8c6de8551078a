from django.core.management.base import BaseCommand

from observatoire.core.dates import month_option
from observatoire.opendata.census.services import census_build


class Command(BaseCommand):
    help = (
        "Recensement des collectivités sur les réseaux sociaux : calculer (build) les chiffres "
        "mensuels et les mouvements à partir des données enregistrées (docs/census.md)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser(
            "build",
            help="Calculer les deux derniers mois (--month : ce mois ; --all : tous les mois).",
        )
        chosen = build.add_mutually_exclusive_group()
        chosen.add_argument("--month", type=month_option, action="append", help="AAAA-MM.")
        chosen.add_argument("--all", action="store_true", help="Tous les mois ayant des données.")

    def handle(self, *args, action, **options):
        months = census_build(months=options["month"], every=options["all"])
        if not months:
            self.stdout.write("Aucun mois à calculer : aucune donnée collectée pour ces mois.")
            return
        listed = ", ".join(f"{month:%Y-%m}" for month in months)
        self.stdout.write(f"Recensement calculé : {len(months)} mois ({listed}).")

import io
import json

from django.core.management.base import BaseCommand, CommandError

from observatoire.core.csvio import CsvWriter, quiet_when_pipe_closes
from observatoire.core.dates import month_option
from observatoire.demo.selectors import DEMO_WARNING, demo_data_present
from observatoire.profiles.models import Network
from observatoire.rankings.models import Methodology, RankingPublication
from observatoire.rankings.selectors import (
    methodology_default,
    ranking_export_columns,
    ranking_export_rows,
)
from observatoire.territories.models import Category


class Command(BaseCommand):
    help = "Classements publiés : exporter (export) un classement en CSV ou JSON."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser(
            "export", help="Exporter le classement d'un réseau et d'une catégorie."
        )
        export.add_argument("--month", required=True, type=month_option, help="Mois, AAAA-MM.")
        export.add_argument("--network", required=True, choices=Network.values)
        export.add_argument("--category", required=True, choices=Category.values)
        export.add_argument("--methodology", help="Version de la méthodologie (défaut : v1).")
        export.add_argument("--format", dest="fmt", choices=["csv", "json"], default="csv")
        export.add_argument("-o", "--output", help="Fichier de sortie (défaut : sortie standard).")

    def handle(self, *args, action, **options):
        month = options["month"]
        slug = options["methodology"]
        methodology = (
            Methodology.objects.filter(slug=slug).first() if slug else methodology_default()
        )
        if methodology is None:
            raise CommandError(f"Méthodologie inconnue : {slug}")
        publication = RankingPublication.objects.filter(
            methodology=methodology, month=month
        ).first()
        if publication is None:
            raise CommandError(
                f"Aucun classement publié pour {month:%Y-%m} ({methodology.slug}) : "
                f"lancez `observatoire rank --month {month:%Y-%m}`."
            )
        rows = ranking_export_rows(
            publication=publication, network=options["network"], category=options["category"]
        )
        if demo_data_present():
            self.stderr.write(DEMO_WARNING)
        text = io.StringIO()
        if options["fmt"] == "json":
            json.dump(rows, text, ensure_ascii=False, indent=1)
            text.write("\n")
        else:
            columns = ranking_export_columns(publication=publication)
            writer = CsvWriter(text, reversible=False)  # cells a spreadsheet would run: '=…
            writer.writerow(columns)
            for row in rows:
                writer.writerow(row[column] for column in columns)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as stream:
                stream.write(text.getvalue())
            self.stderr.write(f"{len(rows)} lignes écrites dans {options['output']}")
        else:
            with quiet_when_pipe_closes(self.stdout._out):
                self.stdout._out.write(text.getvalue())

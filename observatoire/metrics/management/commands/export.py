import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from observatoire.core.context_processors import DEMO_WARNING, demo_data_present
from observatoire.core.csvio import write_rows
from observatoire.metrics.exports import EXPORTS


class Command(BaseCommand):
    help = "Exporter en CSV ou JSON, avec les colonnes des imports."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(EXPORTS))
        parser.add_argument("--format", dest="fmt", choices=["csv", "json"], default="csv")
        parser.add_argument(
            "-o", "--output", type=Path, help="Fichier de sortie (défaut : stdout)."
        )

    def handle(self, *args, kind, fmt, output=None, **options):
        columns, rows = EXPORTS[kind]
        if demo_data_present():
            self.stderr.write(DEMO_WARNING)
        if output is None:
            count = write_rows(rows(), columns=columns, output=self.stdout._out, fmt=fmt)
        else:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                count = write_rows(rows(), columns=columns, output=handle, fmt=fmt)
            self.stderr.write(f"{count} ligne(s) écrite(s) dans {output}")
        if output is None and hasattr(sys.stdout, "flush"):
            sys.stdout.flush()

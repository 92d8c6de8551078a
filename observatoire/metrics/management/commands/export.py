from contextlib import closing
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from observatoire.core.csvio import quiet_when_pipe_closes, write_rows
from observatoire.demo.selectors import DEMO_WARNING, demo_data_present
from observatoire.metrics.exports import EXPORTS


class Command(BaseCommand):
    help = (
        "Exporter en CSV ou JSON, avec les colonnes des imports (réimportable à l'identique ; "
        "une cellule commençant par = + - @ ' tabulation ou CR reçoit une ' de plus)."
    )

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
            stream = self.stdout._out
            # Rows closed before exiting on a closed pipe: their database cursor is released
            # now, not by the garbage collector once the connection is gone (a traceback).
            with closing(rows()) as iterator, quiet_when_pipe_closes(stream):
                write_rows(iterator, columns=columns, output=stream, fmt=fmt)
            return
        try:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                count = write_rows(rows(), columns=columns, output=handle, fmt=fmt)
        except OSError as exc:
            raise CommandError(f"{output} : {exc.strerror}") from exc
        self.stderr.write(f"{count} ligne(s) écrite(s) dans {output}")

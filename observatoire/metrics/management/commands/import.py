from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from observatoire.core.csvio import HeaderError
from observatoire.metrics.imports import IMPORTERS, ImportRejected, import_file


class Command(BaseCommand):
    help = (
        "Importer un fichier CSV (UTF-8, en-tête, virgules) : tout ou rien. "
        "Si une ligne est invalide, rien n'est écrit et chaque ligne fautive est listée."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--no-progress", action="store_true", help="Sans barre de progression.")

    def handle(self, *args, kind, file, no_progress=False, **options):
        if not file.is_file():
            raise CommandError(f"{file} : fichier introuvable")
        try:
            report = import_file(kind=kind, path=file, progress=not no_progress)
        except OSError as exc:
            raise CommandError(f"{file} : {exc.strerror}") from exc
        except HeaderError as exc:
            raise CommandError(f"{file}:{exc.line}: {exc}") from exc
        except ImportRejected as exc:
            for line, message in exc.report.errors:
                self.stderr.write(f"{file}:{line}: {message}")
            raise CommandError(
                f"Import annulé : {len(exc.report.errors)} ligne(s) en erreur sur "
                f"{exc.report.rows} ; la base n'a pas été modifiée."
            ) from exc
        self.stdout.write(self.style.SUCCESS(f"{report.rows} ligne(s) importée(s) ({kind})."))

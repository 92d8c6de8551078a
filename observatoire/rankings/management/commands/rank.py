import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from observatoire.core.dates import month_option
from observatoire.metrics.services import post_rollups_rebuild
from observatoire.rankings import formulas
from observatoire.rankings.models import Methodology
from observatoire.rankings.selectors import methodology_default
from observatoire.rankings.services import ranking_build_range


class Command(BaseCommand):
    help = "Calculer et publier les classements d'un mois (ou d'une plage de mois)."

    def add_arguments(self, parser):
        parser.add_argument("--month", type=month_option, help="Mois à classer, AAAA-MM.")
        parser.add_argument(
            "--from", dest="start", type=month_option, help="Premier mois d'une plage, AAAA-MM."
        )
        parser.add_argument(
            "--to", dest="end", type=month_option, help="Dernier mois d'une plage, AAAA-MM."
        )
        parser.add_argument("--methodology", help="Version de la méthodologie (défaut : v1).")
        parser.add_argument(
            "--rebuild-rollups",
            action="store_true",
            help="Recalculer d'abord les cumuls quotidiens des publications de la période "
            "(utile si des publications ont été écrites hors de l'application).",
        )

    def handle(self, *args, month=None, start=None, end=None, methodology=None, **options):
        if month and (start or end):
            raise CommandError("--month ou bien --from/--to, pas les deux.")
        if month:
            start = end = month
        if not (start and end):
            raise CommandError("Indiquez --month AAAA-MM, ou --from AAAA-MM --to AAAA-MM.")
        first, last = start, end
        if first > last:
            raise CommandError("--from doit précéder --to.")
        if methodology:
            chosen = Methodology.objects.filter(slug=methodology).first()
            if chosen is None:
                raise CommandError(f"Méthodologie inconnue : {methodology}")
        elif (chosen := methodology_default()) is None:
            raise CommandError("Aucune méthodologie par défaut : indiquez --methodology.")
        if options["rebuild_rollups"]:
            window_start = formulas.window_days(first, chosen.window_days)[0]
            written = post_rollups_rebuild(start=window_start, end=formulas.reading_date(last))
            self.stdout.write(f"{written} cumuls quotidiens recalculés")
        for publication in ranking_build_range(
            start=first, end=last, methodology=chosen, on_wait=self.say_waiting
        ):
            eligible = publication.entries.filter(eligible=True).count()
            self.stdout.write(
                self.style.SUCCESS(
                    f"{publication.month:%Y-%m} ({chosen.slug}) : {publication.entry_count} "
                    f"profils, dont {eligible} classés"
                )
            )

    def say_waiting(self, month: datetime.date, methodology: Methodology) -> None:
        self.stderr.write(
            _(
                "Un classement de %(month)s (%(methodology)s) est déjà en cours : "
                "attente de sa fin, puis publication de celui-ci."
            )
            % {"month": f"{month:%Y-%m}", "methodology": methodology.slug}
        )

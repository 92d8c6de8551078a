import contextlib
import io
import time

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import formats, timezone

from observatoire.core.dates import month_option
from observatoire.demo import services
from observatoire.demo.awards import (
    CREATED,
    REOPENED,
    SKIPPED,
    DemoAwardsError,
    demo_awards,
    demo_awards_clear,
)
from observatoire.demo.members import (
    DEMO_EMAIL_DOMAIN,
    DEMO_MEMBER_PASSWORD,
    demo_members,
    demo_members_clear,
)

SITE = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Jeu de données de démonstration : generate, rank, login, awards, clear."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        generate = commands.add_parser(
            "generate", help="Générer profils, relevés, publications et articles de démonstration."
        )
        generate.add_argument("--months", type=int, default=13, help="Nombre de mois (13).")
        generate.add_argument("--seed", type=int, default=1, help="Graine du hasard (1).")
        generate.add_argument("--scale", choices=services.SCALES, default="national")
        generate.add_argument(
            "--to",
            dest="last_month",
            type=month_option,
            default=services.DEFAULT_LAST_MONTH,
            help="Dernier mois généré, AAAA-MM (2025-12).",
        )
        generate.add_argument(
            "--force", action="store_true", help="Régénérer même si c'est déjà fait."
        )
        commands.add_parser("rank", help="Classer chaque mois généré (s'il ne l'est pas déjà).")
        commands.add_parser(
            "login",
            help="Créer ou réinitialiser le compte équipe et les membres de démo (Mon espace).",
        )
        commands.add_parser(
            "awards",
            help="Trophées #Hashtags de démonstration : éditions 2020, 2024 (palmarès) et 2026 "
            "(candidatures ouvertes), dossiers, jury.",
        )
        clear = commands.add_parser("clear", help="Supprimer les données de démonstration.")
        clear.add_argument("--yes", action="store_true", help="Confirmer la suppression.")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _generate(self, *, months, seed, scale, last_month, force, **options):
        if months < 1:
            raise CommandError("--months doit valoir au moins 1.")
        started = time.monotonic()
        run = services.demo_generate(
            months=months,
            seed=seed,
            scale=scale,
            last_month=last_month,
            force=force,
            progress=options["verbosity"] > 0,
        )
        if run is None:
            self.stdout.write("Données de démonstration déjà générées avec ces paramètres.")
            return
        counts = ", ".join(f"{k} : {v}" for k, v in run.counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Démo générée en {time.monotonic() - started:.1f} s ({counts})")
        )

    def _rank(self, **options):
        started = time.monotonic()
        months = services.demo_rank(progress=options["verbosity"] > 0)
        if not months:
            self.stdout.write("Classements de démonstration déjà à jour.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(months)} mois classés ({months[0]:%Y-%m} → {months[-1]:%Y-%m}) "
                f"en {time.monotonic() - started:.1f} s"
            )
        )

    def _login(self, **options):
        username, password = services.demo_login()
        lines = [
            "",
            "Site de démonstration : http://127.0.0.1:8000/",
            f"Compte équipe : identifiant « {username} », mot de passe « {password} »",
            "(administration : http://127.0.0.1:8000/admin/)",
            f"Membres de collectivités (Mon espace), mot de passe « {DEMO_MEMBER_PASSWORD} » :",
        ]
        for member, territories in demo_members():
            lines.append(f"  « {member.username} » — {', '.join(territories) or '-'}")
        self.stdout.write(self.style.SUCCESS("\n".join(lines) + "\n"))

    def _awards(self, **options):
        started = time.monotonic()
        # The console mail backend would print the jury's invitations here: kept quiet, they
        # go to the demo addresses, which are never delivered.
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                made = demo_awards()
            except DemoAwardsError as error:
                raise CommandError(str(error)) from None
        lines = [f"#Hashtags de démonstration ({time.monotonic() - started:.1f} s) :"]
        for edition in made.editions:
            lines.extend(self._edition_lines(edition))
        lines.append(
            f"Jurés des #Hashtags 2024 ({SITE}{reverse('jury:index')}), mot de passe "
            f"« {DEMO_MEMBER_PASSWORD} » :"
        )
        for user, conflicts in made.jurors:
            conflict = f" — conflit d'intérêts : {', '.join(conflicts)}" if conflicts else ""
            lines.append(f"  « {user.username} » — {user.get_full_name()}{conflict}")
        if made.invitations:
            lines.append(
                f"({made.invitations} invitations du jury envoyées aux adresses "
                f"@{DEMO_EMAIL_DOMAIN}, jamais distribuées)"
            )
        self.stdout.write(self.style.SUCCESS("\n".join(lines) + "\n"))

    def _edition_lines(self, made) -> list[str]:
        if made.state == SKIPPED:
            return [f"  {made.year} : une édition réelle existe déjà, laissée telle quelle"]
        edition = made.edition
        state = {CREATED: "créée", REOPENED: "candidatures rouvertes"}.get(made.state, "déjà là")
        url = f"{SITE}{reverse('awards:edition', args=[edition.year])}"
        lines = [f"  {edition.title} ({state}) — {url}"]
        if edition.closed_at is None:
            close = formats.date_format(timezone.localtime(edition.entries_close_at), "j F Y")
            lines.append(f"    candidatures ouvertes jusqu'au {close}")
        if made.dossiers:
            lines.append(f"    dossiers déposés : {', '.join(made.dossiers)}")
        for category, nominees in made.categories:
            names = ", ".join(f"{name} ({medal})" if medal else name for name, medal in nominees)
            lines.append(f"    {category} : {names}")
        return lines

    def _clear(self, *, yes, **options):
        if not yes:
            raise CommandError(
                "Supprime tous les profils, publications, articles, classements, membres et "
                "trophées de démonstration : relancez avec --yes pour confirmer."
            )
        counts = demo_awards_clear() | services.demo_clear() | demo_members_clear()
        self.stdout.write(self.style.SUCCESS(f"Données de démonstration supprimées : {counts}"))

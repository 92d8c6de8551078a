import time

from django.core.management.base import BaseCommand, CommandError

from observatoire.core.dates import month_option
from observatoire.demo import services
from observatoire.demo.members import DEMO_MEMBER_PASSWORD, demo_members, demo_members_clear


class Command(BaseCommand):
    help = "Jeu de données de démonstration : generate, rank, login, clear."

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

    def _clear(self, *, yes, **options):
        if not yes:
            raise CommandError(
                "Supprime tous les profils, publications, articles et classements de "
                "démonstration : relancez avec --yes pour confirmer."
            )
        counts = services.demo_clear() | demo_members_clear()
        self.stdout.write(self.style.SUCCESS(f"Données de démonstration supprimées : {counts}"))

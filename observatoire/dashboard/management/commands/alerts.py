from django.core.management.base import BaseCommand

from observatoire.dashboard.alerts.services import alerts_catch_up


class Command(BaseCommand):
    help = (
        "Alertes de Mon espace : enregistre et envoie ce qui ne l'est pas encore (profils "
        "devenus inaccessibles depuis un jour, récapitulatif du dernier classement publié). "
        "Ce que fait la tâche quotidienne alerts.catch_up ; sans effet quand tout est envoyé."
    )

    def handle(self, *args, **options):
        sent = alerts_catch_up()
        self.stdout.write(self.style.SUCCESS(f"Courriels d'alerte envoyés : {sent}"))

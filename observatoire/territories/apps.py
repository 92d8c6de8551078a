from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "observatoire.territories"
    label = "territories"

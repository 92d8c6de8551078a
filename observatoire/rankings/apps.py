from django.apps import AppConfig


class RankingsConfig(AppConfig):
    name = "observatoire.rankings"
    label = "rankings"

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "observatoire.api"
    label = "api"

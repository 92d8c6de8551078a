from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "observatoire.devtools"
    label = "devtools"

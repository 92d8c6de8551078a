from django.apps import AppConfig


class ConnectorsConfig(AppConfig):
    name = "observatoire.connectors"
    label = "connectors"

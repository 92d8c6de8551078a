from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "observatoire.metrics"
    label = "metrics"

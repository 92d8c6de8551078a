from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "observatoire.demo"
    label = "demo"

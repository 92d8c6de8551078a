from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "observatoire.site"
    label = "site"

from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "observatoire.profiles"
    label = "profiles"

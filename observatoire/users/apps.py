from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "observatoire.users"
    label = "users"

from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "observatoire.blog"
    label = "blog"

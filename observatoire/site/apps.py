from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "observatoire.site"
    label = "site"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from observatoire.blog.models import Article
        from observatoire.rankings.models import RankingPublication

        from .cache import stamp_forget

        for model in (RankingPublication, Article):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                uid = f"site-stamp-{model.__name__}-{name}"
                signal.connect(stamp_forget, sender=model, dispatch_uid=uid)

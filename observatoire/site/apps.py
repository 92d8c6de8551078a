from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "observatoire.site"
    label = "site"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from observatoire.awards.models import Award, AwardCategory, Edition, Nomination
        from observatoire.blog.models import Article
        from observatoire.profiles.models import ProfileCorrection
        from observatoire.rankings.models import RankingPublication

        from .cache import stamp_forget

        # A validated correction shows at once: "profil vérifié" (selectors.profile_status_stamp)
        # An awards change shows at once too (the clock's announcements: within STAMP_SECONDS).
        awards = (Edition, AwardCategory, Nomination, Award)
        for model in (RankingPublication, Article, ProfileCorrection, *awards):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                uid = f"site-stamp-{model.__name__}-{name}"
                signal.connect(stamp_forget, sender=model, dispatch_uid=uid)

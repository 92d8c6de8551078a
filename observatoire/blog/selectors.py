"""Reads of the blog: only articles whose publication date has come are public."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import Article


def article_published() -> QuerySet[Article]:
    return Article.objects.filter(published_at__lte=timezone.now()).order_by("-published_at")


def article_latest(*, limit: int = 3) -> list[Article]:
    return list(article_published()[:limit])


def article_get(*, slug: str) -> Article:
    """A published article; raises Article.DoesNotExist for a draft or an unknown slug."""
    return article_published().select_related("author").get(slug=slug)

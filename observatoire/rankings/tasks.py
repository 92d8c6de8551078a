"""Celery wrappers around the rankings services."""

import datetime

from celery import shared_task
from django.utils import timezone

from .models import Methodology
from .services import month_previous, ranking_build


@shared_task(name="rankings.rank_month")
def rank_month(month: str | None = None, methodology: str | None = None) -> int:
    """Publish the rankings of `month` (YYYY-MM; default: the previous month). Returns the
    publication id."""
    if month:
        day = datetime.datetime.strptime(month, "%Y-%m").date()
    else:
        day = month_previous(timezone.localdate())
    chosen = Methodology.objects.get(slug=methodology) if methodology else None
    return ranking_build(month=day, methodology=chosen).pk

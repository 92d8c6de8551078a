"""Celery wrappers around the rankings services."""

from celery import shared_task
from django.utils import timezone

from observatoire.core.dates import parse_month
from observatoire.dashboard.alerts.tasks import queue_after_ranking
from observatoire.opendata.census.tasks import queue_census_build
from observatoire.opendata.dumps.tasks import queue_dumps_after_ranking

from .models import Methodology
from .services import month_previous, ranking_build


@shared_task(name="rankings.rank_month")
def rank_month(month: str | None = None, methodology: str | None = None) -> int:
    """Publish the rankings of `month` (YYYY-MM; default: the previous month). Returns the
    publication id."""
    day = parse_month(month) if month else month_previous(timezone.localdate())
    chosen = Methodology.objects.get(slug=methodology) if methodology else None
    publication = ranking_build(month=day, methodology=chosen)
    queue_after_ranking(publication_id=publication.pk)  # members' alerts and monthly digests
    queue_census_build(months=[publication.month])  # the census of the month published
    queue_dumps_after_ranking(publication_id=publication.pk)  # the month's open-data files
    return publication.pk

"""Celery wrappers around the metrics services."""

from celery import shared_task

from observatoire.dashboard.alerts.tasks import queue_after_collection
from observatoire.opendata.census.tasks import queue_census_build

from .collection import collection_run


@shared_task(name="metrics.collect")
def collect(
    networks: list[str] | None = None, profiles: list[str] | None = None, limit: int | None = None
) -> int:
    """Collect today's snapshots and recent posts (see collection_run). Returns the run id."""
    run = collection_run(networks=networks, profiles=profiles, limit=limit)
    queue_after_collection(run_id=run.pk)  # alerts about the profiles found unreachable
    queue_census_build()  # the census of the last two months, with what was collected
    return run.pk

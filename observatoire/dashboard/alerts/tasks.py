"""Celery wrappers around the alert services, and how the collection and the ranking queue
them: after their transaction commits (at once outside one), inline without a broker."""

from functools import partial

from celery import shared_task
from django.db import transaction

from .services import alerts_after_collection, alerts_after_ranking, alerts_catch_up


@shared_task(name="alerts.after_collection")
def after_collection(run_id: int) -> int:
    """Alerts about the profiles the collection `run_id` found unreachable; e-mails sent."""
    return alerts_after_collection(run_id=run_id)


@shared_task(name="alerts.after_ranking")
def after_ranking(publication_id: int) -> int:
    """Alerts and monthly digests of a published month; e-mails sent."""
    return alerts_after_ranking(publication_id=publication_id)


@shared_task(name="alerts.catch_up")
def catch_up() -> int:
    """What the last collection or ranking could not send (config/schedules.py)."""
    return alerts_catch_up()


# `robust`: a broker that cannot be reached (or an alert that fails) does not fail the
# collection or the ranking that already committed; the daily catch-up sends what is missing.


def queue_after_collection(*, run_id: int) -> None:
    transaction.on_commit(partial(after_collection.delay, run_id), robust=True)


def queue_after_ranking(*, publication_id: int) -> None:
    transaction.on_commit(partial(after_ranking.delay, publication_id), robust=True)

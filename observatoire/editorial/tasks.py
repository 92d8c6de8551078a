"""Celery wrappers around the editorial services, and how others queue them: after their
transaction commits (at once outside one), inline without a broker."""

from functools import partial

from celery import shared_task
from django.db import transaction

from .services import analyses_reclassify, branded_hashtags_refresh


@shared_task(name="editorial.reclassify")
def reclassify() -> int:
    """Classify again the posts analysed with an older lexicon. Returns the run id."""
    return analyses_reclassify().pk


@shared_task(name="editorial.branded_hashtags")
def branded_hashtags() -> int:
    """Recompute the branded hashtags. Returns how many there are."""
    return branded_hashtags_refresh()


def queue_reclassify() -> None:
    transaction.on_commit(reclassify.delay, robust=True)


def queue_branded_hashtags() -> None:
    """After a collection run or an import of posts. `robust`: a broker that cannot be
    reached does not fail the run that already committed; the next one catches up."""
    transaction.on_commit(partial(branded_hashtags.delay), robust=True)

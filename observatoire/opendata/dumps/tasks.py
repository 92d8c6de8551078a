"""Celery wrappers around the dumps' services, and how the ranking queues them: after its
transaction commits (at once outside one), inline without a broker."""

from functools import partial

from celery import shared_task
from django.db import transaction

from observatoire.core.dates import month_text, parse_month

from .services import dumps_after_publication, dumps_build


@shared_task(name="dumps.after_ranking")
def after_ranking(publication_id: int) -> list[str]:
    """The open-data files of a published month (AAAA-MM of the months written)."""
    return [month_text(m) for m in dumps_after_publication(publication_id=publication_id)]


@shared_task(name="dumps.build")
def build(month: str) -> int:
    """The open-data files of `month` (AAAA-MM); how many files were written."""
    return len(dumps_build(month=parse_month(month)))


def queue_dumps_after_ranking(*, publication_id: int) -> None:
    """`robust`: dumps that fail do not fail the ranking that already committed; the month
    can be dumped again with `observatoire dumps build --month AAAA-MM`."""
    transaction.on_commit(partial(after_ranking.delay, publication_id), robust=True)

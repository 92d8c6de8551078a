"""Celery wrapper around the census build, and how the collection and the ranking queue it:
after their transaction commits (at once outside one), inline without a broker."""

from functools import partial

from celery import shared_task
from django.db import transaction

from observatoire.core.dates import month_text, parse_month

from .services import census_build


@shared_task(name="census.build")
def build(months: list[str] | None = None) -> list[str]:
    """Compute the census of `months` (AAAA-MM; default: the last two with data)."""
    chosen = [parse_month(month) for month in months] if months else None
    return [month_text(month) for month in census_build(months=chosen)]


def queue_census_build(*, months: list | None = None) -> None:
    """After the transaction commits: the census of `months` (dates), default the last two.
    `robust`: a census that fails does not fail the collection or ranking that committed."""
    texts = [month_text(month) for month in months] if months else None
    transaction.on_commit(partial(build.delay, texts), robust=True)

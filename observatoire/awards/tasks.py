"""Celery wrapper around the dossiers' link reading, and how the dossier services queue it:
after their transaction commits (at once outside one), inline without a broker."""

from functools import partial

from celery import shared_task
from django.db import transaction


@shared_task(name="awards.dossier_links_fetch")
def dossier_links_fetch(dossier_id: int) -> int:
    """Read the dossier's uncollected posts from their networks; how many links it matched."""
    from .link_fetching import dossier_links_fetch as fetch
    from .models import Dossier

    dossier = Dossier.objects.filter(pk=dossier_id).first()
    return fetch(dossier=dossier).matched if dossier is not None else 0


def queue_links_fetch(*, dossier_id: int) -> None:
    # `robust`: a broker that cannot be reached, or a network that fails, never undoes the
    # dossier's save that already committed; the admin action reads them again.
    transaction.on_commit(partial(dossier_links_fetch.delay, dossier_id), robust=True)

"""Celery discovers `<app>.tasks`: the alert tasks live in dashboard/alerts/tasks.py."""

from .alerts.tasks import after_collection, after_ranking, catch_up

__all__ = ["after_collection", "after_ranking", "catch_up"]

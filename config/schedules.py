"""Every periodic job, declared once. Times are Europe/Paris (CELERY_TIMEZONE)."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # Daily collection of every profile's snapshot and recent posts, at night in Paris.
    "metrics-collect-daily": {
        "task": "metrics.collect",
        "schedule": crontab(minute=30, hour=3),
    },
    # Rankings of the previous month, on the 1st once the last day has been collected.
    "rankings-rank-previous-month": {
        "task": "rankings.rank_month",
        "schedule": crontab(minute=0, hour=6, day_of_month=1),
    },
    # Alerts the collection or the month's ranking could not send (broker unreachable, mail
    # server down, worker killed): recorded and sent in the morning, never twice (their
    # e-mails are queued after each collection and ranking; this is only the safety net).
    "alerts-catch-up-daily": {
        "task": "alerts.catch_up",
        "schedule": crontab(minute=0, hour=9),
    },
}

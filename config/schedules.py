"""Every periodic job, declared once. Times are Europe/Paris (CELERY_TIMEZONE)."""

BEAT_SCHEDULE: dict = {}

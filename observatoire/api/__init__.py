"""The open-data JSON API (django-ninja), documented at /api/docs."""

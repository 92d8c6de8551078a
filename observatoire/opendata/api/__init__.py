"""The read-only open-data API, /api/v1/ (django-ninja): the registry, profiles, published
rankings and their explanations, methodologies, the census and the awards' palmarès, with
throttling, conditional GET and CORS (docs/api.md)."""

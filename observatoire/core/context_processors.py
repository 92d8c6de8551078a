"""Template context shared by every page."""

from django.core.cache import cache

DEMO_CACHE_KEY = "core:demo-data-present"
# Said by every command that exports data while demo data exists (stderr: the data stays clean).
DEMO_WARNING = (
    "Attention : la base contient des données de démonstration (fictives) ; "
    "ne les publiez pas comme des mesures réelles."
)


def demo_data_present() -> bool:
    """True while any demonstration profile exists (cached for a minute)."""
    present = cache.get(DEMO_CACHE_KEY)
    if present is None:
        from observatoire.profiles.models import Profile

        present = Profile.objects.filter(is_demo=True).exists()
        cache.set(DEMO_CACHE_KEY, present, 60)
    return present


def demo_data(request) -> dict:
    """`demo_data` is true while any demonstration profile exists, so pages can say so."""
    return {"demo_data": demo_data_present()}

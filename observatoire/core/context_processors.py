"""Template context shared by every page."""

from django.core.cache import cache

DEMO_CACHE_KEY = "core:demo-data-present"


def demo_data(request) -> dict:
    """`demo_data` is true while any demonstration profile exists, so pages can say so."""
    present = cache.get(DEMO_CACHE_KEY)
    if present is None:
        from observatoire.profiles.models import Profile

        present = Profile.objects.filter(is_demo=True).exists()
        cache.set(DEMO_CACHE_KEY, present, 60)
    return {"demo_data": present}

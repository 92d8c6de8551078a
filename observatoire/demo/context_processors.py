"""Template context of every page: whether demonstration data is present, so pages say so."""

from .selectors import demo_data_present


def demo_data(request) -> dict:
    """`demo_data` is true while any demonstration profile exists."""
    return {"demo_data": demo_data_present()}

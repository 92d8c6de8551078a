"""Formatting for Mon espace › Publications: shares of posts and bar widths."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def share_text(value) -> str:
    """A fraction as a whole percentage ("40 %"); "< 1 %" for a small non-zero share, "—"
    when unknown."""
    if value is None or value == "":
        return "—"
    percent = float(value) * 100
    if 0 < percent < 0.5:
        return "< 1 %"
    return f"{number_format(round(percent), 0)} %"


@register.filter
def bar_width(value) -> str:
    """A fraction as an SVG width out of 100, never localised ("40.0")."""
    try:
        return f"{max(0.0, min(1.0, float(value))) * 100:.1f}"
    except (TypeError, ValueError):
        return "0"


@register.filter
def spelling(spellings: dict, key: str) -> str:
    """A hashtag key as the collectivité writes it (its branded spelling), else the key."""
    return (spellings or {}).get(key, key)

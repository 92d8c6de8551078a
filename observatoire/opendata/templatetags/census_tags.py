"""Numbers of the census page as people read them; unknown is "—", never 0."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def census_share(value) -> str:
    """A share in % with one decimal ("13,7 %"), "—" when unknown."""
    if value is None:
        return "—"
    return f"{number_format(round(value, 1), 1, force_grouping=True)} %"


@register.filter
def census_number(value, decimals: int = 2) -> str:
    """A decimal number ("1,93"), "—" when unknown."""
    if value is None:
        return "—"
    return number_format(round(value, decimals), decimals, force_grouping=True)


@register.filter
def census_count(value) -> str:
    """A count with grouped digits ("36 335"), "—" when unknown."""
    if value is None:
        return "—"
    return number_format(value, 0, force_grouping=True)


@register.filter
def census_item(sequence, index):
    """sequence[index], None when out of range."""
    try:
        return sequence[index]
    except (IndexError, KeyError, TypeError):
        return None

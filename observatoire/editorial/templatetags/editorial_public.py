"""Formatting of the public editorial pages: shares, indexes, rates and scores as people read
them, "—" when unknown (never 0)."""

from django import template
from django.utils.formats import number_format

from observatoire.editorial import barometer
from observatoire.site.templatetags.site_tags import kpi_value

register = template.Library()


@register.filter
def percent(value, decimals: int = 1) -> str:
    """A fraction as a percentage ("12,3 %"); "—" when unknown."""
    if value is None or value == "":
        return "—"
    return f"{number_format(round(float(value) * 100, decimals), decimals)} %"


@register.filter
def index_text(value) -> str:
    """An index where 100 is the group's mean ("135"); "—" when unknown."""
    if value is None or value == "":
        return "—"
    return number_format(round(float(value)), 0)


@register.filter
def rate_text(value) -> str:
    """A mean engagement rate, formatted as the engagement-rate KPI ("1,25 %")."""
    return kpi_value(value, "engagement_rate")


@register.filter
def score_text(value) -> str:
    """A mean accessibility score out of 100, one decimal ("72,4"); "—" when unknown."""
    if value is None or value == "":
        return "—"
    return number_format(round(float(value), 1), 1)


@register.filter
def grouped(value) -> str:
    """A count with its thousands grouped ("1 109"); "—" when unknown."""
    if value is None or value == "":
        return "—"
    return number_format(int(value), 0, force_grouping=True)


@register.filter
def score_level(value) -> int:
    """The colour band of a mean score in the barometer's overview (0: unknown)."""
    return barometer.score_level(None if value in (None, "") else float(value))

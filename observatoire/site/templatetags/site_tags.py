"""Formatting of scores, KPIs, movements and streaks, shared by pages and the CSV export."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from observatoire.rankings import kpis as catalogue
from observatoire.site import selectors

register = template.Library()

DECIMALS = {"score": 2, "points": 1}  # the other names are KPIs, formatted as declared


@register.filter
def kpi_value(value, name: str) -> str:
    """A KPI or score as people read it: percentages for rates, grouped digits for counts."""
    if value is None or value == "":
        return "—"
    value = float(value)
    kpi = catalogue.CATALOGUE.get(name)
    decimals = kpi.decimals if kpi else DECIMALS.get(name, 2)
    if kpi and kpi.unit == "percent":
        return f"{number_format(round(value * 100, decimals), decimals, force_grouping=True)} %"
    return number_format(round(value, decimals), decimals, force_grouping=True)


@register.filter
def kpi_raw(entry, name: str):
    """The raw value of a KPI of a ranking entry (None when unknown)."""
    return entry.kpi(name).value


@register.filter
def movement_text(entry) -> str:
    """ "+3", "−2", "=" or "nouveau" (not ranked last month); empty when not ranked now."""
    if not entry.eligible:
        return ""
    if entry.previous_rank is None or entry.movement is None:
        return _("nouveau")
    if entry.movement > 0:
        return f"+{entry.movement}"
    if entry.movement < 0:
        return f"−{-entry.movement}"
    return "="


@register.filter
def streak_badge(entry) -> str:
    """ "1er pour le 3e mois consécutif" or "Top 10 depuis 4 mois"; empty for a short streak."""
    if entry.streak_first >= 2:
        return _("1er pour le %(n)se mois consécutif") % {"n": entry.streak_first}
    if entry.streak_top10 >= 3:
        return _("Top 10 depuis %(n)s mois") % {"n": entry.streak_top10}
    return ""


@register.filter
def unreachable_now(entry) -> bool:
    """Whether the entry shows the "Attention danger" sign (see site.selectors)."""
    return selectors.unreachable_now(entry)


@register.filter
def percent_of(value, total) -> float:
    """value ÷ total × 100, for bar widths."""
    try:
        return round(100 * float(value) / float(total), 1)
    except (TypeError, ValueError, ZeroDivisionError):
        return 0.0


@register.filter
def ordinal(value) -> str:
    """1 → "1er", 3 → "3e" in French; 1st, 2nd, 3rd, 4th in English (superscript suffix)."""
    if value in (None, ""):
        return ""
    number = int(value)
    if (get_language() or "fr").startswith("en"):
        suffix = (
            "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        )
    else:
        suffix = "er" if number == 1 else "e"
    return format_html("{}<sup>{}</sup>", number, suffix)


@register.filter
def safe_url(value: str) -> str:
    """Only http(s) addresses become links; anything else (javascript:, data:) is dropped."""
    value = (value or "").strip()
    return value if value.lower().startswith(("https://", "http://")) else ""

"""Public pages of the analysis of posts: what works among a category's collectivités on a
network in a month, and the monthly barometer of the accessibility of their posts.

Each view parses its filters (filters.py), reads the monthly rollups through the selectors and
renders. Anonymous visitors get the whole page from the site's page cache and everyone the
body from its fragment cache, both keyed on the validated filters and on the version of the
editorial figures (cache.py), which the services bump after writing analyses or rollups: a
page view never reads posts, and a warm one no table at all."""

from itertools import pairwise

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from observatoire.core.dates import parse_month
from observatoire.profiles.models import Network
from observatoire.site.cache import fragment, page, page_context
from observatoire.site.charts import line_chart
from observatoire.territories import selectors as territory_selectors
from observatoire.territories.models import Category

from . import barometer as barometer_selectors
from . import selectors
from .accessibility.rules import RULES
from .bars import bar_chart
from .cache import editorial_cache_version
from .filters import PARAMETERS, EditorialFilterForm, editorial_query, month_choices
from .templatetags.editorial_public import index_text, percent, score_text


def public_parameters(request: HttpRequest) -> dict | None:
    """The validated filters of a public editorial page (its page-cache key), None when one
    is invalid."""
    query, invalid = editorial_query(request.GET)
    return None if invalid else query


def _without_invalid(request: HttpRequest, invalid: list[str]) -> HttpResponse:
    """To the same page without the invalid values: a value never read is never cached."""
    kept = request.GET.copy()
    for name in invalid:
        kept.pop(name)
    return redirect(f"{request.path}?{kept.urlencode()}" if kept else request.path)


def _state(query: dict) -> dict:
    """The filters' form and the chosen région and month, for a page's body."""
    regions = fragment("regions", render=lambda: list(territory_selectors.region_list()))
    months = month_choices()["months"]
    return {
        "form": EditorialFilterForm(query, months=months, regions=regions),
        "chosen": query,
        "region": next((r for r in regions if r.slug == query["region"]), None),
        "month": parse_month(query["month"]) if query["month"] else None,
        "link_query": "&".join(f"{name}={query[name]}" for name in PARAMETERS if query[name]),
    }


def _index_chart(figures: list) -> object:
    return bar_chart(
        rows=[(f.label, f.index, index_text(f.index)) for f in figures],
        reference=100,
        reference_text=_("moyenne du groupe = 100"),
    )


def _what_works_context(query: dict) -> dict:
    context = _state(query)
    if context["month"] is None:
        return context
    works = selectors.what_works(
        month=context["month"],
        network=query["network"],
        category=query["category"],
        region=context["region"],
    )
    context |= {
        "works": works,
        "theme_chart": _index_chart(works.themes),
        "format_chart": _index_chart(works.formats),
        "weekday_chart": _index_chart(works.weekdays),
        "min_measured": selectors.MIN_MEASURED,
    }
    return context


def _title(prefix: str, query: dict, state: dict) -> str:
    title = _("%(page)s — %(category)s sur %(network)s") % {
        "page": prefix,
        "category": Category(query["category"]).label,
        "network": Network(query["network"]).label,
    }
    if state["month"] is not None:
        title += " — " + date_format(state["month"], "F Y")
    return title


def _public_page(request: HttpRequest, *, name: str, heading: str, context_of) -> HttpResponse:
    """One of the public pages: its filters read (wrong ones dropped by a redirect), its title
    and body rendered once per filters and editorial version (`fragment`), then the page."""
    query, invalid = editorial_query(request.GET)
    if invalid:
        return _without_invalid(request, invalid)

    def build() -> dict:
        context = context_of(query)
        return {
            "title": _title(heading, query, context),
            "body": render_to_string(f"editorial/public/_{name}_body.html", context),
        }

    parameters = [query[key] for key in PARAMETERS]
    slug = f"editorial-{name.replace('_', '-')}"
    context = dict(fragment(slug, *parameters, editorial_cache_version(), render=build))
    return render(request, f"editorial/public/{name}.html", page_context(request, context))


@page(parameters=public_parameters, stamp=editorial_cache_version)
def what_works(request: HttpRequest) -> HttpResponse:
    return _public_page(
        request, name="what_works", heading=_("Ce qui marche"), context_of=_what_works_context
    )


def _barometer_context(query: dict) -> dict:
    context = _state(query)
    if context["month"] is None:
        return context
    barometer = barometer_selectors.barometer(
        month=context["month"],
        network=query["network"],
        category=query["category"],
        region=context["region"],
    )
    months = [date_format(point.month, "M") for point in barometer.trend]  # twelve at most
    audits = [point.audit for point in barometer.trend]
    context |= {
        "barometer": barometer,
        "rules": RULES,
        "rule_chart": bar_chart(
            rows=[
                (str(f.rule.title), f.failure_share, percent(f.failure_share))
                for f in barometer.rules
            ]
        ),
        "score_chart": line_chart(
            x_labels=months,
            series={_("Score moyen"): [a.score for a in audits]},
            minimum=0,
        ),
        "share_chart": line_chart(
            x_labels=months,
            series={
                _("Images sans alternative"): [_percent(a.without_alt_share) for a in audits],
                _("Publications non vérifiables"): [_percent(a.unscored_share) for a in audits],
            },
            minimum=0,
        ),
        "score_text": score_text(barometer.audit.score),
        "score_bands": _score_bands(),
    }
    return context


def _score_bands() -> list[tuple[int, str]]:
    """(level, label) of each colour of the overview, from barometer.SCORE_BANDS."""
    bounds = barometer_selectors.SCORE_BANDS
    bands = [(1, _("moins de %(high)s") % {"high": bounds[0]})]
    for level, (low, high) in enumerate(pairwise(bounds), start=2):
        bands.append((level, _("de %(low)s à moins de %(high)s") % {"low": low, "high": high}))
    bands.append((len(bounds) + 1, _("%(low)s et plus") % {"low": bounds[-1]}))
    return bands


def _percent(share: float | None) -> float | None:
    return None if share is None else 100 * share


@page(parameters=public_parameters, stamp=editorial_cache_version)
def barometer(request: HttpRequest) -> HttpResponse:
    return _public_page(
        request,
        name="barometer",
        heading=_("Baromètre de l'accessibilité"),
        context_of=_barometer_context,
    )

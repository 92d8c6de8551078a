"""The census page, read from the stored figures: its parameters (validated, each defaulted)
and what it shows — headline figures, tables by stratum and network, the two maps with their
tables, the time series and the moves. Composed from the selectors, the maps and the site's
charts; cached whole by the view (site/cache.py) and keyed on the census's stamp."""

from dataclasses import dataclass
from datetime import date

from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from observatoire.core.dates import parse_month
from observatoire.profiles.models import Network
from observatoire.rankings import kpis as catalogue
from observatoire.site.charts import line_chart
from observatoire.territories.models import Category

from ..models import CensusMove, Stratum
from . import maps
from .selectors import (
    census_figures,
    census_month_texts,
    census_move_counts,
    census_moves,
    census_places,
    census_series,
    census_stamp,
    ranking_medians,
)

MEASURES = ("presence", "active", "score")  # and "kpi-<name>" for each KPI of the catalogue
DEFAULTS = {
    "month": "",
    "map": "presence",
    "stratum": "",
    "network": "",
    "category": Category.DEPARTEMENT.value,
}
RANKED_DEFAULT_NETWORK = Network.FACEBOOK.value
MOVES_LISTED = 200  # collectivités listed with their moves (the API has them all)
# The moves the page counts month by month: leaving X, and opening the networks people
# moved to.
MOVE_SERIES = (
    (CensusMove.Kind.LEFT, Network.X),
    (CensusMove.Kind.OPENED, Network.BLUESKY),
    (CensusMove.Kind.OPENED, Network.MASTODON),
    (CensusMove.Kind.OPENED, Network.THREADS),
)


def _measures() -> list[str]:
    return [*MEASURES, *(f"kpi-{name}" for name in catalogue.names())]


def census_query(data: QueryDict) -> tuple[dict[str, str], list[str]]:
    """The page's parameters, each missing one defaulted, and the names of the invalid ones
    (only valid values ever reach a cache key)."""
    months = list(census_month_texts())
    allowed = {
        "month": months,
        "map": _measures(),
        "stratum": ["", *Stratum.values],
        "network": ["", *Network.values],
        "category": Category.values,
    }
    query, invalid = {}, []
    for name, values in allowed.items():
        value = data.get(name, "")
        if value and value not in values:
            invalid.append(name)
            value = ""
        query[name] = value or DEFAULTS[name]
    if not query["month"] and months:
        query["month"] = months[0]
    return query, invalid


def census_parameters(request) -> dict | None:
    """The validated parameters and the census's stamp: the page-cache key (None: invalid)."""
    query, invalid = census_query(request.GET)
    return None if invalid else {**query, "_census": census_stamp()}


# --- what the page shows ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    figure: object
    networks: list  # figures of each network, in NETWORK order


def _stratum_label(stratum: str) -> str:
    return str(Stratum(stratum).label) if stratum else _("Toutes les collectivités")


def _network_label(network: str) -> str:
    return str(Network(network).label) if network else _("au moins un réseau")


def _without_villages(figures) -> dict | None:
    total, villages = figures.figure(), figures.figure(stratum=Stratum.VILLAGE)
    if total is None:
        return None
    territories = total.territories - (villages.territories if villages else 0)
    present = total.present - (villages.present if villages else 0)
    return {
        "territories": territories,
        "present": present,
        "share": round(100 * present / territories, 1) if territories else None,
    }


def _tables(figures) -> dict:
    networks = list(Network.values)
    rows = []
    for stratum in ["", *Stratum.values]:
        figure = figures.figure(stratum=stratum)
        if figure is None:
            continue
        rows.append(
            Row(
                label=_stratum_label(stratum),
                figure=figure,
                networks=[figures.figure(stratum=stratum, network=n) for n in networks],
            )
        )
    counts_width = max((len(r.figure.network_counts or ()) for r in rows), default=0)
    return {
        "rows": rows,
        "network_columns": [(n, Network(n).label) for n in networks],
        "network_count_columns": list(range(counts_width)),
    }


def _map_values(query: dict, month: date) -> tuple[dict, str, str]:
    """Values per département and per région key, their unit, and what they are."""
    measure, stratum, network = query["map"], query["stratum"], query["network"]
    if measure in ("presence", "active"):
        values = {}
        for level in ("departement", "region"):
            found = census_figures(month=month, scope=level, stratum=stratum, network=network)
            for figure in found.figures if found else ():
                values[figure.scope] = (
                    figure.present_share if measure == "presence" else figure.active_share
                )
        what = (
            _("Part des collectivités présentes sur %(network)s — %(stratum)s")
            if measure == "presence"
            else _("Part des collectivités présentes qui ont publié sur %(network)s — %(stratum)s")
        ) % {"network": _network_label(network), "stratum": _stratum_label(stratum).lower()}
        return values, "percent", what
    network = network or RANKED_DEFAULT_NETWORK
    kpi = measure.removeprefix("kpi-") if measure.startswith("kpi-") else None
    medians = ranking_medians(month=month, network=network, category=query["category"], kpi=kpi)
    if kpi:
        declared = catalogue.get(kpi)
        unit = declared.unit
        what = _("Médiane de « %(kpi)s » des %(category)s sur %(network)s") % {
            "kpi": declared.label,
            "category": str(Category(query["category"]).label).lower(),
            "network": Network(network).label,
        }
        if medians and unit == "percent":
            medians = {key: 100 * value for key, value in medians.items()}
    else:
        unit = "score"
        what = _("Score médian des %(category)s sur %(network)s (classement publié)") % {
            "category": str(Category(query["category"]).label).lower(),
            "network": Network(network).label,
        }
    return medians or {}, unit, what


def _map_context(query: dict, month: date) -> dict:
    places = census_places()
    departements = {k: name for k, (name, _r) in places.items() if k.startswith("departement:")}
    regions = {k: name for k, (name, _r) in places.items() if k.startswith("region:")}
    region_of = {k: region for k, (_name, region) in places.items() if k in departements}
    values, unit, what = _map_values(query, month)
    month_label = date_format(month, "F Y")
    context = {"map_what": what, "map_unit": unit}
    try:
        context["departement_map"] = maps.departement_map(
            id="carte-departements",
            title=_("Carte des départements : %(what)s, %(month)s")
            % {
                "what": what,
                "month": month_label,
            },
            description=_(
                "Chaque département est coloré selon sa valeur (trois classes, légende sous la "
                "carte ; hachures : pas de donnée) ; l'outre-mer est en encadré. Les valeurs "
                "sont dans le tableau qui suit la carte."
            ),
            values={k: values.get(k) for k in departements},
            names=departements,
            regions=region_of,
            unit=unit,
        )
        context["region_map"] = maps.region_map(
            id="carte-regions",
            title=_("Carte des régions : %(what)s, %(month)s")
            % {
                "what": what,
                "month": month_label,
            },
            description=_(
                "Chaque région est colorée selon sa valeur (trois classes, légende sous la "
                "carte ; hachures : pas de donnée) ; les régions d'outre-mer sont en encadré. "
                "Les valeurs sont dans le tableau qui suit la carte."
            ),
            values={k: values.get(k) for k in regions},
            names=regions,
            regions=region_of,
            unit=unit,
        )
    except maps.MapDataMissing:
        context["map_missing"] = True
    context["departement_rows"] = [
        (name, maps.value_text(values.get(key), unit))
        for key, name in sorted(departements.items(), key=lambda item: _code_order(item[0]))
    ]
    context["region_rows"] = [
        (name, maps.value_text(values.get(key), unit))
        for key, name in sorted(regions.items(), key=lambda item: item[1])
    ]
    return context


def _code_order(key: str) -> tuple[int, str]:
    code = key.partition(":")[2]
    return (len(code) > 2, code)


def _series_context() -> dict:
    series = census_series(network=None)
    months = sorted({month for line in series.values() for month, _f in line})
    labels = [date_format(month, "F Y") for month in months]
    short = [date_format(month, "M y") for month in months]  # under the chart
    by_network = {
        network: {month: figure for month, figure in line} for network, line in series.items()
    }
    networks = ["", *(n for n in Network.values if n in by_network)]
    last = months[-1] if months else None
    present_last = {n: by_network[n][last].present for n in networks if last in by_network[n]}
    drawn = [
        "",
        *sorted((n for n in networks if n and present_last.get(n)), key=lambda n: -present_last[n])[
            :6
        ],
    ]
    presence = {
        _network_label(n).capitalize(): [
            (by_network[n][m].present_share if m in by_network[n] else None) for m in months
        ]
        for n in drawn
        if n in by_network
    }
    active = {
        _("Collectivités présentes ayant publié"): [
            by_network[""][m].active_share if m in by_network.get("", {}) else None for m in months
        ],
        _("Profils présents ayant publié"): [
            by_network[""][m].profiles_active_share if m in by_network.get("", {}) else None
            for m in months
        ],
    }
    rows = [
        (label, [by_network[n].get(m) for n in networks])
        for label, m in zip(labels, months, strict=True)
    ]
    return {
        "series_months": labels,
        "series_networks": [_network_label(n).capitalize() for n in networks],
        "series_rows": rows,
        "presence_chart": line_chart(x_labels=short, series=presence, minimum=0),
        "active_chart": line_chart(x_labels=short, series=active, minimum=0),
    }


def _moves_context() -> dict:
    counts = census_move_counts()
    labels = [
        _("%(kind)s — %(network)s")
        % {"kind": CensusMove.Kind(kind).label, "network": Network(network).label}
        for kind, network in MOVE_SERIES
    ]
    months = list(counts)
    month_labels = [date_format(month, "F Y") for month in months]
    short = [date_format(month, "M y") for month in months]
    values = {
        label: [counts[m].get((kind, network), 0) for m in months]
        for label, (kind, network) in zip(labels, MOVE_SERIES, strict=True)
    }
    others = [sum(n for key, n in counts[m].items() if key not in MOVE_SERIES) for m in months]
    moves = census_moves()
    by_territory: dict[str, dict] = {}
    for move in moves:
        place = by_territory.setdefault(
            move.territory_key,
            {"name": move.territory_name, "slug": move.territory_slug, "moves": []},
        )
        place["moves"].append(move)
    listed = list(by_territory.values())
    return {
        "move_labels": labels,
        "move_rows": [
            (label, [values[series][index] for series in labels], others[index])
            for index, label in enumerate(month_labels)
        ],
        "moves_chart": line_chart(x_labels=short, series=values, minimum=0, integer=True)
        if months
        else None,
        "move_places": listed[:MOVES_LISTED],
        "move_places_hidden": max(0, len(listed) - MOVES_LISTED),
        "move_total": len(moves),
    }


def census_context(*, query: dict) -> dict:
    """Everything the census page shows for its validated `query`."""
    month = parse_month(query["month"]) if query["month"] else None
    figures = census_figures(month=month) if month else None
    context = {"query": query, "figures": figures}
    if figures is None:
        return context
    context |= {
        "month": figures.month,
        "total": figures.figure(),
        "without_villages": _without_villages(figures),
        "headline": {
            stratum: figures.figure(stratum=stratum)
            for stratum in (
                Stratum.VILLE_MOYENNE,
                Stratum.GRANDE_VILLE,
                Stratum.REGION,
                Stratum.DEPARTEMENT,
            )
        },
        **_tables(figures),
        **_map_context(query, figures.month),
        **_series_context(),
        **_moves_context(),
    }
    return context


def census_form_choices(*, query: dict) -> dict:
    """The choices of the page's form, with the chosen values."""
    return {
        "months": [(m, date_format(parse_month(m), "F Y")) for m in list(census_month_texts())],
        "measures": [
            ("presence", _("Part des collectivités présentes")),
            ("active", _("Part des présentes qui ont publié dans le mois")),
            ("score", _("Score médian (classement publié)")),
            *(
                (f"kpi-{name}", _("Médiane : %(kpi)s") % {"kpi": catalogue.get(name).label})
                for name in catalogue.names()
            ),
        ],
        "strata": [("", _("Toutes les collectivités")), *Stratum.choices],
        "networks": [("", _("Au moins un réseau")), *Network.choices],
        "categories": Category.choices,
        "query": query,
    }

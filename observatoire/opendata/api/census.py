"""/api/v1/census: the live census of collectivités on social networks, and the moves.

Reads the figures the census stored (`opendata.census.selectors`), keyed on the census's own
stamp too: they are computed again after collections, not only after publications.
"""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from observatoire.core.dates import MonthError, month_text, parse_month
from observatoire.demo.selectors import demo_data_present

from ..census import selectors as census_selectors
from . import selectors
from .caching import respond
from .parameters import ERRORS, MONTH, NETWORK_FILTER, NOT_FOUND, PAGE, PAGE_SIZE
from .schemas import (
    ANY_NETWORK,
    EVERY_STRATUM,
    CensusMonthOut,
    CensusMovePage,
    CensusNetwork,
    CensusOut,
    MoveKind,
    NetworkName,
    StratumName,
)

router = Router(tags=["Recensement (census)"])

FRANCE = "france"
SCOPE_PATTERN = r"^(france|region|departement|all|(region|departement):[0-9A-Za-z]{1,12})$"

SCOPE = Query(
    FRANCE,
    pattern=SCOPE_PATTERN,
    description=(
        "« france » (défaut), « region » ou « departement » (chacune), « all » (tout), ou l'id "
        "d'une région ou d'un département (“france”, every “region” or “departement”, “all”, "
        "or one région's or département's id)"
    ),
    example="region:76",
)
STRATUM = Query(
    None,
    description=(
        "« all » (toutes les collectivités) ou une strate ; absent : toutes les lignes "
        "(“all” or one stratum; absent: every row)"
    ),
    example="ville_moyenne",
)
NETWORK_OR_ANY = Query(
    None,
    description=(
        "« any » (au moins un réseau) ou un réseau ; absent : toutes les lignes (“any” or one "
        "network; absent: every row)"
    ),
    example="any",
)
KIND = Query(None, description="Un seul mouvement (one kind of move)", example="opened")
YEAR = Query(None, ge=2000, le=2100, description="Année (year)", example=2025)
MOVE_SCOPE = Query(
    None,
    pattern=r"^(region|departement):[0-9A-Za-z]{1,12}$",
    description="Id d'une région ou d'un département (a région's or département's id)",
    example="departement:32",
)


def _head(census) -> dict:
    return {
        "month": month_text(census.month),
        "computed_at": census.computed_at,
        "data_until": census.data_until,
        "complete": census.complete,
        "demo": census.demo,
    }


@router.get(
    "",
    response={200: list[CensusMonthOut], **ERRORS},
    summary="Les mois recensés (months of the census)",
    description=(
        "Chaque mois calculé, le plus récent d'abord ; le mois en cours est partiel.\n\n"
        "*English:* every month computed, newest first; the current month is partial."
    ),
)
def census_month_list(request):
    def build() -> list:
        return [_head(census) for census in selectors.census_heads()]

    return respond(request, "census-months", schema=list[CensusMonthOut], build=build, stamp=_stamp)


def _stamp() -> str:
    return census_selectors.census_stamp()


def _scope(scope: str) -> str | None:
    return {FRANCE: "", "all": None}.get(scope, scope)


def _stored(value: str | None, every: str) -> str | None:
    """The stored value of a stratum or network parameter ("" for `every`), None for all."""
    if value is None:
        return None
    return "" if value == every else str(value)


def _figure(figure) -> dict:
    return figure.as_dict() | {
        "scope": figure.scope or FRANCE,
        "stratum": figure.stratum or EVERY_STRATUM,
        "network": figure.network or ANY_NETWORK,
        "mean_networks": figure.mean_networks,
    }


@router.get(
    "/moves",
    response={200: CensusMovePage, **NOT_FOUND, **ERRORS},
    summary="Les mouvements : départs et arrivées (moves: departures and arrivals)",
    description=(
        "Les profils qui ont cessé de publier, sont devenus inaccessibles ou ont été ouverts, "
        "avec leur date, du plus récent au plus ancien ; filtres par territoire, réseau, "
        "mouvement et année. L'exode de X vers Bluesky et Mastodon, mesuré.\n\n"
        "*English:* profiles that stopped posting, became unreachable or were opened, with "
        "their date, newest first; filter by place, network, kind and year."
    ),
)
def census_move_list(
    request,
    scope: str | None = MOVE_SCOPE,
    network: NetworkName | None = NETWORK_FILTER,
    kind: MoveKind | None = KIND,
    year: int | None = YEAR,
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
):
    def build() -> dict:
        moves = census_selectors.census_moves(scope=scope, network=network, kind=kind, year=year)
        count = len(moves)
        pages = max(1, -(-count // page_size))
        if page > pages:
            raise HttpError(404, _("Page introuvable."))
        shown = moves[(page - 1) * page_size : page * page_size]
        return {
            "count": count,
            "page": page,
            "pages": pages,
            "page_size": page_size,
            "demo": demo_data_present(),
            "results": [
                {
                    "date": move.date,
                    "kind": move.kind,
                    "network": move.network,
                    "handle": move.handle,
                    "territory": {"id": move.territory_key, "name": move.territory_name},
                    "region": move.region_key,
                    "departement": move.departement_key,
                }
                for move in shown
            ],
        }

    parameters = (scope, network, kind, year, page, page_size)
    return respond(
        request, "census-moves", *parameters, schema=CensusMovePage, build=build, stamp=_stamp
    )


@router.get(
    "/{month}",
    response={200: CensusOut, **NOT_FOUND, **ERRORS},
    summary="Le recensement d'un mois (the census of a month)",
    description=(
        "Présence des collectivités sur les réseaux : pour chaque territoire (France, régions, "
        "départements), strate (catégories ; communes de moins de 2 000 habitants : "
        "« village ») et réseau (« any » : au moins un), le nombre de collectivités, de "
        "présentes et d'actives (ayant publié dans le mois), leurs parts en %, les profils, et "
        "le nombre de réseaux par collectivité. Par défaut : la France, toutes les strates et "
        "tous les réseaux. `latest` : le dernier mois calculé.\n\n"
        "*English:* presence of collectivités on social networks: per place (France, régions, "
        "départements), stratum (categories; communes under 2,000 inhabitants: “village”) and "
        "network (“any”: at least one), collectivités, those present and active (posted "
        "during the month), their shares in %, profiles, and networks per collectivité. "
        "Default: France, every stratum and network. `latest`: the latest month computed."
    ),
)
def census_get(
    request,
    month: str = MONTH,
    scope: str = SCOPE,
    stratum: StratumName | None = STRATUM,
    network: CensusNetwork | None = NETWORK_OR_ANY,
):
    def build() -> dict:
        chosen: dt.date | None = None
        if month != "latest":
            try:
                chosen = parse_month(month)
            except MonthError as error:
                raise HttpError(404, _("Aucun recensement pour ce mois.")) from error
        census = census_selectors.census_figures(
            month=chosen,
            scope=_scope(scope),
            stratum=_stored(stratum, EVERY_STRATUM),
            network=_stored(network, ANY_NETWORK),
        )
        if census is None:
            raise HttpError(404, _("Aucun recensement pour ce mois."))
        return _head(census) | {"figures": [_figure(f) for f in census.figures]}

    parameters = (month, scope, stratum, network)
    return respond(request, "census", *parameters, schema=CensusOut, build=build, stamp=_stamp)

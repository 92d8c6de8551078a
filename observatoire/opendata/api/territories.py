"""/api/v1/territories: the registry, a collectivité's profiles and its monthly history."""

from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from observatoire.core.dates import month_text
from observatoire.demo.selectors import demo_data_present
from observatoire.profiles.models import Network
from observatoire.site.selectors import territory_profiles
from observatoire.territories.models import Territory

from . import rows, selectors
from .caching import Built, respond
from .parameters import (
    CATEGORY_FILTER,
    DEPARTEMENT_FILTER,
    ERRORS,
    KIND_FILTER,
    METHODOLOGY,
    NETWORK_FILTER,
    NOT_FOUND,
    PAGE,
    PAGE_SIZE,
    REGION_FILTER,
    SEARCH,
    TERRITORY_ID,
)
from .schemas import (
    CategoryName,
    HistoryOut,
    NetworkName,
    TerritoryKind,
    TerritoryOut,
    TerritoryPage,
    TerritoryProfiles,
)

router = Router(tags=["Collectivités (territories)"])


def _territory(key: str) -> Territory:
    territory = selectors.territory_by_id(key=key)
    if territory is None:
        raise HttpError(404, _("Collectivité introuvable."))
    return territory


@router.get(
    "",
    response={200: TerritoryPage, **NOT_FOUND, **ERRORS},
    summary="Chercher et filtrer les collectivités (search and filter collectivités)",
    description=(
        "Le référentiel officiel (INSEE COG) : recherche par nom (accents et casse ignorés), "
        "code officiel, SIREN ou code postal ; filtres par catégorie, nature, région et "
        "département ; paginé. Sans recherche : régions, départements, EPCI puis communes, "
        "par nom. Une page au-delà de la dernière : 404.\n\n"
        "*English:* the official registry: search by name (accents and case ignored), "
        "official code, SIREN or postcode; filter by category, kind, région and département; "
        "paginated. Without a search: régions, départements, EPCI then communes, by name. A "
        "page past the last one: 404."
    ),
)
def territory_list(
    request,
    q: str | None = SEARCH,
    category: CategoryName | None = CATEGORY_FILTER,
    kind: TerritoryKind | None = KIND_FILTER,
    region: str | None = REGION_FILTER,
    departement: str | None = DEPARTEMENT_FILTER,
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
):
    query = " ".join((q or "").split())

    def build() -> Built:
        territories = selectors.territory_filter(
            query=query, category=category, kind=kind, region=region, departement=departement
        )
        found = selectors.page_of(territories, number=page, size=page_size)
        if found is None:
            raise HttpError(404, _("Page introuvable."))
        data = rows.page_meta(found, demo=demo_data_present()) | {
            "results": [rows.territory_row(territory) for territory in found.rows]
        }
        # A search that finds nothing is not kept: random searches do not fill the cache.
        return Built(data, keep=bool(found.count) or not query)

    parameters = (query, category, kind, region, departement, page, page_size)
    return respond(request, "territories", *parameters, schema=TerritoryPage, build=build)


@router.get(
    "/{territory_id}",
    response={200: TerritoryOut, **NOT_FOUND, **ERRORS},
    summary="Une collectivité (one collectivité)",
    description=(
        "Une collectivité par son identifiant stable « nature:code » : `region:76`, "
        "`departement:32`, `epci:<SIREN>`, `commune:<code INSEE>`.\n\n"
        "*English:* one collectivité by its stable id “kind:code”."
    ),
)
def territory_get(request, territory_id: str = TERRITORY_ID):
    def build() -> dict:
        return rows.territory_row(_territory(territory_id))

    return respond(request, "territory", territory_id, schema=TerritoryOut, build=build)


@router.get(
    "/{territory_id}/profiles",
    response={200: TerritoryProfiles, **NOT_FOUND, **ERRORS},
    summary="Ses profils sur les réseaux sociaux (its social profiles)",
    description=(
        "Tous les profils de la collectivité, par réseau, le principal (celui qui est classé) "
        "d'abord, avec leur statut aujourd'hui.\n\n"
        "*English:* every profile of the collectivité, by network, the principal one (the one "
        "ranked) first, with its status today."
    ),
)
def territory_profile_list(request, territory_id: str = TERRITORY_ID):
    def build() -> dict:
        territory = _territory(territory_id)
        return {
            "territory": rows.territory_ref(territory),
            "demo": demo_data_present(),
            "results": [rows.profile_row(p) for p in territory_profiles(territory=territory)],
        }

    return respond(request, "profiles", territory_id, schema=TerritoryProfiles, build=build)


@router.get(
    "/{territory_id}/history",
    response={200: HistoryOut, **NOT_FOUND, **ERRORS},
    summary="Son historique mensuel par réseau (its monthly history per network)",
    description=(
        "Rang, rang régional, score, éligibilité et indicateurs de son profil principal, mois "
        "par mois (du plus ancien au plus récent) et réseau par réseau, sous une méthodologie "
        "(par défaut : celle du site).\n\n"
        "*English:* rank, regional rank, score, eligibility and KPIs of its principal profile, "
        "month by month (oldest first) and network by network, under a methodology (default: "
        "the site's)."
    ),
)
def territory_history(
    request,
    territory_id: str = TERRITORY_ID,
    network: NetworkName | None = NETWORK_FILTER,
    methodology: str | None = METHODOLOGY,
):
    def build() -> dict:
        territory = _territory(territory_id)
        chosen = selectors.methodology_by_id(slug=methodology)
        if chosen is None and methodology is not None:
            raise HttpError(404, _("Méthodologie introuvable."))
        entries = []
        if chosen is not None:
            entries = selectors.territory_history(
                territory=territory, methodology=chosen, network=network
            )
        networks: dict[str, list] = {}
        for entry in entries:
            networks.setdefault(entry.network, []).append(
                {
                    "month": month_text(entry.publication.month),
                    "category": entry.category,
                    "rank": entry.rank,
                    "region_rank": entry.region_rank,
                    "movement": entry.movement,
                    "eligible": entry.eligible,
                    "reason": entry.reason or None,
                    "score": rows.score(entry),
                    "kpis": rows.kpi_results(entry),
                }
            )
        order = list(Network.values)
        return {
            "territory": rows.territory_ref(territory),
            "methodology": chosen.slug if chosen else None,
            "demo": demo_data_present(),
            "networks": [
                {"network": name, "months": months}
                for name, months in sorted(networks.items(), key=lambda item: order.index(item[0]))
            ],
        }

    parameters = (territory_id, network, methodology)
    return respond(request, "history", *parameters, schema=HistoryOut, build=build)

"""/api/v1/rankings: the published rankings, their entries and one entry's explanation."""

from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from observatoire.core.dates import month_text
from observatoire.demo.selectors import demo_data_present
from observatoire.rankings import selectors as ranking_selectors
from observatoire.rankings.models import Methodology, RankingPublication
from observatoire.site.selectors import group_kpis_cached

from . import rows, selectors
from .caching import respond
from .parameters import (
    CATEGORY,
    ERRORS,
    METHODOLOGY,
    MONTH,
    NETWORK,
    NOT_FOUND,
    PAGE,
    PAGE_SIZE,
    REGION_FILTER,
    TERRITORY_ID,
)
from .schemas import CategoryName, ExplanationOut, NetworkName, PublicationList, RankingOut

router = Router(tags=["Classements (rankings)"])


def _methodology(slug: str | None) -> Methodology:
    methodology = selectors.methodology_by_id(slug=slug)
    if methodology is None:
        raise HttpError(404, _("Méthodologie introuvable."))
    return methodology


def _publication(slug: str | None, month: str) -> RankingPublication:
    publication = selectors.publication_by_month(methodology=_methodology(slug), month=month)
    if publication is None:
        raise HttpError(404, _("Aucun classement publié pour ce mois."))
    return publication


@router.get(
    "",
    response={200: PublicationList, **NOT_FOUND, **ERRORS},
    summary="Les classements publiés (published rankings)",
    description=(
        "Chaque mois publié sous une méthodologie (par défaut : celle du site), du plus récent "
        "au plus ancien, avec ses indicateurs et ses classements réseau × catégorie (nombre de "
        "profils, dont classés).\n\n"
        "*English:* every month published under a methodology (default: the site's), newest "
        "first, with its KPIs and its network × category rankings (profiles, ranked ones)."
    ),
)
def publication_list(request, methodology: str | None = METHODOLOGY):
    def build() -> dict:
        publications = selectors.publication_list(methodology=_methodology(methodology))
        return {
            "demo": demo_data_present(),
            "results": [
                rows.publication_head(publication) | {"groups": publication.groups_found}
                for publication in publications
            ],
        }

    return respond(request, "publications", methodology, schema=PublicationList, build=build)


@router.get(
    "/{month}/{network}/{category}",
    response={200: RankingOut, **NOT_FOUND, **ERRORS},
    summary="Un classement (one ranking)",
    description=(
        "Le classement d'un mois, d'un réseau et d'une catégorie : les profils classés par "
        "rang, puis les non classés avec leur raison ; avec `region`, ceux de la région par "
        "rang régional. Chaque entrée donne son score, ses indicateurs (valeur brute, valeur "
        "normalisée, points) et son éligibilité. `latest` : le dernier mois publié.\n\n"
        "*English:* the ranking of a month, network and category: ranked profiles by rank, "
        "then the others with their reason; with `region`, that région's by regional rank. "
        "Each entry has its score, KPIs (raw value, normalised value, points) and "
        "eligibility. `latest`: the latest month published."
    ),
)
def ranking_get(
    request,
    month: str = MONTH,
    network: NetworkName = NETWORK,
    category: CategoryName = CATEGORY,
    region: str | None = REGION_FILTER,
    methodology: str | None = METHODOLOGY,
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
):
    def build() -> dict:
        publication = _publication(methodology, month)
        chosen_region = None
        if region is not None:
            chosen_region = selectors.region_by_id(key=region)
            if chosen_region is None:
                raise HttpError(404, _("Région introuvable."))
        entries, ranked = selectors.ranking_entries(
            publication=publication, network=network, category=category, region=chosen_region
        )
        found = selectors.page_of(entries, number=page, size=page_size)
        if found is None:
            raise HttpError(404, _("Page introuvable."))
        return (
            rows.page_meta(found, demo=demo_data_present())
            | rows.publication_head(publication)
            | {
                "network": network,
                "category": category,
                "region": region,
                "ranked": ranked,
                "results": [rows.entry_row(entry) for entry in found.rows],
            }
        )

    parameters = (month, network, category, region, methodology, page, page_size)
    return respond(request, "ranking", *parameters, schema=RankingOut, build=build)


@router.get(
    "/{month}/{network}/{category}/{territory_id}",
    response={200: ExplanationOut, **NOT_FOUND, **ERRORS},
    summary="Une entrée et l'explication de son score (one entry, its score explained)",
    description=(
        "L'entrée d'une collectivité dans un classement, et d'où viennent ses points "
        "indicateur par indicateur : valeur brute, valeur normalisée, pondération, points, "
        "points au maximum, et la valeur brute qui lui ferait gagner un rang, les autres "
        "inchangés.\n\n"
        "*English:* a collectivité's entry in a ranking, and where its points come from KPI by "
        "KPI: raw value, normalised value, weight, points, most points, and the raw value that "
        "would gain it a rank, others unchanged."
    ),
)
def entry_explanation(
    request,
    month: str = MONTH,
    network: NetworkName = NETWORK,
    category: CategoryName = CATEGORY,
    territory_id: str = TERRITORY_ID,
    methodology: str | None = METHODOLOGY,
):
    def build() -> dict:
        publication = _publication(methodology, month)
        entry = selectors.ranking_entry(
            publication=publication, network=network, category=category, territory=territory_id
        )
        if entry is None:
            raise HttpError(404, _("Cette collectivité n'est pas dans ce classement."))
        group = group_kpis_cached(entry=entry) if entry.eligible else None
        explanation = ranking_selectors.entry_explanation(entry=entry, group=group)
        return {
            "month": month_text(publication.month),
            "methodology": publication.methodology.slug,
            "network": network,
            "category": category,
            "entry": rows.entry_row(entry),
            "weights_total": explanation["weights_total"],
            "kpis": [
                {
                    "kpi": kpi["kpi"],
                    "label": str(kpi["label"]),
                    "value": rows.kpi_value(kpi["kpi"], kpi["raw"]),
                    "normalised": kpi["normalised"],
                    "weight": kpi["weight"],
                    "points": kpi["points"],
                    "max_points": kpi["max_points"],
                    "needed": kpi["needed"],
                    "needed_strictly_above": kpi["needed_strictly_above"],
                }
                for kpi in explanation["kpis"]
            ],
        }

    parameters = (month, network, category, territory_id, methodology)
    return respond(request, "explanation", *parameters, schema=ExplanationOut, build=build)

"""/api/v1/methodologies and /api/v1/kpis: how scores are made, from the KPI catalogue."""

from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.errors import HttpError

from observatoire.rankings import kpis as catalogue
from observatoire.rankings import selectors as ranking_selectors
from observatoire.rankings.models import Methodology

from . import selectors
from .caching import respond
from .parameters import ERRORS, NOT_FOUND
from .schemas import KpiOut, MethodologyOut

router = Router(tags=["Méthodologies (methodologies)"])


def kpi_row(kpi: catalogue.Kpi, *, target: float | None = None) -> dict:
    target = target if target is not None else kpi.target
    return {
        "name": kpi.name,
        "label": str(kpi.label),
        "definition": str(kpi.describe(target=target)),
        "unit": kpi.unit,
        "decimals": kpi.decimals,
        "normalisation": kpi.normalisation,
        "target": target,
        "higher_is_better": kpi.higher_is_better,
    }


def methodology_row(methodology: Methodology, *, default: Methodology | None) -> dict:
    rules = ranking_selectors.methodology_rules(methodology)
    total = sum(rules.weights)
    kpis = []
    for index, name in enumerate(rules.kpis):
        row = kpi_row(catalogue.get(name), target=rules.target(name))
        row["normalisation"] = rules.normalisation[index]
        weight = rules.weights[index]
        kpis.append(row | {"weight": weight, "share": round(100 * weight / total, 2)})
    return {
        "id": methodology.slug,
        "name": methodology.name,
        "description": methodology.description or None,
        "default": default is not None and methodology.pk == default.pk,
        "window_days": methodology.window_days,
        "timezone": methodology.timezone,
        "score_decimals": methodology.score_decimals,
        "eligibility": list(rules.eligibility),
        "weights": dict(zip(rules.kpis, rules.weights, strict=True)),
        "kpis": kpis,
    }


@router.get(
    "/methodologies",
    response={200: list[MethodologyOut], **ERRORS},
    summary="Les méthodologies et leurs pondérations (methodologies and their weights)",
    description=(
        "Chaque version de la méthodologie : fenêtre, règles d'éligibilité, indicateurs avec "
        "leur définition, normalisation, cible et pondération. `default` : celle du site.\n\n"
        "*English:* every version of the methodology: window, eligibility rules, KPIs with "
        "their definition, normalisation, target and weight. `default`: the site's."
    ),
)
def methodology_list(request):
    def build() -> list:
        default = ranking_selectors.methodology_default()
        return [methodology_row(m, default=default) for m in selectors.methodology_list()]

    return respond(request, "methodologies", schema=list[MethodologyOut], build=build)


@router.get(
    "/methodologies/{methodology_id}",
    response={200: MethodologyOut, **NOT_FOUND, **ERRORS},
    summary="Une méthodologie (one methodology)",
    description="Une version par son identifiant.\n\n*English:* one version by its id.",
)
def methodology_get(
    request,
    methodology_id: str = Path(
        ..., pattern=r"^[-a-zA-Z0-9_]{1,40}$", description="Version (version)", example="v1"
    ),
):
    def build() -> dict:
        methodology = selectors.methodology_by_id(slug=methodology_id)
        if methodology is None:
            raise HttpError(404, _("Méthodologie introuvable."))
        return methodology_row(methodology, default=ranking_selectors.methodology_default())

    return respond(request, "methodology", methodology_id, schema=MethodologyOut, build=build)


@router.get(
    "/kpis",
    response={200: list[KpiOut], **ERRORS},
    summary="Le catalogue des indicateurs (the KPI catalogue)",
    description=(
        "Chaque indicateur déclaré : libellé, définition, unité, normalisation par défaut et "
        "cible. Les valeurs « percent » sont des fractions (0.0123 = 1,23 %).\n\n"
        "*English:* every KPI declared: label, definition, unit, default normalisation and "
        "target. “percent” values are fractions (0.0123 = 1.23 %)."
    ),
)
def kpi_list(request):
    def build() -> list:
        return [kpi_row(kpi) for kpi in catalogue.CATALOGUE.values()]

    return respond(request, "kpis", schema=list[KpiOut], build=build)

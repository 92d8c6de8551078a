"""Reads of the demo app: the census of presence on social networks, the demo runs, and
whether demo data is present (every page and export says so)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from observatoire.core.cache import memo_get, memo_set, shared
from observatoire.core.models import JobRun
from observatoire.profiles.models import Network, Profile
from observatoire.territories.models import Category, Territory

from . import shape

GENERATE_RUN_NAME = "demo generate"


@dataclass(frozen=True, slots=True)
class Census:
    """Presence of collectivités on social networks, in % (see shape.TARGET_*)."""

    territories: int
    present: int
    present_share: float
    present_share_without_villages: float
    ville_moyenne_share: float
    region_share: float
    departement_share: float
    network_shares: dict[str, float]  # among the collectivités present
    instagram_region_share: float
    instagram_departement_share: float
    single_network_share: float


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def census(*, territories: Q | None = None) -> Census:
    """The census over the registry (or the territories matching `territories`): who is
    present on at least one network, and on which networks (principal profiles)."""
    registry = Territory.objects.filter(territories or Q())
    info = {
        pk: (category, population)
        for pk, category, population in registry.values_list("id", "category", "population")
    }
    networks: dict[int, set[str]] = defaultdict(set)
    present: set[int] = set()
    rows = Profile.objects.filter(territory_id__in=registry.values("id")).values_list(
        "territory_id", "network", "is_principal"
    )
    for territory_id, network, is_principal in rows:
        present.add(territory_id)
        if is_principal:
            networks[territory_id].add(network)

    def stratum(pk: int) -> str:
        category, population = info[pk]
        if category == Category.PETITE_VILLE and (population or 0) < shape.VILLAGE_MAX:
            return shape.VILLAGE
        return category

    by_stratum: dict[str, list[int]] = defaultdict(list)
    for pk in info:
        by_stratum[stratum(pk)].append(pk)

    def present_in(strata) -> float:
        members = [pk for s in strata for pk in by_stratum.get(s, [])]
        return _share(sum(1 for pk in members if pk in present), len(members))

    def network_share(network: str, category: str | None = None) -> float:
        among = [pk for pk in present if category is None or info[pk][0] == category]
        return _share(sum(1 for pk in among if network in networks[pk]), len(among))

    without_villages = [s for s in by_stratum if s != shape.VILLAGE]
    return Census(
        territories=len(info),
        present=len(present),
        present_share=_share(len(present), len(info)),
        present_share_without_villages=present_in(without_villages),
        ville_moyenne_share=present_in([Category.VILLE_MOYENNE]),
        region_share=present_in([Category.REGION]),
        departement_share=present_in([Category.DEPARTEMENT]),
        network_shares={n.value: network_share(n) for n in Network},
        instagram_region_share=network_share(Network.INSTAGRAM, Category.REGION),
        instagram_departement_share=network_share(Network.INSTAGRAM, Category.DEPARTEMENT),
        single_network_share=_share(
            sum(1 for pk in present if len(networks[pk]) == 1), len(present)
        ),
    )


def demo_last_generation() -> JobRun | None:
    """The last successful generation of the demo dataset."""
    return (
        JobRun.objects.filter(
            kind=JobRun.Kind.DEMO, name=GENERATE_RUN_NAME, status=JobRun.Status.SUCCEEDED
        )
        .order_by("-started_at", "-id")
        .first()
    )


DEMO_CACHE_KEY = shared("demo:data-present")
# Said by every command that exports data while demo data exists (stderr: the data stays clean).
DEMO_WARNING = (
    "Attention : la base contient des données de démonstration (fictives) ; "
    "ne les publiez pas comme des mesures réelles."
)


def demo_data_present() -> bool:
    """True while any demonstration profile exists (cached for a minute; the demo's services
    forget it when they create or delete demo data)."""
    present = memo_get(DEMO_CACHE_KEY)  # read with the site's stamp, once per request
    if present is None:
        present = Profile.objects.filter(is_demo=True).exists()
        memo_set(DEMO_CACHE_KEY, present, 60)
    return present

"""Published rankings for the site's tests, built directly as RankingPublication/RankingEntry
rows."""

import datetime as dt
import random

import factory
import numpy as np

from observatoire.metrics.models import Snapshot
from observatoire.profiles.models import Network, Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.rankings.formulas import V1
from observatoire.rankings.models import Methodology, RankingEntry, RankingPublication, kpis_pack
from observatoire.territories.models import Category
from observatoire.territories.tests.factories import DepartementFactory, RegionFactory

KPI_NAMES = V1.kpis


def packed(raw: dict, norms: dict, points: dict) -> bytes:
    """`RankingEntry.kpi_data` of one entry, from KPI name -> value mappings."""
    rows = [
        np.array([[values[n] for n in KPI_NAMES]], dtype=float) for values in (raw, norms, points)
    ]
    return kpis_pack(*rows)[0]


def methodology_v1() -> Methodology:
    weights = {
        "engagement_rate": 5,
        "reach": 4,
        "posts_per_day": 3,
        "followers": 2,
        "audience_ratio": 1,
    }
    methodology, _created = Methodology.objects.get_or_create(
        slug="v1", defaults={"name": "Méthodologie v1", "weights": weights, "is_default": True}
    )
    return methodology


class RankingPublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RankingPublication

    methodology = factory.LazyFunction(methodology_v1)
    month = dt.date(2026, 10, 1)
    kpis = list(KPI_NAMES)


def build_rankings(
    *,
    months: list[dt.date],
    regions: int = 2,
    departements_per_region: int = 3,
    networks: tuple[str, ...] = (Network.INSTAGRAM, Network.FACEBOOK),
    unavailable: int = 1,
    seed: int = 7,
) -> dict:
    """Régions with départements, principal profiles on `networks`, monthly snapshots and one
    publication per month with ranks, région ranks, movements and streaks as the engine does.
    The last `unavailable` départements' Instagram profiles are unreachable (not eligible)."""
    rng = random.Random(seed)
    methodology = methodology_v1()
    region_list = [RegionFactory(name=f"Région {chr(65 + i)}") for i in range(regions)]
    departements = [
        DepartementFactory(name=f"Département {r.name[-1]}{j + 1}", region=r)
        for r in region_list
        for j in range(departements_per_region)
    ]
    profiles = _principal_profiles(departements, networks, unavailable, broken_from=months[-1])
    publications = []
    history = _History()
    for month in months:
        publication = RankingPublicationFactory(methodology=methodology, month=month)
        publications.append(publication)
        month_end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        for network in networks:
            rows = [
                _scored_row(rng, profiles[network, d.pk], d, month_end, methodology.weights)
                for d in departements
            ]
            eligible = [r for r in rows if r[0].status == Profile.Status.ACTIVE]
            eligible.sort(key=lambda r: -r[4])
            _ranked_entries(rng, publication, network, eligible, history, methodology.weights)
            for profile, departement, followers, _norms, _score in rows:
                if profile.status != Profile.Status.ACTIVE:
                    history.previous.pop(profile.pk, None)
                    _unavailable_entry(publication, network, profile, departement, followers)
        publication.entry_count = publication.entries.count()
        publication.save()
    return {
        "methodology": methodology,
        "regions": region_list,
        "departements": departements,
        "profiles": profiles,
        "publications": publications,
    }


def _principal_profiles(departements, networks, unavailable: int, broken_from: dt.date) -> dict:
    """(network, département pk) -> profile; the last `unavailable` Instagram ones broken."""
    profiles = {}
    for network in networks:
        for index, departement in enumerate(departements):
            broken = network == Network.INSTAGRAM and index >= len(departements) - unavailable
            profiles[network, departement.pk] = ProfileFactory(
                territory=departement,
                network=network,
                handle=f"{network[:2]}_{departement.slug}",
                status=Profile.Status.UNAVAILABLE if broken else Profile.Status.ACTIVE,
                unavailable_reason=Profile.UnavailableReason.NOT_FOUND if broken else "",
                unavailable_since=broken_from + dt.timedelta(days=9) if broken else None,
            )
    return profiles


class _History:
    """Each profile's previous rank and its streaks, carried from month to month."""

    def __init__(self):
        self.previous: dict[int, int] = {}
        self.streak_first: dict[int, int] = {}
        self.streak_top10: dict[int, int] = {}


def _scored_row(rng, profile, departement, month_end: dt.date, weights: dict) -> tuple:
    """The month-end snapshot of a profile, and its (profile, département, followers, norms,
    score) row."""
    total_weight = sum(weights.values())
    followers = rng.randint(2_000, 90_000)
    Snapshot.objects.create(
        profile=profile,
        date=month_end,
        followers=followers,
        following=rng.randint(50, 900),
        posts_count=500,
    )
    norms = {name: round(rng.random(), 3) for name in KPI_NAMES}
    score = round(sum(100 * weights[n] * norms[n] / total_weight for n in KPI_NAMES), 2)
    return profile, departement, followers, norms, score


def _ranked_entries(rng, publication, network, eligible, history: _History, weights) -> None:
    """The entries of the eligible rows, best score first, with région ranks and streaks."""
    total_weight = sum(weights.values())
    region_counters: dict[int, int] = {}
    for rank, (profile, departement, followers, norms, score) in enumerate(eligible, 1):
        region_counters[departement.region_id] = region_counters.get(departement.region_id, 0) + 1
        previous_rank = history.previous.get(profile.pk)
        first, top10 = history.streak_first, history.streak_top10
        first[profile.pk] = first.get(profile.pk, 0) + 1 if rank == 1 else 0
        top10[profile.pk] = top10.get(profile.pk, 0) + 1 if rank <= 10 else 0
        RankingEntry.objects.create(
            publication=publication,
            network=network,
            category=Category.DEPARTEMENT,
            profile=profile,
            territory=departement,
            region_id=departement.region_id,
            eligible=True,
            rank=rank,
            region_rank=region_counters[departement.region_id],
            score=score,
            previous_rank=previous_rank,
            movement=None if previous_rank is None else previous_rank - rank,
            streak_first=first[profile.pk],
            streak_top10=top10[profile.pk],
            followers=followers,
            following=300,
            posts=30,
            interactions=3_000,
            kpi_data=packed(
                {
                    "engagement_rate": round(rng.uniform(0.001, 0.08), 4),
                    "reach": round(followers / departement.population, 4),
                    "posts_per_day": round(rng.uniform(0.1, 2), 2),
                    "followers": float(followers),
                    "audience_ratio": round(followers / 300, 1),
                },
                norms,
                {n: 100 * weights[n] * norms[n] / total_weight for n in KPI_NAMES},
            ),
        )
        history.previous[profile.pk] = rank


def _unavailable_entry(publication, network, profile, departement, followers: int) -> None:
    """The entry of a profile that could not be collected: not eligible, no KPI but followers."""
    RankingEntry.objects.create(
        publication=publication,
        network=network,
        category=Category.DEPARTEMENT,
        profile=profile,
        territory=departement,
        region_id=departement.region_id,
        eligible=False,
        reason=RankingEntry.Reason.UNAVAILABLE,
        followers=followers,
        kpi_data=packed(
            dict.fromkeys(KPI_NAMES, np.nan) | {"followers": float(followers)},
            dict.fromkeys(KPI_NAMES, np.nan),
            dict.fromkeys(KPI_NAMES, np.nan),
        ),
    )

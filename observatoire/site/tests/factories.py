"""Published rankings for the site's tests, built directly as RankingPublication/RankingEntry rows."""

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
    weights = methodology.weights
    total_weight = sum(weights.values())
    region_list = [RegionFactory(name=f"Région {chr(65 + i)}") for i in range(regions)]
    departements = [
        DepartementFactory(name=f"Département {r.name[-1]}{j + 1}", region=r)
        for r in region_list
        for j in range(departements_per_region)
    ]
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
                unavailable_since=months[-1] + dt.timedelta(days=9) if broken else None,
            )
    publications = []
    previous: dict[int, int] = {}
    streak_first: dict[int, int] = {}
    streak_top10: dict[int, int] = {}
    for month in months:
        publication = RankingPublicationFactory(methodology=methodology, month=month)
        publications.append(publication)
        month_end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        for network in networks:
            rows = []
            for departement in departements:
                profile = profiles[network, departement.pk]
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
                rows.append((profile, departement, followers, norms, score))
            eligible = [r for r in rows if r[0].status == Profile.Status.ACTIVE]
            eligible.sort(key=lambda r: -r[4])
            region_counters: dict[int, int] = {}
            for rank, (profile, departement, followers, norms, score) in enumerate(eligible, 1):
                region_counters[departement.region_id] = (
                    region_counters.get(departement.region_id, 0) + 1
                )
                previous_rank = previous.get(profile.pk)
                streak_first[profile.pk] = streak_first.get(profile.pk, 0) + 1 if rank == 1 else 0
                streak_top10[profile.pk] = streak_top10.get(profile.pk, 0) + 1 if rank <= 10 else 0
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
                    streak_first=streak_first[profile.pk],
                    streak_top10=streak_top10[profile.pk],
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
                previous[profile.pk] = rank
            for profile, departement, followers, _norms, _score in rows:
                if profile.status != Profile.Status.ACTIVE:
                    previous.pop(profile.pk, None)
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
        publication.entry_count = publication.entries.count()
        publication.save()
    return {
        "methodology": methodology,
        "regions": region_list,
        "departements": departements,
        "profiles": profiles,
        "publications": publications,
    }

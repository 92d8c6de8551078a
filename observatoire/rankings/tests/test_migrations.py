"""Publications made before the KPI catalogue (one column per KPI, groups packed without
naming their KPIs) read back bit for bit after the migrations that pack them."""

import datetime as dt
import importlib

import numpy as np
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.rankings.migrations import __name__ as migrations_package
from observatoire.rankings.models import RankingEntry, RankingPublication
from observatoire.rankings.selectors import entry_explanation, ranking_export_rows
from observatoire.rankings.services import reweight

create_v1 = importlib.import_module(f"{migrations_package}.0003_methodology_v1").create_v1
BEFORE = [("rankings", "0005_entry_references_without_db_constraints")]
FIVE = ["engagement_rate", "reach", "posts_per_day", "followers", "audience_ratio"]
# Raw values (followers comes from its own column), normalised values and points of two
# entries as the engine wrote them before the catalogue: awkward floats on purpose.
A = {"raw": [0.1 + 0.2, 2 / 3, 1.0, 1000.0, 10.0], "norm": [1.0, 0.75, 1.0, 0.5, 1 / 3]}
B = {"raw": [0.0125, 0.2, 0.5, 2000.0, 2000.0], "norm": [0.5, 0.25, 0.5, 1.0, 2 / 3]}


def _points(norms):
    return [w * s * 100 / 15 for w, s in zip((5, 4, 3, 2, 1), norms, strict=True)]


def _old_entry(Entry, publication, profile, values, rank, score):
    columns = {name: value for name, value in zip(FIVE, values["raw"], strict=True)}
    columns.pop("followers")
    return Entry.objects.create(
        publication=publication,
        network="instagram",
        category="petite_ville",
        profile_id=profile.pk,
        territory_id=profile.territory_id,
        eligible=True,
        rank=rank,
        score=score,
        followers=int(values["raw"][3]),
        following=100,
        posts=30,
        interactions=300,
        **columns,
        **{f"norm_{k}": v for k, v in zip(FIVE, values["norm"], strict=True)},
        **{f"points_{k}": v for k, v in zip(FIVE, _points(values["norm"]), strict=True)},
    )


# transaction=True: migrations run outside a test transaction. Not serialized_rollback: the
# flush of an earlier transactional test re-creates content types that it would load again.
@pytest.mark.django_db(transaction=True)
def test_a_publication_packed_before_the_catalogue_reads_back_bit_for_bit():
    a, b = ProfileFactory(handle="a"), ProfileFactory(handle="b")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("rankings")
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        create_v1(old, None)  # as migrate left it (an earlier transactional test flushed it)
        methodology = old.get_model("rankings", "Methodology").objects.get(slug="v1")
        Publication = old.get_model("rankings", "RankingPublication")
        publication = Publication.objects.create(methodology=methodology, month=dt.date(2024, 8, 1))
        Entry = old.get_model("rankings", "RankingEntry")
        _old_entry(Entry, publication, a, A, 1, "82.22")  # 12.3333 ÷ 15
        _old_entry(Entry, publication, b, B, 2, "51.11")  # 7.6667 ÷ 15
        matrix = np.array(
            [[b.pk, b.territory_id, 2, *B["norm"]], [a.pk, a.territory_id, 1, *A["norm"]]]
        )
        old.get_model("rankings", "RankingGroup").objects.create(
            publication=publication,
            network="instagram",
            category="petite_ville",
            size=2,
            matrix=matrix.astype("<f8").tobytes(),
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)

    publication = RankingPublication.objects.get()
    assert publication.kpis == FIVE
    assert publication.methodology.targets == {"posts_per_day": 1.0}
    entry = RankingEntry.objects.select_related("publication__methodology").get(profile=a)
    assert [entry.kpi(name).value for name in FIVE] == A["raw"]  # ==: the same doubles
    assert [entry.kpi(name).normalised for name in FIVE] == A["norm"]
    assert [entry.kpi(name).points for name in FIVE] == _points(A["norm"])
    explained = entry_explanation(entry=entry)
    assert [k["raw"] for k in explained["kpis"]] == A["raw"]
    assert explained["rank"] == 1 and explained["kpis"][0]["needed"] is None
    rows = ranking_export_rows(
        publication=publication, network="instagram", category="petite_ville"
    )
    assert [row["handle"] for row in rows] == ["a", "b"]
    assert rows[0]["engagement_rate"] == 0.1 + 0.2 and rows[0]["followers"] == 1000
    (group,) = reweight(publication=publication, weights=publication.methodology.weights)
    assert group.published_ranks == group.ranks == [1, 2]
    assert group.scores == [82.22, 51.11]
    assert group.profile_ids == [a.pk, b.pk]

"""The monthly dumps read back exactly as published: CSV through the csv module, Parquet
through pyarrow; unknown values stay empty or null, formula-like texts are neutralised in
the CSV, the datapackage.json describes the files as they are, and demo data says so."""

import hashlib
import math
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from observatoire.opendata.dumps.datasets import DATASETS
from observatoire.opendata.dumps.services import dumps_build
from observatoire.opendata.models import Dump
from observatoire.profiles.models import Network, Profile
from observatoire.rankings import kpis as catalogue
from observatoire.rankings.models import RankingEntry

from .dumps_world import (
    FORMULA_DISPLAY,
    FORMULA_NAME,
    OCTOBER,
    csv_rows,
    datapackage,
    download,
    dumps_world,
    parquet_rows,
    unreachable,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dumps_root(settings, tmp_path):
    settings.DUMPS_ROOT = tmp_path / "dumps"


@pytest.fixture
def world(db):
    world = dumps_world()
    dumps_build(month=OCTOBER)
    return world


def both(client, name: str) -> tuple[list[dict], list[dict]]:
    """The rows of a dataset of October 2026, from its CSV and from its Parquet file."""
    return (
        csv_rows(download(client, "2026-10", f"{name}.csv")),
        parquet_rows(download(client, "2026-10", f"{name}.parquet")),
    )


def cell(value) -> str:
    """How the CSV writes a published value (None: an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_rankings_read_back_as_published(client, world):
    text, typed = both(client, "rankings")
    entries = list(
        RankingEntry.objects.filter(publication=world.october)
        .select_related("territory", "profile", "region")
        .order_by("network", "category", "rank", "pk")
    )
    assert len(text) == len(typed) == len(entries) == 12
    by_profile = {row["profile_id"]: row for row in typed}
    for row in text:
        entry = next(e for e in entries if str(e.profile_id) == row["profile_id"])
        assert row["month"] == "2026-10-01"
        assert row["network"] == entry.network and row["territory"] == entry.territory.key
        assert row["rank"] == cell(entry.rank) and row["region_rank"] == cell(entry.region_rank)
        assert row["eligible"] == cell(entry.eligible)
        assert row["reason"] == entry.reason  # empty when ranked
        assert row["previous_rank"] == cell(entry.previous_rank)
        assert row["followers"] == cell(entry.followers)
        parquet = by_profile[entry.profile_id]
        assert parquet["rank"] == entry.rank and parquet["region_rank"] == entry.region_rank
        assert parquet["movement"] == entry.movement and parquet["eligible"] is entry.eligible
        if entry.score is None:
            assert row["score"] == "" and parquet["score"] is None
        else:
            assert Decimal(row["score"]) == entry.score
            assert parquet["score"] == float(entry.score)
    # The ranked ones by rank within each network, then the unranked.
    instagram = [row for row in typed if row["network"] == Network.INSTAGRAM]
    assert [row["rank"] for row in instagram] == [1, 2, 3, 4, 5, None]


def test_an_unranked_profile_keeps_its_unknowns_empty(client, world):
    broken = unreachable(world)
    text, typed = both(client, "rankings")
    [row] = [r for r in text if r["profile_id"] == str(broken.pk)]
    [parquet] = [r for r in typed if r["profile_id"] == broken.pk]
    assert row["eligible"] == "false" and row["reason"] == "unavailable"
    assert row["rank"] == row["score"] == row["region_rank"] == row["following"] == ""
    assert parquet["rank"] is None and parquet["score"] is None and parquet["following"] is None
    assert parquet["reason"] == "unavailable" and parquet["posts"] == 0


def test_every_kpi_of_the_catalogue_per_profile_as_published(client, world):
    text, typed = both(client, "kpis")
    names = catalogue.names()
    entries = RankingEntry.objects.filter(publication=world.october).select_related("publication")
    assert len(text) == len(typed) == entries.count() * len(names)
    weights = world.methodology.weights
    rows = {(row["profile_id"], row["kpi"]): row for row in typed}
    cells = {(row["profile_id"], row["kpi"]): row for row in text}
    for entry in entries:
        for name in names:
            published = entry.kpi(name)
            row, line = rows[entry.profile_id, name], cells[str(entry.profile_id), name]
            assert row["value"] == published.value and row["points"] == published.points
            assert row["normalised"] == published.normalised
            assert row["weight"] == weights[name] and line["weight"] == str(weights[name])
            assert line["value"] == cell(published.value)
    broken = unreachable(world)
    engagement = rows[broken.pk, "engagement_rate"]
    assert engagement["value"] is engagement["normalised"] is engagement["points"] is None
    assert cells[str(broken.pk), "engagement_rate"]["value"] == ""
    assert rows[broken.pk, "followers"]["value"] > 0  # known, though not ranked


def test_a_kpi_the_publication_lacks_is_computed_from_the_stored_figures(client, db, settings):
    """A KPI declared after the month was published: its values come from the entry's
    figures through the catalogue's formula, with no normalised value, points or weight."""
    world = dumps_world(census=False)
    posts = catalogue.Kpi(
        name="interactions_per_post",
        label="Interactions par publication",
        definition="Interactions ÷ publications",
        unit="ratio",
        decimals=1,
        compute=lambda f: np.where(f.posts > 0, f.interactions / np.maximum(f.posts, 1), np.nan),
    )
    with catalogue.registered(posts):
        dumps_build(month=OCTOBER)
        typed = parquet_rows(download(client, "2026-10", "kpis.parquet"))
        described = datapackage(client)
    rows = [row for row in typed if row["kpi"] == "interactions_per_post"]
    assert len(rows) == RankingEntry.objects.filter(publication=world.october).count()
    ranked = [row for row in rows if row["value"] is not None]
    assert {row["value"] for row in ranked} == {100.0}  # 3,000 interactions ÷ 30 posts
    assert all(row["normalised"] is row["points"] is row["weight"] is None for row in rows)
    assert len(ranked) == len(rows) - 1  # the unreachable one posted nothing
    [kpis] = [r for r in described["resources"] if r["name"] == "kpis"]
    [kpi_field] = [f for f in kpis["schema"]["fields"] if f["name"] == "kpi"]
    assert "interactions_per_post" in kpi_field["constraints"]["enum"]


def test_formula_like_texts_are_neutralised_in_the_csv_only(client, world):
    first = world.departements[0]
    rankings, typed = both(client, "rankings")
    assert {row["territory_name"] for row in rankings if row["territory"] == first.key} == {
        "'" + FORMULA_NAME
    }
    assert {row["territory_name"] for row in typed if row["territory"] == first.key} == {
        FORMULA_NAME
    }
    profiles, typed_profiles = both(client, "profiles")
    assert "'" + FORMULA_DISPLAY in {row["display_name"] for row in profiles}
    assert FORMULA_DISPLAY in {row["display_name"] for row in typed_profiles}
    # Numbers stay numbers: a movement of -2 is not a formula.
    movements = {row["movement"] for row in rankings}
    assert any(m.startswith("-") for m in movements)
    assert not any(m.startswith("'") for m in movements)
    raw = download(client, "2026-10", "territories.csv").decode()
    assert raw.startswith("id,kind,code,name,") and "\r\n" in raw
    assert not raw.startswith("\ufeff")


def test_the_census_of_the_month(client, world):
    from observatoire.opendata.census.selectors import census_figures

    text, typed = both(client, "census")
    figures = census_figures(month=OCTOBER, scope=None)
    assert len(text) == len(typed) == len(figures.figures) > 0
    whole = ("france", "all", "any")  # France, every collectivité, at least one network
    [france] = [r for r in typed if (r["scope"], r["stratum"], r["network"]) == whole]
    expected = figures.figure(scope="", stratum="", network="")
    assert france["territories"] == expected.territories and france["present"] == expected.present
    assert france["present_share"] == expected.present_share
    assert france["network_counts"] == list(expected.network_counts)
    [line] = [r for r in text if (r["scope"], r["stratum"], r["network"]) == whole]
    assert line["network_counts"] == "[" + ",".join(map(str, expected.network_counts)) + "]"
    assert {row["demo"] for row in typed} == {True}  # a demo profile is counted


def test_a_month_without_census_is_dumped_without_it(client, db):
    dumps_world(census=False)
    dumps_build(month=OCTOBER)
    names = {resource["name"] for resource in datapackage(client)["resources"]}
    assert "census" not in names and "rankings" in names
    assert not Dump.objects.filter(dataset="census").exists()


def test_demo_data_is_labelled(client, world):
    demo = world.profiles[Network.FACEBOOK, world.departements[0].pk]
    for name in ("rankings", "profiles"):
        text, typed = both(client, name)
        key = "profile_id" if name == "rankings" else "id"
        assert {row[key] for row in typed if row["demo"]} == {demo.pk}
        assert {row["demo"] for row in text} == {"true", "false"}
    described = datapackage(client)
    assert described["demo"] is True
    assert described["title"].startswith("DONNÉES DE DÉMONSTRATION (fictives)")
    assert "fictifs" in described["description"]


def test_real_data_is_not_labelled_demo(client, db):
    dumps_world(census=False)
    Profile.objects.update(is_demo=False)
    dumps_build(month=OCTOBER)
    described = datapackage(client)
    assert described["demo"] is False and "DÉMONSTRATION" not in described["title"]


def test_the_datapackage_describes_the_files_as_they_are(client, world):
    described = datapackage(client)
    assert described["profile"] == "tabular-data-package"
    assert described["name"] == "observatoire-collectivites-2026-10"
    assert described["licenses"] == [
        {
            "name": "etalab-2.0",
            "title": "Licence Ouverte / Open Licence version 2.0",
            "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        }
    ]
    sources = " ".join(source["title"] for source in described["sources"])
    assert "@etalab/decoupage-administratif" in sources and "Instagram" in sources
    resources = {resource["name"]: resource for resource in described["resources"]}
    expected = {d.name for d in DATASETS} | {f"{d.name}-parquet" for d in DATASETS}
    assert set(resources) == expected
    for resource in resources.values():
        data = download(client, "2026-10", resource["path"])
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        fields = [field["name"] for field in resource["schema"]["fields"]]
        assert all(field["description"] for field in resource["schema"]["fields"])
        if resource["format"] == "csv":
            assert resource["mediatype"] == "text/csv" and resource["encoding"] == "utf-8"
            rows = csv_rows(data)
            assert list(rows[0]) == fields and len(rows) == resource["rows"]
        else:
            assert resource["mediatype"] == "application/vnd.apache.parquet"
            table = pq.read_table(pa.BufferReader(data))
            assert table.column_names == fields and table.num_rows == resource["rows"]
            _types_match(table.schema, resource["schema"]["fields"])
            _constraints_hold(table.to_pylist(), resource["schema"])
    _foreign_keys_resolve(client, resources)


ARROW = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "array": pa.list_(pa.int64()),
}


def _types_match(schema: pa.Schema, fields: list[dict]) -> None:
    for field in fields:
        assert schema.field(field["name"]).type == ARROW[field["type"]], field["name"]


def _constraints_hold(rows: list[dict], schema: dict) -> None:
    key = schema.get("primaryKey", [])
    assert len({tuple(row[name] for name in key) for row in rows}) == len(rows)
    for field in schema["fields"]:
        constraints = field.get("constraints", {})
        values = [row[field["name"]] for row in rows]
        if constraints.get("required"):
            assert None not in values, field["name"]
        known = [v for v in values if v is not None]
        if "enum" in constraints:
            assert set(known) <= set(constraints["enum"]), field["name"]
        if "minimum" in constraints:
            assert all(v >= constraints["minimum"] for v in known), field["name"]
        if "maximum" in constraints:
            assert all(v <= constraints["maximum"] for v in known), field["name"]
        for value in known:
            assert not (isinstance(value, float) and math.isnan(value)), field["name"]


def _foreign_keys_resolve(client, resources: dict) -> None:
    tables = {
        name: parquet_rows(download(client, "2026-10", resource["path"]))
        for name, resource in resources.items()
        if resource["format"] == "parquet"
    }
    for name, resource in resources.items():
        if resource["format"] != "parquet":
            continue
        for key in resource["schema"].get("foreignKeys", []):
            target = tables[key["reference"]["resource"] + "-parquet"]
            known = {tuple(row[f] for f in key["reference"]["fields"]) for row in target}
            for row in tables[name]:
                value = tuple(row[f] for f in key["fields"])
                assert None in value or value in known, (name, key, value)


TRICKY = [
    "plain text",
    "café, crème",
    '=HYPERLINK("x")',
    "+33 6 12",
    "-2",
    "+3",
    "@SUM(A1)",
    "\tTab",
    "\rCR",
    'say "hi"',
    "two\nlines",
    "'quoted",
    "",
    None,
]


def test_text_cells_are_written_as_the_shared_csv_writer_writes_them():
    """The dumps format a chunk column by column for speed: the same cells as
    core.csvio.CsvWriter (one-way: formula-like texts neutralised, quoted when needed)."""
    import io

    from observatoire.core.csvio import CsvWriter
    from observatoire.opendata.dumps.files import _column_writers
    from observatoire.opendata.dumps.schema import Dataset, Field

    dataset = Dataset(
        name="t", title="t", description="t", fields=(Field("x", "string", "x"),), rows=None
    )
    writer = CsvWriter(io.StringIO(), reversible=False)
    [text] = _column_writers(dataset, writer)
    assert text(TRICKY) == [writer.cell(value) for value in TRICKY]
    assert text(["=1+1", "-2"]) == ["'=1+1", "-2"]

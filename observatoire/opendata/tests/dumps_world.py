"""Published months for the tests of the dumps, badges and feeds: the site's ranking world
(two régions of three départements, Instagram and Facebook, three months, one unreachable
Instagram profile) with texts a spreadsheet would run as formulas, a demo profile, and the
census of the last month; and how to read a dump back."""

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

import pyarrow.parquet as pq
from django.urls import reverse

from observatoire.opendata.census.services import census_build
from observatoire.opendata.models import Dump
from observatoire.profiles.models import Network, Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.site.tests.factories import build_rankings

MONTHS = [dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)]
OCTOBER = MONTHS[-1]
FORMULA_NAME = '=HYPERLINK("http://evil.example","Cliquez")'
FORMULA_DISPLAY = "@SUM(A1:A9)"


@dataclass
class World:
    methodology: object
    regions: list
    departements: list
    profiles: dict
    publications: list

    @property
    def october(self):
        return self.publications[-1]


def dumps_world(*, census: bool = True) -> World:
    built = build_rankings(months=MONTHS)
    world = World(**built)
    first = world.departements[0]
    first.name = FORMULA_NAME  # a registry name is text like any other
    first.save()
    demo = world.profiles[Network.FACEBOOK, first.pk]
    demo.display_name = FORMULA_DISPLAY
    demo.is_demo = True
    demo.save()
    ProfileFactory(  # a thematic profile: in the profiles file, in no ranking
        territory=first,
        network=Network.INSTAGRAM,
        handle="info_routes",
        is_principal=False,
        label="Info routes",
    )
    if census:
        census_build(months=[OCTOBER])
    return world


def download(client, month: str, name: str) -> bytes:
    dataset, fmt = name.rsplit(".", 1)
    url = reverse("opendata_dump:file", kwargs={"month": month, "dataset": dataset, "fmt": fmt})
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response.streaming_content)


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def parquet_rows(data: bytes) -> list[dict]:
    return pq.read_table(io.BytesIO(data)).to_pylist()


def datapackage(client, month: str = "2026-10") -> dict:
    return json.loads(download(client, month, "datapackage.json"))


def files_on_disk(settings) -> dict:
    """Relative path -> bytes of every file under DUMPS_ROOT (hidden directories too)."""
    from pathlib import Path

    root = Path(settings.DUMPS_ROOT)
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def dump_rows() -> list[tuple]:
    return list(Dump.objects.order_by("pk").values_list("pk", "path", "sha256", "size", "rows"))


def unreachable(world: World) -> Profile:
    return next(p for p in world.profiles.values() if p.status == Profile.Status.UNAVAILABLE)

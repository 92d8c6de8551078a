"""/donnees/: the page listing the months with sizes and checksums, the licence and the
schema, and the files at stable URLs (content types, download names, ETag, latest)."""

import hashlib
import re
from html import unescape

import pytest
from django.urls import reverse

from observatoire.opendata.dumps.services import dumps_build
from observatoire.opendata.models import Dump
from observatoire.profiles.models import Profile

from .dumps_world import MONTHS, OCTOBER, download, dumps_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dumps_root(settings, tmp_path):
    settings.DUMPS_ROOT = tmp_path / "dumps"


@pytest.fixture
def world(db):
    world = dumps_world()
    for month in MONTHS:
        dumps_build(month=month)
    return world


def file_url(month: str, name: str) -> str:
    dataset, fmt = name.rsplit(".", 1)
    return reverse("opendata_dump:file", kwargs={"month": month, "dataset": dataset, "fmt": fmt})


def latest_url(name: str) -> str:
    dataset, fmt = name.rsplit(".", 1)
    return reverse("opendata_dump:latest", kwargs={"dataset": dataset, "fmt": fmt})


def test_stable_urls(world):
    assert file_url("2026-10", "rankings.csv") == "/donnees/2026-10/rankings.csv"
    assert file_url("2026-10", "kpis.parquet") == "/donnees/2026-10/kpis.parquet"
    assert file_url("2026-10", "datapackage.json") == "/donnees/2026-10/datapackage.json"
    assert latest_url("census.csv") == "/donnees/latest/census.csv"


@pytest.mark.parametrize(
    ("name", "content_type", "disposition"),
    [
        ("rankings.csv", "text/csv; charset=utf-8", "attachment"),
        ("territories.parquet", "application/vnd.apache.parquet", "attachment"),
        ("datapackage.json", "application/json; charset=utf-8", "inline"),
    ],
)
def test_a_file_is_served_with_its_type_name_and_checksum(
    client, world, name, content_type, disposition
):
    response = client.get(file_url("2026-09", name))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    dataset, fmt = name.rsplit(".", 1)
    dump = Dump.objects.get(month=MONTHS[1], dataset=dataset, format=fmt)
    assert hashlib.sha256(data).hexdigest() == dump.sha256 and len(data) == dump.size
    assert response["Content-Type"] == content_type
    assert response["Content-Length"] == str(dump.size)
    assert response["Content-Disposition"] == (
        f'{disposition}; filename="demo-observatoire-2026-09-{name}"'  # a demo profile exists
    )
    assert response["ETag"] == f'"{dump.sha256}"'
    assert "public" in response["Cache-Control"] and "Last-Modified" in response


def test_real_data_is_downloaded_without_the_demo_prefix(client, world):
    Profile.objects.update(is_demo=False)
    response = client.get(file_url("2026-10", "rankings.csv"))
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="observatoire-2026-10-rankings.csv"'
    )


def test_a_client_revalidates_instead_of_downloading_again(client, world):
    url = file_url("2026-10", "kpis.parquet")
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"autre"').status_code == 200
    dumps_build(month=OCTOBER)  # regenerated: same content, hence the same tag
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_latest_leads_to_the_latest_month(client, world):
    response = client.get(latest_url("rankings.parquet"))
    assert response.status_code == 302
    assert response["Location"] == "/donnees/2026-10/rankings.parquet"
    assert client.get(latest_url("datapackage.json"))["Location"] == (
        "/donnees/2026-10/datapackage.json"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/donnees/2026-10/inconnu.csv",
        "/donnees/2026-10/rankings.json",
        "/donnees/2026-10/datapackage.csv",
        "/donnees/2026-11/rankings.csv",
        "/donnees/2026-13/rankings.csv",
        "/donnees/1999-10/rankings.csv",
        "/donnees/latest/inconnu.parquet",
        "/donnees/2026-10/../../settings.py",
    ],
)
def test_what_does_not_exist_is_not_found(client, world, url):
    assert client.get(url).status_code == 404


def test_nothing_dumped_yet(client, db):
    assert client.get(latest_url("rankings.csv")).status_code == 404
    html = client.get(reverse("opendata_dump:index")).content.decode()
    assert "Aucun fichier pour l'instant" in unescape(html)


def main(html: str) -> str:
    return html.split('<main id="contenu"', 1)[1].split("</main>", 1)[0]


def test_the_page_lists_months_sizes_checksums_licence_and_schema(client, world):
    response = client.get(reverse("opendata_dump:index"))
    assert response.status_code == 200
    html = main(response.content.decode())
    assert "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" in html
    assert "Licence Ouverte / Open Licence version 2.0" in html
    assert 'href="/api/docs"' in html
    captions = re.findall(r"<caption id=\"month-[^\"]+\">([^<]+)</caption>", html)
    assert [c.split(" — ")[0] for c in captions] == ["octobre 2026", "septembre 2026", "août 2026"]
    for dump in Dump.objects.all():
        assert dump.sha256 in html
        assert (
            f'href="{file_url(dump.month.strftime("%Y-%m"), dump.path.rsplit("/", 1)[1])}"' in html
        )
    # Sizes read in French: "12,3 Kio".
    assert re.search(r"<td class=\"num\">[0-9]+,[0-9]\xa0Kio</td>", html)
    for column in ("profile_id", "normalised", "present_share", "postcodes"):
        assert f"<code>{column}</code>" in html
    assert "Valeur normalisée dans le groupe de pairs, de 0 à 1" in html
    assert "unavailable, no_snapshot, no_followers, no_posts" in html  # the reasons allowed


def test_the_page_in_english(client, world):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("opendata_dump:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_files_read_through_the_page_links(client, world):
    html = main(client.get(reverse("opendata_dump:index")).content.decode())
    links = re.findall(r'href="(/donnees/2026-10/[^"]+)"', html)
    assert len(links) == 11  # five datasets in two formats and the datapackage
    assert len(re.findall(r'href="(/donnees/2026-08/[^"]+)"', html)) == 9  # no census then
    for link in links:
        assert client.get(link).status_code == 200
    assert download(client, "2026-10", "census.csv").startswith(b"month,scope,")

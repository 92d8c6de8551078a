"""Downloading the monthly report: who may, which month, what the browser receives."""

import datetime as dt
import subprocess

import pytest
from django.urls import reverse

from observatoire.dashboard.reports.render import report_filename
from observatoire.rankings.models import RankingPublication
from observatoire.territories.tests.factories import TerritoryFactory

from .worlds import dashboard_world, html_table


@pytest.fixture
def world(db):
    return dashboard_world(months=2)


def latest_url(world) -> str:
    return reverse("reports:latest", kwargs={"slug": world.territory.slug})


def month_url(world, month: str) -> str:
    return reverse("reports:month", kwargs={"slug": world.territory.slug, "month": month})


def pdf_text(pdf: bytes) -> str:
    found = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return found.stdout.decode().replace("\xa0", " ")


def test_urls_of_the_report():
    assert reverse("reports:latest", kwargs={"slug": "gers"}) == "/espace/gers/rapport/"
    month = reverse("reports:month", kwargs={"slug": "gers", "month": "2026-10"})
    assert month == "/espace/gers/rapport/2026-10.pdf"


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    for url in (latest_url(world), month_url(world, "2026-10")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("users:login"))
        assert "application/pdf" not in response.get("Content-Type", "")


def test_a_member_of_another_collectivite_gets_404(client, world):
    client.force_login(world.outsider)
    assert client.get(latest_url(world)).status_code == 404
    assert client.get(month_url(world, "2026-10")).status_code == 404


@pytest.mark.parametrize("who", ["viewer", "manager", "staff"])
def test_members_and_staff_download_the_latest_report(client, world, who):
    client.force_login(getattr(world, who))
    response = client.get(latest_url(world))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    filename = f"observatoire-{world.territory.slug}-2026-10.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "private" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert "Gers" in text and "Octobre 2026" in text


def test_a_named_month(client, world):
    client.force_login(world.viewer)
    response = client.get(month_url(world, "2026-09"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('-2026-09.pdf"')
    text = pdf_text(response.content)
    assert "Septembre 2026" in text
    assert "Octobre 2026" not in text


@pytest.mark.parametrize("month", ["2026-08", "2026-11", "1999-10", "2026-13", "2026-00"])
def test_a_month_without_publication_is_404(client, world, month):
    client.force_login(world.manager)
    assert client.get(month_url(world, month)).status_code == 404


def test_no_publication_at_all_is_404(client, world):
    RankingPublication.objects.all().delete()
    client.force_login(world.viewer)
    assert client.get(latest_url(world)).status_code == 404


def test_the_filename_is_plain_ascii(db):
    publication = RankingPublication(month=dt.date(2026, 10, 1))
    territory = TerritoryFactory(name="Saône-et-Loire", slug="saône-et-loire")
    filename = report_filename(territory=territory, publication=publication)
    assert filename == "observatoire-saone-et-loire-2026-10.pdf"


def test_the_report_follows_the_visitors_language(client, world):
    client.force_login(world.viewer)
    response = client.get(latest_url(world), headers={"accept-language": "en"})
    assert response.status_code == 200
    assert "October 2026" in pdf_text(response.content)


@pytest.mark.parametrize(
    "month, label", [("2026-09", "Septembre 2026"), ("2026-10", "Octobre 2026")]
)
def test_the_pdf_shows_the_dashboards_rank_and_score(client, world, month, label):
    """The same month on the dashboard and in the PDF: same rank, same ranked count, same
    score, as the member reads them."""
    client.force_login(world.viewer)
    dashboard = client.get(reverse("dashboard:home", args=[world.territory.slug]), {"month": month})
    assert dashboard.status_code == 200
    text = pdf_text(client.get(month_url(world, month)).content)
    assert label in text
    for network in ("instagram", "facebook"):
        rows = html_table(dashboard.content, f"{network}-synthese-table")
        header, row = rows[0], next(r for r in rows[1:] if r[0] == label.lower())
        score, rank, ranked = (
            row[header.index(name)] for name in ("Score", "Rang", "Profils classés")
        )
        if rank == "—":  # not ranked that month (the Gers' silent Facebook page)
            assert score == "—"
            assert "Non classé ce mois-ci : Aucune publication sur la période" in text
            continue
        suffix = "er" if rank == "1" else "e"
        assert f"{rank}{suffix} sur {ranked}" in text
        assert score in text

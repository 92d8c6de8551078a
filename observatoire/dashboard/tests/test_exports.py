"""Every table of the dashboard as CSV (the page's text, spreadsheet-safe) and XLSX (typed
cells, one sheet per table), for members only."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse

from observatoire.profiles.models import Network, Profile
from observatoire.rankings.models import RankingEntry, RankingPublication

from ..services import peers_set
from .worlds import UNSAFE_CAPTION, dashboard_world, html_table

INSTAGRAM, FACEBOOK = Network.INSTAGRAM, Network.FACEBOOK
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def world(db):
    cache.clear()
    return dashboard_world()


def csv_url(world, table, **query) -> str:
    path = reverse("dashboard:export_csv", args=[world.territory.slug, table])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def xlsx_url(world, **query) -> str:
    path = reverse("dashboard:export_xlsx", args=[world.territory.slug])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def download(client, user, address):
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200
    return response


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def workbook(response):
    assert response["Content-Type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(response.content))


def stored(world, network, index, territory=None):
    return RankingEntry.objects.select_related("publication").get(
        territory=territory or world.territory,
        network=network,
        publication=world.publications[index],
    )


# --- access ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    for address in (csv_url(world, "instagram-synthese"), xlsx_url(world)):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("users:login"))


def test_a_member_of_another_collectivite_gets_404(client, world):
    client.force_login(world.outsider)
    assert client.get(csv_url(world, "instagram-synthese")).status_code == 404
    assert client.get(xlsx_url(world)).status_code == 404


@pytest.mark.parametrize("who", ["manager", "viewer", "staff"])
def test_members_and_staff_download(client, world, who):
    user = getattr(world, who)
    response = download(client, user, csv_url(world, "instagram-synthese"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="departement-d1-instagram-synthese-2026-10.csv"'.replace(
            "departement-d1", world.territory.slug
        )
    )
    assert response["Cache-Control"] == "private, no-store"
    assert workbook(download(client, user, xlsx_url(world))).sheetnames[0] == "À lire"


def test_an_unknown_table_or_no_publication_is_404(client, world):
    client.force_login(world.viewer)
    assert client.get(csv_url(world, "nope")).status_code == 404
    RankingPublication.objects.all().delete()
    cache.clear()
    assert client.get(csv_url(world, "instagram-synthese")).status_code == 404
    assert client.get(xlsx_url(world)).status_code == 404


# --- CSV ------------------------------------------------------------------------------


def test_every_table_of_the_page_downloads_as_the_page_shows_it(client, world):
    home = reverse("dashboard:home", args=[world.territory.slug])
    slugs = [
        "instagram-synthese",
        "instagram-rank",
        "instagram-engagement-rate",
        "facebook-synthese",
        "facebook-rank",
        "facebook-posts-per-day",
        "profils-thematiques",
    ]
    for slug in slugs:
        network = slug.split("-")[0]
        page = download(client, world.viewer, f"{home}?network={network}")
        shown = html_table(page.content, f"{slug}-table")
        assert shown, slug
        rows = csv_rows(download(client, world.viewer, csv_url(world, slug)))
        assert rows[0] == shown[0]
        assert [[cell or "—" for cell in row] for row in rows[1:]] == shown[1:], slug
    july = csv_rows(download(client, world.viewer, csv_url(world, "facebook-synthese")))[1]
    assert july[1] == "" and july[-1] == "Aucune publication sur la période"  # never 0
    for slug in ("posts", "heatmap", "next-steps"):  # the other blocks' tables too
        assert len(csv_rows(download(client, world.viewer, csv_url(world, slug)))) > 1


def test_a_month_exports_the_publications_up_to_it(client, world):
    response = download(client, world.viewer, csv_url(world, "instagram-score", month="2026-08"))
    rows = csv_rows(response)
    assert [row[0] for row in rows[1:]] == ["juillet 2026", "août 2026"]
    assert "instagram-score-2026-08.csv" in response["Content-Disposition"]


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(client, world):
    tarn = world.departements[6]
    type(tarn).objects.filter(pk=tarn.pk).update(name="=SOMME(A1:A9)")
    tarn.refresh_from_db()
    peers_set(territory=world.territory, peers=[tarn], chosen_by=world.manager)
    header = csv_rows(download(client, world.viewer, csv_url(world, "instagram-rank")))[0]
    assert header == ["Mois", "Gers", "'=SOMME(A1:A9)"]
    posts = download(client, world.viewer, csv_url(world, "posts")).content.decode()
    assert "'" + UNSAFE_CAPTION.replace('"', '""')[:20] in posts
    cells = [cell for row in csv.reader(io.StringIO(posts[1:])) for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))]


# --- XLSX -----------------------------------------------------------------------------


def test_xlsx_one_sheet_per_table_bold_headers_typed_cells(client, world):
    book = workbook(download(client, world.viewer, xlsx_url(world)))
    names = book.sheetnames
    assert names[:4] == ["À lire", "Que faire ensuite", "Instagram synthèse", "Instagram Rang"]
    assert {"Facebook Taux d'engagement", "Profils thématiques", "Publications du mois"} <= set(
        names
    )
    heatmap_sheet = next(name for name in names if name.startswith("Engagement par jour"))
    assert all(len(name) <= 31 for name in names)  # Excel's limit
    summary = book["Instagram synthèse"]
    header = [cell.value for cell in summary[1]]
    assert header[:2] == ["Mois", "Taux d'engagement"] and header[-1] == "Remarque"
    assert all(cell.font.bold for cell in summary[1])
    for index, row in enumerate(summary.iter_rows(min_row=2)):
        entry = stored(world, INSTAGRAM, index)
        month, rate, _reach, _per_day, followers, _ratio, score, rank, _ranked, remark = row
        assert month.value == dt.datetime.combine(world.months[index], dt.time())
        assert month.is_date
        assert rate.value == pytest.approx(entry.kpi("engagement_rate").value)
        assert rate.number_format == "0.00%"
        assert followers.value == entry.kpi("followers").value and followers.data_type == "n"
        assert isinstance(followers.value, int) and followers.number_format == "#,##0"
        assert score.value == float(entry.score) and isinstance(rank.value, int)
        assert rank.value == entry.rank and remark.value is None
    july = [cell.value for cell in book["Facebook synthèse"][2]]
    assert july[1] is None  # engagement rate unknown: empty, never 0
    assert july[3] == 0  # posts per day: a known 0
    assert july[-1] == "Aucune publication sur la période"
    assert book["Facebook Rang"]["B2"].value == "Aucune publication sur la période"
    heatmap = book[heatmap_sheet]
    assert heatmap.max_row == 1 + 7 * 24


def test_xlsx_text_from_networks_is_never_a_formula(client, world):
    tarn = world.departements[6]
    type(tarn).objects.filter(pk=tarn.pk).update(name="=SOMME(A1:A9)")
    peers_set(territory=world.territory, peers=[tarn], chosen_by=world.manager)
    book = workbook(download(client, world.viewer, xlsx_url(world)))
    cell = book["Instagram Rang"]["C1"]
    assert cell.value == "=SOMME(A1:A9)" and cell.data_type == "s"
    posts = book["Publications du mois"]
    captions = [row[0] for row in posts.iter_rows(min_row=2)]
    unsafe = [c for c in captions if str(c.value).startswith("=HYPERLINK")]
    assert unsafe and all(c.data_type == "s" for c in unsafe)
    published = [row[7] for row in posts.iter_rows(min_row=2)]
    assert all(isinstance(c.value, dt.datetime) and c.value.tzinfo is None for c in published)


def test_demo_data_is_labelled_in_the_file_and_its_name(client, world):
    response = download(client, world.viewer, xlsx_url(world))
    assert "demo-" not in response["Content-Disposition"]
    assert workbook(response)["À lire"]["A1"].value == "Collectivité"
    Profile.objects.filter(pk=world.profile(INSTAGRAM).pk).update(is_demo=True)
    cache.clear()  # the demo flag is cached for a minute
    response = download(client, world.viewer, xlsx_url(world))
    assert 'filename="demo-' in response["Content-Disposition"]
    first = workbook(response)["À lire"]
    assert first["A1"].value == "Données de démonstration" and first["A1"].font.bold
    assert "fictifs" in first["B1"].value
    csv_response = download(client, world.viewer, csv_url(world, "instagram-rank"))
    assert 'filename="demo-' in csv_response["Content-Disposition"]


def test_sheet_names_fit_excel_and_never_collide_and_control_characters_go():
    from ..exports import tables_xlsx
    from ..tables import Column, Table

    title = "Un titre de tableau bien trop long pour un onglet: [vraiment]"
    tables = [
        Table(slug=f"t{i}", title=title, columns=[Column("Texte")], rows=[["a\x01b\x1f"]])
        for i in range(3)
    ]
    book = openpyxl.load_workbook(io.BytesIO(tables_xlsx(tables=tables, about=[], demo=False)))
    names = book.sheetnames[1:]
    assert len(set(names)) == 3 and all(len(name) <= 31 for name in names)
    assert not any(c in name for name in names for c in "[]:*?/\\")
    assert book[names[0]]["A2"].value == "ab"

"""The public site in a real browser: browse, filter, download, log in, and an axe-core audit."""

import csv
import io

import pytest

from .conftest import screenshot, watch_csp

pytestmark = pytest.mark.browser


def table_rows(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#ranking-table tbody tr",
        "rows => rows.map(r => [...r.children].map(c => c.innerText.trim()))",
    )


def heading(page) -> str:
    return page.locator("#ranking-title").inner_text()


def test_browse_rankings_filter_and_download(page, site_data):
    page.goto(page.base + "/")
    assert page.locator("h1").inner_text() == "Les collectivités françaises sur les réseaux sociaux"
    screenshot(page, "home")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Classements"
    ).click()
    assert "Départements sur Instagram — octobre 2026" in heading(page)
    assert len(table_rows(page)) == 50
    screenshot(page, "rankings")

    page.select_option("#id_network", "facebook")
    page.get_by_role("button", name="Afficher").click()
    assert "Départements sur Facebook — octobre 2026" in heading(page)

    page.select_option("#id_category", "region")
    page.get_by_role("button", name="Afficher").click()
    assert "Régions sur Facebook" in heading(page)
    assert page.get_by_text("Aucun profil dans ce classement.").is_visible()

    page.select_option("#id_category", "departement")
    page.select_option("#id_month", "2026-09")
    page.select_option("#id_region", site_data["regions"][1].slug)
    page.get_by_role("button", name="Afficher").click()
    assert "Départements sur Facebook — septembre 2026 · Région B" in heading(page)
    headers = page.eval_on_selector_all("#ranking-table thead th", "t => t.map(h => h.innerText)")
    assert headers[:2] == ["Rang", "Rang régional"]
    rows = table_rows(page)
    assert [int(r[1]) for r in rows] == list(range(1, 31))

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger ce tableau (CSV)").click()
    path = download_info.value.path()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        exported = list(csv.reader(io.StringIO(handle.read())))
    assert exported[0][:6] == [
        "Rang",
        "Rang régional",
        "Évolution",
        "Collectivité",
        "Profil",
        "Score",
    ]
    assert len(exported) - 1 == len(rows)
    for shown, row in zip(rows, exported[1:], strict=True):
        assert shown[0] == row[0] and shown[1] == row[1]
        assert shown[3].startswith(row[3])  # the name, possibly followed by a streak badge
        assert shown[4] == "@" + row[4]  # the handle, without its @ in a spreadsheet
        assert shown[5:11] == row[5:11]  # score and the five KPIs


def test_pages_beyond_fifty_and_unreachable_profiles(page, site_data):
    page.goto(page.base + "/classements/")
    page.get_by_role("navigation", name="Pages du classement").get_by_role("link", name="2").click()
    rows = table_rows(page)
    assert [r[0] for r in rows][:8] == [str(n) for n in range(51, 59)]
    last = rows[-1]
    assert last[0] == "" and "Profil inaccessible" in last[-1] and "⚠" in last[-1]


def test_ranked_profile_broken_now_keeps_its_rank_with_the_danger_sign(page, site_data):
    leader = site_data["broken_now"]
    page.goto(page.base + "/classements/?network=instagram")
    row = page.locator("#ranking-table tbody tr").first
    assert row.locator("td").first.inner_text() == "1"
    assert row.get_by_role("img", name="Attention danger").is_visible()
    assert "Inaccessible depuis le 12 novembre 2026 — Profil introuvable" in row.inner_text()
    assert page.get_by_text("un profil accessible pendant le mois garde son rang").is_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger ce tableau (CSV)").click()
    with open(download_info.value.path(), encoding="utf-8-sig", newline="") as handle:
        first = next(csv.DictReader(handle))
    assert (first["Rang"], first["Inaccessible depuis"]) == ("1", "2026-11-12")
    row.locator("th a").click()
    assert page.locator("h1").inner_text() == leader.territory.name
    card = page.locator("article.network-card", has_text="Instagram —")
    assert card.locator(".rank-line").get_by_role("img", name="Attention danger").is_visible()


def test_collectivite_page(page, site_data):
    page.goto(page.base + "/classements/?network=instagram")
    first = page.locator("#ranking-table tbody tr").first.locator("th a")
    name = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == name
    assert page.locator("svg[role=img]").count() == 3
    assert page.locator("#history-table tbody tr").count() == 3
    assert page.get_by_role("table", name="D'où viennent les points (Instagram)").is_visible()
    # Progressive enhancement: pointing at the rank chart reads out the month's values.
    chart = page.locator("figure.chart").first
    chart.locator("svg[role=img]").hover(position={"x": 20, "y": 40})
    assert "Instagram" in chart.locator(".chart-readout").inner_text()
    screenshot(page, "territory")


def test_search_finds_a_collectivite(page, site_data):
    departement = site_data["departements"][4]
    page.goto(page.base + "/")
    page.get_by_label("Rechercher une collectivité").fill(departement.code)
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name=departement.name, exact=True).click()
    assert page.locator("h1").inner_text() == departement.name


def test_login_and_logout(page, site_data):
    page.goto(page.base + "/")
    page.get_by_role("link", name="Connexion").click()
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label("Mot de passe").fill("un-mot-de-passe-solide")
    page.get_by_role("button", name="Se connecter").click()
    assert page.locator("h1").inner_text() == "Mon espace"
    name = site_data["departements"][0].name  # its dashboard; its other pages say "… de <name>"
    assert page.get_by_role("link", name=name, exact=True).is_visible()
    page.get_by_role("button", name="Déconnexion").click()
    assert page.get_by_role("link", name="Connexion").is_visible()


def test_english_is_available(page, site_data):
    page.goto(page.base + "/")
    page.select_option("#lang-select", "en")
    page.get_by_role("button", name="Changer").click()
    assert page.locator("html").get_attribute("lang") == "en"


def test_phone_width(browser, live_server, site_data):
    context = browser.new_context(locale="fr-FR", viewport={"width": 375, "height": 800})
    violations = watch_csp(context)
    page = context.new_page()
    page.goto(live_server.url + "/classements/")
    # The page itself never scrolls sideways; only the table's own region does.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    screenshot(page, "rankings-phone")
    context.close()
    assert violations == []


CSP_PAGES = [
    "/",
    "/classements/",
    "/classements/?network=facebook&region={region}",
    "/methodologie/",
    "/recherche/?q=D",
    "/blog/",
    "/blog/classements-octobre/",
    "/compte/connexion/",
    "/compte/mot-de-passe/",
    "/page-inconnue/",
]


def test_strict_content_security_policy_blocks_nothing(page, site_data):
    """The browser enforces the policy: pages, the chart read-out (charts.js) and the admin
    work without the policy blocking any script, style or image (the `page` fixture fails
    the test on any violation the browser reports)."""
    for template in CSP_PAGES:
        response = page.goto(page.base + template.format(region=site_data["regions"][0].slug))
        assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("h1").inner_text() == "Page introuvable"

    page.goto(page.base + site_data["departements"][0].get_absolute_url())
    chart = page.locator("figure.chart").first
    chart.locator("svg[role=img]").hover(position={"x": 20, "y": 40})
    assert chart.locator(".chart-readout").inner_text() != ""
    bar = page.locator("svg.bar rect").first.bounding_box()
    assert 0 < bar["width"] <= page.locator("svg.bar").first.bounding_box()["width"]

    from observatoire.users.models import User

    User.objects.create_superuser("admin", "admin@example.org", "un-mot-de-passe-admin")
    page.goto(page.base + "/admin/")
    page.get_by_label("Nom d’utilisateur").fill("admin")
    page.get_by_label("Mot de passe").fill("un-mot-de-passe-admin")
    page.get_by_role("button", name="Connexion").click()
    page.get_by_role("link", name="Articles").first.click()
    page.get_by_role("link", name="Les classements d'octobre").click()
    page.get_by_role("link", name="Aujourd'hui").first.click()  # the date widget's shortcut
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.locator(".messagelist .success").wait_for()  # saved, back on the list
    page.goto(page.base + "/admin/blog/article/add/")
    page.get_by_label("Titre").press_sequentially("Un nouvel article")
    assert page.get_by_label("Slug").input_value() == "un-nouvel-article"  # admin's own JS
    assert page.csp_violations == []


AXE_PAGES = [
    "/",
    "/classements/",
    "/classements/?region={region}",
    "/methodologie/",
    "/collectivites/{slug}/",
    "/recherche/?q=D",
    "/blog/",
    "/blog/classements-octobre/",
    "/compte/connexion/",
    "/compte/mot-de-passe/",
    "/donnees/",
    "/badges/{slug}/",
]


def test_no_serious_accessibility_violation(axe, site_data):
    page = axe
    problems = []
    for template in AXE_PAGES:
        url = template.format(
            region=site_data["regions"][0].slug, slug=site_data["departements"][0].slug
        )
        page.goto(page.base + url)
        result = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
        )
        assert result["passes"], f"axe-core did not run on {url}"
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"][:3]]
                problems.append(f"{url}: {violation['id']} ({violation['impact']}) {targets}")
    assert problems == []

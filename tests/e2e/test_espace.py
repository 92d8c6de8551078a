"""Mon espace in a real browser: a gestionnaire's dashboard, downloads, simulator, peers,
profile corrections validated by staff, alerts; what a lecteur and an outsider may not see;
an axe-core audit, the Content-Security-Policy and the phone width of its pages."""

import importlib
import re

import pytest
from openpyxl import load_workbook

from .conftest import watch_csp

pytestmark = pytest.mark.browser

AXE_RUN = (
    "() => axe.run(document, {runOnly: {type: 'tag', values: "
    "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
)


@pytest.fixture
def world(transactional_db):
    """`dashboard_world` in a database the live server reads (committed, flushed after)."""
    from django.core.cache import cache

    from observatoire.dashboard.tests.worlds import dashboard_world
    from observatoire.rankings.models import Methodology

    # Methodology v1 comes from a data migration, which the flush after an earlier
    # transactional test removed: put it back as `migrate` leaves it.
    migration = importlib.import_module("observatoire.rankings.migrations.0003_methodology_v1")
    v1 = dict(migration.V1)
    v1["targets"] = {"posts_per_day": v1.pop("frequency_target")}  # where 0007 moved it
    if not Methodology.objects.filter(slug="v1").exists():
        Methodology.objects.create(slug="v1", is_default=True, **v1)
    cache.clear()
    yield dashboard_world()
    cache.clear()


def log_in(page, user, password: str) -> None:
    """Through the login page, as a person would; it leads to Mon espace."""
    page.goto(page.base + "/compte/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(user.get_username())
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    assert page.locator("h1").inner_text() == "Mon espace"


@pytest.fixture
def open_page(browser, live_server):
    """Opens a page in a browser context of its own (another person, another screen); the
    test fails if the site's CSP blocks anything in it."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(locale="fr-FR", accept_downloads=True, **options)
        contexts.append((context, watch_csp(context)))
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base = live_server.url
        return page

    yield open_page
    for context, _violations in contexts:
        context.close()
    assert [v for _context, violations in contexts for v in violations] == []


def dashboard_url(page, world) -> str:
    return f"{page.base}/espace/{world.territory.slug}/"


def space_nav(page):
    return page.get_by_role("navigation", name=re.compile("^Mon espace — "))


def texts(locator) -> list[str]:
    return [text.strip() for text in locator.all_inner_texts()]


def test_manager_dashboard_compare_month_and_downloads(page, world, tmp_path):
    gers = world.territory
    log_in(page, world.manager, world.password)
    page.get_by_role("link", name=gers.name, exact=True).click()
    assert page.locator("h1").inner_text() == f"Tableau de bord — {gers.name}"

    # The figures of every network month by month, in tables.
    for network, label in (("instagram", "Instagram"), ("facebook", "Facebook")):
        table = page.locator(f"#{network}-synthese-table")
        assert table.locator("caption").inner_text() == f"{label} : vos chiffres mois par mois"
        months = texts(table.locator("tbody th"))
        assert months == ["juillet 2026", "août 2026", "septembre 2026", "octobre 2026"]
    # The comparison: one chart per figure of the network compared (Instagram first), with
    # the collectivité, the category's median and its five peers in the legend (the score's;
    # the rank's has no median).
    comparison = page.locator("#comparaison")
    charts = comparison.locator("figure.chart svg[role=img]")
    assert charts.count() == 7
    assert all(t.startswith("Instagram — ") for t in texts(comparison.locator(".metric h3")))
    legend = texts(comparison.locator("figure.chart").nth(1).locator(".legend li"))
    assert legend[:2] == [gers.name, "Médiane de la catégorie"] and len(legend) == 7
    score_rows = comparison.locator("#instagram-score-table tbody tr")
    assert score_rows.count() == 4  # the same values in a table

    comparison.get_by_role("navigation", name="Réseau comparé").get_by_role(
        "link", name="Facebook"
    ).click()
    comparison = page.locator("#comparaison")
    assert all(t.startswith("Facebook — ") for t in texts(comparison.locator(".metric h3")))
    assert comparison.locator("figure.chart svg[role=img]").count() == 7
    assert comparison.locator("[aria-current]").inner_text() == "Facebook"

    # Another month: the history stops there, and the network compared is kept.
    page.select_option("#month-select", "2026-09")
    page.get_by_role("button", name="Afficher").click()
    assert "network=facebook" in page.url and "month=2026-09" in page.url
    assert "jusqu'à septembre 2026" in page.locator("main").inner_text()
    months = texts(page.locator("#facebook-synthese-table tbody th"))
    assert months == ["juillet 2026", "août 2026", "septembre 2026"]
    assert all(t.startswith("Facebook — ") for t in texts(page.locator("#comparaison .metric h3")))

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Télécharger tous les tableaux \\(XLSX")).click()
    download = download_info.value
    assert download.suggested_filename == f"{gers.slug}-tableau-de-bord-2026-09.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    book = load_workbook(saved, read_only=True)
    assert book.sheetnames[0] == "À lire"
    for sheet in ("Instagram synthèse", "Facebook synthèse", "Profils thématiques"):
        assert sheet in book.sheetnames
    about = {row[0]: row[1] for row in book["À lire"].iter_rows(values_only=True)}
    assert (about["Collectivité"], about["Mois"]) == (gers.name, "septembre 2026")
    summary = list(book["Instagram synthèse"].iter_rows(values_only=True))
    assert summary[0][0] == "Mois" and len(summary) == 1 + len(months)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Rapport mensuel en PDF : septembre 2026").click()
    download = download_info.value
    assert download.suggested_filename == f"observatoire-{gers.slug}-2026-09.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def simulated_rows(page, network: str) -> list[tuple[str, str]]:
    """(simulated rank, name) of each row of a network's simulated top 10."""
    rows = page.eval_on_selector_all(
        f"#simulation-{network} tbody tr",
        "rows => rows.map(r => [r.cells[0].innerText, r.cells[1].firstChild.textContent])",
    )
    return [(rank.strip(), name.strip()) for rank, name in rows]


def test_simulator_updates_itself_and_says_it_is_not_published(page, world):
    log_in(page, world.manager, world.password)
    page.goto(dashboard_url(page, world))
    space_nav(page).get_by_role("link", name="Simulateur de score").click()
    main = page.locator("main")
    assert (
        page.get_by_role("note")
        .inner_text()
        .startswith("Simulation — ce classement n'est pas publié.")
    )
    assert "Avec les poids publiés, la simulation redonne le classement publié." in (
        main.inner_text()
    )
    result = page.locator(".simulation-result").first
    assert "Rang publié : 2e · rang simulé : 2e sur 9 (même rang)" in result.inner_text()
    published = simulated_rows(page, "instagram")
    assert published[:2] == [("1", "Lot"), ("2", world.territory.name)]

    # With JavaScript, typing a weight is enough: simulator.js re-submits the form (no
    # click on "Simuler") and gives the focus back to the field.
    page.get_by_label("Abonnés").fill("1000")
    page.wait_for_url(re.compile(r"[?&]followers=1000(&|$)"))
    assert page.get_by_label("Abonnés").input_value() == "1000"
    assert page.evaluate("document.activeElement.id") == "id_followers"
    assert "la simulation redonne le classement publié" not in main.inner_text()
    result = page.locator(".simulation-result").first
    assert "Rang publié : 2e · rang simulé : 4e sur 9 (2 places perdues)" in result.inner_text()
    simulated = simulated_rows(page, "instagram")
    assert simulated != published and simulated[0] == ("1", "Tarn")
    assert ("4", world.territory.name) in simulated
    caption = page.locator("#simulation-instagram caption").inner_text()
    assert caption == "Instagram : les 10 premiers du classement simulé (non publié)"
    assert (
        page.get_by_role("note")
        .inner_text()
        .startswith("Simulation — ce classement n'est pas publié.")
    )

    # Nothing was published: the public ranking is the one of the published weights.
    page.goto(page.base + "/classements/?network=instagram")
    first = page.locator("#ranking-table tbody tr").first
    assert first.locator("th a").inner_text() == "Lot"


def test_manager_adds_a_peer_and_the_dashboard_compares_it(page, world):
    log_in(page, world.manager, world.password)
    page.goto(dashboard_url(page, world))
    assert "Nièvre" not in texts(page.locator("#comparaison .peer-list li"))
    space_nav(page).get_by_role("link", name="Collectivités comparées").click()
    current = page.locator("#current-list tbody th")
    assert texts(current) == ["Lot", "Ariège", "Aude", "Aveyron", "Hautes-Pyrénées"]

    # Five at most: one goes, then another is found and added at the end.
    page.get_by_role("button", name="Retirer Hautes-Pyrénées").click()
    assert page.get_by_text("Hautes-Pyrénées retirée des collectivités comparées.").is_visible()
    page.get_by_label("Rechercher une collectivité par son nom", exact=True).fill("Nièv")
    page.get_by_role("button", name="Rechercher", exact=True).last.click()
    results = page.locator("#search-results")
    assert texts(results.locator("tbody th")) == ["Nièvre"]
    results.get_by_role("button", name="Ajouter Nièvre").click()
    assert page.get_by_text("Nièvre ajoutée aux collectivités comparées.").is_visible()
    assert texts(current) == ["Lot", "Ariège", "Aude", "Aveyron", "Nièvre"]
    assert page.get_by_text("Choisies par un gestionnaire de la collectivité.").is_visible()

    space_nav(page).get_by_role("link", name="Tableau de bord").click()
    comparison = page.locator("#comparaison")
    assert texts(comparison.locator(".peer-list li")) == [
        "Lot",
        "Ariège",
        "Aude",
        "Aveyron",
        "Nièvre",
    ]
    assert "choisies par un gestionnaire" in comparison.inner_text()
    legend = texts(comparison.locator("figure.chart").nth(1).locator(".legend li"))
    assert "Nièvre" in legend and "Hautes-Pyrénées" not in legend
    # The same values in the table under the chart (folded: its text, not its rendering).
    header = comparison.locator("#instagram-score-table thead th").all_text_contents()
    assert "Nièvre" in header and "Hautes-Pyrénées" not in header


def test_missing_profile_declared_then_validated_by_staff(page, open_page, world):
    from django.contrib.auth.models import Permission
    from django.utils import translation
    from django.utils.formats import date_format

    from observatoire.profiles.models import Profile

    gers = world.territory
    log_in(page, world.manager, world.password)
    page.get_by_role("link", name=f"Profils de {gers.name}").click()
    page.get_by_role("link", name="Déclarer un profil manquant").click()
    page.get_by_label("Réseau").select_option(label="TikTok")
    page.get_by_label("Identifiant du profil").fill("@gers_jeunes")
    page.get_by_label("Thème, s'il s'agit d'un profil thématique (facultatif)").fill("Jeunesse")
    page.get_by_role("button", name="Envoyer la demande").click()
    assert page.locator("h1").inner_text() == f"Profils de {gers.name}"
    assert page.get_by_text("Demande envoyée : elle s'appliquera une fois validée").is_visible()
    row = page.locator("#corrections-history tbody tr")
    assert row.count() == 1
    cells = texts(row.locator("th, td"))
    assert cells[1:3] == ["Profil manquant", "TikTok"]
    assert cells[3].startswith("@gers_jeunes") and cells[5:] == ["En attente", "—"]
    page.goto(page.base + gers.get_absolute_url())
    assert "gers_jeunes" not in page.locator("main").inner_text()

    # Staff, in a browser of their own, validate it in the admin with the "valider" action.
    world.staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_profilecorrection", "change_profilecorrection"]
        )
    )
    staff = open_page()
    staff.goto(staff.base + "/admin/")
    staff.get_by_label("Nom d’utilisateur").fill(world.staff.get_username())
    staff.get_by_label("Mot de passe").fill(world.password)
    staff.get_by_role("button", name="Connexion").click()
    staff.get_by_role("link", name="Corrections de profils").click()
    pending = staff.locator("#result_list tbody tr", has_text="@gers_jeunes")
    assert "En attente" in pending.inner_text()
    pending.locator("input.action-select").check()
    staff.select_option("select[name=action]", label="Valider les demandes sélectionnées")
    staff.get_by_role("button", name="Envoyer").click()
    assert staff.locator(".messagelist .success").inner_text() == "1 demande validée."

    profile = Profile.objects.get(territory=gers, handle_key="gers_jeunes")
    with translation.override("fr"):
        verified = (
            f"Profil vérifié par la collectivité le {date_format(profile.verified_at, 'j F Y')}"
        )
    page.goto(page.base + f"/espace/{gers.slug}/profils/")
    assert texts(page.locator("#corrections-history tbody tr").locator("td"))[4] == "Validée"
    tiktok = page.locator("table.corrections-profiles", has_text="@gers_jeunes")
    assert verified in tiktok.inner_text()

    # The public page of the collectivité says it, beside the new profile.
    page.goto(page.base + gers.get_absolute_url())
    card = page.locator("article.network-card", has_text="TikTok —")
    assert card.locator("h3").inner_text() == "TikTok — @gers_jeunes"
    assert card.locator(".badge.verified").inner_text() == f"✓ {verified}"


def test_alert_switched_off_stays_off(page, world):
    log_in(page, world.manager, world.password)
    page.get_by_role("link", name="Mes alertes par courriel et leur historique").click()
    assert page.locator("h1").inner_text() == "Mes alertes"
    unreachable = page.get_by_label("Un profil devient inaccessible")
    new_ranking = page.get_by_label("Un nouveau classement est publié")
    assert unreachable.is_checked() and new_ranking.is_checked()
    unreachable.uncheck()
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Vos préférences d'alerte sont enregistrées.").is_visible()
    page.reload()
    assert not page.get_by_label("Un profil devient inaccessible").is_checked()
    assert page.get_by_label("Un nouveau classement est publié").is_checked()


def test_a_lecteur_and_an_outsider_see_only_what_they_may(page, world):
    gers = world.territory
    log_in(page, world.viewer, world.password)
    assert page.get_by_role("link", name=gers.name, exact=True).is_visible()
    assert page.get_by_role("link", name=f"Équipe de {gers.name}").count() == 0
    page.get_by_role("link", name=gers.name, exact=True).click()
    nav = space_nav(page)
    links = texts(nav.get_by_role("link"))
    assert {"Tableau de bord", "Profils", "Simulateur de score", "Mes alertes"} <= set(links)
    assert "Collectivités comparées" not in links and "Équipe" not in links
    nav.get_by_role("link", name="Profils").click()
    assert page.get_by_role("link", name="Déclarer un profil manquant").count() == 0
    for path in ("/compte/espace/{slug}/equipe/", "/espace/{slug}/pairs/"):
        response = page.goto(page.base + path.format(slug=gers.slug))
        assert response.status == 404
        assert page.locator("h1").inner_text() == "Page introuvable"

    page.get_by_role("button", name="Déconnexion").click()
    log_in(page, world.outsider, world.password)
    own = world.departements[7]
    assert page.get_by_role("link", name=own.name, exact=True).is_visible()
    assert page.get_by_role("link", name=gers.name, exact=True).count() == 0
    assert page.goto(f"{page.base}/espace/{own.slug}/").status == 200
    response = page.goto(dashboard_url(page, world))
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page introuvable"
    assert gers.name not in page.locator("main").inner_text()


def audit(page, url: str) -> list[str]:
    """The serious and critical axe-core violations of the page at `url`, every disclosure
    (details) opened first so that the tables inside are audited too."""
    response = page.goto(page.base + url)
    assert response.status == 200, url
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    result = page.evaluate(AXE_RUN)
    assert result["passes"], f"axe-core did not run on {url}"
    return [
        f"{url}: {v['id']} ({v['impact']}) {[node['target'] for node in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_no_serious_accessibility_violation_in_mon_espace(axe, world, live_server):
    from django.core import mail

    from observatoire.users.models import Role
    from observatoire.users.services import invitation_send

    page, gers = axe, world.territory
    invitation_send(
        email="nouvelle.recrue@exemple.fr",
        territories=[gers],
        role=Role.VIEWER,
        language="fr",
        invited_by=world.manager,
        base_url=live_server.url,
    )
    (link,) = re.findall(r"https?://\S+/compte/invitation/[^/\s]+/", mail.outbox[-1].body)
    problems = []
    # A visitor: the invitation (choose a password) and the request to join.
    problems += audit(page, link.removeprefix(live_server.url))
    assert page.locator("h1").inner_text() == "Accepter l'invitation"
    problems += audit(page, f"/compte/rejoindre/{gers.slug}/")
    assert page.get_by_label("Adresse électronique").count() == 1

    log_in(page, world.manager, world.password)
    profile = world.profile("instagram")
    for url in (
        "/compte/espace/",
        "/espace/{slug}/",
        "/espace/{slug}/?network=facebook&month=2026-09",
        "/espace/{slug}/pairs/",
        "/espace/{slug}/pairs/?q=Ni",
        "/espace/{slug}/simulateur/",
        "/espace/{slug}/simulateur/?month=2026-10&engagement_rate=0&followers=9",
        "/espace/{slug}/simulateur/?month=2026-10&engagement_rate=0&reach=0&posts_per_day=0"
        "&followers=0&audience_ratio=0",  # the error summary
        "/espace/{slug}/profils/",
        "/espace/{slug}/profils/declarer/",
        f"/espace/{{slug}}/profils/{profile.pk}/lien/",
        "/compte/espace/{slug}/equipe/",
        "/compte/alertes/",
    ):
        problems += audit(page, url.format(slug=gers.slug))
    assert problems == []


def test_dashboard_and_simulator_under_a_strict_content_security_policy(page, world):
    """charts.js and simulator.js run, and the browser blocks no script, style or image (the
    `page` fixture also fails the test on any violation reported)."""
    log_in(page, world.manager, world.password)
    response = page.goto(dashboard_url(page, world))
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    chart = page.locator("#comparaison figure.chart").first
    chart.locator("svg[role=img]").hover(position={"x": 60, "y": 40})
    assert chart.locator(".chart-readout").inner_text() != ""  # charts.js ran
    page.goto(f"{page.base}/espace/{world.territory.slug}/simulateur/")
    page.get_by_label("Portée").fill("0")
    page.wait_for_url(re.compile(r"[?&]reach=0(&|$)"))  # simulator.js ran
    assert page.locator(".simulation-result").count() == 2
    assert page.csp_violations == []


def test_phone_width(open_page, world):
    page = open_page(viewport={"width": 375, "height": 800})
    log_in(page, world.manager, world.password)
    for path, wide_tables in (
        ("/espace/{slug}/", True),
        ("/espace/{slug}/simulateur/", True),
        ("/espace/{slug}/profils/", False),
        ("/compte/espace/{slug}/equipe/", False),
    ):
        page.goto(page.base + path.format(slug=world.territory.slug))
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        # The page never scrolls sideways; the wide tables scroll in their own region.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
        if wide_tables:
            scrolling = page.eval_on_selector_all(
                ".table-scroll",
                "boxes => boxes.filter(b => b.scrollWidth > b.clientWidth).length",
            )
            assert scrolling > 0, path

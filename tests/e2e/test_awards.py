"""The #Hashtags awards in a real browser, from the call for entries to the palmarès: staff
create an edition in the admin, a collectivité's manager drafts and submits its dossier in
Mon espace, staff confirm the nominees from the shortlist, three jurors score (one declares
a conflict, one has its own collectivité among the nominees), staff close the edition, and
the public sees the medals once announced. Then an axe-core audit of every awards page, with
the Content-Security-Policy watched in each browser context."""

import datetime as dt
import importlib
import re

import pytest
from django.core import mail
from django.utils import timezone

from .conftest import AXE, watch_csp

pytestmark = pytest.mark.browser

AXE_RUN = (
    "() => axe.run(document, {runOnly: {type: 'tag', values: "
    "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
)
STAFF_PASSWORD = "un-mot-de-passe-de-l-equipe-42"
# The jury's criteria typed in the admin, with their weights.
CRITERIA = [
    ("Finalité de communication publique", "3"),
    ("Ligne éditoriale", "2"),
    ("Conversation avec le public", "1"),
]
# The Gers' posts the Observatoire collected, with the addresses its manager pastes.
INSTAGRAM_POST = "https://www.instagram.com/p/C1a2B3c4D5e/"
FACEBOOK_POST = "https://www.facebook.com/100064512345678/posts/3012345678901234/"
LINKS = [
    "https://www.instagram.com/p/C1a2B3c4D5e/?hl=fr",
    "https://www.facebook.com/LeGers32/posts/3012345678901234/",
    "https://x.com/LeGers32/status/1244567890123456789?s=20",  # no X profile: not collected
]
UNREADABLE = "https://piaille.fr/about"


# --- the world and the people -------------------------------------------------------------


def methodology_restore() -> None:
    """Methodology v1 comes from a data migration, which the flush after an earlier
    transactional test removed: put it back as `migrate` leaves it."""
    from observatoire.rankings.models import Methodology

    migration = importlib.import_module("observatoire.rankings.migrations.0003_methodology_v1")
    v1 = dict(migration.V1)
    v1["targets"] = {"posts_per_day": v1.pop("frequency_target")}  # where 0007 moved it
    if not Methodology.objects.filter(slug="v1").exists():
        Methodology.objects.create(slug="v1", is_default=True, **v1)


@pytest.fixture
def clean_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(transactional_db, clean_cache):
    """`dashboard_world` (the Gers and its manager, ranked July–October 2026 on Instagram
    and Facebook), two of the Gers' posts collected with their real addresses, and a
    superuser of the Observatoire's team, in a database the live server reads."""
    from observatoire.dashboard.tests.worlds import dashboard_world
    from observatoire.metrics.services import PostRow, posts_upsert
    from observatoire.users.models import User

    methodology_restore()
    world = dashboard_world()
    at = dt.datetime(2026, 10, 5, 18, 0, tzinfo=dt.UTC)
    posts_upsert(
        rows=[
            PostRow(
                profile_id=world.profile("instagram").pk,
                external_id="17912345678900001",
                published_at=at,
                text="Questions pour un Gersois, ce soir à 18 h #QuizGers",
                permalink=INSTAGRAM_POST,
                likes=450,
                comments=30,
            ),
            PostRow(
                profile_id=world.profile("facebook").pk,
                external_id="100064512345678_3012345678901234",
                published_at=at,
                text="Les réponses du quiz #QuizGers",
                permalink=FACEBOOK_POST,
                likes=1_000,
                comments=200,
                shares=800,
            ),
        ]
    )
    world.admin = User.objects.create_superuser(
        "equipe.trophees", "trophees@observatoire.fr", STAFF_PASSWORD
    )
    return world


@pytest.fixture
def open_page(browser, live_server):
    """A page in a browser context of its own (another person), with axe-core loaded in
    every page it opens when `axe`; the test fails if the site's CSP blocks anything."""
    contexts = []

    def open_page(*, axe: bool = False):
        context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
        violations = watch_csp(context)
        if axe:
            context.add_init_script(path=str(AXE))
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base = live_server.url
        page.csp_violations = violations
        contexts.append((context, violations))
        return page

    yield open_page
    for context, _violations in contexts:
        context.close()
    assert [v for _context, violations in contexts for v in violations] == []


def log_in(page, username: str, password: str) -> None:
    """Through the login page, as a person would; it leads to Mon espace."""
    page.goto(page.base + "/compte/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    assert page.locator("h1").inner_text() == "Mon espace"


def admin_log_in(page, username: str, password: str) -> None:
    page.goto(page.base + "/admin/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Connexion").click()
    page.locator("#site-name").wait_for()


def loaded(scope):
    """The page of `scope` (a page or a part of it) once the document a click or a form
    led to has loaded: what follows reads that page, not the one before."""
    page = scope.page if hasattr(scope, "page") else scope
    page.wait_for_load_state()
    return scope


def messages(page) -> list[str]:
    loaded(page)
    return [text(message) for message in page.locator(".messages .message").all()]


def table_rows(scope, selector: str) -> list[list[str]]:
    """The text of each cell of each body row of a table (in a page or a part of it)."""
    rows = loaded(scope).locator(f"{selector} tbody tr".strip())
    return rows.evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.innerText.replace(/\\s+/g, ' ').trim()))",
    )


def text(locator) -> str:
    """What a person reads: spaces (no-break ones too) and line breaks collapsed."""
    return re.sub(r"\s+", " ", locator.inner_text()).strip()


def main_text(page) -> str:
    return text(loaded(page).locator("main"))


def fill_when(page, name: str, moment: dt.datetime) -> None:
    """An admin date and time field (two inputs), in the site's time zone."""
    local = timezone.localtime(moment)
    page.fill(f"#id_{name}_0", local.date().isoformat())
    page.fill(f"#id_{name}_1", local.strftime("%H:%M:%S"))


def admin_edition_change(page, year: int, **moments: dt.datetime) -> None:
    """Staff move some of the edition's times in its admin page and save."""
    page.goto(page.base + "/admin/awards/edition/")
    page.get_by_role("link", name=str(year), exact=True).click()
    for name, moment in moments.items():
        fill_when(page, name, moment)
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    assert text(page.locator(".messagelist .success")) == (
        f"L’objet édition « #Hashtags {year} » a été modifié avec succès."
    )


# --- the whole flow -----------------------------------------------------------------------


def create_edition(page, now: dt.datetime) -> None:
    """Step 1: the edition, its criteria and categories, through the admin and its inlines.
    Entries open since yesterday; the jury and the announcements are weeks away (moved
    later in the admin, as the calendar goes)."""
    page.goto(page.base + "/admin/awards/edition/add/")
    page.fill("#id_year", "2026")
    page.fill("#id_slug", "2026")
    page.fill("#id_title", "#Hashtags 2026")
    page.fill("#id_theme", "Parler à tous les publics")
    for network in ("instagram", "facebook", "x"):
        page.check(f"#id_networks input[value={network}]")
    page.fill("#id_rules", "Une candidature par collectivité.")
    page.fill("#id_period_start", "2025-11-01")
    page.fill("#id_period_end", "2026-10-31")
    fill_when(page, "entries_open_at", now - dt.timedelta(days=1))
    fill_when(page, "entries_close_at", now + dt.timedelta(days=30))
    fill_when(page, "jury_start_at", now + dt.timedelta(days=31))
    fill_when(page, "jury_end_at", now + dt.timedelta(days=45))
    fill_when(page, "nominations_announce_at", now + dt.timedelta(days=50))
    fill_when(page, "results_announce_at", now + dt.timedelta(days=60))
    page.fill("#id_ceremony_place", "Lille")
    page.fill("#id_nominees_per_category", "3")

    for index, (name, weight) in enumerate(CRITERIA):
        page.get_by_role("button", name=re.compile("^Ajouter un objet Critère")).click()
        page.fill(f"#id_criteria-{index}-position", str(index))
        page.fill(f"#id_criteria-{index}-name", name)
        page.fill(f"#id_criteria-{index}-weight", weight)
    categories = [
        ("Départements", "type", ["departement"]),
        ("Sensibilisation et citoyenneté", "thematic", []),
    ]
    for index, (name, kind, admitted) in enumerate(categories):
        page.get_by_role("button", name=re.compile("^Ajouter un objet Catégorie")).click()
        page.locator(f"#id_categories-{index}-name").press_sequentially(name)
        page.select_option(f"#id_categories-{index}-kind", kind)
        page.fill(f"#id_categories-{index}-position", str(index))
        for value in admitted:
            page.check(f"input[name='categories-{index}-territory_categories'][value={value}]")
    # The admin's own script made the slug from the name.
    assert page.locator("#id_categories-0-slug").input_value() == "departements"
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    assert text(page.locator(".messagelist .success")).startswith(
        "L'objet édition « #Hashtags 2026 » a été ajouté avec succès."
    )
    row = page.locator("#result_list tbody tr", has_text="#Hashtags 2026")
    assert "Candidatures ouvertes jusqu'au" in row.inner_text()


def draft_and_submit(page, world) -> None:
    """Step 2: the Gers' manager, in Mon espace › Trophées."""
    gers = world.territory
    log_in(page, world.manager.get_username(), world.password)
    page.get_by_role("link", name=gers.name, exact=True).click()
    page.get_by_role("navigation", name=f"Mon espace — {gers.name}").get_by_role(
        "link", name="Trophées #Hashtags"
    ).click()
    assert page.locator("h1").inner_text() == f"Trophées #Hashtags — {gers.name}"
    edition_row = table_rows(page, "#dossier-editions")[0]
    assert edition_row[0].startswith("#Hashtags 2026") and "Ouvertes jusqu'au" in edition_row[1]
    page.get_by_role("link", name="Créer le dossier — #Hashtags 2026").click()

    # The edition's two categories are both open to a département.
    categories = loaded(page).get_by_role("group", name="Catégories")
    assert categories.get_by_role("checkbox").count() == 2
    page.get_by_label("Présentation").fill("Le Gers parle à chacun de ses habitants.")
    categories.get_by_label("Départements").check()
    page.get_by_role("button", name="Créer le brouillon").click()
    assert messages(page) == ["Brouillon créé : ajoutez maintenant vos opérations."]
    assert page.locator("#dossier-status").inner_text().startswith("Statut : brouillon")
    assert page.locator("#dossier-categories").inner_text() == "Départements"

    # An operation for adults, with links of three networks; an unreadable one first.
    page.get_by_role("link", name="Ajouter une opération").click()
    page.get_by_role("group", name="Public").get_by_label("Adultes").check()
    page.get_by_label("Titre").fill("Questions pour un Gersois")
    page.get_by_label("Description").fill("Un quiz en direct chaque vendredi soir.")
    networks = page.get_by_role("group", name="Réseaux utilisés")
    for network in ("Instagram", "Facebook", "X"):
        networks.get_by_label(network, exact=True).check()
    page.get_by_label("Début de l'opération").fill("2026-09-04")
    page.get_by_label("Fin de l'opération").fill("2026-10-30")
    page.get_by_label("Hashtags de campagne").fill("#QuizGers RestezCurieux")
    links = page.get_by_label("Liens des publications")
    links.fill("\n".join([LINKS[0], UNREADABLE, *LINKS[1:]]))
    page.get_by_role("button", name="Enregistrer l'opération").click()
    assert "rien n'a été enregistré" in page.get_by_role("alert").inner_text()
    error = page.locator("#id_links_error").inner_text()
    assert error.startswith(f"Ligne 2 : « {UNREADABLE} »"), error
    assert links.input_value().startswith(LINKS[0])  # kept, to be fixed
    links.fill("\n".join(LINKS))
    page.get_by_role("button", name="Enregistrer l'opération").click()
    assert messages(page) == ["Opération enregistrée."]

    # The dossier shows what each link obtained: two posts found among three links.
    totals = dict((row[0], row[1:]) for row in table_rows(page, "#dossier-totals"))
    assert totals["Adultes"][:2] == ["1", "2 / 3"]
    assert totals["Adultes"][2] == "2 480"  # 450 + 30, then 1 000 + 200 + 800
    assert totals["Enfants / Jeunes"][:2] == ["0", "0 / 0"]
    operation = page.get_by_role("region", name="Questions pour un Gersois", exact=True)
    assert "#QuizGers #RestezCurieux" in operation.inner_text()
    link_rows = table_rows(operation, ".operation-links")
    assert [row[1] for row in link_rows] == ["Instagram", "Facebook", "X"]
    assert link_rows[0][3] == "480" and link_rows[2][2] == "publication non collectée"
    unmatched = page.locator("#dossier-unmatched").inner_text()
    assert "X" in unmatched and "1244567890123456789" in unmatched

    # Submitted after a confirmation, then frozen.
    page.get_by_role("link", name="Déposer le dossier").click()
    confirmation = main_text(page)
    assert "Une fois déposé, le dossier ne peut plus être modifié" in confirmation
    assert "Catégories : Départements" in confirmation and "1 opération" in confirmation
    page.get_by_role("button", name="Déposer le dossier").click()
    assert messages(page) == ["Dossier déposé. Merci pour votre candidature !"]
    status = page.locator("#dossier-status").inner_text()
    assert status.startswith("Statut : déposé le") and "par gestionnaire.gers" in status
    assert page.locator("#dossier-actions").count() == 0
    assert page.get_by_role("link", name=re.compile("^Modifier l'opération")).count() == 0
    assert page.get_by_role("button", name="Ajouter").count() == 0
    detail = page.url
    page.goto(detail + "modifier/")  # an old tab, a bookmark: refused, and said why
    assert page.url == detail
    assert "il ne peut plus être modifié" in messages(page)[0]
    page.get_by_role("link", name="Trophées #Hashtags").last.click()
    row = table_rows(page, "#dossier-editions")[0]
    assert row[2].startswith("Déposé le") and row[3] == "Départements"


def another_dossier(world) -> None:
    """The Aude's dossier, submitted in Départements through the same services its own
    manager's pages call (that journey is the one the Gers' manager just walked)."""
    from observatoire.awards import dossiers
    from observatoire.awards.models import Edition, Operation

    edition = Edition.objects.get(year=2026)
    aude = next(d for d in world.departements if d.name == "Aude")
    dossier = dossiers.dossier_create(
        edition=edition,
        territory=aude,
        actor=None,
        presentation="L'Aude en vidéos courtes.",
        categories=list(edition.categories.filter(slug="departements")),
    )
    dossiers.operation_create(
        dossier=dossier,
        actor=None,
        values={
            "audience": Operation.Audience.ALL,
            "title": "Les recettes de l'Aude",
            "description": "Une recette par semaine.",
            "networks": ["x"],
        },
        hashtags=["RecettesAude"],
        links=["https://x.com/Aude11/status/1712345678901234567"],
    )
    dossiers.dossier_submit(dossier=dossier, actor=None)


def nominate(page, world) -> None:
    """Step 3: staff read the shortlist and its evidence, and confirm the nominees."""
    page.goto(page.base + "/trophees/gestion/")
    page.get_by_role("link", name="#Hashtags 2026").click()
    assert page.locator("h1").inner_text() == "Nominations — #Hashtags 2026"
    section = page.locator("#categorie-departements")
    rows = {row[1].split(" — ")[0]: row for row in table_rows(section, "#shortlist-departements")}
    assert set(rows) == {"Gers", "Aude"}
    gers = rows["Gers"]
    # Score over the period on Instagram (4 months) and Facebook (silent the first month).
    assert re.fullmatch(r"\d+,\d\d", gers[2])
    assert re.fullmatch(r"Facebook : \d+,\d\d \(3 mois\) Instagram : \d+,\d\d \(4 mois\)", gers[3])
    assert gers[4:8] == ["1", "3", "2", "2 480"]  # operations, links, found, interactions
    assert rows["Aude"][4:8] == ["1", "1", "0", "—"]
    assert "Aucun nommé pour l'instant." in section.inner_text()
    shortlist = section.locator("#shortlist-departements")
    shortlist.get_by_label("Gers", exact=True).check()
    shortlist.get_by_label("Aude", exact=True).check()
    section.get_by_role("button", name="Nommer la sélection dans « Départements »").click()
    assert messages(page) == ["2 collectivités nommées dans « Départements »."]
    nominees = table_rows(page, "#nominees-departements")
    assert sorted(row[0].split(" — ")[0] for row in nominees) == ["Aude", "Gers"]
    assert all("equipe.trophees" in row[-2] for row in nominees)
    # The evidence was kept with the nomination.
    gers_nominee = next(row for row in nominees if row[0].startswith("Gers"))
    assert gers_nominee[1] == gers[2]


def invite_jurors(page, jurors) -> None:
    """Staff invite the jurors of Départements in the admin (each gets an e-mail)."""
    for user in jurors:
        page.goto(page.base + "/admin/awards/juror/add/")
        page.select_option("#id_edition", label="#Hashtags 2026")
        page.fill("#id_email", user.email)
        page.get_by_label("2026 — Départements").check()
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        page.locator(".messagelist .success").wait_for()
    invited = {message.to[0]: message for message in mail.outbox}
    assert set(invited) == {user.email for user in jurors}
    assert "/trophees/jury/2026/" in invited[jurors[0].email].body


def open_jury(page, user, password: str) -> None:
    """A juror logs in and follows Mon espace to their jury."""
    log_in(page, user.get_username(), password)
    page.get_by_role("link", name="#Hashtags 2026").click()
    assert page.locator("h1").inner_text() == "Jury — #Hashtags 2026"


def jury_rows(page) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in table_rows(page, ".jury-nominations")}


def score(page, name: str, values: list[str], *, back: bool = True) -> None:
    """Open a nominee from the juror's list, score some criteria, save."""
    page.get_by_role("link", name=name, exact=True).click()
    assert page.locator("h1").inner_text() == name
    for (criterion, _weight), value in zip(CRITERIA, values, strict=False):
        fieldset = page.get_by_role("group", name=re.compile(f"^{criterion}"))
        fieldset.get_by_label("Note (0 à 10)").fill(value)
    button = "Enregistrer et revenir à la liste" if back else "Enregistrer"
    page.get_by_role("button", name=button, exact=True).click()
    assert messages(page) == ["Vos notes sont enregistrées."]


def completion(page) -> dict[str, str]:
    return {row[0]: row[1] for row in table_rows(page, "#completion-jurors")}


def test_the_whole_awards_flow(world, open_page):
    from observatoire.users.models import Membership, Role, User

    gers = world.territory
    aude = next(d for d in world.departements if d.name == "Aude")
    staff = open_page()
    admin_log_in(staff, "equipe.trophees", STAFF_PASSWORD)
    create_edition(staff, timezone.now())
    visitor = open_page()
    visitor.goto(visitor.base + "/trophees/")
    assert "Candidatures ouvertes jusqu'au" in visitor.locator(".award-status").inner_text()
    visitor.get_by_role("link", name="#Hashtags 2026").click()
    assert table_rows(visitor.get_by_role("table", name="Critères et poids"), "") == [
        ["Finalité de communication publique", "", "3", "50 %"],
        ["Ligne éditoriale", "", "2", "33 %"],
        ["Conversation avec le public", "", "1", "17 %"],
    ]
    categories = visitor.get_by_role("table", name="Catégories et conditions pour concourir")
    assert table_rows(categories, "") == [
        ["Départements", "Par type de collectivité", "Départements", "Instagram, Facebook, X"],
        ["Sensibilisation et citoyenneté", "Thématique", "Toutes", "Instagram, Facebook, X"],
    ]

    manager = open_page()
    draft_and_submit(manager, world)
    another_dossier(world)

    # The call for entries closes, the jury opens and the nominees are announced now.
    now = timezone.now()
    admin_edition_change(
        staff,
        2026,
        entries_close_at=now - dt.timedelta(minutes=1),
        jury_start_at=now - dt.timedelta(minutes=1),
        jury_end_at=now + dt.timedelta(days=14),
        nominations_announce_at=now - dt.timedelta(minutes=1),
    )
    nominate(staff, world)

    # Step 4: three jurors; Bruno declares a conflict with the Gers, Chloé belongs to the
    # Aude's space (a conflict without declaring it).
    alice, bruno, chloe = (
        User.objects.create_user(name, f"{name}@capcom.example", world.password, first_name=first)
        for name, first in (("alice", "Alice"), ("bruno", "Bruno"), ("chloe", "Chloé"))
    )
    Membership.objects.create(user=chloe, territory=aude, role=Role.VIEWER)
    invite_jurors(staff, [alice, bruno, chloe])

    juror = open_page()
    open_jury(juror, bruno, world.password)
    assert set(jury_rows(juror)) == {"Gers", "Aude"}
    gers_address = juror.get_by_role("link", name="Gers", exact=True).get_attribute("href")
    juror.get_by_role("link", name="Mes conflits d'intérêts").click()
    juror.get_by_label("Nom de la collectivité").fill("Gers")
    juror.get_by_role("button", name="Rechercher").click()
    juror.get_by_label("Raison").fill("Ancien employeur")
    juror.get_by_role("button", name="Déclarer un conflit avec Gers").click()
    assert messages(juror) == ["Conflit d'intérêts déclaré : Gers ne vous sera plus présentée."]
    assert table_rows(juror, "#declared-conflicts")[0][:2] == ["Gers", "Ancien employeur"]
    juror.get_by_role("link", name="#Hashtags 2026").click()
    assert set(jury_rows(juror)) == {"Aude"}
    juror.goto(juror.base + gers_address)  # nor by its address
    assert juror.locator("h1").inner_text() == "Page introuvable"
    juror.go_back()
    score(juror, "Aude", ["7", "6", "6"])
    assert jury_rows(juror)["Aude"] == ["3 / 3", "Noté"]

    juror = open_page()
    open_jury(juror, chloe, world.password)
    assert set(jury_rows(juror)) == {"Gers"}
    juror.get_by_role("link", name="Mes conflits d'intérêts").click()
    own = juror.locator("h2", has_text="Vos collectivités").locator("~ ul").first
    assert own.inner_text() == "Aude"
    juror.go_back()
    score(juror, "Gers", ["8", "9", "7"])

    juror = open_page()
    open_jury(juror, alice, world.password)
    assert set(jury_rows(juror)) == {"Gers", "Aude"}
    # The Gers' dossier as submitted, with its links; saved in part, finished later.
    score(juror, "Gers", ["9", "8"], back=False)
    dossier = main_text(juror)
    assert "Le Gers parle à chacun de ses habitants." in dossier
    assert "Questions pour un Gersois" in dossier and "#QuizGers #RestezCurieux" in dossier
    post = juror.get_by_role("link", name=INSTAGRAM_POST, exact=True)
    assert post.get_attribute("href") == INSTAGRAM_POST
    juror.get_by_role("link", name="#Hashtags 2026").click()
    assert jury_rows(juror)["Gers"] == ["2 / 3", "En cours"]

    staff.goto(staff.base + "/trophees/jury/2026/suivi/")
    assert completion(staff) == {"Alice": "0 / 2", "Bruno": "1 / 1", "Chloé": "1 / 1"}

    score(juror, "Gers", ["9", "8", "8"])
    score(juror, "Aude", ["6", "7", "5"])
    assert jury_rows(juror) == {"Gers": ["3 / 3", "Noté"], "Aude": ["3 / 3", "Noté"]}

    # Staff follow completion and the provisional results, then close the edition.
    staff.reload()
    assert completion(staff) == {"Alice": "2 / 2", "Bruno": "1 / 1", "Chloé": "1 / 1"}
    expected = [
        # rank, name, jury score (mean of the jurors' means weighted 3, 2, 1), method,
        # complete and incomplete scorings, median of the jurors, mean on the heaviest
        # criterion, tie-break, medal
        ["1", "Gers", "8,333", "moyenne", "2", "0", "8,333", "8,500", "—", "Or"],
        ["2", "Aude", "6,333", "moyenne", "2", "0", "6,333", "6,500", "—", "Argent"],
    ]
    assert table_rows(staff, ".jury-results")[:2] == expected
    staff.get_by_role("link", name="Clôturer l'édition…").click()
    assert "Le palmarès sera public le" in main_text(staff)
    staff.get_by_role("button", name="Clôturer l'édition et attribuer les médailles").click()
    assert messages(staff) == ["Édition close : 2 médailles et prix attribués."]
    assert "Édition close le" in main_text(staff)

    # Closed but not announced: the public sees the nominees, not the medals.
    visitor.goto(visitor.base + "/trophees/2026/departements/")
    nominees = visitor.locator("article.award-card h3").all_inner_texts()
    assert sorted(nominees) == ["Aude", "Gers"]
    assert "Annonce prévue le" in visitor.get_by_role("region", name="Palmarès").inner_text()

    # Step 5: the palmarès announced now.
    admin_edition_change(staff, 2026, results_announce_at=timezone.now() - dt.timedelta(minutes=1))
    visitor.goto(visitor.base + "/trophees/2026/")
    palmares = visitor.locator("#palmares-departements + .award-palmares .award-winner")
    winners = [text(item.locator("p").first) for item in palmares.all()]
    assert winners == ["Or — Gers", "Argent — Aude"]
    badge = palmares.first.get_by_role("img", name="#Hashtags 2026 — Or — Départements")
    assert badge.evaluate("image => image.complete && image.naturalWidth > 0")
    svg = visitor.request.get(visitor.base + badge.get_attribute("src"))
    assert svg.ok and svg.headers["content-type"].startswith("image/svg+xml")
    assert "<title>#Hashtags 2026 — Or — Départements</title>" in svg.text()
    assert f"Lauréat : {gers.name}." in svg.text()

    visitor.get_by_role("link", name="Départements").first.click()
    card = visitor.locator("article.award-card", has_text="Le Gers parle")
    assert text(card.locator("h3")) == "Gers — Or"
    summary = text(card)
    assert "Présentation Le Gers parle à chacun de ses habitants." in summary
    assert (
        "Adultes Questions pour un Gersois du 4 septembre 2026 au 30 octobre 2026 · "
        "Instagram, Facebook, X Un quiz en direct chaque vendredi soir." in summary
    )
    posts = card.get_by_role("listitem")
    assert [text(post) for post in posts.all()] == [
        "Instagram · publication",
        "Facebook · @legers32 · publication",
        "X · @legers32 · publication",
    ]
    assert posts.first.get_by_role("link").get_attribute("href") == INSTAGRAM_POST

    visitor.goto(visitor.base + gers.get_absolute_url())
    awards = visitor.get_by_role("region", name="Trophées #Hashtags")
    assert text(awards) == "Trophées #Hashtags #Hashtags 2026 — Départements : Or"
    awards.get_by_role("link", name="Départements").click()
    assert visitor.locator("h1").inner_text() == "Départements"


# --- axe-core and the Content-Security-Policy on every awards page -------------------------


def axe_problems(page) -> list[str]:
    """The serious and critical violations axe-core finds in the page shown now."""
    result = loaded(page).evaluate(AXE_RUN)
    path = page.url.removeprefix(page.base)
    assert result["passes"], f"axe-core did not run on {path}"
    return [
        f"{path}: {violation['id']} ({violation['impact']}) "
        f"{[node['target'] for node in violation['nodes'][:3]]}"
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def audit_db(transactional_db, clean_cache):
    methodology_restore()


def test_public_awards_pages_pass_axe(audit_db, open_page):
    """Editions, an edition, its categories (with dossiers, medals, badges and the code to
    copy) and a laureate's page, once the nominees then the palmarès are announced."""
    from observatoire.awards.tests.public_world import palmares_world

    palmares = palmares_world()
    page = open_page(axe=True)
    problems = []
    palmares.announce(nominations=True)
    for path in ("/trophees/2024/", "/trophees/2024/sensibilisation-citoyennete/"):
        page.goto(page.base + path)
        assert "Annonce prévue le" in text(page.get_by_role("region", name="Palmarès"))
        problems += axe_problems(page)
    palmares.announce(results=True)
    for path in (
        "/trophees/",
        "/trophees/2024/",
        "/trophees/2024/sensibilisation-citoyennete/",
        "/trophees/2024/hashtag-or/",
        palmares.gers.get_absolute_url(),
    ):
        page.goto(page.base + path)
        problems += axe_problems(page)
    assert page.get_by_role("region", name="Trophées #Hashtags").is_visible()
    assert problems == []
    assert page.csp_violations == []


def test_dossier_pages_in_mon_espace_pass_axe(audit_db, open_page):
    """Every page of a dossier as its manager goes through it: list, creation, draft with
    its figures, forms with and without errors, confirmations, the frozen dossier."""
    from observatoire.awards.tests.dossier_factories import LINKS as SHAPES
    from observatoire.awards.tests.dossier_factories import gers_collected
    from observatoire.awards.tests.factories import edition_make
    from observatoire.profiles.tests.test_corrections import member

    gers = gers_collected()
    edition_make(year=2020)
    member(gers, "camille")
    page = open_page(axe=True)
    log_in(page, "camille", "un-mot-de-passe-42")
    problems = []

    def audit(expected_h1: str) -> None:
        assert page.locator("h1").inner_text() == expected_h1
        problems.extend(axe_problems(page))

    page.goto(page.base + "/espace/gers/trophees/")
    audit("Trophées #Hashtags — Gers")
    page.get_by_role("link", name="Créer le dossier — #Hashtags 2020").click()
    audit("Créer le dossier — #Hashtags 2020")
    page.get_by_role("group", name="Catégories").get_by_label("TikTok").check()
    page.get_by_role("button", name="Créer le brouillon").click()
    audit("Dossier #Hashtags 2020 — Gers")
    page.get_by_role("link", name="Ajouter une opération").click()
    audit("Ajouter une opération")
    page.get_by_role("group", name="Public").get_by_label("Enfants / Jeunes").check()
    page.get_by_label("Titre").fill("Mon premier TikTok")
    links = page.get_by_label("Liens des publications")
    links.fill(f"{SHAPES['tiktok_first']}\nhttps://t.co/Ab1")
    page.get_by_role("button", name="Enregistrer l'opération").click()
    audit("Ajouter une opération")  # with its errors
    assert page.locator("#id_links_error").is_visible()
    links.fill("\n".join([SHAPES["tiktok_first"], SHAPES["ig_quiz"], SHAPES["ig_not_collected"]]))
    page.get_by_role("button", name="Enregistrer l'opération").click()
    audit("Dossier #Hashtags 2020 — Gers")  # figures, links, posts not collected
    assert page.locator("#dossier-unmatched").is_visible()
    page.get_by_label("Ajouter un lien à « Mon premier TikTok »").fill("https://t.co/Ab1")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    audit("Ajouter un lien à « Mon premier TikTok »")  # refused, with the reason
    page.get_by_role("link", name="Annuler").click()
    page.get_by_role("link", name="Retirer https://www.instagram.com/p/CzZzNotSeen1/").click()
    audit("Retirer un lien")
    page.get_by_role("link", name="Annuler").click()
    page.get_by_role("link", name="Modifier l'opération « Mon premier TikTok »").click()
    audit("Modifier l'opération « Mon premier TikTok »")
    page.go_back()
    page.get_by_role("link", name="Supprimer « Mon premier TikTok »").click()
    audit("Supprimer une opération")
    page.go_back()
    page.get_by_role("link", name="Modifier la présentation et les catégories").click()
    audit("Modifier le dossier — #Hashtags 2020")
    page.go_back()
    page.get_by_role("link", name="Déposer le dossier").click()
    audit("Déposer le dossier — #Hashtags 2020")
    page.get_by_role("button", name="Déposer le dossier").click()
    audit("Dossier #Hashtags 2020 — Gers")  # frozen
    assert page.locator("#dossier-status").inner_text().startswith("Statut : déposé le")
    page.get_by_role("link", name="Trophées #Hashtags").last.click()
    audit("Trophées #Hashtags — Gers")
    assert problems == []
    assert page.csp_violations == []


def test_jury_pages_pass_axe(audit_db, open_page):
    """A juror's pages (their jury, a dossier with its score form, with errors, conflicts
    with a search), then the staff's follow-up and closing, before and after."""
    from observatoire.awards.tests.test_jury import PASSWORD, jury_world

    jury = jury_world()
    page = open_page(axe=True)
    log_in(page, "claire", PASSWORD)
    problems = axe_problems(page)  # Mon espace, with the juror's jury
    page.get_by_role("link", name="#Hashtags 2024").click()
    problems += axe_problems(page)
    page.get_by_role("link", name="Gers").first.click()
    assert page.locator("h1").inner_text() == "Gers"
    problems += axe_problems(page)
    page.get_by_role("group", name=re.compile("^Ligne éditoriale")).get_by_label(
        "Note (0 à 10)"
    ).fill("11")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    assert "inférieure ou égale à 10" in page.locator(".field-error").first.inner_text()
    problems += axe_problems(page)
    page.goto(page.base + "/trophees/jury/")
    problems += axe_problems(page)
    page.goto(page.base + "/trophees/jury/2024/conflits/?q=Lot")
    problems += axe_problems(page)  # the automatic conflict (the Aude) and the search
    page.get_by_label("Raison").fill("Prestataire")
    page.get_by_role("button", name="Déclarer un conflit avec Lot").click()
    assert table_rows(page, "#declared-conflicts")[0][:2] == ["Lot", "Prestataire"]
    problems += axe_problems(page)

    staff = open_page(axe=True)
    log_in(staff, jury.staff.get_username(), PASSWORD)
    for path in ("/trophees/jury/", "/trophees/jury/2024/suivi/", "/trophees/jury/2024/cloturer/"):
        staff.goto(staff.base + path)
        problems += axe_problems(staff)
    staff.get_by_role("button", name="Clôturer l'édition et attribuer les médailles").click()
    assert "Édition close le" in main_text(staff)
    problems += axe_problems(staff)  # results and medals
    assert problems == []
    assert page.csp_violations == [] and staff.csp_violations == []


def test_staff_shortlist_page_passes_axe(audit_db, open_page):
    """The staff's nominations: shortlists with their evidence (performance, dossiers, the
    agility index per network), nominees confirmed, the warning beyond the quota."""
    from observatoire.awards.tests.factories import edition_make
    from observatoire.awards.tests.test_nominations import world as shortlist_world
    from observatoire.users.models import User

    edition = edition_make()
    edition.nominees_per_category = 1
    edition.save()
    shortlist_world(edition)
    User.objects.create_user("equipe", "equipe@obs.fr", STAFF_PASSWORD, is_staff=True)
    page = open_page(axe=True)
    log_in(page, "equipe", STAFF_PASSWORD)
    page.goto(page.base + "/trophees/gestion/")
    problems = axe_problems(page)
    page.get_by_role("link", name="#Hashtags 2024").click()
    assert table_rows(page, "#shortlist-hashtag-or")[0][1] == "Saône-et-Loire"
    problems += axe_problems(page)
    shortlist = page.locator("#shortlist-departements")
    shortlist.get_by_label("Gers", exact=True).check()
    shortlist.get_by_label("Aude", exact=True).check()
    page.get_by_role("button", name="Nommer la sélection dans « Départements »").click()
    assert messages(page)[1] == "« Départements » compte 2 nommés pour 1 prévus par l'édition."
    problems += axe_problems(page)
    assert problems == []
    assert page.csp_violations == []

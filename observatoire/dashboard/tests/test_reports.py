"""The monthly PDF report, read back as a person would: its text through poppler's pdftotext,
its pages as pictures through pdftoppm."""

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from PIL import Image

from observatoire.dashboard.reports.data import report_data
from observatoire.dashboard.reports.render import report_pdf
from observatoire.metrics.tests.factories import PostFactory
from observatoire.profiles.models import Network, Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.rankings.models import Methodology, RankingEntry
from observatoire.rankings.services import ranking_build

from .worlds import dashboard_world

PARIS_OCTOBER = dt.datetime(2026, 10, 10, 22, 30, tzinfo=dt.UTC)  # 11 October, 00:30 in Paris


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The demo flag is cached for a minute: each test reads the database it built."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    return dashboard_world()


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as `pdftotext -layout` lays it out, no-break spaces as spaces."""
    found = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return found.stdout.decode().replace("\xa0", " ").replace("\u202f", " ")


def pdf_pages(pdf: bytes, folder: Path) -> list[Path]:
    """Every page rendered to PNG at 50 dpi by `pdftoppm`."""
    source = folder / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", source, folder / "page"], check=True)
    return sorted(folder.glob("page-*.png"))


def french_number(value, decimals: int = 2) -> str:
    """How the public pages write a score: French decimal comma."""
    return f"{float(value):.{decimals}f}".replace(".", ",")


def french_ordinal(rank: int) -> str:
    return f"{rank}er" if rank == 1 else f"{rank}e"


def movement_text(entry: RankingEntry) -> str:
    if entry.previous_rank is None:
        return "nouveau"
    if entry.movement == 0:
        return "= même rang"
    places = "place" if abs(entry.movement) == 1 else "places"
    sign = "+" if entry.movement > 0 else "−"
    return f"{sign}{abs(entry.movement)} {places}"


def entries_of(world, publication) -> list[RankingEntry]:
    return list(
        RankingEntry.objects.filter(territory=world.territory, publication=publication).order_by(
            "network"
        )
    )


def test_the_report_shows_the_collectivite_month_ranks_scores_and_movements(world):
    publication = world.publications[-1]
    text = pdf_text(report_pdf(territory=world.territory, publication=publication))
    assert "Gers" in text
    assert "Octobre 2026" in text
    assert "Méthodologie : v1" in text
    assert "Occitanie" in text
    assert "Données de démonstration" not in text
    entries = entries_of(world, publication)
    assert {e.network for e in entries} == {Network.INSTAGRAM, Network.FACEBOOK}
    for entry in entries:
        assert entry.eligible
        ranked = RankingEntry.objects.filter(
            publication=publication, network=entry.network, eligible=True
        ).count()
        assert f"{french_ordinal(entry.rank)} sur {ranked}" in text
        assert f"{french_ordinal(entry.region_rank)} en Occitanie" in text
        assert french_number(entry.score) in text
        assert movement_text(entry) in text
        if entry.movement:
            assert ("↑" if entry.movement > 0 else "↓") in text
        assert f"{entry.followers:,}".replace(",", " ") in text
        assert f"@{entry.profile.handle}" in text


def test_the_figures_are_the_ones_the_public_page_shows(world, client):
    """Same rank and score as the collectivité's public page for the same month."""
    publication = world.publications[-1]
    text = pdf_text(report_pdf(territory=world.territory, publication=publication))
    page = client.get(world.territory.get_absolute_url()).content.decode()
    for entry in entries_of(world, publication):
        score = french_number(entry.score)
        assert f"<strong>{score}</strong>" in page
        assert score in text
        suffix = "er" if entry.rank == 1 else "e"
        assert f"{entry.rank}<sup>{suffix}</sup>" in page
        assert f"{entry.rank}{suffix} sur" in text


def test_an_unranked_month_says_why(world):
    """The Gers' Facebook page published nothing the first month: not ranked, and why."""
    text = pdf_text(report_pdf(territory=world.territory, publication=world.publications[0]))
    entry = RankingEntry.objects.get(
        publication=world.publications[0], profile=world.profile(Network.FACEBOOK)
    )
    assert not entry.eligible
    assert "Non classé ce mois-ci : Aucune publication sur la période" in text
    assert "Juillet 2026" in text


def test_unreachable_profiles_are_listed_with_reason_and_date(world):
    """Broken after the reading date: the rank is kept with a warning; unreachable at the
    reading date: not ranked, with the reason. Both are in the "Attention danger" list."""
    instagram = world.profile(Network.INSTAGRAM)
    Profile.objects.filter(pk=instagram.pk).update(
        status=Profile.Status.UNAVAILABLE,
        unavailable_reason=Profile.UnavailableReason.PRIVATE,
        unavailable_since=dt.date(2026, 11, 5),
    )
    text = pdf_text(report_pdf(territory=world.territory, publication=world.publications[-1]))
    assert "Attention danger : profils inaccessibles" in text
    assert "Profil privé" in text
    assert "5 novembre 2026" in text
    assert "Attention danger — Instagram : le profil est inaccessible aujourd'hui" in text
    kept = RankingEntry.objects.get(publication=world.publications[-1], profile=instagram)
    assert french_number(kept.score) in text

    yonne = world.departements[-1]
    text = pdf_text(report_pdf(territory=yonne, publication=world.publications[-1]))
    assert "Non classé ce mois-ci : Profil inaccessible" in text
    assert "Profil introuvable (supprimé ou renommé)" in text
    assert "1 juillet 2026" in text  # unreachable since the first month


def test_the_whole_territory_reachable_says_so(world):
    text = pdf_text(report_pdf(territory=world.territory, publication=world.publications[-1]))
    assert "Aucun profil inaccessible" in text


def test_demo_data_is_labelled(world):
    Profile.objects.filter(territory=world.territory).update(is_demo=True)
    pdf = report_pdf(territory=world.territory, publication=world.publications[-1])
    text = pdf_text(pdf)
    assert "Données de démonstration" in text
    assert "DONNÉES DE DÉMONSTRATION" in text  # on the top of every page
    assert text.count("DONNÉES DE DÉMONSTRATION") == text.count("\f")


def test_pages_render_as_pictures_that_are_not_blank(world, tmp_path):
    pdf = report_pdf(territory=world.territory, publication=world.publications[-1])
    assert pdf.startswith(b"%PDF-")
    pages = pdf_pages(pdf, tmp_path)
    assert len(pages) >= 2
    for page in pages:
        assert page.stat().st_size > 0
        with Image.open(page) as image:
            grey = image.convert("L")
            assert grey.size[0] > 300
            low, _high = grey.getextrema()
            assert low < 128  # some ink, not a white page


def test_best_posts_are_the_top_three_by_interactions_with_safe_captions(world):
    instagram = world.profile(Network.INSTAGRAM)
    captions = {
        50_000: "<b>Fête</b> & « vœux » 5 € 🎉👍🏽 fin",
        40_000: "Deuxième\x07 l’été\x1b œuvre\tcontrôle",
        30_000: "Troisième " + "très longue légende " * 40 + "QUEUE-INVISIBLE",
        20_000: "Quatrième publication",
    }
    for index, (likes, caption) in enumerate(captions.items()):
        PostFactory(
            profile=instagram,
            external_id=f"top-{index}",
            published_at=PARIS_OCTOBER,
            text=caption,
            permalink=f"https://instagram.example/p/top-{index}",
            media_type="reel",
            likes=likes,
            comments=None,
            shares=0,
        )
    pdf = report_pdf(territory=world.territory, publication=world.publications[-1])
    text = pdf_text(pdf)
    assert "<b>Fête</b> & « vœux » 5 € ◊ fin" in text  # the emoji replaced, nothing else
    assert "Deuxième l’été œuvre contrôle" in text
    assert "\x1b" not in text and "\x07" not in text
    assert "QUEUE-INVISIBLE" not in text
    assert "…" in text
    assert "Quatrième publication" not in text
    first, second, third = (text.index(s) for s in ("Fête", "Deuxième", "Troisième"))
    assert first < second < third
    assert "11/10/2026" in text and "00:30" in text  # Europe/Paris
    assert "Vidéo courte" in text
    followers = RankingEntry.objects.get(
        publication=world.publications[-1], profile=instagram
    ).followers
    assert "50 000" in text
    assert f"{french_number(100 * 50_000 / followers)} %" in text
    assert b"https://instagram.example/p/top-0" in pdf  # the link annotation
    assert b"https://instagram.example/p/top-3" not in pdf


def test_html_in_a_caption_is_shown_not_interpreted(world):
    """The world's Gers captions hold <script> and a spreadsheet formula: as text."""
    facebook = world.profile(Network.FACEBOOK)
    PostFactory(
        profile=facebook,
        external_id="html",
        published_at=PARIS_OCTOBER,
        text='<font size="60">Géant</font> &amp;<br/>',
        permalink="javascript:alert(1)",
        likes=10**6,
    )
    pdf = report_pdf(territory=world.territory, publication=world.publications[-1])
    text = pdf_text(pdf)
    assert '<font size="60">Géant</font> &amp;<br/>' in text
    assert b"/URI (https://facebook.example/" in pdf  # the other posts' links
    assert b"/URI (javascript" not in pdf  # never a link


def test_the_method_is_the_publications_own(world):
    """A publication under another methodology lists that methodology's KPIs and weights."""
    v2 = Methodology.objects.create(
        slug="v2-essai",
        name="Essai à trois indicateurs",
        weights={"engagement_rate": 7, "posts_per_day": 2, "followers": 1},
    )
    publication = ranking_build(month=world.months[-1], methodology=v2)
    text = pdf_text(report_pdf(territory=world.territory, publication=publication))
    flat = " ".join(text.split())
    assert "Méthodologie v2-essai (« Essai à trois indicateurs »)" in flat
    assert "Taux d'engagement (poids 7)" in flat
    assert "Publications par jour (poids 2)" in flat
    assert "Abonnés (poids 1)" in flat
    assert "Portée" not in flat
    assert "somme des poids (10)" in flat

    text = pdf_text(report_pdf(territory=world.territory, publication=world.publications[-1]))
    flat = " ".join(text.split())
    assert "Taux d'engagement (poids 5)" in flat and "Portée (poids 4)" in flat
    assert "somme des poids (15)" in flat


def test_twelve_months_of_history(db):
    world = dashboard_world(months=13)
    text = pdf_text(report_pdf(territory=world.territory, publication=world.publications[-1]))
    assert "Indicateurs des douze derniers mois" in text
    assert "Novembre 2025" in text
    assert "Octobre 2025" not in text  # the 13th month back is not shown
    history = RankingEntry.objects.get(
        publication=world.publications[1], profile=world.profile(Network.INSTAGRAM)
    )
    assert french_number(history.score) in text
    assert "Rang (1 en haut)" in text


def test_the_report_reads_a_fixed_number_of_queries(world):
    """No query per network, month or post."""
    publication = world.publications[-1]
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        report_data(territory=world.territory, publication=publication)
    for index in range(3):
        PostFactory(profile=world.profile(Network.FACEBOOK), external_id=f"more-{index}")
    Profile.objects.filter(pk=world.thematic.pk).update(status=Profile.Status.UNAVAILABLE)
    cache.clear()
    with CaptureQueriesContext(connection) as more:
        report_data(territory=world.territory, publication=publication)
    assert len(few) == len(more) <= 10


def test_the_report_follows_the_active_language(world):
    with translation.override("en"):
        text = pdf_text(report_pdf(territory=world.territory, publication=world.publications[-1]))
    assert "October 2026" in text
    assert "Octobre 2026" not in text


def test_characters_the_font_lacks_are_replaced_never_a_traceback(world):
    """Names and captions come from the registry and the networks: any Unicode text."""
    world.territory.name = "L’Haÿ-les-Roses & <Val> 🏛️ 中文 عربى"
    world.territory.save()
    PostFactory(
        profile=world.profile(Network.FACEBOOK),
        external_id="unicode",
        published_at=PARIS_OCTOBER,
        text="👨‍👩‍👧 Famille\u202fà\u200bla fête ﷽ \U0010fffd fin",
        likes=10**6,
    )
    text = pdf_text(report_pdf(territory=world.territory, publication=world.publications[-1]))
    assert "L’Haÿ-les-Roses & <Val> ◊ ◊ ◊" in text
    assert "◊ Famille àla fête ◊ ◊ fin" in text


def test_a_collectivite_without_entries_gets_a_report_that_says_so(world):
    """A commune whose profile was declared after the ranking: no rank, no history, no
    crash."""
    newcomer = ProfileFactory(network=Network.BLUESKY, handle="auch.fr")
    pdf = report_pdf(territory=newcomer.territory, publication=world.publications[-1])
    text = pdf_text(pdf)
    assert newcomer.territory.name in text
    assert "Pas de classement publié pour ce profil ce mois-ci." in text
    assert "Bluesky" in text and "@auch.fr" in text
    assert "Aucune publication sur la période." in text

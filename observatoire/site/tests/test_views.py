import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from observatoire.blog.models import Article
from observatoire.profiles.models import Network
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.rankings.models import RankingEntry
from observatoire.territories.models import Category
from observatoire.territories.tests.factories import TerritoryFactory

from .factories import build_rankings


def entries(world, *, month=-1, network=Network.INSTAGRAM):
    return RankingEntry.objects.filter(
        publication=world["publications"][month], network=network
    ).select_related("territory", "profile")


def test_home_shows_leaders_climbers_unreachable_and_articles(client, world):
    Article.objects.create(
        title="Bilan d'octobre",
        slug="bilan",
        body="Texte",
        published_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
    )
    Article.objects.create(title="Brouillon", slug="brouillon", body="Texte")
    response = client.get(reverse("site:home"))
    html = response.content.decode()
    assert response.status_code == 200
    leader = entries(world).get(rank=1)
    assert leader.territory.name in html
    assert "Les plus fortes progressions" in html
    climber = entries(world).filter(movement__gt=0).order_by("-movement").first()
    assert climber.territory.name in html
    unreachable = world["profiles"][Network.INSTAGRAM, world["departements"][-1].pk]
    assert f"@{unreachable.handle}" in html
    assert "Bilan d&#x27;octobre" in html
    assert "Brouillon" not in html
    assert 'role="search"' in html


def test_home_without_any_ranking(client, db):
    response = client.get(reverse("site:home"))
    assert response.status_code == 200
    assert "Aucun classement n'a encore été publié." in response.content.decode()


def test_demo_banner_while_demo_profiles_exist(client, db):
    assert "Données de démonstration" not in client.get(reverse("site:home")).content.decode()
    from django.core.cache import cache

    ProfileFactory(is_demo=True)
    cache.clear()
    assert "Données de démonstration" in client.get(reverse("site:home")).content.decode()


def test_rankings_default_to_latest_month_instagram_departements(client, world):
    html = client.get(reverse("site:rankings")).content.decode()
    assert "Départements sur Instagram — octobre 2026" in html
    first = entries(world).get(rank=1)
    assert first.territory.name in html
    assert f"@{first.profile.handle}" in html


def test_rankings_choose_network_month_and_region(client, world):
    region = world["regions"][1]
    url = reverse("site:rankings")
    html = client.get(
        url,
        {
            "network": "facebook",
            "month": "2026-09",
            "category": "departement",
            "region": region.slug,
        },
    ).content.decode()
    assert "Départements sur Facebook — septembre 2026" in html
    assert "Rang régional" in html
    inside = entries(world, month=1, network=Network.FACEBOOK).filter(region=region)
    outside = entries(world, month=1, network=Network.FACEBOOK).exclude(region=region)
    for entry in inside:
        assert entry.territory.name in html
    for entry in outside:
        assert f">{entry.territory.name}<" not in html


def test_rankings_unknown_parameters_fall_back_to_defaults(client, world):
    response = client.get(
        reverse("site:rankings"),
        {"network": "myspace", "month": "1999-13", "page": "x", "region": "nowhere"},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("site:rankings"), 302)]  # page cache: cache.py
    assert "Départements sur Instagram — octobre 2026" in response.content.decode()


def test_rankings_empty_category(client, world):
    html = client.get(reverse("site:rankings"), {"category": Category.METROPOLE}).content.decode()
    assert "Aucun profil dans ce classement." in html


def test_unreachable_profile_listed_last_with_warning_and_date(client, world):
    html = client.get(reverse("site:rankings")).content.decode()
    broken = world["departements"][-1]
    assert html.rindex(broken.name) > html.index(
        entries(world).filter(eligible=True).order_by("-rank").first().territory.name
    )
    assert "⚠" in html
    assert "Profil inaccessible" in html
    assert "depuis le 10 octobre 2026" in html


def test_movement_and_streak_badges(client, world):
    html = client.get(reverse("site:rankings")).content.decode()
    riser = entries(world).filter(movement__gt=0).first()
    assert f"+{riser.movement}" in html
    assert "▲" in html
    leader = entries(world).get(rank=1)
    if leader.streak_first >= 2:
        assert f"1er pour le {leader.streak_first}e mois consécutif" in html


def test_rankings_pages_beyond_fifty(client, db):
    world = build_rankings(
        months=[dt.date(2026, 10, 1)],
        regions=2,
        departements_per_region=30,
        networks=(Network.INSTAGRAM,),
        unavailable=2,
    )
    url = reverse("site:rankings")
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert 'rel="next"' in first
    last_ranked = RankingEntry.objects.filter(eligible=True).order_by("-rank").first()
    assert last_ranked.territory.name in second
    for departement in world["departements"][-2:]:
        assert departement.name in second
        assert f">{departement.name}<" not in first


def test_csv_is_exactly_the_table(client, world):
    params = {"network": "instagram", "region": world["regions"][0].slug}
    html = client.get(reverse("site:rankings"), params).content.decode()
    response = client.get(reverse("site:rankings_csv"), params)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Rang", "Rang régional", "Évolution", "Collectivité", "Profil"]
    shown = entries(world).filter(region=world["regions"][0])
    assert len(rows) - 1 == shown.count()
    for row in rows[1:]:
        assert f">{row[3]}<" in html
        assert row[4] in html
        if row[5]:
            assert row[5] in html


def test_csv_of_demo_data_says_so_in_its_name(client, world):
    from django.core.cache import cache

    from observatoire.profiles.models import Profile

    real = client.get(reverse("site:rankings_csv"))
    assert 'filename="classement-instagram-departement-' in real["Content-Disposition"]
    Profile.objects.filter(pk=entries(world).first().profile_id).update(is_demo=True)
    cache.clear()
    demo = client.get(reverse("site:rankings_csv"))
    assert 'filename="demo-classement-instagram-departement-' in demo["Content-Disposition"]


def test_territory_page(client, world):
    departement = world["departements"][0]
    ProfileFactory(
        territory=departement,
        network=Network.INSTAGRAM,
        handle="info_routes",
        is_principal=False,
        label="Info routes",
    )
    response = client.get(departement.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{departement.name}</h1>" in html
    entry = entries(world).get(territory=departement)
    assert f"@{entry.profile.handle}" in html
    assert "D'où viennent les points" in html
    assert "Médiane de la catégorie" in html
    assert html.count('<svg viewBox="0 0 640 240" role="img"') == 3  # the three charts
    assert 'id="history-table"' in html and 'id="followers-table"' in html
    assert "Info routes" in html
    assert "Profils thématiques" in html


def test_territory_without_profiles_and_unknown_slug(client, db):
    commune = TerritoryFactory(name="Saint-Rien")
    html = client.get(commune.get_absolute_url()).content.decode()
    assert "Aucun profil suivi pour cette collectivité." in html
    assert client.get(reverse("site:territory", kwargs={"slug": "inconnue"})).status_code == 404


def test_untrusted_handles_and_names_are_inert(client, world):
    departement = world["departements"][0]
    profile = world["profiles"][Network.INSTAGRAM, departement.pk]
    profile.handle = "<script>alert(1)</script>"
    profile.display_name = '<img src=x onerror="alert(2)">'
    profile.url = "javascript:alert(3)"
    profile.save()
    for url in [reverse("site:rankings"), departement.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<img src=x" not in html
        assert "javascript:alert(3)" not in html


def test_pages_are_cached_until_a_ranking_is_published(
    client, world, django_assert_max_num_queries
):
    departement = world["departements"][0]
    url = departement.get_absolute_url()
    client.get(url)
    client.get(reverse("site:rankings"))
    with django_assert_max_num_queries(4):
        client.get(url)
    with django_assert_max_num_queries(8):
        client.get(reverse("site:rankings"))
    departement.profiles.update(display_name="Nom mis à jour")
    assert "Nom mis à jour" not in client.get(url).content.decode()
    build_rankings(months=[dt.date(2026, 11, 1)], regions=1, departements_per_region=1)
    assert "Nom mis à jour" in client.get(url).content.decode()
    assert "novembre 2026" in client.get(reverse("site:rankings")).content.decode()


def test_methodology_page(client, world):
    html = client.get(reverse("site:methodology")).content.decode()
    for label in [
        "Taux d&#x27;engagement",
        "Portée",
        "Publications par jour",
        "Abonnés",
        "Ratio d&#x27;audience",
    ]:
        assert label in html
    # Worked example: (5×0.8 + 4×0.5 + 3×0.6 + 2×0.9 + 1×0.25) ÷ 15 × 100 = 65.67
    assert "65,67" in html


def test_search(client, db):
    TerritoryFactory(name="Évreux", code="27229", postcodes="27000", slug="evreux-27229")
    html = client.get(reverse("site:search"), {"q": "evreux"}).content.decode()
    assert "Évreux" in html
    assert "Évreux" in client.get(reverse("site:search"), {"q": "27000"}).content.decode()
    assert (
        "Aucune collectivité" in client.get(reverse("site:search"), {"q": "zzz"}).content.decode()
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_language_switch(client, db, language):
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert f'<html lang="{language}">' in html


def test_csv_cells_never_become_formulas(client, world):
    profile = world["profiles"][Network.INSTAGRAM, world["departements"][0].pk]
    profile.handle = "=HYPERLINK(1)"
    profile.save()
    response = client.get(reverse("site:rankings_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    handles = [row[3] for row in rows[1:]]
    assert "'=HYPERLINK(1)" in handles
    assert not any(h.startswith(("=", "+", "-", "@")) for h in handles)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_renders_in_both_languages(client, world, language):
    departement = world["departements"][0]
    client.cookies["django_language"] = language
    for url in [
        "/",
        reverse("site:rankings"),
        f"{reverse('site:rankings')}?region={world['regions'][0].slug}",
        reverse("site:methodology"),
        departement.get_absolute_url(),
        f"{reverse('site:search')}?q=D",
        reverse("blog:list"),
        reverse("users:login"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode()

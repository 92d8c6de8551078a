"""The dashboard of a collectivité: who may open it, and figures a member can check against
the public pages (the stored entries), the category medians and the peers."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from observatoire.profiles.models import Network, Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.rankings.models import RankingEntry
from observatoire.rankings.services import ranking_build
from observatoire.site.templatetags.site_tags import kpi_value
from observatoire.territories.models import Category, Territory
from observatoire.territories.tests.factories import DepartementFactory

from ..models import PeerChoice
from ..services import peers_set
from .worlds import dashboard_world, html_table

INSTAGRAM, FACEBOOK = Network.INSTAGRAM, Network.FACEBOOK
KPIS = ("engagement_rate", "reach", "posts_per_day", "followers", "audience_ratio")


@pytest.fixture
def world(db):
    cache.clear()
    return dashboard_world()


def url(world, **query) -> str:
    path = reverse("dashboard:home", args=[world.territory.slug])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def page(client, user, address):
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def entry(world, network, month_index, territory=None):
    return RankingEntry.objects.select_related("publication").get(
        territory=territory or world.territory,
        network=network,
        publication=world.publications[month_index],
    )


# --- access ---------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, world):
    response = client.get(url(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("users:login"))


def test_a_member_of_another_collectivite_gets_404(client, world):
    client.force_login(world.outsider)
    assert client.get(url(world)).status_code == 404
    # and their own dashboard opens
    own = reverse("dashboard:home", args=[world.departements[7].slug])
    assert client.get(own).status_code == 200


@pytest.mark.parametrize("who", ["manager", "viewer", "staff"])
def test_members_and_staff_see_the_dashboard(client, world, who):
    content = page(client, getattr(world, who), url(world))
    assert "Tableau de bord — Gers" in content
    assert "instagram-synthese-table" in content


def test_only_managers_see_the_link_to_the_peers_page(client, world):
    peers_url = reverse("dashboard:peers", args=[world.territory.slug])
    assert peers_url in page(client, world.manager, url(world))
    assert peers_url not in page(client, world.viewer, url(world))


# --- figures --------------------------------------------------------------------------


def test_the_summary_shows_the_stored_entries_as_the_public_page_formats_them(client, world):
    rows = html_table(page(client, world.viewer, url(world)), "instagram-synthese-table")
    header, body = rows[0], rows[1:]
    assert header[:7] == [
        "Mois",
        "Taux d'engagement",
        "Portée",
        "Publications par jour",
        "Abonnés",
        "Ratio d'audience",
        "Score",
    ]
    assert [row[0] for row in body] == [
        "juillet 2026",
        "août 2026",
        "septembre 2026",
        "octobre 2026",
    ]
    for index, row in enumerate(body):
        stored = entry(world, INSTAGRAM, index)
        expected = [kpi_value(stored.kpi(name).value, name) for name in KPIS]
        expected += [kpi_value(stored.score, "score"), str(stored.rank)]
        assert row[1:8] == expected
        ranked = RankingEntry.objects.filter(
            publication=stored.publication, network=INSTAGRAM, category="departement", eligible=True
        ).count()
        assert row[8] == str(ranked)


def test_the_latest_figures_are_those_of_the_public_page(client, world):
    public = client.get(world.territory.get_absolute_url()).content.decode()
    stored = entry(world, INSTAGRAM, -1)
    row = html_table(page(client, world.viewer, url(world)), "instagram-synthese-table")[-1]
    assert kpi_value(stored.score, "score") in public
    assert row[6] == kpi_value(stored.score, "score")
    for name in KPIS:
        assert kpi_value(stored.kpi(name).value, name) in public


def test_an_unranked_month_says_why_and_unknown_values_stay_empty(client, world):
    content = page(client, world.viewer, url(world, network="facebook"))
    july = html_table(content, "facebook-synthese-table")[1]
    stored = entry(world, FACEBOOK, 0)
    assert stored.reason == RankingEntry.Reason.NO_POSTS
    assert july[-1] == "Aucune publication sur la période"
    assert july[1] == "—"  # engagement rate: unknown without posts, never 0
    assert july[3] == "0,00"  # posts per day: known, 0
    assert july[6] == "—" and july[7] == "—"  # no score, no rank
    ranks = html_table(content, "facebook-rank-table")
    assert ranks[1][1] == "Aucune publication sur la période"
    assert ranks[2][1] == str(entry(world, FACEBOOK, 1).rank)


def test_the_category_median_is_the_median_of_the_ranked_profiles(client, world):
    content = page(client, world.viewer, url(world))
    for name, table in (("engagement_rate", "engagement-rate"), ("followers", "followers")):
        rows = html_table(content, f"instagram-{table}-table")
        assert rows[0][2] == "Médiane de la catégorie"
        for index, row in enumerate(rows[1:]):
            ranked = RankingEntry.objects.filter(
                publication=world.publications[index],
                network=INSTAGRAM,
                category="departement",
                eligible=True,
            ).select_related("publication")
            values = sorted(e.kpi(name).value for e in ranked)
            assert len(values) == 9  # the unreachable Yonne is not counted
            assert row[2] == kpi_value(values[4], name)
    scores = html_table(
        page(client, world.viewer, url(world, network="facebook")), "facebook-score-table"
    )
    for index, odd in ((0, True), (3, False)):  # July: the silent Gers is not counted
        ranked = RankingEntry.objects.filter(
            publication=world.publications[index], network=FACEBOOK, eligible=True
        )
        values = sorted(float(e.score) for e in ranked)
        assert len(values) == (9 if odd else 10)
        middle = values[4] if odd else (values[4] + values[5]) / 2
        assert scores[index + 1][2] == kpi_value(middle, "score")


# --- peers ----------------------------------------------------------------------------


def peer_columns(content, table="instagram-score-table") -> list[str]:
    return html_table(content, table)[0][3:]


def test_default_peers_are_the_closest_in_rank_in_the_same_region(client, world):
    content = page(client, world.viewer, url(world))
    shown = peer_columns(content)
    occitanie = {t.name for t in world.departements[1:7]}
    assert len(shown) == 5 and set(shown) <= occitanie
    assert "par défaut celles de la même catégorie et de la même région" in content

    def distance(territory):
        gaps = [
            abs(entry(world, n, -1, territory).rank - entry(world, n, -1).rank)
            for n in (INSTAGRAM, FACEBOOK)
        ]
        return sum(gaps) / len(gaps)

    left_out = (occitanie - set(shown)).pop()
    by_name = {t.name: t for t in world.departements}
    assert all(distance(by_name[name]) <= distance(by_name[left_out]) for name in shown)
    # the closest first
    assert [distance(by_name[name]) for name in shown] == sorted(
        distance(by_name[name]) for name in shown
    )


def test_default_peers_never_leave_the_region_even_when_it_has_fewer_than_five(client, world):
    saone = world.departements[7]
    address = reverse("dashboard:home", args=[saone.slug])
    content = page(client, world.outsider, address + "?network=facebook")
    assert sorted(peer_columns(content, "facebook-score-table")) == ["Nièvre", "Yonne"]
    content = page(client, world.outsider, address)
    # Yonne's Instagram profile was never reachable: its months say why
    ranks = html_table(content, "instagram-rank-table")
    yonne = ranks[0].index("Yonne")
    assert {row[yonne] for row in ranks[1:]} == {"Profil inaccessible"}


def test_chosen_peers_replace_the_default_in_their_order(client, world):
    saone, tarn, yonne = world.departements[7], world.departements[6], world.departements[9]
    peers_set(territory=world.territory, peers=[saone, tarn, yonne], chosen_by=world.manager)
    content = page(client, world.viewer, url(world))
    assert peer_columns(content) == ["Saône-et-Loire", "Tarn", "Yonne"]
    assert "Collectivités comparées, choisies par un gestionnaire de la collectivité" in content
    scores = html_table(content, "instagram-score-table")
    assert scores[-1][3] == kpi_value(entry(world, INSTAGRAM, -1, saone).score, "score")
    # back to the default
    peers_set(territory=world.territory, peers=[], chosen_by=world.manager)
    assert "Saône-et-Loire" not in peer_columns(page(client, world.viewer, url(world)))


# --- months, profiles, cache ----------------------------------------------------------


def test_a_month_shows_the_publications_up_to_it(client, world):
    content = page(client, world.viewer, url(world, month="2026-08"))
    rows = html_table(content, "instagram-synthese-table")
    assert [row[0] for row in rows[1:]] == ["juillet 2026", "août 2026"]
    assert rows[-1][6] == kpi_value(entry(world, INSTAGRAM, 1).score, "score")
    assert '<option value="2026-08" selected>' in content
    # an unknown or malformed month shows the latest
    for month in ("2031-01", "x123"):
        rows = html_table(
            page(client, world.viewer, url(world, month=month)), "instagram-synthese-table"
        )
        assert rows[-1][0] == "octobre 2026"


def test_twelve_months_at_most(client, db):
    cache.clear()
    world = dashboard_world(months=13)
    rows = html_table(page(client, world.viewer, url(world)), "instagram-rank-table")
    assert len(rows) == 1 + 12
    assert rows[1][0] == "novembre 2025"


def test_thematic_profiles_show_their_followers_at_the_end_of_each_month(client, world):
    rows = html_table(page(client, world.viewer, url(world)), "profils-thematiques-table")
    assert rows[0] == ["Mois", "Instagram @inforoute32"]
    last = world.thematic.snapshots.order_by("-date").first()
    assert rows[-1] == ["octobre 2026", kpi_value(last.followers, "followers")]


def test_a_profile_that_breaks_shows_at_once_and_a_republished_month_too(client, world):
    content = page(client, world.viewer, url(world))
    assert "Profil inaccessible aujourd'hui" not in content
    profile = world.profile(INSTAGRAM)
    Profile.objects.filter(pk=profile.pk).update(
        status=Profile.Status.UNAVAILABLE, unavailable_reason=Profile.UnavailableReason.NOT_FOUND
    )
    assert "Profil inaccessible aujourd'hui" in page(client, world.viewer, url(world))
    ranking_build(month=world.months[-1])  # republished: October now leaves it out
    row = html_table(page(client, world.viewer, url(world)), "instagram-synthese-table")[-1]
    assert row[-1] == "Profil inaccessible"


def test_text_from_networks_is_escaped(client, world):
    Profile.objects.filter(pk=world.thematic.pk).update(handle="<b>routes</b>")
    content = page(client, world.viewer, url(world))
    assert "<b>routes</b>" not in content
    assert "@&lt;b&gt;routes&lt;/b&gt;" in content


def test_queries_do_not_grow_with_peers_months_or_the_size_of_france(client, world):
    """Bounded reads: the collectivité's and its peers' entries in one query, medians once per
    publication, then the page from the cache."""
    client.force_login(world.viewer)
    address = url(world)
    with CaptureQueriesContext(connection) as cold:
        assert client.get(address).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(address).status_code == 200
    for index in range(30):  # more départements and peers chosen: same number of queries
        DepartementFactory(name=f"Autre {index}", region=world.regions[0])
    peers_set(territory=world.territory, peers=world.departements[5:10], chosen_by=world.manager)
    cache.clear()
    with CaptureQueriesContext(connection) as cold_again:
        assert client.get(address).status_code == 200
    assert len(cold_again) <= len(cold)
    assert len(warm) <= 6  # session, user, collectivité, membership, peers, profiles
    # a fixed number: the site's stamps, the figures, the medians once per month, what to do
    # next, the posts and the heatmap
    assert len(cold) <= 32 + len(world.publications)
    assert not PeerChoice.objects.filter(territory=world.territory, peer=world.territory).exists()


def test_the_page_holds_the_next_steps_the_posts_and_the_heatmap(client, world):
    content = page(client, world.viewer, url(world))
    for title in (
        "Que faire ensuite",
        "Meilleures et plus faibles publications (octobre 2026)",
        "Quand vos publications engagent le plus",
    ):
        assert title in content
    assert "<script>alert(1)</script>" not in content  # a caption from a network, escaped
    # the month chosen is the month of the posts
    august = page(client, world.viewer, url(world, month="2026-08"))
    assert "Meilleures et plus faibles publications (août 2026)" in august


def test_one_network_is_compared_at_a_time(client, world):
    content = page(client, world.viewer, url(world))
    assert html_table(content, "instagram-score-table")  # the first network by default
    assert not html_table(content, "facebook-score-table")
    assert html_table(content, "facebook-synthese-table")  # every network's own figures
    assert 'href="?month=2026-10&amp;network=facebook#comparaison"' in content
    content = page(client, world.viewer, url(world, network="facebook"))
    assert html_table(content, "facebook-score-table")
    assert not html_table(content, "instagram-score-table")
    for unknown in ("tiktok", "x<script>"):  # not a network of the Gers, or none at all
        assert html_table(
            page(client, world.viewer, url(world, network=unknown)), "instagram-score-table"
        )


def test_a_profile_without_an_entry_says_so(client, world):
    ProfileFactory(territory=world.territory, network=Network.TIKTOK, handle="gers_tiktok")
    rows = html_table(page(client, world.viewer, url(world)), "tiktok-synthese-table")
    assert {row[-1] for row in rows[1:]} == {"Pas de classement publié pour ce profil ce mois-là"}
    assert {cell for row in rows[1:] for cell in row[1:-1]} == {"—"}


def test_medians_follow_the_category_the_collectivite_was_ranked_in(client, world):
    before = html_table(page(client, world.viewer, url(world)), "instagram-score-table")
    Territory.objects.filter(pk=world.territory.pk).update(category=Category.REGION)
    Profile.objects.filter(pk=world.thematic.pk).update(label="routes")  # a new cache key
    after = html_table(page(client, world.viewer, url(world)), "instagram-score-table")
    assert [row[2] for row in after] == [row[2] for row in before]


def test_the_navigation_leads_to_every_page_of_the_space(client, world):
    slug = world.territory.slug
    everyone = [
        reverse("dashboard:home", args=[slug]),
        reverse("corrections:list", args=[slug]),
        reverse("dashboard:simulator", args=[slug]),
        reverse("reports:latest", args=[slug]),
        reverse("dossiers:list", args=[slug]),
        reverse("alerts:preferences"),
    ]
    managers = [reverse("dashboard:peers", args=[slug]), reverse("users:team", args=[slug])]
    for user, shown, hidden in (
        (world.manager, everyone + managers, []),
        (world.viewer, everyone, managers),
    ):
        html = page(client, user, url(world))
        nav = html[html.index('class="space-nav"') : html.index("</nav>", html.index("space-nav"))]
        assert all(f'href="{address}"' in nav for address in shown), user
        assert not any(f'href="{address}"' in nav for address in hidden), user

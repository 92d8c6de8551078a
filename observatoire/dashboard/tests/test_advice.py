"""What to do next: the public page's explanation in plain French, and the fix for a profile
that is not ranked."""

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from observatoire.dashboard.advice import (
    FIRST,
    NOT_PUBLISHED,
    RANKED,
    THEMATIC,
    UNRANKED,
    next_steps,
    next_steps_table,
)
from observatoire.profiles.models import Network, Profile
from observatoire.rankings.models import RankingEntry
from observatoire.rankings.selectors import entry_explanation
from observatoire.site.templatetags.site_tags import kpi_value

from .worlds import dashboard_world


@pytest.fixture
def world(db):
    return dashboard_world()


def steps_by_network(world, territory=None, month=-1) -> dict:
    steps = next_steps(
        territory=territory or world.territory, publication=world.publications[month]
    )
    return {(step.network, step.status == THEMATIC): step for step in steps}


def test_needed_values_are_the_engines(world):
    publication = world.publications[-1]
    steps = next_steps(territory=world.territory, publication=publication)
    ranked = [step for step in steps if step.status == RANKED]
    assert len(ranked) == 2  # Instagram and Facebook
    for step in ranked:
        entry = RankingEntry.objects.select_related("publication__methodology").get(
            profile_id=step.profile_id, publication=publication
        )
        explanation = entry_explanation(entry=entry)
        assert step.rank == entry.rank
        expected = [(kpi["kpi"], kpi["needed"]) for kpi in explanation["kpis"]]
        assert [(kpi.kpi, kpi.needed) for kpi in step.kpis] == expected
        for kpi in step.kpis:
            if kpi.needed is not None:
                operator = ">" if kpi.strictly_above else "≥"
                assert kpi.text.startswith(
                    f"{kpi.label} {operator} {kpi_value(kpi.needed, kpi.kpi)}"
                )


def test_the_same_figures_as_the_public_page(world, client):
    public = client.get(world.territory.get_absolute_url()).content.decode()
    steps = steps_by_network(world)
    shown = 0
    for step in (steps[Network.INSTAGRAM, False], steps[Network.FACEBOOK, False]):
        for kpi in step.kpis:
            if kpi.needed is None:
                continue
            verb = "dépasser" if kpi.strictly_above else "atteindre"
            assert f"{verb} {kpi_value(kpi.needed, kpi.kpi)}" in public
            shown += 1
    assert shown >= 4


def test_posts_per_day_said_as_a_count_of_posts(world):
    step = steps_by_network(world)[Network.INSTAGRAM, False]
    (posts,) = [kpi for kpi in step.kpis if kpi.kpi == "posts_per_day"]
    count = round(posts.needed * 30)
    assert posts.text.endswith(f"({count} publications en 30 jours)")


def test_unranked_for_lack_of_posts_says_what_to_do(world):
    step = steps_by_network(world, month=0)[Network.FACEBOOK, False]
    assert (step.status, step.reason) == (UNRANKED, "no_posts")
    assert step.summary == "Non classé ce mois-ci : Aucune publication sur la période"
    assert "Publiez au moins une fois dans les 30 jours" in step.advice
    assert step.kpis == [] and step.correction == ""


def test_unreachable_says_fix_the_link(world):
    yonne = world.departements[-1]
    step = steps_by_network(world, territory=yonne)[Network.INSTAGRAM, False]
    assert (step.status, step.reason) == (UNRANKED, "unavailable")
    assert "Raison : Profil introuvable (supprimé ou renommé)." in step.advice
    assert step.correction == "Corrigez le lien du profil"
    assert step.warning == ""  # the summary says it already


def test_ranked_but_unreachable_today_keeps_its_rank_and_a_warning(world):
    profile = world.profile(Network.FACEBOOK)
    profile.status = Profile.Status.UNAVAILABLE
    profile.unavailable_reason = Profile.UnavailableReason.PRIVATE
    profile.unavailable_since = dt.date(2026, 11, 3)
    profile.save()
    step = steps_by_network(world)[Network.FACEBOOK, False]
    assert step.status == RANKED and step.rank
    assert step.warning == (
        "Profil inaccessible depuis le 3 novembre 2026 : il n'est plus collecté. "
        "Raison : Profil privé."
    )
    assert step.correction == "Corrigez le lien du profil"


def test_first_thematic_and_not_yet_published(world):
    lot = next(d for d in world.departements if d.name == "Lot")
    first = steps_by_network(world, territory=lot)[Network.INSTAGRAM, False]
    assert (first.status, first.rank, first.kpis) == (FIRST, 1, [])
    assert first.advice == "Aucune place à gagner ce mois-ci : gardez le rythme."
    thematic = steps_by_network(world)[Network.INSTAGRAM, True]
    assert thematic.status == THEMATIC and thematic.handle == "inforoute32"
    assert thematic.correction == "Demander une correction"
    steps = next_steps(territory=world.territory, publication=None)
    assert [step.status for step in steps] == [NOT_PUBLISHED, THEMATIC, NOT_PUBLISHED]
    assert steps[0].summary == "Pas de classement publié pour ce profil."


def test_page_block(world):
    steps = next_steps(territory=world.territory, publication=world.publications[-1])
    context = {
        "next_steps": steps,
        "territory": world.territory,
        "publication": world.publications[-1],
        "can_correct": True,
    }
    html = render_to_string("dashboard/_next_steps.html", context)
    assert "Classements de octobre 2026." in html
    instagram = next(s for s in steps if s.network == Network.INSTAGRAM and s.status == RANKED)
    assert instagram.summary in html
    assert all(f"<li>{escape(kpi.text)}</li>" in html for kpi in instagram.kpis)
    try:
        corrections = reverse("corrections:list", args=[world.territory.slug])
    except NoReverseMatch:  # the corrections page is not there yet: the text alone
        corrections = None
    if corrections:
        assert f'<a href="{corrections}">Demander une correction</a>' in html
    else:
        assert "Demander une correction." in html
    viewer = render_to_string("dashboard/_next_steps.html", context | {"can_correct": False})
    assert "Demander une correction : réservé aux gestionnaires de la collectivité." in viewer
    assert "<a href" not in viewer


def test_export_table(world):
    publication = world.publications[-1]
    steps = next_steps(territory=world.territory, publication=publication)
    table = next_steps_table(steps, publication=publication)
    labels = [column.label for column in table.columns]
    rate = labels.index("Pour gagner une place — Taux d'engagement")
    assert table.columns[rate].kind == "percent"
    instagram = next(s for s in steps if s.network == Network.INSTAGRAM and s.status == RANKED)
    row = next(r for r in table.rows if r[0] == f"@{instagram.handle}")
    needed = {kpi.kpi: kpi.needed for kpi in instagram.kpis}
    assert row[2] == instagram.rank
    assert row[rate] == needed["engagement_rate"]
    thematic = next(r for r in table.rows if r[0].startswith("@inforoute32"))
    assert thematic[2] == thematic[4]  # not ranked: the rank column says why
    assert thematic[rate] is None


def test_queries_bounded_by_networks(world):
    """The collectivité's entries and profiles, then one read of each ranked profile's
    group, shared with the public page through its cache."""
    publication = world.publications[-1]
    with CaptureQueriesContext(connection) as cold:
        next_steps(territory=world.territory, publication=publication)
    with CaptureQueriesContext(connection) as warm:
        next_steps(territory=world.territory, publication=publication)
    entries = [q for q in cold.captured_queries if 'FROM "rankings_rankingentry"' in q["sql"]]
    assert len(entries) == 1 + 2  # the collectivité's, then its two ranked groups
    assert len(warm) == 2

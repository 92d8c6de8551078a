"""The reference's "Attention danger" sign: a profile ranked for the month (reachable at the
reading date) whose link is broken now keeps its rank and shows ⚠ with the date and reason,
on the ranking, on the collectivité page and in the CSV."""

import csv
import datetime as dt
import html as html_module
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from observatoire.profiles.models import Network, Profile
from observatoire.profiles.services import profile_record_failure
from observatoire.rankings.models import RankingEntry

BROKE_ON = dt.date(2026, 11, 12)  # after the reading date of October (31 October 2026)


def latest_entries(world, network=Network.INSTAGRAM):
    return RankingEntry.objects.filter(
        publication=world["publications"][-1], network=network
    ).select_related("territory", "profile")


def break_now(profile: Profile) -> None:
    """What collection does when the network says "not found" two days running."""
    profile_record_failure(profile=profile, reason=Profile.UnavailableReason.NOT_FOUND, on=BROKE_ON)
    profile.refresh_from_db()
    profile_record_failure(
        profile=profile,
        reason=Profile.UnavailableReason.NOT_FOUND,
        on=BROKE_ON + dt.timedelta(days=1),
    )


def table_rows(html: str) -> list[str]:
    body = html.split('<table class="ranking"', 1)[1].split("<tbody>", 1)[1].split("</tbody>")[0]
    return [row for row in body.split("<tr")[1:]]


def row_of(html: str, name: str) -> str:
    (row,) = [row for row in table_rows(html) if f">{name}<" in row]
    return row


def cells(row: str) -> list[str]:
    """The visible text of each cell (tags removed, spaces collapsed)."""
    found = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)
    return [html_module.unescape(" ".join(re.sub(r"<[^>]+>", " ", cell).split())) for cell in found]


@pytest.fixture
def broken(world):
    """The 3rd of October's Instagram ranking, whose profile broke on 12 November."""
    entry = latest_entries(world).get(rank=3)
    break_now(entry.profile)
    return entry


def test_a_ranked_profile_broken_now_keeps_its_rank_with_the_danger_sign(client, world):
    before = client.get(reverse("site:rankings")).content.decode()
    cache.clear()  # the anonymous page is cached for up to cache.TIMEOUT
    entry = latest_entries(world).get(rank=3)
    break_now(entry.profile)
    html = client.get(reverse("site:rankings")).content.decode()

    row = row_of(html, entry.territory.name)
    assert cells(row)[0] == "3"
    assert cells(row)[4] == cells(row_of(before, entry.territory.name))[4]  # same score
    assert 'role="img" aria-label="Attention danger"' in row
    assert "⚠" in row
    assert "Inaccessible depuis le 12 novembre 2026" in cells(row)[-1]
    assert "Profil introuvable (supprimé ou renommé)" in cells(row)[-1]
    # Published ranks and scores do not move; only the broken profile carries the sign.
    assert [cells(r)[:5] for r in table_rows(html)] == [cells(r)[:5] for r in table_rows(before)]
    assert sum("Attention danger" in r for r in table_rows(html)) == 1
    assert "Attention danger" not in cells(row_of(html, world["departements"][-1].name))[-1]
    # A legend says what the sign means.
    assert "un profil accessible pendant le mois garde son rang" in html


def test_the_sign_without_a_known_date(client, world):
    entry = latest_entries(world).get(rank=1)
    Profile.objects.filter(pk=entry.profile_id).update(
        status=Profile.Status.UNAVAILABLE, unavailable_reason=Profile.UnavailableReason.PRIVATE
    )
    row = row_of(client.get(reverse("site:rankings")).content.decode(), entry.territory.name)
    assert cells(row)[0] == "1"
    assert "Inaccessible aujourd'hui — Profil privé" in cells(row)[-1]


def test_the_collectivite_page_shows_the_sign_beside_the_rank(client, world, broken):
    html = client.get(broken.territory.get_absolute_url()).content.decode()
    (card,) = [c for c in html.split('<article class="network-card"')[1:] if "Instagram — " in c]
    rank_line = card.split('<p class="rank-line">', 1)[1].split("</p>", 1)[0]
    assert '<strong class="big">3<sup>e</sup></strong>' in rank_line
    assert 'role="img" aria-label="Attention danger"' in rank_line
    assert "Inaccessible depuis le 12 novembre 2026" in rank_line
    assert "Profil introuvable (supprimé ou renommé)" in rank_line
    (facebook,) = [c for c in html.split('<article class="network-card"')[1:] if "Facebook — " in c]
    assert "Attention danger" not in facebook  # its Facebook profile is reachable


def test_the_collectivite_page_of_a_reachable_profile_has_no_sign(client, world, broken):
    other = latest_entries(world).get(rank=1)
    html = client.get(other.territory.get_absolute_url()).content.decode()
    assert "Attention danger" not in html


def csv_rows(client, **params) -> list[dict]:
    response = client.get(reverse("site:rankings_csv"), params)
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_says_since_when_and_why_a_profile_is_unreachable(client, world, broken):
    rows = {row["Collectivité"]: row for row in csv_rows(client)}
    row = rows[broken.territory.name]
    assert row["Rang"] == "3"
    assert row["Inaccessible depuis"] == "2026-11-12"
    assert row["Raison de l'inaccessibilité"] == "Profil introuvable (supprimé ou renommé)"
    unreachable_at_d = rows[world["departements"][-1].name]  # not ranked: unreachable at D
    assert unreachable_at_d["Rang"] == ""
    assert unreachable_at_d["Inaccessible depuis"] == "2026-10-10"
    reachable = [r for name, r in rows.items() if name != broken.territory.name and r["Rang"]]
    assert reachable and all(r["Inaccessible depuis"] == "" for r in reachable)
    assert all(r["Raison de l'inaccessibilité"] == "" for r in reachable)


def test_a_profile_breaking_shows_without_waiting_for_a_publication(client, world):
    """The ranking table and the collectivité body are cached until the next publication;
    a change of reachability refreshes them (logged-in visitors, who never get the
    anonymous page cache, see it on their next request)."""
    user = get_user_model().objects.create_user("camille", password="un-mot-de-passe-solide")
    client.force_login(user)
    entry = latest_entries(world).get(rank=2)
    url = entry.territory.get_absolute_url()
    assert "Attention danger" not in client.get(reverse("site:rankings")).content.decode()
    assert "Attention danger" not in client.get(url).content.decode()
    break_now(entry.profile)
    assert "Attention danger" in row_of(
        client.get(reverse("site:rankings")).content.decode(), entry.territory.name
    )
    assert "Attention danger" in client.get(url).content.decode()
    Profile.objects.filter(pk=entry.profile_id).update(
        status=Profile.Status.ACTIVE, unavailable_reason="", unavailable_since=None
    )  # restored, as collection does it (one UPDATE)
    assert "Attention danger" not in client.get(reverse("site:rankings")).content.decode()
    assert "Attention danger" not in client.get(url).content.decode()


def test_the_methodology_page_explains_the_sign(client, world):
    html = html_module.unescape(client.get(reverse("site:methodology")).content.decode())
    assert "devenu inaccessible depuis garde son rang du mois" in html
    assert "« Attention danger »" in html

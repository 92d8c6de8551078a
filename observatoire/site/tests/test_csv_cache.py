"""The ranking CSV comes from the cache like the ranking table (bench/load.py: computed on
every download, it cost the server ten times a cached page), and stays exactly as fresh."""

import csv
import datetime as dt
import io

from django.core.cache import cache
from django.urls import reverse

from observatoire.demo.selectors import DEMO_CACHE_KEY
from observatoire.profiles.models import Network, Profile
from observatoire.profiles.services import profile_record_failure
from observatoire.rankings.models import RankingEntry


def download(client, **params):
    response = client.get(reverse("site:rankings_csv"), params)
    assert response.status_code == 200
    return response


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_second_download_reads_no_ranking_from_the_database(
    client, world, django_assert_max_num_queries
):
    first = download(client, network="facebook", category="departement")
    with django_assert_max_num_queries(1):  # the unreachable profiles' stamp, nothing else
        again = download(client, network="facebook", category="departement")

    assert again.content == first.content
    assert again["Content-Disposition"] == first["Content-Disposition"]
    assert (
        len(rows(again))
        == RankingEntry.objects.filter(
            publication=world["publications"][-1], network="facebook"
        ).count()
    )


def test_a_cached_download_shows_a_profile_that_broke_since(client, world):
    entry = RankingEntry.objects.filter(
        publication=world["publications"][-1], network=Network.INSTAGRAM, rank=2
    ).select_related("profile", "territory")[0]
    download(client)
    for day in (dt.date(2026, 11, 12), dt.date(2026, 11, 13)):  # as collection records it
        profile_record_failure(
            profile=entry.profile, reason=Profile.UnavailableReason.NOT_FOUND, on=day
        )
        entry.profile.refresh_from_db()

    row = {row["Collectivité"]: row for row in rows(download(client))}[entry.territory.name]
    assert row["Rang"] == "2"
    assert row["Inaccessible depuis"] == "2026-11-12"


def test_a_cached_download_follows_a_new_publication(client, world):
    before = download(client)
    RankingEntry.objects.filter(publication=world["publications"][-1]).delete()
    world["publications"][-1].delete()

    after = download(client)
    assert "classement-instagram-departement-2026-09-p1.csv" in after["Content-Disposition"]
    assert after.content != before.content


def test_an_unknown_month_gets_the_latest_table_and_is_not_cached(client, world):
    latest = download(client)
    unknown = download(client, month="1999-01")

    assert unknown.content == latest.content
    assert "2026-10" in unknown["Content-Disposition"]


def test_the_demo_label_follows_the_data_not_the_cache(client, world):
    assert 'filename="classement-' in download(client)["Content-Disposition"]
    Profile.objects.filter(pk=Profile.objects.first().pk).update(is_demo=True)
    cache.delete(DEMO_CACHE_KEY)  # the flag itself is cached for a minute

    assert 'filename="demo-classement-' in download(client)["Content-Disposition"]

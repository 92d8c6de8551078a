"""The day × hour heatmap of a collectivité's posts over 90 days, in Paris time."""

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext

from observatoire.dashboard.posts import engagement_heatmap
from observatoire.metrics.tests.factories import PostFactory, SnapshotFactory
from observatoire.profiles.models import Network
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.territories.tests.factories import TerritoryFactory

from .test_posts import elements, text

UTC = dt.UTC
UNTIL = dt.date(2026, 10, 31)  # 90 days: 3 August to 31 October 2026
MONDAY, TUESDAY, SUNDAY = 0, 1, 6


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def post(profile, when, likes, **counts):
    return PostFactory(profile=profile, published_at=when, likes=likes, **counts)


@pytest.fixture
def town(db):
    town = TerritoryFactory(name="Condom")
    main = ProfileFactory(territory=town, network=Network.INSTAGRAM, handle="condom")
    page = ProfileFactory(territory=town, network=Network.FACEBOOK, handle="condom.fb")
    SnapshotFactory(profile=main, date=dt.date(2026, 8, 31), followers=500)
    SnapshotFactory(profile=main, date=dt.date(2026, 9, 30), followers=1000)
    SnapshotFactory(profile=main, date=dt.date(2026, 10, 31), followers=2000)
    # Sunday 25 October 23:30 UTC, after the change to winter time: Monday 00:30 in Paris.
    post(main, at(2026, 10, 25, 23, 30), 100, comments=None, shares=None)
    # Sunday 18 October 23:30 UTC, still summer time: Monday 01:30 in Paris.
    post(main, at(2026, 10, 18, 23, 30), 100, comments=None, shares=None)
    # Monday 14 September 01:30 in Paris: September's followers (1,000).
    post(main, at(2026, 9, 13, 23, 30), 60, comments=30, shares=10)
    # Monday 5 October 01:45 in Paris, no count known: a post, but no rate.
    post(main, at(2026, 10, 4, 23, 45), None, comments=None, shares=None)
    # Monday 3 August 10:00 in Paris, the window's first day: August's followers (500).
    post(main, at(2026, 8, 3, 8, 0), 50, comments=None, shares=None)
    # The Facebook page has no snapshot: Tuesday 13 October 12:00, rate unknown.
    post(page, at(2026, 10, 13, 10, 0), 10)
    # Outside: Sunday 2 August 23:50 and Sunday 1 November 00:30 in Paris; another town.
    post(main, at(2026, 8, 2, 21, 50), 10**6)
    post(main, at(2026, 10, 31, 23, 30), 10**6)
    post(ProfileFactory(handle="auch"), at(2026, 10, 14, 10, 0), 10**6)
    return town


def cell(heatmap, weekday, hour):
    return heatmap.days[weekday].cells[hour]


def test_paris_hours_across_the_change_of_time(town):
    heatmap = engagement_heatmap(territory=town, until=UNTIL)
    assert (heatmap.first, heatmap.last) == (dt.date(2026, 8, 3), UNTIL)
    assert cell(heatmap, MONDAY, 0).posts == 1  # 23:30 UTC + 1 h
    assert cell(heatmap, MONDAY, 1).posts == 3  # 23:30 UTC + 2 h (twice), 23:45 UTC + 2 h
    assert cell(heatmap, SUNDAY, 23).posts == 0
    assert cell(heatmap, SUNDAY, 0).posts == 0  # 1 November: after the window
    assert heatmap.posts == 6


def test_mean_rates_as_computed_by_hand(town):
    heatmap = engagement_heatmap(territory=town, until=UNTIL)
    # Monday 1 h: 100 ÷ 2,000 (October) and 100 ÷ 1,000 (September); the third post has
    # no count: it is a post of the cell, not a rate of 0.
    monday_one = cell(heatmap, MONDAY, 1)
    assert (monday_one.rated, monday_one.engagement_rate) == (2, pytest.approx(0.075))
    assert cell(heatmap, MONDAY, 0).engagement_rate == pytest.approx(0.05)
    assert cell(heatmap, MONDAY, 10).engagement_rate == pytest.approx(0.1)  # 50 ÷ 500
    tuesday = cell(heatmap, TUESDAY, 12)
    assert (tuesday.posts, tuesday.engagement_rate, tuesday.level) == (1, None, 0)
    assert heatmap.highest == pytest.approx(0.1)
    levels = [cell(heatmap, MONDAY, hour).level for hour in (0, 1, 10, 2)]
    assert levels == [3, 4, 5, 0]


def test_an_accessible_table_monday_to_sunday(town):
    html = render_to_string(
        "dashboard/_heatmap.html", {"heatmap": engagement_heatmap(territory=town, until=UNTIL)}
    )
    assert " style=" not in html
    page = parse_html(html)
    (region,) = [div for div in elements(page, "div") if ("role", "region") in div.attributes]
    assert ("tabindex", "0") in region.attributes
    assert ("aria-labelledby", "heatmap-caption") in region.attributes
    (table,) = elements(page, "table")
    assert text(elements(table, "caption")[0]).startswith("Taux d'engagement moyen par jour")
    head, *rows = elements(table, "tr")
    hours = elements(head, "th")
    assert [text(th) for th in hours[:3]] == ["Jour", "0 h", "1 h"]
    assert len(hours) == 25 and all(("scope", "col") in th.attributes for th in hours)
    days = [elements(row, "th")[0] for row in rows]
    assert [text(th) for th in days] == [
        "Lundi",
        "Mardi",
        "Mercredi",
        "Jeudi",
        "Vendredi",
        "Samedi",
        "Dimanche",
    ]
    assert all(("scope", "row") in th.attributes for th in days)
    monday = elements(rows[0], "td")
    assert len(monday) == 24
    assert ("class", "level-4") in monday[1].attributes
    assert text(monday[1]) == "7,50 % (3) 3 publications"
    assert text(monday[2]) == "· aucune publication"
    assert text(elements(rows[1], "td")[12]) == "— (1) 1 publication"  # rate unknown
    assert "de 8,00 % à 10,00 %" in html  # the legend's darkest level


def test_export_rows(town):
    table = engagement_heatmap(territory=town, until=UNTIL).table()
    assert [c.kind for c in table.columns] == ["text", "integer", "count", "percent"]
    assert len(table.rows) == 7 * 24
    assert table.rows[1] == ["Lundi", 1, 3, pytest.approx(0.075)]
    assert table.rows[2] == ["Lundi", 2, 0, None]


def test_one_aggregate_whatever_the_number_of_posts(town):
    with CaptureQueriesContext(connection) as few:
        engagement_heatmap(territory=town, until=UNTIL)
    profile = town.profiles.get(handle="condom")
    for day in range(1, 29):
        post(profile, at(2026, 9, day, 9, 0), day)
    with CaptureQueriesContext(connection) as many:
        heatmap = engagement_heatmap(territory=town, until=UNTIL)
    assert heatmap.posts == 6 + 28
    assert len(many) == len(few) == 2


def test_no_post(db):
    heatmap = engagement_heatmap(territory=TerritoryFactory(), until=UNTIL)
    assert heatmap.posts == 0 and heatmap.highest is None and heatmap.legend == []
    assert {c.level for day in heatmap.days for c in day.cells} == {0}

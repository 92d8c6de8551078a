"""What is public when: the calendar's rules (announcements.py), the same in Python and in
SQL, and the stamp the site's page cache reads."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from observatoire.awards import announcements
from observatoire.awards.models import Award, Edition
from observatoire.awards.selectors import awards_stamp, territory_awards
from observatoire.awards.tests.factories import edition_make
from observatoire.awards.tests.public_world import palmares_world

NOW = timezone.now()
HOUR = dt.timedelta(hours=1)


def edition(**fields) -> Edition:
    """An unsaved edition with only the fields the rules read."""
    values = {
        "year": 2024,
        "entries_open_at": NOW - 30 * 24 * HOUR,
        "entries_close_at": NOW - 24 * HOUR,
    }
    return Edition(**(values | fields))


def test_nothing_is_announced_without_a_time():
    unscheduled = edition(closed_at=NOW - HOUR)
    assert not announcements.nominations_announced(unscheduled, now=NOW)
    assert not announcements.results_announced(unscheduled, now=NOW)
    assert announcements.announcements(unscheduled, now=NOW) == []


def test_the_nominees_are_public_from_their_time():
    scheduled = edition(nominations_announce_at=NOW)
    assert not announcements.nominations_announced(scheduled, now=NOW - dt.timedelta(seconds=1))
    assert announcements.nominations_announced(scheduled, now=NOW)


def test_the_palmares_waits_for_its_time_and_the_jury_closing():
    open_jury = edition(nominations_announce_at=NOW - 2 * HOUR, results_announce_at=NOW - HOUR)
    assert not announcements.results_announced(open_jury, now=NOW)
    assert announcements.results_at(open_jury) is None
    # closed after the scheduled time: announced at the closing
    open_jury.closed_at = NOW
    assert announcements.results_at(open_jury) == NOW
    assert [a.kind for a in announcements.announcements(open_jury, now=NOW)] == [
        announcements.NOMINATIONS,
        announcements.RESULTS,
    ]
    closed_early = edition(results_announce_at=NOW + HOUR, closed_at=NOW - HOUR)
    assert not announcements.results_announced(closed_early, now=NOW)
    assert announcements.results_announced(closed_early, now=NOW + HOUR)


def test_the_palmares_makes_its_nominees_public():
    results_only = edition(results_announce_at=NOW - HOUR, closed_at=NOW - HOUR)
    assert announcements.nominations_announced(results_only, now=NOW)
    # but the feed has one item only: the palmarès
    assert [a.kind for a in announcements.announcements(results_only, now=NOW)] == ["results"]


def test_only_staff_asking_for_it_get_the_preview():
    scheduled = edition(nominations_announce_at=NOW + HOUR, results_announce_at=NOW + 2 * HOUR)
    for staff, preview in ((False, False), (False, True), (True, False)):
        shown = announcements.visibility(scheduled, staff=staff, preview=preview, now=NOW)
        assert (shown.nominations, shown.results, shown.preview) == (False, False, False)
    shown = announcements.visibility(scheduled, staff=True, preview=True, now=NOW)
    assert shown.nominations and shown.results
    assert shown.nominations_preview and shown.results_preview
    # once announced, nothing is labelled a preview
    shown = announcements.visibility(scheduled, staff=True, preview=True, now=NOW + HOUR)
    assert not shown.nominations_preview and shown.results_preview


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"entries_open_at": NOW + HOUR, "entries_close_at": NOW + 9 * HOUR}, "Candidatures à"),
        ({"entries_close_at": NOW + 24 * HOUR}, "Candidatures ouvertes jusqu'au"),
        ({}, "Candidatures closes ; sélection en cours"),
        ({"nominations_announce_at": NOW + HOUR}, "Candidatures closes ; nommés annoncés le"),
        ({"nominations_announce_at": NOW - HOUR}, "Nommés annoncés ; palmarès à venir"),
        (
            {"nominations_announce_at": NOW - HOUR, "results_announce_at": NOW + HOUR},
            "Nommés annoncés ; palmarès le",
        ),
        (
            {"results_announce_at": NOW - HOUR, "closed_at": NOW - HOUR},
            "Palmarès publié",
        ),
    ],
)
def test_status_in_words(fields, expected):
    assert announcements.status_text(edition(**fields), now=NOW).startswith(expected)


def test_the_database_filters_agree_with_the_rules(db):
    """Every combination of times around now: announced_q and results_q select exactly the
    editions the Python rules call announced."""
    times = [None, NOW - HOUR, NOW + HOUR]
    for year, (nominations, results, closed) in enumerate(itertools.product(times, repeat=3)):
        edition_make(
            year=2000 + year,
            nominations_announce_at=nominations,
            results_announce_at=results,
            closed_at=closed,
        )
    editions = list(Edition.objects.all())
    for rule, q in (
        (announcements.nominations_announced, announcements.announced_q(now=NOW)),
        (announcements.results_announced, announcements.results_q(now=NOW)),
    ):
        expected = {e.year for e in editions if rule(e, now=NOW)}
        assert set(Edition.objects.filter(q).values_list("year", flat=True)) == expected


def test_the_page_cache_stamp_follows_the_clock_and_the_medals(db):
    world = palmares_world()
    now = timezone.now()
    before = awards_stamp(now=now)
    assert awards_stamp(now=now) == before  # nothing changed, same stamp
    # an unannounced medal changing is nobody's business
    gold = world.awards["sensibilisation-citoyennete", "Gers"]
    gold.medal = Award.Medal.SILVER
    gold.save()
    assert awards_stamp(now=now) == before
    nominated = awards_stamp(now=now + HOUR)
    assert nominated != before
    palmares = awards_stamp(now=now + 2 * HOUR)
    assert palmares != nominated
    gold.medal = Award.Medal.GOLD
    gold.save()
    assert awards_stamp(now=now + 2 * HOUR) != palmares
    assert awards_stamp(now=now + HOUR) == nominated  # medals are not shown before


def test_a_collectivite_reads_only_its_announced_nominations(db):
    world = palmares_world()
    now = timezone.now()
    assert territory_awards(territory=world.gers, now=now) == []
    nominated = territory_awards(territory=world.gers, now=now + HOUR)
    assert [(n.category.slug, n.award) for n in nominated] == [
        ("sensibilisation-citoyennete", None),
        ("tiktok", None),
    ]
    awarded = territory_awards(territory=world.gers, now=now + 2 * HOUR)
    assert [n.medal_text for n in awarded] == ["Or", "Bronze"]

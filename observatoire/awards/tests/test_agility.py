import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from observatoire.awards import agility
from observatoire.awards.agility import (
    Audience,
    NetworkActivity,
    PostSample,
    agility_index,
    agility_read,
)
from observatoire.metrics.services import PostRow, SnapshotRow, posts_upsert, snapshots_upsert
from observatoire.profiles.models import Network, Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.territories.models import Category
from observatoire.territories.tests.factories import DepartementFactory

START, END = dt.date(2023, 9, 1), dt.date(2024, 8, 31)  # the 2024 edition's period
SIX = (Network.FACEBOOK, Network.INSTAGRAM, Network.X, Network.LINKEDIN, Network.YOUTUBE)
SIX = (*SIX, Network.SNAPCHAT)
PARIS = dt.timezone(dt.timedelta(hours=2))  # summer time in Paris
# Each network's own editorial line: its words and its format.
LINES = {
    Network.FACEBOOK: ("Agenda des manifestations culturelles", "link"),
    Network.INSTAGRAM: ("Paysages panoramiques bocage charolais", "image"),
    Network.X: ("Information routière circulation perturbée", "text"),
    Network.LINKEDIN: ("Recrutement offres emploi territorial", "carousel"),
    Network.YOUTUBE: ("Séance publique retransmise intégralement", "video"),
    Network.SNAPCHAT: ("Coulisses jeunesse collégiens", "reel"),
    Network.TIKTOK: ("Défis humoristiques tendances", "reel"),
}


def activity_make(
    territory,
    networks,
    *,
    posts: int = 12,
    hashtags=None,
    growth: float = 0.1,
    every_days: int = 7,
    start: dt.date = START,
) -> dict[str, Profile]:
    """Principal profiles of `territory` on `networks`, each with a post every `every_days`
    days from `start` (captions and hashtags of its own unless `hashtags` is given: then the
    same on every network) and two snapshots a year apart growing by `growth`."""
    profiles = {}
    for network in networks:
        profile = ProfileFactory(territory=territory, network=network)
        profiles[network] = profile
        tags = tuple(hashtags) if hashtags is not None else (f"{network}{territory.pk}",)
        rows = [
            PostRow(
                profile_id=profile.pk,
                external_id=f"{network}-{i}",
                published_at=dt.datetime.combine(
                    start + dt.timedelta(days=i * every_days), dt.time(12), tzinfo=dt.UTC
                ),
                text=(
                    f"Marché fermier du samedi {' '.join(tags)}"
                    if hashtags is not None
                    else f"{LINES[network][0]} #{tags[0]}"
                ),
                media_type="image" if hashtags is not None else LINES[network][1],
                hashtags=tags,
                likes=10,
            )
            for i in range(posts)
        ]
        posts_upsert(rows=rows)
        snapshots_upsert(
            rows=[
                SnapshotRow(profile.pk, START, 1000),
                SnapshotRow(profile.pk, END, round(1000 * (1 + growth))),
            ]
        )
    return profiles


# --- pure maths --------------------------------------------------------------------------


def test_presence_counts_core_networks_and_half_a_bonus():
    relevant = agility.RELEVANT_NETWORKS[Category.DEPARTEMENT]
    assert agility.presence(present=[], relevant=relevant) == 0
    assert agility.presence(present=relevant.core, relevant=relevant) == 1
    three_core_two_bonus = [*relevant.core[:3], Network.SNAPCHAT, Network.BLUESKY]
    assert agility.presence(present=three_core_two_bonus, relevant=relevant) == pytest.approx(4 / 6)
    small = agility.RELEVANT_NETWORKS[Category.PETITE_VILLE]
    assert agility.presence(present=[Network.FACEBOOK, Network.INSTAGRAM], relevant=small) == 1


def test_every_ranking_category_has_its_networks():
    assert set(agility.RELEVANT_NETWORKS) == set(Category.values)
    for relevant in agility.RELEVANT_NETWORKS.values():
        assert relevant.core and not set(relevant.core) & set(relevant.bonus)


def test_regularity_is_the_share_of_weeks_with_a_post():
    # 2024-01-01 is a Monday; the period touches 3 weeks (Wednesday to the next-but-one Monday).
    start, end = dt.date(2024, 1, 3), dt.date(2024, 1, 15)
    assert agility.period_weeks(start, end) == 3
    assert agility.regularity(active_weeks={dt.date(2024, 1, 1)}, start=start, end=end) == 1 / 3
    weeks = {dt.date(2024, 1, 1), dt.date(2024, 1, 8), dt.date(2024, 1, 15), dt.date(2024, 2, 5)}
    assert agility.regularity(active_weeks=weeks, start=start, end=end) == 1


def test_growth_needs_two_readings_far_enough_apart_and_followers_to_start_from():
    day = dt.date(2024, 1, 1)
    assert agility.growth_rate(None) is None
    assert agility.growth_rate(Audience(day, 0, day + dt.timedelta(days=90), 50)) is None
    assert agility.growth_rate(Audience(day, 100, day + dt.timedelta(days=10), 150)) is None
    assert agility.growth_rate(Audience(day, 100, day + dt.timedelta(days=90), 110)) == 0.1
    assert agility.growth_points(0.1) == 0.5
    assert agility.growth_points(0.5) == 1
    assert agility.growth_points(-0.2) == 0


def test_the_same_posts_everywhere_make_no_distinct_line():
    same = [PostSample("Fête du melon à Lectoure", ("Gers",), "image")] * 6
    other = [
        PostSample(f"Chantier routier numéro {i}", ("InfoRoute32",), "video") for i in range(6)
    ]
    assert agility.editorial({"facebook": same, "instagram": same})[0] == 0
    distinct, pairs = agility.editorial({"facebook": same, "instagram": other})
    assert distinct == 1 and pairs == {"facebook/instagram": 0}
    # A network with too few posts is left out: one line left cannot be distinct.
    assert agility.editorial({"facebook": same, "instagram": other[:2]}) == (0, {})


def test_similarity_compares_as_many_recent_posts_on_each_side():
    recent = [PostSample("Conseil départemental en direct", ("Gers",), "video")] * 5
    older = [PostSample("Recette de la garbure", ("Cuisine",), "image")] * 20
    # Facebook posted the same 5 posts as YouTube, then 20 others earlier: a copy.
    assert agility.similarity(recent + older, recent) == 1


def test_words_leave_out_links_tags_and_function_words():
    text = "Découvrez avec nous le #Gers https://gers.fr/agenda et @Auch : 2024 randonnées"
    assert agility.words(text) == {"découvrez", "randonnées"}


def test_unknown_growth_is_left_out_of_the_weights():
    assert agility.combine({"presence": 1, "regularity": 1, "growth": None, "editorial": 1}) == 100
    assert agility.combine({"presence": 1, "regularity": 0, "growth": None, "editorial": 0}) == 35.3


samples = st.lists(
    st.builds(
        PostSample,
        text=st.text(max_size=40),
        hashtags=st.lists(st.sampled_from(["Gers", "Auch", "Melon"]), max_size=2).map(tuple),
        media_type=st.sampled_from(["", "image", "video", "reel"]),
    ),
    max_size=8,
)
activities = st.dictionaries(
    st.sampled_from(list(Network.values)),
    st.builds(
        NetworkActivity,
        active_weeks=st.frozensets(st.dates(dt.date(2023, 8, 1), dt.date(2024, 9, 30))),
        audience=st.none()
        | st.builds(
            Audience, st.just(START), st.integers(0, 10**6), st.just(END), st.integers(0, 10**6)
        ),
        posts=samples.map(tuple),
    ),
)


@given(category=st.sampled_from(list(Category.values)), activity=activities)
def test_the_index_and_its_components_stay_in_their_bounds(category, activity):
    index = agility_index(category=category, activity=activity, start=START, end=END)
    assert 0 <= index.score <= 100
    for value in (index.presence, index.regularity, index.editorial, index.growth):
        assert value is None or 0 <= value <= 1
    assert {row["network"] for row in index.networks} == set(activity)


@given(activity=activities, more=st.sampled_from(SIX))
def test_being_present_on_one_more_network_never_lowers_presence(activity, more):
    relevant = agility.RELEVANT_NETWORKS[Category.DEPARTEMENT]
    before = agility.presence(present=activity, relevant=relevant)
    assert agility.presence(present={*activity, more}, relevant=relevant) >= before


# --- reads -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_six_networks_with_their_own_lines_beat_two_with_the_same_posts():
    agile, copier = DepartementFactory(name="Saône-et-Loire"), DepartementFactory(name="Copie")
    activity_make(agile, SIX, posts=52)
    activity_make(copier, (Network.FACEBOOK, Network.INSTAGRAM), posts=52, hashtags=["Copie"])
    indexes = agility_read(territories=[agile, copier], start=START, end=END)
    best, worst = indexes[agile.pk], indexes[copier.pk]
    assert best.presence == pytest.approx(5.5 / 6)  # five core networks and Snapchat
    assert worst.presence == pytest.approx(2 / 6)
    assert best.regularity == pytest.approx(52 / 53)
    assert worst.regularity == pytest.approx(52 / 53)
    assert best.growth == pytest.approx(0.5) and worst.growth == pytest.approx(0.5)
    assert worst.editorial == 0 and best.editorial == 1
    assert worst.similarities == {"facebook/instagram": 1}
    assert best.score > worst.score + 40
    evidence = best.evidence()
    row = next(row for row in evidence["networks"] if row["network"] == "snapchat")
    assert row == {
        "network": "snapchat",
        "core": False,
        "weeks_active": 52,
        "weeks": 53,
        "followers_first": 1000,
        "followers_last": 1100,
        "growth": 0.1,
        "growth_percent": 10.0,
        "posts_compared": 50,  # the most recent EDITORIAL_SAMPLE
    }


@pytest.mark.django_db
def test_only_the_period_and_active_principal_profiles_count():
    territory = DepartementFactory()
    profiles = activity_make(territory, (Network.FACEBOOK, Network.INSTAGRAM, Network.X), posts=4)
    Profile.objects.filter(pk=profiles[Network.X].pk).update(status=Profile.Status.UNAVAILABLE)
    thematic = ProfileFactory(territory=territory, network=Network.TIKTOK, is_principal=False)
    posts_upsert(
        rows=[
            PostRow(thematic.pk, "t1", dt.datetime(2024, 1, 1, 12, tzinfo=dt.UTC)),
            # 23:30 in Paris on the eve of the period: outside it.
            PostRow(
                profiles[Network.FACEBOOK].pk,
                "eve",
                dt.datetime(2023, 8, 31, 23, 30, tzinfo=PARIS),
                hashtags=("Veille",),
            ),
        ]
    )
    index = agility_read(territories=[territory], start=START, end=END)[territory.pk]
    assert [row["network"] for row in index.networks] == ["facebook", "instagram"]
    facebook = index.networks[0]
    assert facebook["weeks_active"] == 4 and facebook["posts_compared"] == 4


@pytest.mark.django_db
def test_missing_snapshots_leave_growth_unknown():
    territory = DepartementFactory()
    profile = ProfileFactory(territory=territory, network=Network.FACEBOOK)
    snapshots_upsert(rows=[SnapshotRow(profile.pk, dt.date(2024, 3, 1), 500)])
    index = agility_read(territories=[territory], start=START, end=END)[territory.pk]
    assert index.growth is None and index.networks[0]["followers_first"] == 500
    assert index.score == agility.combine(
        {"presence": 1 / 6, "regularity": 0, "growth": None, "editorial": 0}
    )


@pytest.mark.django_db
def test_the_read_costs_the_same_queries_for_one_or_many_collectivites():
    territories = [DepartementFactory() for _ in range(4)]
    for territory in territories:
        activity_make(territory, (Network.FACEBOOK, Network.INSTAGRAM, Network.TIKTOK), posts=6)
    with CaptureQueriesContext(connection) as one:
        agility_read(territories=territories[:1], start=START, end=END)
    with CaptureQueriesContext(connection) as many:
        result = agility_read(territories=territories, start=START, end=END)
    assert len(one) == len(many) == 4
    assert len(result) == 4


def test_networks_with_the_same_words_but_their_own_themes_are_more_distinct():
    def posts(themes: int) -> list[PostSample]:
        return [PostSample("Bonjour à tous", ("Gers",), "image", themes)] * 5

    roads, culture = 1 << 1, 1 << 5
    assert agility.similarity(posts(roads), posts(roads)) == 1
    # Hashtags, words and media alike, themes apart: three parts of four.
    assert agility.similarity(posts(roads), posts(culture)) == pytest.approx(0.75)
    assert agility.similarity(posts(roads), posts(roads | culture)) == pytest.approx(0.875)
    # Posts without a theme (or not analysed) leave the part out.
    assert agility.similarity(posts(roads), posts(0)) == 1
    assert agility.similarity(posts(None), posts(culture)) == 1


@pytest.mark.django_db
def test_the_themes_of_the_analysed_posts_are_compared():
    territory = DepartementFactory()
    for network, text in ((Network.FACEBOOK, "Travaux sur la route"), (Network.X, "Concert")):
        profile = ProfileFactory(territory=territory, network=network)
        rows = [
            PostRow(
                profile.pk,
                f"{network}-{i}",
                dt.datetime(2024, 3, 1 + i, 12, tzinfo=dt.UTC),
                text=f"Bonjour, {text} #Gers",
                hashtags=("Gers",),
                media_type="image",
            )
            for i in range(5)
        ]
        posts_upsert(rows=rows)
    index = agility_read(territories=[territory], start=START, end=END)[territory.pk]
    # Hashtags and media the same, a quarter of the vocabulary shared ("bonjour"), themes
    # apart (roads, culture): without the themes, the pair would be 0.75 alike.
    assert index.similarities["facebook/x"] == pytest.approx((1 + 1 + 0.25 + 0) / 4, abs=1e-3)

"""What a dossier's operations obtained: per link, operation, audience and for the dossier,
the posts matched out of the links given, interactions (likes + comments + shares), views
when known, and the engagement rate (interactions ÷ the followers of the post's profile at
the latest reading of the post's month, Europe/Paris), computed by hand below from the posts
stored as the connectors store them; unknown stays "—", a link whose post we did not collect
is listed as such."""

import pytest
from django.urls import reverse
from django.utils import translation

from observatoire.awards.dossier_selectors import dossier_figures
from observatoire.awards.dossiers import dossier_create, operation_create
from observatoire.awards.models import Operation
from observatoire.awards.tests.dossier_factories import LINKS, gers_collected
from observatoire.awards.tests.factories import edition_make
from observatoire.dashboard.tests.worlds import html_table
from observatoire.metrics.models import Post
from observatoire.profiles.tests.test_corrections import member
from observatoire.users.models import Role

pytestmark = pytest.mark.django_db
ADULTS, YOUTH, ALL = Operation.Audience.ADULTS, Operation.Audience.YOUTH, Operation.Audience.ALL


def _operation(dossier, actor, audience, title, links):
    values = {
        "audience": audience,
        "title": title,
        "description": "",
        "networks": [],
        "starts_on": None,
        "ends_on": None,
    }
    return operation_create(
        dossier=dossier,
        actor=actor,
        values=values,
        hashtags=["Covid19Gers"],
        links=[LINKS[name] for name in links],
    )


@pytest.fixture
def dossier():
    """The Gers' 2020 dossier: a quiz and a tribute for adults (one post in both), a first
    TikTok for the young, nothing yet for everyone."""
    gers = gers_collected()
    manager = member(gers, "camille")
    edition = edition_make(year=2020, networks=("instagram", "facebook", "x", "tiktok"))
    dossier = dossier_create(edition=edition, territory=gers, actor=manager)
    quiz = ["ig_quiz", "fb_equipment", "x_tips", "ig_not_collected", "ig_profile"]
    _operation(dossier, manager, ADULTS, "Questions pour un Gersois", quiz)
    _operation(dossier, manager, ADULTS, "Hommage aux soignants", ["ig_tribute", "ig_quiz"])
    _operation(dossier, manager, YOUTH, "Mon premier TikTok", ["tiktok_first"])
    return dossier


def test_each_link_is_matched_to_the_collected_post_it_names(dossier):
    posts = dict(Post.objects.values_list("external_id", "pk"))
    quiz = dossier.operations.get(title="Questions pour un Gersois")

    matched = list(quiz.links.order_by("position").values_list("network", "kind", "post_id"))

    assert matched == [
        ("instagram", "post", posts["17912345678900001"]),
        ("facebook", "post", posts["100064512345678_3012345678901234"]),
        ("x", "status", posts["1244567890123456789"]),
        ("instagram", "post", None),  # a post we never collected
        ("instagram", "profile", None),  # an account, not a publication
    ]


def test_figures_per_operation_audience_and_dossier(dossier, django_assert_num_queries):
    with django_assert_num_queries(3):
        figures = dossier_figures(dossier=dossier)

    adults, youth, everyone = figures.audiences
    quiz, tribute = adults.operations
    # quiz: 480 (Instagram, 10,000 followers at the end of March) + 2,000 (Facebook, 40,000)
    # + unknown (X: no count known, no reading in March); views known for X only.
    assert (quiz.figures.links, quiz.figures.matched) == (4, 3)
    assert quiz.figures.interactions == 480 + 2_000
    assert (quiz.figures.views, quiz.figures.views_known) == (5_000, 1)
    assert quiz.figures.engagement_rate == pytest.approx((0.048 + 0.05) / 2)
    assert quiz.figures.rated == 2
    # tribute: the reel published on 31 March 23:30 UTC is an April post in Paris (12,000).
    reel = tribute.links[0]
    assert (reel.interactions, reel.followers, reel.views) == (1_200, 12_000, 30_000)
    assert reel.engagement_rate == pytest.approx(0.1)
    assert tribute.figures.engagement_rate == pytest.approx((0.1 + 0.048) / 2)
    # adults: the quiz post linked twice counts once
    assert (adults.figures.links, adults.figures.matched) == (6, 4)
    assert adults.figures.interactions == 480 + 2_000 + 1_200
    assert (adults.figures.views, adults.figures.views_known) == (35_000, 2)
    assert adults.figures.engagement_rate == pytest.approx((0.048 + 0.05 + 0.1) / 3)
    assert youth.figures.interactions == 400
    assert youth.figures.engagement_rate == pytest.approx(400 / 2_000)
    assert everyone.operations == []
    assert (everyone.figures.links, everyone.figures.interactions) == (0, None)
    assert everyone.figures.engagement_rate is None
    total = figures.figures
    assert (total.links, total.matched) == (7, 5)
    assert total.interactions == 480 + 2_000 + 1_200 + 400
    assert (total.views, total.views_known) == (47_000, 3)
    assert total.engagement_rate == pytest.approx((0.048 + 0.05 + 0.1 + 0.2) / 4)
    assert [line.text for line in figures.unmatched] == [
        "https://www.instagram.com/p/CzZzNotSeen1/"
    ]
    x_status = quiz.links[2]
    assert (x_status.interactions, x_status.followers, x_status.engagement_rate) == (
        None,
        None,
        None,
    )


def test_queries_do_not_grow_with_the_dossier(dossier, django_assert_num_queries):
    manager = dossier.created_by
    for index in range(5):
        _operation(dossier, manager, Operation.Audience.ALL, f"Concours {index}", list(LINKS))

    with django_assert_num_queries(3):
        figures = dossier_figures(dossier=dossier)

    assert figures.operation_count == 8


def test_the_page_shows_the_figures_and_the_posts_not_collected(client, dossier):
    viewer = member(dossier.territory, "dominique", role=Role.VIEWER)
    client.force_login(viewer)

    with translation.override("fr"):
        response = client.get(reverse("dossiers:detail", args=["gers", dossier.pk]))

    assert response.status_code == 200
    totals = html_table(response.content, "dossier-totals")
    assert totals[1:] == [
        ["Adultes", "2", "4 / 6", "3\xa0680", "35\xa0000 (2 publications sur 4)", "6,60 %"],
        ["Enfants / Jeunes", "1", "1 / 1", "400", "12\xa0000", "20,00 %"],
        ["Tout public", "0", "0 / 0", "—", "—", "—"],
        ["Dossier", "3", "5 / 7", "4\xa0080", "47\xa0000 (3 publications sur 5)", "9,95 %"],
    ]
    quiz = dossier.operations.get(title="Questions pour un Gersois")
    rows = html_table(response.content, f"operation-{quiz.pk}-links")
    assert rows[1][1:] == ["Instagram", "20 mars 2020 11:00", "480", "—", "10\xa0000", "4,80 %"]
    assert rows[3][1:] == ["X", "26 mars 2020 09:00", "—", "5\xa0000", "—", "—"]
    assert rows[4][1:] == ["Instagram", "publication non collectée"]
    assert rows[5][1:] == ["Instagram", "lien vers un compte (profil ou stories), sans chiffres"]
    content = response.content.decode()
    assert "Publications non collectées" in content
    assert "https://www.instagram.com/p/CzZzNotSeen1/" in content

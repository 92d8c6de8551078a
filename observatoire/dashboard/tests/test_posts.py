"""The month's best and weakest posts of a collectivité, as a communicator would rank them by
hand from the counts, and their captions and links rendered harmless."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext

from observatoire.core.csvio import CsvWriter
from observatoire.dashboard.posts import (
    caption_clean,
    interactions_of,
    posts_extremes,
    posts_table,
    rate_of,
)
from observatoire.metrics.tests.factories import PostFactory, SnapshotFactory
from observatoire.profiles.models import Network
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.territories.tests.factories import TerritoryFactory

UTC = dt.UTC
OCTOBER = dt.date(2026, 10, 1)
MID_OCTOBER = dt.datetime(2026, 10, 14, 8, 0, tzinfo=UTC)
SCRIPT_CAPTION = "<script>alert('x')</script> Fête\x1b du\x07 melon\u202e à\nLectoure\x7f"
FORMULA_CAPTION = '=HYPERLINK("http://exemple.invalid";"Gagnez")'


def elements(element, name: str) -> list:
    """Every descendant element of `element` named `name`, in document order."""
    found = []
    for child in getattr(element, "children", []):
        if getattr(child, "name", None) == name:
            found.append(child)
        found.extend(elements(child, name))
    return found


def text(element) -> str:
    if isinstance(element, str):
        return element
    return " ".join(" ".join(text(child) for child in element.children).split())


def post(profile, external_id, likes, comments=None, shares=None, **extra):
    defaults = {"published_at": MID_OCTOBER, "text": f"Publication {external_id}"}
    return PostFactory(
        profile=profile,
        external_id=external_id,
        likes=likes,
        comments=comments,
        shares=shares,
        **(defaults | extra),
    )


@pytest.fixture
def month(db):
    """An Instagram main profile (1,000 followers at its last October snapshot) and a roads
    page (100 followers), a Facebook page with one post, posts around the month's edges and
    another collectivité's post."""
    town = TerritoryFactory(name="Lectoure")
    main = ProfileFactory(territory=town, network=Network.INSTAGRAM, handle="lectoure")
    roads = ProfileFactory(
        territory=town,
        network=Network.INSTAGRAM,
        handle="lectoure_routes",
        is_principal=False,
        label="Info routes",
    )
    page = ProfileFactory(territory=town, network=Network.FACEBOOK, handle="lectoure.fb")
    SnapshotFactory(profile=main, date=dt.date(2026, 10, 5), followers=500)
    SnapshotFactory(profile=main, date=dt.date(2026, 10, 28), followers=1000)
    SnapshotFactory(profile=main, date=dt.date(2026, 11, 1), followers=99_999)  # November
    SnapshotFactory(profile=roads, date=dt.date(2026, 10, 10), followers=100)
    SnapshotFactory(profile=page, date=dt.date(2026, 10, 10), followers=400)
    # 1 October 00:30 in Paris (summer time): in the month.
    post(main, "e", 200, 40, 10, published_at=dt.datetime(2026, 9, 30, 22, 30, tzinfo=UTC))
    post(main, "a", 100, 20, 10, text=SCRIPT_CAPTION)
    post(main, "b", 50, 0, 0, text=FORMULA_CAPTION, permalink="javascript:alert(1)")
    post(main, "c", 10, permalink="https://www.instagram.com/p/c/")
    post(main, "d", None)  # no count known
    post(roads, "f", 30, 5, 5, media_type="reel")
    post(roads, "g", 3, 0, 0)
    post(roads, "h", 8, saves=1000, views=50_000)  # saves and views are not interactions
    post(page, "fb", 12, 4, 4)
    # 30 September 23:59 and 1 November 00:30 in Paris; another town's post.
    post(main, "sept", 10**6, published_at=dt.datetime(2026, 9, 30, 21, 59, tzinfo=UTC))
    post(main, "nov", 10**6, published_at=dt.datetime(2026, 10, 31, 23, 30, tzinfo=UTC))
    post(ProfileFactory(network=Network.INSTAGRAM, handle="auch"), "other", 10**6)
    return town


def by_id(rows) -> list[str]:
    return [row.caption.removeprefix("Publication ") for row in rows]


def test_best_and_weakest_posts_as_counted_by_hand(month):
    instagram, facebook = posts_extremes(territory=month, month=OCTOBER)
    assert (instagram.network, facebook.network) == ("instagram", "facebook")
    assert instagram.posts == 8  # 1 October 00:30 in, 30 September and 1 November out
    by_interactions, by_rate = instagram.measures
    # Interactions: e 250, a 130, b 50, f 40, c 10, h 8, g 3 (d unknown: left out).
    assert [p.interactions for p in by_interactions.best] == [250, 130, 50]
    assert [p.interactions for p in by_interactions.weakest] == [3, 8, 10]
    assert by_id(by_interactions.weakest) == ["g", "h", "c"]
    # Rates: f 40/100, e 250/1000, a 130/1000, h 8/100, b 50/1000, g 3/100, c 10/1000.
    assert by_id(by_rate.best)[0] == "f"
    assert [p.engagement_rate for p in by_rate.best] == [0.4, 0.25, 0.13]
    assert [p.engagement_rate for p in by_rate.weakest] == [0.01, 0.03, 0.05]
    assert by_rate.best[2].followers == 1000  # the month's last snapshot, not 5 October's
    assert [p.interactions for p in facebook.measures[0].best] == [20]
    assert facebook.measures[0].weakest == []  # one post: nothing weaker than the best


def test_published_at_is_paris_time(month):
    best = posts_extremes(territory=month, month=OCTOBER)[0].measures[0].best[0]
    assert best.published_at.replace(tzinfo=None) == dt.datetime(2026, 10, 1, 0, 30)
    html = render_to_string(
        "dashboard/_posts.html",
        {"post_networks": posts_extremes(territory=month, month=OCTOBER), "posts_month": OCTOBER},
    )
    assert "Meilleures et plus faibles publications (octobre 2026)" in html
    assert '<time datetime="2026-10-01T00:30:00+02:00">1 octobre 2026 00:30</time>' in html


def test_unknown_counts_stay_unknown():
    assert interactions_of(None, None, None) is None
    assert interactions_of(10, None, None) == 10
    assert rate_of(None, 1000) is None
    assert rate_of(10, 0) is None
    assert rate_of(10, None) is None


def test_a_post_without_counts_shows_a_dash(db):
    town = TerritoryFactory()
    profile = ProfileFactory(territory=town, network=Network.X, handle="silence")
    SnapshotFactory(profile=profile, date=dt.date(2026, 10, 31), followers=10)
    post(profile, "mute", None)
    (block,) = posts_extremes(territory=town, month=OCTOBER)
    assert block.posts == 1
    assert block.measures[0].best == []
    html = render_to_string(
        "dashboard/_posts.html", {"post_networks": [block], "posts_month": OCTOBER}
    )
    assert "Aucune publication dont la valeur est connue." in html


def test_page_lists_the_posts_in_order_with_rates_and_types(month):
    blocks = posts_extremes(territory=month, month=OCTOBER)
    html = render_to_string(
        "dashboard/_posts.html", {"post_networks": blocks, "posts_month": OCTOBER}
    )
    tables = elements(parse_html(html), "table")
    assert len(tables) == 4  # Instagram and Facebook, by interactions and by rate
    caption = text(elements(tables[1], "caption")[0])
    assert caption == "Instagram — par taux d'engagement"
    rows = [
        [text(cell) for cell in elements(row, "th") + elements(row, "td")]
        for row in elements(tables[1], "tr")
    ]
    assert rows[1] == ["Les meilleures"]
    assert rows[2][0] == "Publication f @lectoure_routes · Info routes"
    assert rows[2][3:] == ["40", "40,00 %"]
    assert rows[5] == ["Les plus faibles"]
    assert rows[2][1] == "Vidéo courte"
    assert rows[6][1] == "—"  # the network did not say
    assert [row[4] for row in rows[6:]] == ["1,00 %", "3,00 %", "5,00 %"]


def test_captions_and_links_are_inert(month):
    blocks = posts_extremes(territory=month, month=OCTOBER)
    lines = {p.post_id: p for b in blocks for m in b.measures for p in m.best + m.weakest}
    shown = {p.caption: p for p in lines.values()}
    clean = "<script>alert('x')</script> Fête du melon à Lectoure"
    assert clean in shown  # control characters and the bidi override gone, one line
    assert shown[FORMULA_CAPTION].url == ""  # javascript: is no address
    html = render_to_string(
        "dashboard/_posts.html", {"post_networks": blocks, "posts_month": OCTOBER}
    )
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Fête du melon" in html
    assert "javascript:" not in html
    assert not any(c in html for c in "\x1b\x07\x7f\u202e")
    links = [a.attributes for a in elements(parse_html(html), "a")]
    assert ("href", "https://www.instagram.com/p/c/") in [attr for attrs in links for attr in attrs]
    formula_cell = [c for c in elements(parse_html(html), "th") if "HYPERLINK" in text(c)]
    assert formula_cell and not elements(formula_cell[0], "a")  # shown as text, not a link


def test_exported_captions_are_spreadsheet_safe_and_unknowns_empty(month):
    table = posts_table(posts_extremes(territory=month, month=OCTOBER))
    assert table.slug == "posts"
    assert len(table.rows) == 3 + 3 + 3 + 3 + 1 + 1  # Instagram 2 × (3 + 3), Facebook 2 × 1
    output = io.StringIO()
    writer = CsvWriter(output, reversible=False)
    for row in table.rows:
        writer.writerow(row)
    assert "'=HYPERLINK(" in output.getvalue()
    formula = next(row for row in table.rows if row[0] == FORMULA_CAPTION)
    link = [c.label for c in table.columns].index("Lien")
    assert formula[link] is None
    rate = [c.label for c in table.columns].index("Taux d'engagement")
    assert table.columns[rate].kind == "percent"
    c = next(row for row in table.rows if row[0] == "Publication c")
    comments = [col.label for col in table.columns].index("Commentaires")
    assert (c[comments], c[comments + 1], c[rate]) == (None, None, 0.01)  # unknown, not 0


def test_caption_is_cut_at_a_word():
    long = "Conseil municipal " * 20
    cut = caption_clean(long, length=40)
    assert cut == "Conseil municipal Conseil municipal…"
    assert len(cut) <= 40
    assert caption_clean("Anticonstitutionnellement" * 3, length=20).endswith("…")
    assert caption_clean("  a\r\nb\tc  ") == "a b c"


def test_queries_do_not_grow_with_posts(month):
    with CaptureQueriesContext(connection) as few:
        posts_extremes(territory=month, month=OCTOBER)
    profile = month.profiles.get(handle="lectoure")
    for i in range(40):
        post(profile, f"more{i}", i, i, i)
    with CaptureQueriesContext(connection) as many:
        posts_extremes(territory=month, month=OCTOBER)
    assert len(many) == len(few) <= 4


def test_no_profile_no_block(db):
    assert posts_extremes(territory=TerritoryFactory(), month=OCTOBER) == []

"""The RSS and Atom feeds carry nothing a feed reader would run: the descriptions are the
article page's own sanitised HTML."""

import datetime as dt
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from observatoire.blog.models import Article

HOSTILE = (
    '<script>alert(1)</script><img src="x.png" onerror="alert(2)">'
    '<a href="javascript:alert(3)">clic</a> <a href="JaVaScRiPt:alert(4)">clac</a>'
    "[lien](javascript:alert(5)) <iframe src='https://evil.example'></iframe>"
    '<svg onload="alert(6)"></svg><p style="background:url(javascript:alert(7))">x</p>'
)
ATOM = "{http://www.w3.org/2005/Atom}"


class ActiveContent(HTMLParser):
    """What a feed reader rendering the description as HTML would run or load."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "object", "embed", "svg", "style"}:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag}[{name}]")
            if value and "javascript:" in value.replace(" ", "").lower():
                self.found.append(f"{tag}[{name}={value}]")


def active_content(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


@pytest.fixture
def hostile_articles(db):
    now = timezone.now()
    Article.objects.create(
        title="Chapô piégé",
        slug="chapo",
        summary=HOSTILE,
        body="Sage.",
        published_at=now - dt.timedelta(days=1),
    )
    Article.objects.create(
        title="Texte piégé",
        slug="texte",
        body="Bonjour **monde**\n\n" + HOSTILE,
        published_at=now - dt.timedelta(days=2),
    )


def descriptions(client, name: str) -> list[str]:
    root = ElementTree.fromstring(client.get(reverse(f"blog:{name}")).content)
    if name == "rss":
        return [item.findtext("description") for item in root.iter("item")]
    return [entry.findtext(f"{ATOM}summary") for entry in root.iter(f"{ATOM}entry")]


@pytest.mark.parametrize("feed", ["rss", "atom"])
def test_feed_descriptions_carry_no_script_handler_or_javascript_link(
    client, hostile_articles, feed
):
    summary, body = descriptions(client, feed)
    assert active_content(summary) == [] and active_content(body) == []
    assert "<strong>monde</strong>" in body  # the Markdown is rendered as on the page
    assert "&lt;script&gt;" in summary  # the chapô is text, shown as the article page shows it


def test_feed_description_is_the_article_page_body(client, hostile_articles):
    page = client.get(reverse("blog:article", kwargs={"slug": "texte"})).content.decode()
    _summary, body = descriptions(client, "rss")
    assert body.strip() in page

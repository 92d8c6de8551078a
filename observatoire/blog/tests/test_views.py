import datetime as dt

from django.urls import reverse
from django.utils import timezone

from observatoire.blog.models import Article


def article(n: int, **kwargs) -> Article:
    values = {
        "title": f"Article {n}",
        "slug": f"article-{n}",
        "body": f"Texte **{n}**",
        "published_at": timezone.now() - dt.timedelta(days=n),
    } | kwargs
    return Article.objects.create(**values)


def test_list_is_paginated_newest_first_without_drafts(client, db):
    for n in range(1, 13):
        article(n)
    article(99, published_at=None, title="Brouillon")
    article(98, published_at=timezone.now() + dt.timedelta(days=3), title="Programmé")
    first = client.get(reverse("blog:list")).content.decode()
    second = client.get(reverse("blog:list"), {"page": 2}).content.decode()
    assert first.index("Article 1<") < first.index("Article 2<")
    assert "Article 11" in second and "Article 11" not in first
    assert "Brouillon" not in first + second and "Programmé" not in first + second


def test_article_page_renders_sanitised_markdown(client, db):
    item = article(1, body="Bonjour **monde** <script>alert(1)</script>")
    html = client.get(item.get_absolute_url()).content.decode()
    assert "<strong>monde</strong>" in html
    assert "<script>alert(1)" not in html


def test_drafts_are_not_public(client, db):
    draft = article(1, published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_feeds(client, db):
    article(1, title="Classement d'octobre")
    rss = client.get(reverse("blog:rss"))
    atom = client.get(reverse("blog:atom"))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Classement d'octobre" in rss.content.decode()
    assert "Classement d'octobre" in atom.content.decode()


def test_admin_sets_the_author_and_previews(admin_client, admin_user, db):
    response = admin_client.post(
        reverse("admin:blog_article_add"),
        {
            "title": "Nouveau",
            "slug": "nouveau",
            "summary": "",
            "body": "*Hé*",
            "published_at_0": "2026-11-01",
            "published_at_1": "10:00:00",
        },
    )
    assert response.status_code == 302
    created = Article.objects.get(slug="nouveau")
    assert created.author == admin_user
    change = admin_client.get(reverse("admin:blog_article_change", args=[created.pk]))
    assert "<em>Hé</em>" in change.content.decode()

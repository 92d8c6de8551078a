import re

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from observatoire.blog.models import Article
from observatoire.site.cache import CSRF_PLACEHOLDER


def test_anonymous_pages_come_whole_from_the_cache(client, world, django_assert_num_queries):
    url = world["departements"][0].get_absolute_url()
    for path in ["/", reverse("site:rankings"), url, reverse("site:methodology")]:
        first = client.get(path).content.decode()
        with django_assert_num_queries(0):
            again = client.get(path).content.decode()
        assert CSRF_PLACEHOLDER not in first + again
        assert again.replace(_token(again), "") == first.replace(_token(first), "")


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_the_language_form_of_a_cached_page_works(world):
    warm = Client()
    warm.get("/")
    visitor = Client(enforce_csrf_checks=True)
    html = visitor.get("/").content.decode()
    response = visitor.post(reverse("set_language"),
                            {"language": "en", "next": "/", "csrfmiddlewaretoken": _token(html)})  # fmt: skip
    assert response.status_code == 302
    assert '<html lang="en">' in visitor.get("/").content.decode()


def test_logged_in_visitors_never_get_the_anonymous_page(client, world):
    client.get(reverse("site:rankings"))
    user = get_user_model().objects.create_user("camille", password="un-mot-de-passe-solide")
    client.force_login(user)
    assert "Mon espace" in client.get(reverse("site:rankings")).content.decode()


def test_a_new_article_refreshes_the_home_page(client, world):
    client.get("/")
    Article.objects.create(title="Tout frais", slug="frais", body="x",
                           published_at="2026-11-20T10:00:00Z")  # fmt: skip
    assert "Tout frais" in client.get("/").content.decode()


def test_unknown_query_parameters_are_served_but_not_cached(client, world):
    from django.core.cache import cache

    before = len(cache._cache)
    response = client.get(reverse("site:rankings"), {"utm_source": "x" * 10})
    assert response.status_code == 200
    client.get(reverse("site:rankings"), {"utm_source": "y" * 10})
    fragments_and_stamp = len(cache._cache) - before
    client.get(reverse("site:rankings"))
    assert len(cache._cache) - before == fragments_and_stamp + 1  # the page itself

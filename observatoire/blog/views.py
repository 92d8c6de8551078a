from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .models import Article
from .rendering import markdown_to_html
from .selectors import article_get, article_published

PAGE_SIZE = 10


def article_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(article_published(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "blog/list.html", {"page": page})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        article = article_get(slug=slug)
    except Article.DoesNotExist as error:
        raise Http404(_("Article introuvable.")) from error
    # The Markdown is sanitised by nh3 (rendering.py) before being marked safe.
    body = mark_safe(markdown_to_html(article.body))
    return render(request, "blog/article.html", {"article": article, "body": body})

from django.urls import path

from . import feeds, views

app_name = "blog"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("rss.xml", feeds.LatestArticlesFeed(), name="rss"),
    path("atom.xml", feeds.LatestArticlesAtomFeed(), name="atom"),
    path("<slug:slug>/", views.article_detail, name="article"),
]

"""Mon espace › Publications, mounted at /espace/<slug>/publications/ (config/urls.py): every
page is private (espace_views, member_required) and listed in
dashboard/tests/test_private_pages.py."""

from django.urls import path

from . import espace_views as views

app_name = "editorial_espace"

urlpatterns = [
    path("", views.line_page, name="line"),
    path("hashtags/", views.hashtags_page, name="hashtags"),
    path("hashtags.csv", views.hashtags_csv, name="hashtags_csv"),
    path("campagnes/", views.campaign_list, name="campaigns"),
    path("campagnes/nouvelle/", views.campaign_create, name="campaign_create"),
    path("campagnes/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("campagnes/<int:campaign_id>/modifier/", views.campaign_edit, name="campaign_edit"),
    path("campagnes/<int:campaign_id>/supprimer/", views.campaign_delete, name="campaign_delete"),
    path(
        "campagnes/<int:campaign_id>/publications.csv",
        views.campaign_csv,
        name="campaign_csv",
    ),
    path("accessibilite/", views.accessibility_page, name="accessibility"),
]

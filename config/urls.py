from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("blog/", include("observatoire.blog.urls")),
    path("compte/alertes/", include("observatoire.dashboard.alerts.urls")),
    path("compte/", include("observatoire.users.urls")),
    # Mon espace: a collectivité's private pages, all behind users.access.member_required.
    path("espace/<slug:slug>/profils/", include("observatoire.profiles.urls")),
    path("espace/<slug:slug>/rapport/", include("observatoire.dashboard.reports.urls")),
    path("espace/<slug:slug>/trophees/", include("observatoire.awards.dossier_urls")),
    path("espace/<slug:slug>/publications/", include("observatoire.editorial.espace_urls")),
    path("espace/", include("observatoire.dashboard.urls")),
    # The #Hashtags awards: public pages, the jury's space, the staff's pages.
    path("trophees/jury/", include("observatoire.awards.jury_urls")),
    path("trophees/gestion/", include("observatoire.awards.staff_urls")),
    path("trophees/", include("observatoire.awards.urls")),
    # Open data: the API, the monthly dumps, the census, badges and feeds of the rankings.
    path("api/", include("observatoire.opendata.api_urls")),
    path("donnees/", include("observatoire.opendata.dump_urls")),
    path("recensement/", include("observatoire.opendata.census_urls")),
    path("badges/", include("observatoire.opendata.badge_urls")),
    path("classements/flux/", include("observatoire.opendata.feed_urls")),
    # What works in a post, and the accessibility barometer (aggregates per category).
    path("publications/", include("observatoire.editorial.urls")),
    path("", include("observatoire.site.urls")),
]

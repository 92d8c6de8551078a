"""Mon espace › Trophées: a collectivité's dossiers, under `espace/<slug>/trophees/`
(config/urls.py); every view is behind users.access.member_required."""

from django.urls import path

from . import dossier_views as views

app_name = "dossiers"

operation = "<int:dossier_id>/operations/<int:operation_id>/"
urlpatterns = [
    path("", views.dossier_list, name="list"),
    path("<slug:edition>/nouveau/", views.create, name="create"),
    path("<int:dossier_id>/", views.detail, name="detail"),
    path("<int:dossier_id>/modifier/", views.edit, name="edit"),
    path("<int:dossier_id>/deposer/", views.submit, name="submit"),
    path("<int:dossier_id>/operations/ajouter/", views.operation_add, name="operation_add"),
    path(operation, views.operation_edit, name="operation_edit"),
    path(f"{operation}supprimer/", views.operation_delete, name="operation_delete"),
    path(f"{operation}liens/ajouter/", views.link_add, name="link_add"),
    path(f"{operation}liens/<int:link_id>/retirer/", views.link_remove, name="link_remove"),
]

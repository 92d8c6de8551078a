from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("<slug:slug>/", views.home, name="home"),
    path("<slug:slug>/pairs/", views.peers, name="peers"),
    path("<slug:slug>/simulateur/", views.simulator, name="simulator"),
    path("<slug:slug>/export/<slug:table>.csv", views.export_csv, name="export_csv"),
    path("<slug:slug>/export.xlsx", views.export_xlsx, name="export_xlsx"),
]

from django.urls import path, re_path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_latest, name="latest"),
    re_path(r"^(?P<month>[0-9]{4}-[0-9]{2})\.pdf$", views.report_month, name="month"),
]

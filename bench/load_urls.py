"""URLs of the server bench/load.py measures: the project's, plus a trivial view returning
"ok" through the same middleware — the ceiling of the server itself."""

from django.http import HttpResponse
from django.urls import include, path

TRIVIAL_PATH = "/__bench__/trivial/"


def trivial(request):
    return HttpResponse("ok")


urlpatterns = [
    path(TRIVIAL_PATH.strip("/") + "/", trivial),
    path("", include("config.urls")),
]

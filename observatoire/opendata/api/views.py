"""The API's documentation page: django-ninja's Swagger UI, its files served by the site."""

from django.http import HttpRequest, HttpResponse

from .v1 import api


def docs(request: HttpRequest) -> HttpResponse:
    return api.docs.render_page(request, api)

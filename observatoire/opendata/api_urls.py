"""/api/: the versioned read-only API (v1, observatoire/opendata/api) and its documentation.

/api/v1/… the operations and /api/v1/openapi.json their schema, every answer open to other
origins (CORS); /api/docs the interactive documentation, served with django-ninja's own
Swagger UI files (no CDN); /api/ leads to it.
"""

from django.urls import path
from django.views.generic import RedirectView

from .api.cors import cors_patterns
from .api.v1 import api
from .api.views import docs

operations, ninja_app, version_namespace = api.urls  # not `app_name`: this module has none

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api-docs", permanent=False)),
    path("docs", docs, name="api-docs"),
    path("v1/", (cors_patterns(operations), ninja_app, version_namespace)),
]

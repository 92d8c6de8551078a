"""/api/: the versioned read-only API (v1) and its documentation (filled in by the api package)."""

urlpatterns: list = []

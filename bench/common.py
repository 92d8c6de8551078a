"""What the benchmarks share: a fresh database of their own, never the development one."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fresh_database(name: str) -> str:
    """(Re)create the PostgreSQL database `name` on the server of DATABASE_URL, or the SQLite
    file var/bench/`name`.sqlite3 without DATABASE_URL; point DATABASE_URL at it."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base, _, _name = url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {name}")
        url = f"{base}/{name}"
    else:
        path = ROOT / "var" / "bench" / f"{name}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    return url


def percentile(values: list[float], share: float) -> float:
    """The value at `share` (0.95: p95) of `values`, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def trivial_view(path_text: str) -> list:
    """The URL pattern of a view answering "ok" at `path_text`: the floor of a page."""
    from django.http import HttpResponse
    from django.urls import path

    return [path(path_text.strip("/") + "/", lambda request: HttpResponse("ok"))]


def django_setup_serving(module_name: str, extra_patterns) -> None:
    """Django with the production settings (DEBUG off), serving the project's URLs plus the
    patterns `extra_patterns()` returns once Django is set up, from a module made here."""
    import sys
    import types

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    import django
    from django.conf import settings
    from django.urls import include, path

    django.setup()
    urls = types.ModuleType(module_name)
    urls.urlpatterns = [*extra_patterns(), path("", include("config.urls"))]
    sys.modules[module_name] = urls
    settings.ROOT_URLCONF = module_name
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False

"""`observatoire serve`: the production web server (gunicorn) on the project's WSGI application.

The command replaces itself with gunicorn (exec), so signals reach gunicorn directly: SIGTERM
or Ctrl-C stop it gracefully, SIGHUP reloads the workers. Workers and threads default to
WEB_CONCURRENCY and WEB_THREADS; any other gunicorn option goes in GUNICORN_CMD_ARGS, and the
proxies trusted for X-Forwarded-* in FORWARDED_ALLOW_IPS (docs/operations.md).
"""

import argparse
import importlib.util
import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

APPLICATION = "config.wsgi:application"


def positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"nombre invalide « {value} » : attendu un entier ≥ 1")
    return number


def from_environment(name: str, default: int) -> int:
    try:
        return positive(os.environ.get(name) or str(default))
    except argparse.ArgumentTypeError as exc:
        raise CommandError(f"{name} : {exc}.") from exc


def gunicorn_arguments(*, bind: str, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        APPLICATION,
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        # gunicorn ≥ 25.1 opens a control socket at one path per user by default, which a
        # second server on the machine (a test, a benchmark) would take over: none here.
        "--no-control-socket",
    ]


class Command(BaseCommand):
    help = (
        "Servir le site avec le serveur de production (gunicorn) : "
        "observatoire serve [--bind 127.0.0.1:8000] [--workers N] [--threads N]."
    )
    requires_system_checks = []  # gunicorn's workers load the project and run it

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=os.environ.get("WEB_BIND", "127.0.0.1:8000"),
            help="Adresse d'écoute, HÔTE:PORT (WEB_BIND, 127.0.0.1:8000 par défaut).",
        )
        parser.add_argument(
            "--workers",
            type=positive,
            help="Processus (WEB_CONCURRENCY, 2 par cœur par défaut).",
        )
        parser.add_argument(
            "--threads",
            type=positive,
            help="Fils par processus (WEB_THREADS, 1 par défaut).",
        )

    def handle(self, *args, bind, workers, threads, **options):
        if importlib.util.find_spec("gunicorn") is None:
            raise CommandError(
                "gunicorn n'est pas installé : pip install 'observatoire[server]' "
                "(make serve l'installe)."
            )
        if settings.DEBUG:
            self.stderr.write(
                "Attention : DEBUG est activé. En production : "
                "DJANGO_SETTINGS_MODULE=config.settings.production (docs/operations.md)."
            )
        arguments = gunicorn_arguments(
            bind=bind,
            # Two processes per core: bench/load.py measured no gain beyond (docs/operations.md).
            workers=workers or from_environment("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)),
            threads=threads or from_environment("WEB_THREADS", 1),
        )
        # gunicorn reads WEB_CONCURRENCY itself and fails on an empty one (.env.example's).
        environment = {k: v for k, v in os.environ.items() if k != "WEB_CONCURRENCY" or v}
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, arguments, environment)

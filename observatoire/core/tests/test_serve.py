"""`observatoire serve`: the production server (gunicorn) really serves the site, in another
process on a free loopback port, and stops cleanly when asked."""

import re
import signal
import subprocess
from pathlib import Path

import httpx
import pytest

from observatoire.core.tests.processes import CLI, observatoire, observatoire_start, wait_until

LISTENING = re.compile(r"Listening at: (http://127\.0\.0\.1:\d+)")


def address(log: Path) -> str | None:
    """The address gunicorn says it listens at (port 0: the system chose a free one)."""
    found = LISTENING.search(log.read_text())
    return found.group(1) if found else None


def test_serve_serves_the_site_with_gunicorn_and_stops(make_database, tmp_path, monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "")  # as in .env.example: the default applies
    database = make_database("serve")
    observatoire(database, "migrate", "--no-input")
    log = tmp_path / "serve.log"
    server = observatoire_start(
        database, "serve", "--bind", "127.0.0.1:0", "--workers", "2", log=log
    )
    try:
        wait_until(lambda: address(log), process=server, log=log)
        base = address(log)
        home = httpx.get(base + "/", timeout=30)
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', home.text).group(1)
        css = httpx.get(base + stylesheet, timeout=30)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    assert home.status_code == 200, log.read_text()
    assert home.headers["server"] == "gunicorn"
    assert "Les collectivités françaises sur les réseaux sociaux" in home.text
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert server.returncode == 0, log.read_text()  # a graceful stop
    with pytest.raises(httpx.ConnectError):
        httpx.get(base + "/", timeout=5)


def test_serve_refuses_a_worker_count_that_is_not_a_positive_number():
    done = subprocess.run([CLI, "serve", "--workers", "0"], capture_output=True, text=True)

    assert done.returncode != 0
    assert "argument --workers: nombre invalide « 0 »" in done.stderr

"""Failed logins sent at the same moment to two web processes are all counted.

Two real `runserver` processes (each threaded: one database connection per request) share the
suite's database: on PostgreSQL the test database itself, on SQLite a file copy of the in-memory
one (a live server thread inside pytest would share pytest's single in-memory connection, so
its requests would run one after the other and prove nothing). Thirty wrong passwords are
released together by a barrier; with the limit set to 30, the 31st attempt — the right
password — must be refused: a single lost update, in either process, would let it in.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from django.db import connection

from observatoire.users.models import User

PARALLEL = 30
CLI = Path(sys.executable).with_name("observatoire")
PASSWORD = "un-mot-de-passe-solide"


def _database_url(tmp_path: Path) -> str:
    """A URL other processes can open, holding what this test committed."""
    if connection.vendor == "postgresql":
        suite = os.environ["DATABASE_URL"]
        return urlsplit(suite)._replace(path="/" + connection.settings_dict["NAME"]).geturl()
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)
    return f"sqlite:///{path}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _web_processes(database_url: str, count: int) -> Iterator[list[str]]:
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "LOGIN_FAILURE_LIMIT": str(PARALLEL),
    }
    ports = [_free_port() for _ in range(count)]
    servers = [
        subprocess.Popen(
            [CLI, "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url, server in zip(urls, servers, strict=True):
            _wait_until_up(url, server)
        yield urls
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _attempt in range(600):
        assert server.poll() is None, "the web process stopped"
        try:
            httpx.get(url + "/compte/connexion/", timeout=5)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


@pytest.mark.django_db(transaction=True)
def test_thirty_parallel_wrong_passwords_do_not_let_the_31st_through(tmp_path):
    User.objects.create_user("camille", "camille@example.org", PASSWORD)
    with _web_processes(_database_url(tmp_path), count=2) as urls:
        form = httpx.get(urls[0] + "/compte/connexion/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        cookies = {"csrftoken": form.cookies["csrftoken"]}
        barrier = threading.Barrier(PARALLEL)

        def attempt(index: int, password: str = "faux", wait: bool = True) -> httpx.Response:
            data = {"username": "camille", "password": password, "csrfmiddlewaretoken": token}
            with httpx.Client(base_url=urls[index % 2], cookies=cookies, timeout=60) as client:
                if wait:
                    barrier.wait()
                return client.post("/compte/connexion/", data=data)

        with ThreadPoolExecutor(PARALLEL) as pool:
            statuses = sorted(r.status_code for r in pool.map(attempt, range(PARALLEL)))
        # Each one is told the password is wrong; the one that reaches the limit, that it is
        # now locked out. None gets in, none breaks.
        assert set(statuses) <= {200, 429} and 429 in statuses, statuses
        last = attempt(PARALLEL, password=PASSWORD, wait=False)
        assert last.status_code == 429
        assert "Trop de tentatives de connexion" in last.text

"""`observatoire collect` killed with SIGKILL mid-run, then run again, in real processes: the
fake API serves a demo database, the collection writes into a second one, and what it leaves
is compared with an uninterrupted collection into a third (same registry, same profiles)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import psycopg
import pytest
from django.utils import timezone

from observatoire.connectors.registry import connector_networks
from observatoire.core.models import JobRun, JobRunError
from observatoire.metrics.models import Post, PostDailyRollup, Snapshot
from observatoire.profiles.models import Profile

REGISTRY = Path(__file__).resolve().parents[2] / "territories" / "tests" / "release"
CLI = Path(sys.executable).with_name("observatoire")  # the console script of this virtualenv
SLOW = "1:1"  # requests per second : profiles at once, per network, for the run to be killed
KILL_AFTER = 3  # snapshots written by the run before it is killed

PROFILES = Profile._meta.db_table
SNAPSHOTS = Snapshot._meta.db_table
POSTS = Post._meta.db_table
ROLLUPS = PostDailyRollup._meta.db_table
JOB_RUNS = JobRun._meta.db_table
JOB_RUN_ERRORS = JobRunError._meta.db_table


class Database:
    """A database made for this test: the CLI reaches it through DATABASE_URL, the test reads
    it with the engine's own driver (each query in its own connection, so nothing is held)."""

    def __init__(self, url: str, *, path: Path | None = None, server: dict | None = None):
        self.url, self.path, self.server = url, path, server

    def rows(self, sql: str) -> list[tuple]:
        if self.path is not None:
            with closing(sqlite3.connect(self.path, timeout=30)) as connection:
                return connection.execute(sql).fetchall()
        with psycopg.connect(**self.server) as connection:
            return connection.execute(sql).fetchall()

    def count(self, table: str) -> int:
        return self.rows(f"SELECT COUNT(*) FROM {table}")[0][0]


@pytest.fixture
def make_database(tmp_path):
    """Fresh databases and copies of them: files under tmp_path on SQLite, or PostgreSQL
    databases named after the suite's own (parallel suites don't collide), dropped after."""
    suite = os.environ.get("DATABASE_URL", "")
    postgres = dj_database_url.parse(suite) if suite.startswith("postgres") else None
    made: list[str] = []

    def admin(sql: str) -> None:
        with psycopg.connect(**server_of(postgres, "postgres"), autocommit=True) as connection:
            connection.execute(sql)

    def make(name: str, *, copy_of: Database | None = None) -> Database:
        if postgres is None:
            path = tmp_path / f"{name}.sqlite3"
            if copy_of is not None:
                with (
                    closing(sqlite3.connect(copy_of.path)) as source,
                    closing(sqlite3.connect(path)) as copy,
                ):
                    source.backup(copy)
            return Database(f"sqlite:///{path}", path=path)
        database = f"{postgres['NAME']}_killed_{name}"
        admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        template = f' TEMPLATE "{copy_of.server["dbname"]}"' if copy_of else ""
        admin(f'CREATE DATABASE "{database}"{template}')
        made.append(database)
        url = urlsplit(suite)._replace(path=f"/{database}").geturl()
        return Database(url, server=server_of(postgres, database))

    yield make
    for database in made:
        admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def server_of(postgres: dict, database: str) -> dict:
    parameters = {"host": postgres["HOST"], "port": postgres["PORT"], "user": postgres["USER"],
                  "password": postgres["PASSWORD"], "dbname": database}  # fmt: skip
    return {key: value for key, value in parameters.items() if value}


def environment(database: Database, **variables: str) -> dict[str, str]:
    return os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.test",
                         "DATABASE_URL": database.url, **variables}  # fmt: skip


def observatoire(database: Database, *arguments: str, **variables: str) -> str:
    done = subprocess.run([CLI, *arguments], env=environment(database, **variables),
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, f"observatoire {' '.join(arguments)}:\n{done.stderr}"
    return done.stdout


@contextmanager
def fake_api(source: Database) -> Iterator[dict[str, str]]:
    """`observatoire fakeapi` serving the source on a free port; yields the variables it
    prints for the connectors (API roots, placeholder credentials, rate limits)."""
    server = subprocess.Popen([CLI, "fakeapi", "--port", "0"], env=environment(source),
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    try:
        variables = {}
        for line in server.stdout:
            if line.startswith("export "):
                name, _, value = line.removeprefix("export ").strip().partition("=")
                variables[name] = value
                if name == "COLLECT_RATE_LIMITS":  # the last one printed
                    break
        assert variables, "the fake API did not start"
        yield variables
    finally:
        server.terminate()
        server.wait()


def collected(database: Database) -> dict[str, list[tuple]]:
    """What a user sees of a collection: profiles' states, snapshots, posts, daily rollups."""
    who = f"JOIN {PROFILES} p ON p.id = t.profile_id"
    return {
        "profiles": database.rows(
            "SELECT network, handle, status, unavailable_reason, unavailable_since, "
            "failing_since, consecutive_failures, external_id, display_name "
            f"FROM {PROFILES} ORDER BY network, handle"
        ),
        "snapshots": database.rows(
            "SELECT p.network, p.handle, t.date, t.followers, t.following, t.posts_count "
            f"FROM {SNAPSHOTS} t {who} ORDER BY 1, 2, 3"
        ),
        "posts": database.rows(
            "SELECT p.network, p.handle, t.external_id, t.published_at, t.text, t.likes, "
            f"t.comments, t.shares, t.views, t.image_count FROM {POSTS} t {who} ORDER BY 1, 2, 3"
        ),
        "rollups": database.rows(
            "SELECT p.network, p.handle, t.day, t.posts, t.interactions "
            f"FROM {ROLLUPS} t {who} ORDER BY 1, 2, 3"
        ),
    }


def collection_runs(database: Database) -> list[dict]:
    """The collection runs of the job log, with their errors, oldest first."""
    keys = ("id", "status", "arguments", "counts", "error_count", "message", "finished_at")
    rows = database.rows(
        f"SELECT {', '.join(keys)} FROM {JOB_RUNS} WHERE kind = 'collection' ORDER BY id"
    )
    runs = [dict(zip(keys, row, strict=True)) for row in rows]
    for run in runs:
        for key in ("arguments", "counts"):  # JSON comes back as text from SQLite
            if isinstance(run[key], str):
                run[key] = json.loads(run[key])
        run["errors"] = database.rows(
            f"SELECT kind, subject FROM {JOB_RUN_ERRORS} WHERE run_id = {run.pop('id')} "
            "ORDER BY kind, subject"
        )
    return runs


def collect_killed_midway(target: Database, fake: dict[str, str], *, log: Path):
    """`observatoire collect`, slowed by rate limits, SIGKILLed once it has written a few
    snapshots. Returns the process and the number of snapshots it left."""
    slow = ",".join(f"{network}={SLOW}" for network in connector_networks())
    with open(log, "w") as output:
        killed = subprocess.Popen(
            [CLI, "collect", "--no-progress"], stdout=output, stderr=subprocess.STDOUT,
            env=environment(target, **fake | {"COLLECT_RATE_LIMITS": slow}),
        )  # fmt: skip
        while target.count(SNAPSHOTS) < KILL_AFTER:
            assert killed.poll() is None, f"ended before it could be killed:\n{log.read_text()}"
            time.sleep(0.02)
        killed.send_signal(signal.SIGKILL)
        killed.wait()  # reaped: its pid is gone, as after a kill -9 from a shell
    return killed, target.count(SNAPSHOTS)


def test_a_collection_killed_with_sigkill_is_completed_by_the_next_run(make_database, tmp_path):
    # The source: a small registry and a month of demo data, which the fake API serves.
    source = make_database("source")
    observatoire(source, "migrate", "--no-input")
    observatoire(source, "territories", "load", "--from", str(REGISTRY))
    target = make_database("target", copy_of=source)  # migrated, same registry, no profile
    month = f"{timezone.localdate():%Y-%m}"  # every post of the month is in the 35-day window
    observatoire(source, "demo", "generate", "--scale", "small", "--months", "1", "--to", month)
    observatoire(source, "export", "profiles", "--output", str(tmp_path / "profiles.csv"))
    observatoire(target, "import", "profiles", str(tmp_path / "profiles.csv"), "--no-progress")
    reference = make_database("reference", copy_of=target)

    with fake_api(source) as fake:
        observatoire(reference, "collect", "--no-progress", **fake)  # never interrupted

        killed, written_when_killed = collect_killed_midway(target, fake, log=tmp_path / "log")
        [left] = collection_runs(target)
        assert left["status"] == JobRun.Status.RUNNING  # killed mid-run, with no chance to log it

        observatoire(target, "collect", "--no-progress", **fake)

    expected, got = collected(reference), collected(target)
    [reference_run] = collection_runs(reference)
    day = reference_run["arguments"]["date"]
    active = [
        (n, h) for n, h, status, *_ in expected["profiles"] if status == Profile.Status.ACTIVE
    ]
    assert 0 < written_when_killed < len(active)
    assert expected["posts"], "the fake API served no post: nothing was tested"
    # Every active profile has today's snapshot exactly once, the same as without the kill.
    assert [(n, h) for n, h, date, *_ in got["snapshots"] if str(date) == day] == active
    assert got["snapshots"] == expected["snapshots"]
    # Every post served is stored once: none lost, none twice, counts of the last answer.
    keys = [(n, h, external_id) for n, h, external_id, *_ in got["posts"]]
    assert len(keys) == len(set(keys))
    assert got["posts"] == expected["posts"]
    # The daily rollups the rankings read count each post once, and profiles' states agree.
    assert got["rollups"] == expected["rollups"]
    assert got["profiles"] == expected["profiles"]

    killed_run, completing_run = collection_runs(target)
    assert killed_run["arguments"]["pid"] == killed.pid
    assert killed_run["status"] == JobRun.Status.FAILED
    assert "Interrompue" in killed_run["message"]
    # The completing run's log is whole: the same counts as a run never interrupted.
    assert completing_run["finished_at"] is not None
    assert completing_run["status"] == reference_run["status"]
    assert completing_run["counts"] == reference_run["counts"]
    assert completing_run["error_count"] == reference_run["error_count"]
    assert completing_run["errors"] == reference_run["errors"]
    assert completing_run["counts"]["profiles_collected"] == len(active)

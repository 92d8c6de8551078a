"""Running the real `observatoire` command in other processes, against databases made for the
test (files on SQLite, databases of the same server on PostgreSQL). Registered as a pytest
plugin by the root conftest, so every app's tests get the `make_database` fixture."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import psycopg
import pytest

REGISTRY = Path(__file__).resolve().parents[2] / "territories" / "tests" / "release"
CLI = Path(sys.executable).with_name("observatoire")  # the console script of this virtualenv
POLL = 0.02  # seconds between two looks at what another process is doing
STEP = 0.005  # seconds a process runs between two looks, when it is run in slices


class Database:
    """A database made for a test: the CLI reaches it through DATABASE_URL, the test reads
    it with the engine's own driver (each query in its own connection, so nothing is held)."""

    def __init__(self, url: str, *, path: Path | None = None, server: dict | None = None):
        self.url, self.path, self.server = url, path, server

    @property
    def vendor(self) -> str:
        return "sqlite" if self.path is not None else "postgresql"

    def connect(self):
        """A connection of the engine's own driver, in autocommit (the caller runs BEGIN)."""
        if self.path is not None:
            return sqlite3.connect(self.path, timeout=30, isolation_level=None)
        return psycopg.connect(**self.server, autocommit=True)

    def rows(self, sql: str) -> list[tuple]:
        with closing(self.connect()) as connection:
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
        database = f"{postgres['NAME']}_process_{name}"
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
    parameters = {
        "host": postgres["HOST"],
        "port": postgres["PORT"],
        "user": postgres["USER"],
        "password": postgres["PASSWORD"],
        "dbname": database,
    }
    return {key: value for key, value in parameters.items() if value}


def environment(database: Database, **variables: str) -> dict[str, str]:
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database.url,
        **variables,
    }


def observatoire(database: Database, *arguments: str, **variables: str) -> str:
    """Run `observatoire ARGUMENTS` to the end; it must succeed. Returns its output."""
    done = subprocess.run(
        [CLI, *arguments], env=environment(database, **variables), capture_output=True, text=True
    )
    assert done.returncode == 0, f"observatoire {' '.join(arguments)}:\n{done.stderr}"
    return done.stdout


def observatoire_start(database: Database, *arguments: str, log: Path) -> subprocess.Popen:
    """Start `observatoire ARGUMENTS` in the background, its output going to `log`."""
    with open(log, "w") as output:
        return subprocess.Popen(
            [CLI, *arguments], stdout=output, stderr=subprocess.STDOUT, env=environment(database)
        )


def wait_until(condition: Callable[[], bool], *, process: subprocess.Popen, log: Path) -> None:
    """Wait until `condition` holds, while `process` runs (its end first is a failure)."""
    while not condition():
        assert process.poll() is None, f"ended before it could be caught:\n{log.read_text()}"
        time.sleep(POLL)


def sigkill(process: subprocess.Popen) -> None:
    """kill -9, and reap: its PID is gone, as after a kill -9 from a shell."""
    process.send_signal(signal.SIGKILL)
    process.wait()


def waiting_for_a_lock(database: Database) -> int:
    """PostgreSQL: how many sessions of the database wait for a lock (a table, a row, an
    advisory lock)."""
    return database.rows(
        "SELECT COUNT(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )[0][0]


def job_running(database: Database, process: subprocess.Popen, *, wait: bool = True) -> bool:
    """Whether the process has logged the start of its job (a committed "running" run).
    With wait=False, a SQLite database locked by a stopped writer answers False at once."""
    from observatoire.core.models import JobRun  # not at import: this is a pytest plugin

    table = JobRun._meta.db_table
    sql = f"SELECT COUNT(*) FROM {table} WHERE pid = {process.pid} AND status = 'running'"
    if wait or database.vendor != "sqlite":
        return database.rows(sql)[0][0] > 0
    with closing(sqlite3.connect(database.path, timeout=0, isolation_level=None)) as connection:
        try:
            return connection.execute(sql).fetchone()[0] > 0
        except sqlite3.OperationalError:  # locked: look again after the next slice
            return False


def sqlite_write_locked(database: Database) -> bool:
    """SQLite: whether another connection holds the write lock (is in a write transaction)."""
    with closing(sqlite3.connect(database.path, timeout=0, isolation_level=None)) as connection:
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        connection.execute("ROLLBACK")
        return False


def killed_while_writing(
    database: Database, start: Callable[[], subprocess.Popen], *, table: str, log: Path
) -> subprocess.Popen:
    """Start a process and SIGKILL it inside its write transaction, after its first writes.
    PostgreSQL: this test holds a SHARE lock on `table` (reads pass, writes wait), so the
    process is killed once it waits to write there. SQLite: the process is caught holding
    the write lock, stopped (SIGSTOP), checked to still hold it, and killed."""
    if database.vendor == "postgresql":
        with closing(database.connect()) as holder:
            holder.execute("BEGIN")
            holder.execute(f"LOCK TABLE {table} IN SHARE MODE")
            process = start()
            wait_until(lambda: waiting_for_a_lock(database) > 0, process=process, log=log)
            sigkill(process)
            holder.execute("COMMIT")
        # Its server session ends once it sees the client gone, undoing its transaction and
        # freeing its locks, the run's own among them (until then the run counts as alive).
        while database.rows(
            "SELECT COUNT(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )[0][0]:
            time.sleep(POLL)
        return process
    process = start()
    wait_until(lambda: job_running(database, process), process=process, log=log)
    while True:
        wait_until(lambda: sqlite_write_locked(database), process=process, log=log)
        process.send_signal(signal.SIGSTOP)
        if sqlite_write_locked(database):  # stopped inside its transaction
            sigkill(process)
            return process
        process.send_signal(signal.SIGCONT)


def killed_while_running(
    database: Database, start: Callable[[], subprocess.Popen], *, log: Path
) -> subprocess.Popen:
    """Start a process and SIGKILL it once its job has started and before it logs its end.
    The process runs in slices of STEP seconds (SIGCONT, sleep, SIGSTOP) and is looked at
    between two slices, while stopped: a job that starts and ends within one slice would
    have to take less than STEP, so a fast job (a small ranking on SQLite) is still caught."""
    process = start()
    process.send_signal(signal.SIGSTOP)
    while not job_running(database, process, wait=False):
        assert process.poll() is None, f"ended before it could be caught:\n{log.read_text()}"
        process.send_signal(signal.SIGCONT)
        time.sleep(STEP)
        process.send_signal(signal.SIGSTOP)
    sigkill(process)
    return process

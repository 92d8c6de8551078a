import os
import socket
import subprocess
import sys

import psycopg
import pytest
from django.db import connection

from observatoire.core.models import JobRun
from observatoire.core.services import (
    RUN_LOCKS,
    job_run,
    job_runs_close_interrupted,
    process_identity,
)

pytestmark = pytest.mark.django_db


def test_a_job_run_records_counts_errors_and_outcome():
    with job_run(kind="import", name="Import test") as run:
        run.count("rows", 3)
        run.error(kind="invalid_row", subject="f.csv:2", message="bad")
    saved = JobRun.objects.get()
    assert saved.status == JobRun.Status.PARTIAL and saved.finished_at is not None
    assert saved.counts == {"rows": 3, "errors_by_kind": {"invalid_row": 1}}
    assert saved.errors.get().subject == "f.csv:2"


def test_a_failing_job_is_recorded_as_failed_and_the_error_propagates():
    with pytest.raises(RuntimeError), job_run(kind="ranking", name="Boom"):
        raise RuntimeError("disk full")
    saved = JobRun.objects.get()
    assert saved.status == JobRun.Status.FAILED and "disk full" in saved.message


def test_console_script_runs_django_commands():
    result = subprocess.run(
        [sys.executable, "-m", "observatoire.core.cli", "import", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "tout ou rien" in result.stdout


# --- runs whose process died ------------------------------------------------------------
# On PostgreSQL a running run's session holds the advisory lock (RUN_LOCKS, run id); on
# SQLite the run's process is looked up by PID and identity. `Holder` plays the other
# process of a run, for real, the way the engine under test tells it is alive.


class Holder:
    """A real process other than this test's (and on PostgreSQL, a database session of its
    own holding the run's lock), alive until `end()`."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        self.session = None

    def hold(self, run: JobRun) -> None:
        if connection.vendor == "postgresql":
            self.session = psycopg.connect(**server_parameters(), autocommit=True)
            self.session.execute("SELECT pg_advisory_lock(%s, %s)", [RUN_LOCKS, run.pk])

    def end(self) -> None:
        if self.session is not None:
            self.session.close()
        self.process.kill()
        self.process.wait()  # reaped: the PID is gone


def server_parameters() -> dict:
    settings = connection.settings_dict
    parameters = {
        "host": settings["HOST"],
        "port": settings["PORT"],
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "dbname": settings["NAME"],
    }
    return {key: value for key, value in parameters.items() if value}


@pytest.fixture
def other():
    holder = Holder()
    yield holder
    holder.end()


def run_of(holder: Holder, *, kind=JobRun.Kind.IMPORT, **fields) -> JobRun:
    """A run left "running" by the holder's process, as job_run_start records it there."""
    pid = holder.process.pid
    values = {"host": socket.gethostname(), "pid": pid, "process": process_identity(pid)}
    run = JobRun.objects.create(kind=kind, name="Import posts.csv", **values | fields)
    holder.hold(run)
    return run


@pytest.mark.django_db(transaction=True)  # the other session must see the runs
def test_a_run_whose_process_was_killed_is_marked_interrupted_by_the_next_job(other):
    left = run_of(other)
    other.end()

    with job_run(kind=JobRun.Kind.RANKING, name="rank 2026-10 (v1)") as run:
        pass

    left.refresh_from_db()
    assert left.status == JobRun.Status.INTERRUPTED and left.finished_at is None
    assert f"processus {other.process.pid}" in left.message
    assert "Rien n'a été écrit" in left.message
    assert run.run.status == JobRun.Status.SUCCEEDED
    assert (run.run.host, run.run.pid) == (socket.gethostname(), os.getpid())


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_process_still_runs_is_left_running(other):
    left = run_of(other)
    assert job_runs_close_interrupted() == 0
    left.refresh_from_db()
    assert left.status == JobRun.Status.RUNNING


@pytest.mark.django_db(transaction=True)
def test_a_killed_run_is_not_kept_running_by_another_process_with_its_pid(other):
    # The run's process died; its PID now belongs to another process (after a restart).
    # PostgreSQL: no session holds the run's lock; SQLite: the process is not the same.
    left = JobRun.objects.create(
        kind=JobRun.Kind.COLLECTION,
        name="Collecte",
        host=socket.gethostname(),
        pid=other.process.pid,
        process=process_identity(other.process.pid) + "0",
    )
    assert job_runs_close_interrupted() == 1
    left.refresh_from_db()
    assert left.status == JobRun.Status.INTERRUPTED
    assert "La collecte suivante complète la journée" in left.message


@pytest.mark.django_db(transaction=True)
def test_runs_of_other_machines_are_judged_where_the_engine_can_tell(other):
    alive = run_of(other, host="worker-2")
    lost = JobRun.objects.create(kind=JobRun.Kind.RANKING, name="rank", host="worker-3", pid=1)
    job_runs_close_interrupted()
    alive.refresh_from_db()
    lost.refresh_from_db()
    assert alive.status == JobRun.Status.RUNNING
    if connection.vendor == "postgresql":  # no session holds its lock: the machine was lost
        assert lost.status == JobRun.Status.INTERRUPTED
    else:  # SQLite cannot see another machine's processes: left to that machine's next job
        assert lost.status == JobRun.Status.RUNNING

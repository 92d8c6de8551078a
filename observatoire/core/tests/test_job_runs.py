import os
import socket
import subprocess
import sys

import pytest

from observatoire.core.models import JobRun
from observatoire.core.services import job_run, job_runs_close_interrupted, process_identity

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
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "tout ou rien" in result.stdout


# --- runs whose process died ------------------------------------------------------------


@pytest.fixture
def other_process():
    """A real process other than this one, alive until the test ends it (or the fixture)."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    yield process
    process.kill()
    process.wait()


def run_of(popen, *, kind=JobRun.Kind.IMPORT, **fields) -> JobRun:
    """A run left "running" by process `popen`, as job_run_start records it there."""
    values = {"host": socket.gethostname(), "pid": popen.pid,
              "process": process_identity(popen.pid)} | fields  # fmt: skip
    return JobRun.objects.create(kind=kind, name="Import posts.csv", **values)


def test_a_run_whose_process_was_killed_is_marked_interrupted_by_the_next_job(other_process):
    left = run_of(other_process)
    other_process.kill()
    other_process.wait()  # reaped: the PID is gone

    with job_run(kind=JobRun.Kind.RANKING, name="rank 2026-10 (v1)") as run:
        pass

    left.refresh_from_db()
    assert left.status == JobRun.Status.INTERRUPTED and left.finished_at is None
    assert f"processus {other_process.pid}" in left.message
    assert "Rien n'a été écrit" in left.message
    assert run.run.status == JobRun.Status.SUCCEEDED
    assert (run.run.host, run.run.pid) == (socket.gethostname(), os.getpid())


def test_a_run_whose_process_still_runs_is_left_running(other_process):
    left = run_of(other_process)
    assert job_runs_close_interrupted() == 0
    left.refresh_from_db()
    assert left.status == JobRun.Status.RUNNING


def test_a_pid_taken_by_another_process_does_not_keep_a_killed_run_running(other_process):
    # The run's process was killed and its PID given to another process (after a restart).
    left = run_of(other_process, process=process_identity(other_process.pid) + "0")
    assert job_runs_close_interrupted() == 1
    left.refresh_from_db()
    assert left.status == JobRun.Status.INTERRUPTED


def test_runs_of_other_machines_or_containers_are_not_judged_here(other_process):
    rest = process_identity(other_process.pid).partition("/")[2]
    elsewhere = run_of(other_process, host="worker-2")
    container = run_of(other_process, process=f"pid:[1]/{rest}")  # same host name
    other_process.kill()
    other_process.wait()
    assert job_runs_close_interrupted() == 0
    for run in (elsewhere, container):
        run.refresh_from_db()
        assert run.status == JobRun.Status.RUNNING

import subprocess
import sys

import pytest

from observatoire.core.models import JobRun
from observatoire.core.services import job_run

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

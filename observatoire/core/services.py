"""Writes of the core app: the job-run log."""

from collections import Counter
from contextlib import contextmanager

from django.utils import timezone

from .models import JobRun, JobRunError

MAX_STORED_ERRORS = 5000


class JobRecorder:
    """Accumulates counts and errors of a running job, then saves them on close."""

    def __init__(self, run: JobRun):
        self.run = run
        self.counts: Counter = Counter()
        self._errors: list[JobRunError] = []
        self.error_kinds: Counter = Counter()

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] += n

    def error(self, *, kind: str, subject: str = "", message: str) -> None:
        self.error_kinds[kind] += 1
        if len(self._errors) < MAX_STORED_ERRORS:
            self._errors.append(
                JobRunError(run=self.run, kind=kind, subject=subject[:300], message=message)
            )

    def flush_errors(self) -> None:
        JobRunError.objects.bulk_create(self._errors, batch_size=500)
        self._errors = []

    def finish(self, *, status: str | None = None, message: str = "") -> JobRun:
        self.flush_errors()
        run = self.run
        run.counts = dict(self.counts) | (
            {"errors_by_kind": dict(self.error_kinds)} if self.error_kinds else {}
        )
        run.error_count = sum(self.error_kinds.values())
        run.finished_at = timezone.now()
        run.status = status or (
            JobRun.Status.PARTIAL if run.error_count else JobRun.Status.SUCCEEDED
        )
        run.message = message or run.message
        run.save()
        return run


def job_run_start(*, kind: str, name: str, arguments: dict | None = None) -> JobRecorder:
    run = JobRun.objects.create(kind=kind, name=name, arguments=arguments or {})
    return JobRecorder(run)


@contextmanager
def job_run(*, kind: str, name: str, arguments: dict | None = None):
    """Log a job: counts and errors are saved even when the job fails."""
    recorder = job_run_start(kind=kind, name=name, arguments=arguments)
    try:
        yield recorder
    except BaseException as exc:
        recorder.finish(status=JobRun.Status.FAILED, message=f"{type(exc).__name__}: {exc}")
        raise
    else:
        if recorder.run.finished_at is None:
            recorder.finish()

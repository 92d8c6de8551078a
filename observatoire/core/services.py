"""Writes of the core app: the job-run log, interrupted runs, and one-at-a-time job locks."""

import hashlib
import os
import socket
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager, suppress
from pathlib import Path

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import JobRun, JobRunError

MAX_STORED_ERRORS = 5000
BOOT_ID = Path("/proc/sys/kernel/random/boot_id")
RUN_LOCKS = 0x4A52  # PostgreSQL advisory locks (RUN_LOCKS, run id): held by running runs


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

    def hold(self) -> None:
        """PostgreSQL: hold the run's lock in this session, which says the run is alive
        (again, after the job closed its connection)."""
        if connection.vendor == "postgresql":
            _run_lock(self.run, "pg_advisory_lock")

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
        if connection.vendor == "postgresql":
            with suppress(DatabaseError):  # a lost connection: the lock went with it
                _run_lock(run, "pg_advisory_unlock")
        return run


def job_run_start(*, kind: str, name: str, arguments: dict | None = None) -> JobRecorder:
    """Log the start of a job by this process, after recording as interrupted the runs
    whose process died before they finished."""
    job_runs_close_interrupted()
    pid = os.getpid()
    with transaction.atomic():  # others see the run once its lock is held
        run = JobRun.objects.create(
            kind=kind,
            name=name,
            arguments=arguments or {},
            host=socket.gethostname(),
            pid=pid,
            process=process_identity(pid),
        )
        recorder = JobRecorder(run)
        recorder.hold()
    return recorder


# --- interrupted runs -----------------------------------------------------------------
# A run that is "running" is alive while its process is. On PostgreSQL, the run's database
# session holds an advisory lock named after the run until it finishes; the server frees
# it when the session ends (the process died, or its machine was lost), so any machine can
# tell. On SQLite (one machine), the run's process is looked up by its PID and identity.


def _run_lock(run: JobRun, function: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, %s)", [RUN_LOCKS, run.pk % 2**31])
        return cursor.fetchone()[0] is not False


def process_identity(pid: int) -> str:
    """What tells a process apart from any later one with the same PID: its PID namespace,
    the boot and its start time (Linux's /proc). Empty if there is no such process, or no
    /proc (then the PID alone is checked)."""
    try:
        namespace = os.readlink("/proc/self/ns/pid")
        boot = BOOT_ID.read_text().strip()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    start_time = stat.rpartition(")")[2].split()[19]  # field 22, after "pid (name)"
    return f"{namespace}/{boot}/{start_time}"


def _process_gone(run: JobRun) -> bool:
    """Whether the process that ran `run` has ended (see above)."""
    if connection.vendor == "postgresql":
        if not _run_lock(run, "pg_try_advisory_lock"):
            return False  # held: its session is alive
        _run_lock(run, "pg_advisory_unlock")
        return True
    if run.host != socket.gethostname():
        return False  # another machine's (SQLite is seldom shared): left to its next job
    if run.process:
        return process_identity(run.pid) != run.process
    try:
        os.kill(run.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _interrupted_advice(kind: str) -> str:
    advice = {
        JobRun.Kind.COLLECTION: _("La collecte suivante complète la journée."),
        JobRun.Kind.IMPORT: _("Rien n'a été écrit (un import est tout ou rien) : relancez-le."),
        JobRun.Kind.RANKING: _(
            "Le classement publié auparavant est resté en place : relancez le calcul."
        ),
    }
    return advice.get(kind, _("Relancez la tâche."))


def job_runs_close_interrupted() -> int:
    """Record as interrupted the runs still "running" whose process has ended: it was killed
    (kill -9, out of memory, a crash, a lost machine) before it could log its end. Returns
    how many."""
    closed = 0
    mine = {"host": socket.gethostname(), "pid": os.getpid()}
    running = JobRun.objects.filter(status=JobRun.Status.RUNNING, pid__isnull=False)
    for run in running.exclude(**mine, process=process_identity(os.getpid())):
        if not _process_gone(run):
            continue
        run.status = JobRun.Status.INTERRUPTED
        run.message = " ".join(
            (
                _(
                    "Interrompu : le processus %(pid)d sur %(host)s s'est arrêté avant la fin "
                    "(kill -9, manque de mémoire, panne)."
                )
                % {"pid": run.pid, "host": run.host},
                _interrupted_advice(run.kind),
            )
        )
        run.save(update_fields=["status", "message"])
        closed += 1
    return closed


# --- one job at a time ----------------------------------------------------------------


@contextmanager
def job_lock(key: str, *, on_wait: Callable[[], None] | None = None):
    """Run the block while no other process runs a block of the same `key`; wait for it
    otherwise (`on_wait` is called first, to say so).

    On PostgreSQL, a session advisory lock: it holds across machines and is released when
    the block ends or the process dies. On SQLite, nothing is taken: SQLite serialises the
    writers itself (IMMEDIATE transactions, 30 s busy timeout), so concurrent jobs compute
    side by side and write one after the other."""
    if connection.vendor != "postgresql":
        yield
        return
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    number = int.from_bytes(digest, "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [number])
        if not cursor.fetchone()[0]:
            if on_wait is not None:
                on_wait()
            cursor.execute("SELECT pg_advisory_lock(%s)", [number])
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [number])
        except DatabaseError:
            pass  # an aborted transaction or a lost connection: the session's end frees it


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

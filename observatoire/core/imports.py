"""How every CSV import runs: all or nothing, streamed, logged as a job run.

Every row is validated; if any row is bad nothing is written (one transaction, rolled back)
and every bad row is reported with its line number. The kinds of file (profiles, snapshots,
posts) bring their columns, how a row is read (`parse`), written (`write`) and, when rows
depend on each other, checked together (`check`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .cells import RowError
from .csvio import ERROR, iter_rows
from .models import JobRun
from .services import JobRecorder, job_run

BATCH_SIZE = 2000


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRejected(Exception):
    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__(_("%(n)d ligne(s) en erreur") % {"n": len(report.errors)})


class _Rollback(Exception):
    pass


def import_run(
    *,
    kind: str,
    path: Path,
    columns: list[str],
    required: list[str],
    parse: Callable[[int, dict], object],
    write: Callable[[list], None],
    check: Callable[[list[tuple[int, object]]], list[tuple[int, str]]] | None = None,
    progress: bool = True,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Validate and write in batches inside one transaction; roll back if any row is bad.

    With `check` (cross-row rules), rows are kept until the end and checked together.
    """
    report = ImportReport(kind=kind)
    arguments = {"file": str(path)}
    with job_run(kind=JobRun.Kind.IMPORT, name=f"Import {kind}", arguments=arguments) as run:
        try:
            with transaction.atomic():
                rows = iter_rows(path, allowed=columns, required=required, progress=progress)
                batch = _read(rows, report, parse=parse, write=write, check=check, size=batch_size)
                if report.errors:
                    raise _Rollback
                if batch:
                    write(batch)
        except _Rollback:
            pass
        _log(run, report, path=path)
    if report.errors:
        raise ImportRejected(report)
    return report


def _read(rows, report: ImportReport, *, parse, write, check, size: int) -> list:
    """Parse every row, writing full batches while no row is bad; returns the last batch
    (every row when `check` is given, once checked)."""
    batch: list = []
    kept: list[tuple[int, object]] = []
    for line, record in rows:
        report.rows += 1
        try:
            if ERROR in record:
                raise RowError(record[ERROR])
            item = parse(line, record)
        except RowError as exc:
            report.errors.append((line, str(exc)))
            continue
        if check is not None:
            kept.append((line, item))
        elif not report.errors:
            batch.append(item)
            if len(batch) >= size:
                write(batch)
                batch = []
    if check is not None:
        report.errors.extend(check(kept))
        batch = [item for _line, item in kept]
    return batch


def _log(run: JobRecorder, report: ImportReport, *, path: Path) -> None:
    run.count("rows", report.rows)
    if not report.errors:
        run.count("written", report.rows)
        return
    report.errors.sort()
    for line, message in report.errors:
        run.error(kind="invalid_row", subject=f"{path.name}:{line}", message=message)
    run.finish(status=JobRun.Status.FAILED, message=_("Import annulé : rien n'a été écrit."))

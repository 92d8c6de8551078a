"""Building a month's dump atomically.

Files are written into a hidden temporary directory beside the month's, which is renamed
into a new *generation* directory once complete: `DUMPS_ROOT/<AAAA-MM>/<generation>/`.
The month's `Dump` rows are then replaced in one transaction to point at it, and the
previous generation is removed once that commits. Readers go through the rows (the site,
`selectors.dump_file`), so they see the previous month's files or the new ones, never a
mix; a failure at any step leaves the previous files and rows as they were. A generation's
files never change, so a row's size and SHA-256 always describe the file it names.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from observatoire.core.dates import month_text
from observatoire.core.models import JobRun
from observatoire.core.services import job_lock, job_run
from observatoire.profiles.models import Profile
from observatoire.rankings.models import RankingPublication
from observatoire.rankings.selectors import methodology_default

from ..census.selectors import census_figures
from ..models import Dump
from .datapackage import datapackage_descriptor
from .datasets import DATASETS
from .files import WrittenFile, dataset_write, file_describe
from .rows import MonthSource

DATAPACKAGE = "datapackage"
TEMPORARY_PREFIX = ".tmp-"
STALE_SECONDS = 24 * 3600  # a temporary directory left by a build that died


class DumpError(ValueError):
    """A month that cannot be dumped (nothing published)."""


def dumps_root() -> Path:
    return Path(settings.DUMPS_ROOT)


def _publication(month: datetime.date) -> RankingPublication:
    methodology = methodology_default()
    publication = (
        RankingPublication.objects.filter(methodology=methodology, month=month)
        .select_related("methodology")
        .first()
        if methodology
        else None
    )
    if publication is None:
        raise DumpError(
            _("Aucun classement publié pour %(month)s : rien à exporter.")
            % {"month": month_text(month)}
        )
    return publication


def _stale_removed(directory: Path) -> None:
    """Temporary directories of builds that died long ago (never another build's current)."""
    limit = time.time() - STALE_SECONDS
    for path in directory.glob(f"{TEMPORARY_PREFIX}*"):
        if path.is_dir() and path.stat().st_mtime < limit:
            shutil.rmtree(path, ignore_errors=True)


def _files_write(
    source: MonthSource, directory: Path, *, generated_at, demo: bool, shared: dict | None
) -> list[WrittenFile]:
    files: list[WrittenFile] = []
    for dataset in DATASETS:
        if shared is not None and not dataset.monthly and dataset.name in shared:
            files.extend(_files_link(*shared[dataset.name], directory))
            continue
        rows = dataset.rows(source)
        if rows is not None:
            files.extend(dataset_write(dataset, rows, directory))
    descriptor = datapackage_descriptor(
        month=source.month,
        files=files,
        generated_at=generated_at,
        methodology=source.publication.methodology.slug,
        demo=demo,
        site_url=source.site_url,
        page_path=reverse("opendata_dump:index"),
    )
    path = directory / f"{DATAPACKAGE}.json"
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", "utf-8")
    files.append(file_describe(path, dataset=DATAPACKAGE, fmt="json", rows=None))
    return files


def _files_link(source: Path, files: list[WrittenFile], directory: Path) -> list[WrittenFile]:
    """The files of a dataset that does not depend on the month, written for another month of
    the same run: linked (a generation's files never change), copied across file systems."""
    for file in files:
        try:
            os.link(source / file.filename, directory / file.filename)
        except OSError:
            shutil.copyfile(source / file.filename, directory / file.filename)
    return files


def dumps_build(*, month: datetime.date, shared: dict | None = None) -> list[Dump]:
    """Write the dump of `month` (its publication under the default methodology) and point
    its Dump rows at it, atomically; returns the rows. DumpError when nothing is published.

    `shared`: a dict kept across the months of one run, where the files of the datasets that
    do not depend on the month are remembered, to be linked instead of written again.
    Logged as a job run (the admin's job runs)."""
    month = month.replace(day=1)
    arguments = {"month": month_text(month)}
    with job_run(kind=JobRun.Kind.DUMPS, name=_("Données ouvertes"), arguments=arguments) as run:
        dumps = _dumps_build(month=month, shared=shared)
        run.count("files", len(dumps))
    return dumps


def _dumps_build(*, month: datetime.date, shared: dict | None) -> list[Dump]:
    publication = _publication(month)
    source = MonthSource(
        month=month,
        publication=publication,
        census=census_figures(month=month, scope=None),
        site_url=settings.SITE_URL,
    )
    demo = (
        bool(source.census and source.census.demo) or Profile.objects.filter(is_demo=True).exists()
    )
    month_directory = dumps_root() / month_text(month)
    month_directory.mkdir(parents=True, exist_ok=True)
    with job_lock(f"dumps {month_text(month)}"):
        _stale_removed(month_directory)
        generated_at = timezone.now()
        temporary = Path(tempfile.mkdtemp(prefix=TEMPORARY_PREFIX, dir=month_directory))
        try:
            files = _files_write(
                source, temporary, generated_at=generated_at, demo=demo, shared=shared
            )
            generation = f"{generated_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
            final = month_directory / generation
            temporary.chmod(0o755)  # mkdtemp's 0700 while hidden; readable as the files are
            temporary.rename(final)  # atomic: the generation appears complete
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
        try:
            dumps = _rows_replace(month, generation, files, generated_at)
        except BaseException:
            shutil.rmtree(final, ignore_errors=True)
            raise
    if shared is not None:
        for dataset in DATASETS:
            if not dataset.monthly:
                written = [file for file in files if file.dataset == dataset.name]
                shared.setdefault(dataset.name, (final, written))
    return dumps


def _rows_replace(month, generation: str, files: list[WrittenFile], generated_at) -> list[Dump]:
    """Point the month's rows at the new generation in one transaction; remove the previous
    generation once it commits."""
    with transaction.atomic():
        previous = set(Dump.objects.filter(month=month).values_list("path", flat=True))
        Dump.objects.filter(month=month).delete()
        dumps = Dump.objects.bulk_create(
            Dump(
                month=month,
                dataset=file.dataset,
                format=file.format,
                path=f"{month_text(month)}/{generation}/{file.filename}",
                size=file.size,
                sha256=file.sha256,
                rows=file.rows,
                generated_at=generated_at,
            )
            for file in files
        )
        old = {Path(path).parent for path in previous} - {Path(month_text(month), generation)}
        transaction.on_commit(lambda: _generations_remove(old))
    return dumps


def _generations_remove(directories: set[Path]) -> None:
    root = dumps_root()
    for directory in directories:
        if directory.parts and directory.parts[0] != "..":
            shutil.rmtree(root / directory, ignore_errors=True)


def dumps_after_publication(*, publication_id: int) -> list[datetime.date]:
    """After a publication commits: the dump of its month, when it is of the default
    methodology (the one the site and the dumps show). The census of the month is read as
    computed after the publication: the census task queued beside this one may not have run
    yet (another worker), so an older census is recomputed first."""
    from ..census.services import census_build
    from ..models import CensusMonth

    publication = RankingPublication.objects.select_related("methodology").get(pk=publication_id)
    if publication.methodology != methodology_default():
        return []
    fresh = CensusMonth.objects.filter(
        month=publication.month, computed_at__gte=publication.published_at
    ).exists()
    if not fresh:
        census_build(months=[publication.month])
    dumps_build(month=publication.month)
    return [publication.month]

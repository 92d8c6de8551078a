"""Reads of the dumps as built: the months and their files for the /donnees/ page, one file
for its stable URL."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from django.conf import settings

from observatoire.rankings.models import RankingPublication
from observatoire.rankings.selectors import methodology_default

from ..models import Dump
from .datasets import DATASETS, FORMATS

DATAPACKAGE = "datapackage"
ORDER = [dataset.name for dataset in DATASETS] + [DATAPACKAGE]


@dataclass(frozen=True)
class MonthDump:
    """A month's files as last generated, datasets in the order of their declaration."""

    month: datetime.date
    generated_at: datetime.datetime
    files: list[Dump]

    @property
    def size(self) -> int:
        return sum(file.size for file in self.files)


def _order(dump: Dump) -> tuple:
    rank = ORDER.index(dump.dataset) if dump.dataset in ORDER else len(ORDER)
    return rank, (FORMATS.index(dump.format) if dump.format in FORMATS else len(FORMATS))


def dump_months() -> list[MonthDump]:
    """Every month dumped, newest first, with its files."""
    rows = Dump.objects.order_by("-month", "dataset", "format")
    return [
        MonthDump(
            month=month,
            generated_at=max(file.generated_at for file in files),
            files=sorted(files, key=_order),
        )
        for month, group in groupby(rows, key=lambda dump: dump.month)
        if (files := list(group))
    ]


def dump_latest_month() -> datetime.date | None:
    return Dump.objects.order_by("-month").values_list("month", flat=True).first()


def dump_file(*, month: datetime.date, dataset: str, fmt: str) -> Dump | None:
    return Dump.objects.filter(month=month, dataset=dataset, format=fmt).first()


def dump_path(dump: Dump) -> Path:
    """Where the file of a row lies (rows hold paths relative to settings.DUMPS_ROOT)."""
    root = Path(settings.DUMPS_ROOT).resolve()
    path = (root / dump.path).resolve()
    if root not in path.parents:
        raise ValueError(f"dump path outside DUMPS_ROOT: {dump.path}")
    return path


def dumps_publication_months() -> list[datetime.date]:
    """The months published under the default methodology, oldest first: those dumped."""
    methodology = methodology_default()
    if methodology is None:
        return []
    return list(
        RankingPublication.objects.filter(methodology=methodology)
        .order_by("month")
        .values_list("month", flat=True)
    )

"""Writing a dataset as CSV and Parquet in one pass over its rows, chunk by chunk.

CSV: UTF-8 without BOM, comma-separated, CRLF line ends, a header row; through
`core.csvio.CsvWriter` in its one-way mode, so a text cell that a spreadsheet would run as a
formula (=, +, -, @…) gets a leading ' and numbers stay numbers; None is an empty cell,
booleans true/false, dates ISO 8601, arrays JSON. Parquet: the dataset's typed columns with
nulls, one record batch per chunk (the writer keeps no more than a chunk in memory)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from observatoire.core.csvio import CsvWriter

from .rows import chunked
from .schema import Dataset

MEDIA_TYPES = {
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
    "json": "application/json",
}
READ_BLOCK = 1 << 20


@dataclass(frozen=True)
class WrittenFile:
    """One file of a month's dump, as written."""

    dataset: str
    format: str
    filename: str
    size: int
    sha256: str
    rows: int | None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(READ_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def file_describe(path: Path, *, dataset: str, fmt: str, rows: int | None) -> WrittenFile:
    return WrittenFile(
        dataset=dataset,
        format=fmt,
        filename=path.name,
        size=path.stat().st_size,
        sha256=sha256_of(path),
        rows=rows,
    )


def _csv_values(row: tuple, arrays: list[int]) -> tuple:
    if not arrays:
        return row
    values = list(row)
    for index in arrays:
        if values[index] is not None:
            values[index] = json.dumps(values[index], separators=(",", ":"))
    return tuple(values)


def dataset_write(dataset: Dataset, rows: Iterable[tuple], directory: Path) -> list[WrittenFile]:
    """Write `<name>.csv` and `<name>.parquet` into `directory`; their descriptions."""
    csv_path = directory / f"{dataset.name}.csv"
    parquet_path = directory / f"{dataset.name}.parquet"
    schema = dataset.arrow_schema()
    types = [field.arrow_type for field in dataset.fields]
    arrays = [i for i, field in enumerate(dataset.fields) if field.type == "array"]
    count = 0
    with (
        csv_path.open("w", encoding="utf-8", newline="") as text,
        pq.ParquetWriter(parquet_path, schema, compression="zstd") as parquet,
    ):
        writer = CsvWriter(text, reversible=False, lineterminator="\r\n")
        writer.writerow(dataset.columns)
        for chunk in chunked(rows):
            for row in chunk:
                writer.writerow(_csv_values(row, arrays))
            columns = zip(*chunk, strict=True)
            batch = pa.RecordBatch.from_arrays(
                [pa.array(column, type=kind) for column, kind in zip(columns, types, strict=True)],
                schema=schema,
            )
            parquet.write_batch(batch)
            count += len(chunk)
    return [
        file_describe(csv_path, dataset=dataset.name, fmt="csv", rows=count),
        file_describe(parquet_path, dataset=dataset.name, fmt="parquet", rows=count),
    ]

"""Writing a dataset as CSV and Parquet in one pass over its rows, chunk by chunk.

CSV: UTF-8 without BOM, comma-separated, CRLF line ends, a header row; through
`core.csvio.CsvWriter` in its one-way mode, so a text cell that a spreadsheet would run as a
formula (=, +, -, @…) gets a leading ' and numbers stay numbers; None is an empty cell,
booleans true/false, dates ISO 8601, arrays JSON. Parquet: the dataset's typed columns with
nulls, one record batch per chunk (the writer keeps no more than a chunk in memory)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
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
LINE_END = "\r\n"


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


# A text cell a spreadsheet reads as it is: no formula trigger first, nothing to quote.
# Any other text goes through CsvWriter.cell (neutralised, quoted).
PLAIN_TEXT = re.compile(r'[^=+\-@\t\r,"\n][^,"\r\n]*')


def _column_writers(dataset: Dataset, writer: CsvWriter) -> list[Callable[[tuple], list[str]]]:
    """One function per column turning a chunk's column into its CSV cells, as
    `CsvWriter.cell` writes them (None empty, booleans true/false, dates ISO 8601, numbers as
    Python prints them, texts neutralised and quoted), column by column for speed."""
    cell, plain = writer.cell, PLAIN_TEXT.fullmatch

    def text(column):
        return ["" if v is None else v if plain(v) else cell(v) for v in column]

    def number(column):
        return ["" if v is None else str(v) for v in column]

    def boolean(column):
        return ["" if v is None else "true" if v else "false" for v in column]

    def day(column):
        return ["" if v is None else v.isoformat() for v in column]

    def array(column):
        return ["" if v is None else cell(json.dumps(v, separators=(",", ":"))) for v in column]

    by_type = {
        "string": text,
        "integer": number,
        "number": number,
        "boolean": boolean,
        "date": day,
        "datetime": lambda column: [cell(v) for v in column],
        "array": array,
    }
    return [by_type[field.type] for field in dataset.fields]


def dataset_write(dataset: Dataset, rows: Iterable[tuple], directory: Path) -> list[WrittenFile]:
    """Write `<name>.csv` and `<name>.parquet` into `directory`; their descriptions."""
    csv_path = directory / f"{dataset.name}.csv"
    parquet_path = directory / f"{dataset.name}.parquet"
    schema = dataset.arrow_schema()
    types = [field.arrow_type for field in dataset.fields]
    count = 0
    with (
        csv_path.open("w", encoding="utf-8", newline="") as text,
        pq.ParquetWriter(parquet_path, schema, compression="zstd") as parquet,
    ):
        writer = CsvWriter(text, reversible=False, lineterminator=LINE_END)
        writer.writerow(dataset.columns)
        cells = _column_writers(dataset, writer)
        for chunk in chunked(rows):
            columns = list(zip(*chunk, strict=True))
            lines = zip(
                *(write(column) for write, column in zip(cells, columns, strict=True)), strict=True
            )
            text.write(LINE_END.join(map(",".join, lines)) + LINE_END)
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

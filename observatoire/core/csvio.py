"""Every CSV file the observatory reads or writes goes through this module.

Reading is strict and streamed: rows are yielded one by one with the line where they start,
a progress bar (tqdm, on stderr) follows the bytes read, and a file that is not a UTF-8,
comma-separated CSV (UTF-16, semicolons, CR-only line ends, a quote never closed, NUL bytes…)
is refused with the line and the reason instead of being half-read.

Writing has two modes, both safe to open in a spreadsheet (a cell beginning with =, +, -, @,
tab or CR would be run as a formula):
- reversible (`observatoire export`, re-imported exactly): such a cell, or one beginning
  with ', gets a leading '; the reader removes exactly one leading ' from every cell;
- spreadsheet (ranking downloads, one way): such a cell gets a leading ', unless it is a
  plain number such as "+3".
"""

import csv
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
ERROR = "__error__"  # key of a record that could not be read; its value is the reason


class HeaderError(ValueError):
    """The file cannot be read as a CSV of this kind; `line` says where (1: the header)."""

    def __init__(self, message: str, *, line: int = 1):
        super().__init__(message)
        self.line = line


# --- reading ------------------------------------------------------------------------------


class _Lines:
    """The file's physical lines (split on LF only, as editors count them), decoded, with the
    lines that are not valid UTF-8 or hold a NUL byte remembered for the rows spanning them."""

    def __init__(self, raw: IO[bytes], bar: tqdm):
        self.raw, self.bar = raw, bar
        self.number = 0
        self.bad: dict[int, str] = {}
        self.watch, self.watched = 0, ""

    def remember(self, number: int) -> None:
        """Keep the text of line `number` (the first line of the row being read)."""
        self.watch, self.watched = number, ""

    def __iter__(self) -> Iterator[str]:
        for chunk in self.raw:
            self.number += 1
            self.bar.update(len(chunk))
            if self.number == 1 and chunk.startswith(b"\xef\xbb\xbf"):
                chunk = chunk[3:]
            if b"\x00" in chunk:
                self.bad[self.number] = _("octet NUL (0x00) : fichier binaire ou UTF-16 ?")
                chunk = chunk.replace(b"\x00", b"")
            try:
                text = chunk.decode("utf-8")
            except UnicodeDecodeError:
                self.bad[self.number] = _("encodage invalide (UTF-8 attendu)")
                text = chunk.decode("utf-8", errors="replace")
            if self.number == self.watch:
                self.watched = text
            yield text


SAVE_AS_UTF8 = gettext_lazy("enregistrez-le en « CSV UTF-8 (délimité par des virgules) »")
CR_ONLY = gettext_lazy(
    "fins de ligne CR seul (ancien format Mac) : enregistrez le fichier avec des fins de "
    "ligne LF ou CRLF"
)


def _check_start(head: bytes) -> None:
    """Refuse at once what cannot be read line by line: a workbook, UTF-16, CR-only ends."""
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # .xlsx (zip), .xls (OLE)
        raise HeaderError(_("classeur Excel, pas un fichier CSV : %(fix)s") % {"fix": SAVE_AS_UTF8})
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head.split(b"\n", 1)[0]:
        raise HeaderError(
            _("fichier en UTF-16 (« Texte Unicode » d'Excel) : %(fix)s") % {"fix": SAVE_AS_UTF8}
        )
    if b"\r" in head and b"\n" not in head:
        raise HeaderError(str(CR_ONLY))


def _read_header(reader, lines: _Lines, *, allowed: list[str], required: list[str]) -> list[str]:
    try:
        values = next(reader)
    except StopIteration:
        raise HeaderError(_("Le fichier est vide : une ligne d'en-tête est attendue.")) from None
    except csv.Error as exc:
        raise HeaderError(_structure_error(exc, start=1, at=1, lines=lines, header=[])) from None
    if 1 in lines.bad:
        raise HeaderError(f"{lines.bad[1]} : {SAVE_AS_UTF8}")
    header = [h.strip() for h in values]
    for separator, name in ((";", "« ; »"), ("\t", _("tabulation"))):
        if len(header) == 1 and any(p.strip() in allowed for p in header[0].split(separator)):
            raise HeaderError(
                _("séparateur %(separator)s détecté : enregistrez en CSV séparé par des virgules")
                % {"separator": name}
            )
    unknown = [h for h in header if h not in allowed]
    missing = [c for c in required if c not in header]
    if unknown or missing or len(set(header)) != len(header):
        raise HeaderError(
            _("En-tête invalide. Colonnes attendues : %(expected)s.")
            % {"expected": ",".join(allowed)}
            + (_(" Inconnues : %(cols)s.") % {"cols": ", ".join(unknown)} if unknown else "")
            + (_(" Manquantes : %(cols)s.") % {"cols": ", ".join(missing)} if missing else "")
        )
    return header


def _column_at_end(text: str, header: list[str]) -> str:
    """The column of the last field begun on a row's first line ("" if unknown)."""
    try:
        fields = next(csv.reader([text[: csv.field_size_limit()]]), [])
    except csv.Error:
        return ""
    return header[len(fields) - 1] if 0 < len(fields) <= len(header) else ""


def _structure_error(exc: csv.Error, *, start: int, at: int, lines: _Lines, header) -> str:
    """A reason people can act on for what Python's csv module refuses."""
    text = str(exc)
    # The field a quote left open, or the one over the limit, is the last begun on the row's
    # first line (unless the row is one line: then it may be any).
    spans = at > start or "unexpected end of data" in text or "field larger" in text
    column = _column_at_end(lines.watched, header) if spans and lines.watch == start else ""
    prefix = f"{column} : " if column else ""
    if "unexpected end of data" in text:
        return prefix + _("guillemet ouvert ligne %(line)d jamais refermé") % {"line": start}
    if "expected after" in text and at > start:
        return prefix + _(
            "guillemet inattendu ligne %(at)d : le guillemet ouvert ligne %(line)d n'a pas été "
            "refermé"
        ) % {"at": at, "line": start}
    if "expected after" in text:
        return _(
            "guillemet mal placé : dans un texte entre guillemets, un guillemet s'écrit « %(q)s »"
        ) % {"q": '""'}
    if "new-line character" in text:
        message = _("retour chariot (CR) hors guillemets ligne %(at)d : %(fix)s")
        return message % {"at": at, "fix": CR_ONLY}
    if "field larger than field limit" in text:
        return prefix + _("champ de plus de %(limit)s caractères (limite de lecture)") % {
            "limit": number_format(csv.field_size_limit(), force_grouping=True)
        }
    return _("CSV illisible ligne %(at)d (%(error)s)") % {"at": at, "error": text}


def _record(header: list[str], values: list[str]) -> dict[str, str]:
    """{column: value}, exactly one leading ' removed from each cell (reversible exports)."""
    record = dict(zip(header, values, strict=True))
    if "\n'" in "\n" + "\n".join(values):  # one search in C; a text's own \n' only slows
        record = {h: v[1:] if v.startswith(ESCAPE) else v for h, v in record.items()}
    return record


def iter_rows(
    path: Path, *, allowed: list[str], required: list[str], progress: bool = True
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line where the row starts, {column: value}) for each data row of a UTF-8 CSV
    file; a row that cannot be read is {ERROR: reason}; after a structural error (a quote
    never closed…) the rest of the file cannot be trusted and reading stops."""
    path = Path(path)
    with open(path, "rb") as raw:
        _check_start(raw.read(65536))
        raw.seek(0)
        bar = tqdm(
            total=path.stat().st_size,
            unit="B",
            unit_scale=True,
            file=sys.stderr,
            leave=False,
            disable=not progress or None,
            desc=path.name,
        )
        lines = _Lines(raw, bar)
        reader = csv.reader(lines, strict=True)
        header = _read_header(reader, lines, allowed=allowed, required=required)
        while True:
            start = reader.line_num + 1
            lines.remember(start)
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                at = reader.line_num
                reason = _structure_error(exc, start=start, at=at, lines=lines, header=header)
                yield start, {ERROR: reason}
                break
            if not values:
                continue
            bad = lines.bad and [n for n in range(start, reader.line_num + 1) if n in lines.bad]
            if bad:
                yield start, {ERROR: lines.bad[bad[0]]}
            elif len(values) != len(header):
                counts = {"found": len(values), "expected": len(header)}
                yield start, {ERROR: _("%(found)d valeurs au lieu de %(expected)d") % counts}
            else:
                yield start, _record(header, values)
        bar.close()


def format_datetime(value: datetime) -> str:
    """UTC, ISO 8601 with Z: the form exports use so that they re-import identically."""
    text = value.astimezone(UTC).isoformat()
    return text.removesuffix("+00:00") + "Z"


# --- writing ------------------------------------------------------------------------------


def escape_reversible(text: str) -> str:
    """`observatoire export`: a leading ' before a formula-like cell or a cell beginning with
    ' (the reader removes exactly one, so every text reads back as it was)."""
    return ESCAPE + text if text.startswith((*FORMULA_TRIGGERS, ESCAPE)) else text


def neutralise(text: str) -> str:
    """One-way downloads: a leading ' before a formula-like cell that is not a plain number."""
    if text.startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.fullmatch(text):
        return ESCAPE + text
    return text


def _quoted(text: str) -> str:
    # Quoted when it holds a comma, a quote or any line break, a lone CR included (Python's
    # csv writer leaves a lone CR bare when lines end with LF, and the file no longer reads).
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


class CsvWriter:
    """Writes rows of values: None is an empty cell, booleans true/false, dates ISO 8601."""

    def __init__(self, output: IO[str], *, reversible: bool, lineterminator: str = "\n"):
        self.output = output
        self.escape = escape_reversible if reversible else neutralise
        self.lineterminator = lineterminator

    def cell(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, datetime):
            return format_datetime(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, int | float | Decimal):
            return str(value)  # numbers are numbers, never formulas
        return _quoted(self.escape(str(value)))  # text, lazy translations included

    def writerow(self, values: Iterable) -> None:
        cells = [self.cell(v) for v in values]
        line = ",".join(cells) if cells != [""] else '""'
        self.output.write(line + self.lineterminator)


def write_rows(
    rows: Iterable[dict], *, columns: list[str], output: IO[str], fmt: str = "csv"
) -> int:
    """`observatoire export`: stream rows as reversible CSV or as a JSON array of objects."""
    count = 0
    if fmt == "csv":
        writer = CsvWriter(output, reversible=True)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(row[c] for c in columns)
            count += 1
        return count
    output.write("[")
    for row in rows:
        output.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
        count += 1
    output.write("\n]\n" if count else "]\n")
    return count


@contextmanager
def quiet_when_pipe_closes(stream: IO[str]):
    """`observatoire export … | head`: once the reader has gone, stop writing without a
    traceback, point the stream at /dev/null (so the flush at exit is silent too) and exit
    with 141, the status of a command stopped by SIGPIPE."""
    try:
        yield
        stream.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        finally:
            os.close(devnull)
        raise SystemExit(141) from None

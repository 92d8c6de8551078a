"""Streaming CSV reading and writing shared by every import and export.

Reading never holds the file in memory: rows are yielded one by one with their line number,
and a progress bar (tqdm, on stderr) follows the bytes read.
"""

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from tqdm import tqdm

TRUE_VALUES = {"true", "1", "yes", "oui", "vrai", "y", "o"}
FALSE_VALUES = {"false", "0", "no", "non", "faux", "n"}


class RowError(ValueError):
    """A bad value in one row; the message names the column."""


class HeaderError(ValueError):
    """The header row does not match the expected columns."""


def iter_rows(
    path: Path, *, allowed: list[str], required: list[str], progress: bool = True
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, {column: value}) for each data row of a UTF-8 CSV file."""
    size = Path(path).stat().st_size
    bar = tqdm(
        total=size, unit="B", unit_scale=True, file=sys.stderr, leave=False,
        disable=not progress or None, desc=Path(path).name,
    )  # fmt: skip
    undecodable: set[int] = set()

    def lines(raw: IO[bytes]) -> Iterator[str]:
        for number, chunk in enumerate(raw, start=1):
            bar.update(len(chunk))
            if number == 1 and chunk.startswith(b"\xef\xbb\xbf"):
                chunk = chunk[3:]
            try:
                yield chunk.decode("utf-8")
            except UnicodeDecodeError:
                undecodable.add(number)
                yield chunk.decode("utf-8", errors="replace")

    with open(path, "rb") as raw:
        reader = csv.reader(lines(raw))
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise HeaderError(
                _("Le fichier est vide : une ligne d'en-tête est attendue.")
            ) from None
        unknown = [h for h in header if h not in allowed]
        missing = [c for c in required if c not in header]
        if unknown or missing or len(set(header)) != len(header):
            raise HeaderError(
                _("En-tête invalide. Colonnes attendues : %(expected)s.")
                % {"expected": ",".join(allowed)}
                + (_(" Inconnues : %(cols)s.") % {"cols": ", ".join(unknown)} if unknown else "")
                + (_(" Manquantes : %(cols)s.") % {"cols": ", ".join(missing)} if missing else "")
            )
        start = reader.line_num
        for values in reader:
            line = reader.line_num
            first_line = start + 1
            start = line
            if not values or values == [""]:
                continue
            if any(n in undecodable for n in range(first_line, line + 1)):
                yield line, {"__error__": _("encodage invalide (UTF-8 attendu)")}
                continue
            if len(values) != len(header):
                yield (
                    line,
                    {
                        "__error__": _("%(found)d valeurs au lieu de %(expected)d")
                        % {"found": len(values), "expected": len(header)}
                    },
                )
                continue
            yield line, dict(zip(header, values, strict=True))
    bar.close()


def parse_count(value: str, column: str) -> int | None:
    """An optional non-negative whole number: empty means unknown (None), not zero."""
    value = value.strip()
    if value == "":
        return None
    if not value.isdigit():
        if value.startswith("-") and value[1:].isdigit():
            raise RowError(_("%(col)s : nombre négatif (%(val)s)") % {"col": column, "val": value})
        raise RowError(
            _("%(col)s : nombre entier attendu, « %(val)s » reçu") % {"col": column, "val": value}
        )
    return int(value)


def parse_required_count(value: str, column: str) -> int:
    number = parse_count(value, column)
    if number is None:
        raise RowError(_("%(col)s : valeur obligatoire") % {"col": column})
    return number


def parse_bool(value: str, column: str, *, default: bool) -> bool:
    value = value.strip().lower()
    if value == "":
        return default
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise RowError(
        _("%(col)s : « %(val)s » n'est ni true ni false") % {"col": column, "val": value}
    )


def parse_date(value: str, column: str) -> date:
    try:
        if len(value.strip()) != 10:
            raise ValueError
        return date.fromisoformat(value.strip())
    except ValueError:
        raise RowError(
            _("%(col)s : date AAAA-MM-JJ attendue, « %(val)s » reçu")
            % {"col": column, "val": value}
        ) from None


def parse_datetime(value: str, column: str) -> datetime:
    """ISO 8601 with an explicit offset or Z; naive times are refused (ambiguous)."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise RowError(
            _("%(col)s : date et heure ISO 8601 attendues, « %(val)s » reçu")
            % {"col": column, "val": value}
        ) from None
    if parsed.tzinfo is None:
        raise RowError(
            _("%(col)s : fuseau horaire manquant (ajoutez Z ou +01:00), « %(val)s »")
            % {"col": column, "val": value}
        )
    return parsed


def format_datetime(value: datetime) -> str:
    """UTC, ISO 8601 with Z: the form exports use so that they re-import identically."""
    text = value.astimezone(UTC).isoformat()
    return text.removesuffix("+00:00") + "Z"


def write_rows(
    rows: Iterable[dict], *, columns: list[str], output: IO[str], fmt: str = "csv"
) -> int:
    """Stream rows as CSV (empty cell for None) or as a JSON array of objects."""
    count = 0
    if fmt == "csv":
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row[c] is None else _cell(row[c]) for c in columns])
            count += 1
        return count
    output.write("[")
    for row in rows:
        output.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
        count += 1
    output.write("\n]\n" if count else "]\n")
    return count


def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

"""Downloads of the dashboard's tables: CSV (the page's text, spreadsheet-safe as the
site's ranking CSV) and XLSX (openpyxl: typed cells, one sheet per table, bold headers, a
first sheet saying what the file holds and, for demo data, that it is fictitious)."""

import datetime as dt
import io
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from observatoire.core.csvio import CsvWriter

from .tables import Column, Table

SHEET_NAME_LENGTH = 31  # Excel's limit
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
BOLD = Font(bold=True)


def table_csv(table: Table) -> str:
    """The table as the page shows it, UTF-8 with a BOM, CRLF; text that a spreadsheet
    would run as a formula (=, +, -, @ …) is neutralised."""
    text = io.StringIO()
    text.write("\ufeff")  # spreadsheets detect UTF-8
    writer = CsvWriter(text, reversible=False, lineterminator="\r\n")
    writer.writerow([column.label for column in table.columns])
    for row in table.display_rows:
        writer.writerow(row)
    return text.getvalue()


def _number_format(column: Column) -> str | None:
    decimals = "." + "0" * column.decimals if column.decimals else ""
    return {
        "month": "mmmm yyyy",
        "date": "dd/mm/yyyy",
        "datetime": "dd/mm/yyyy hh:mm",
        "count": "#,##0",
        "integer": "0",
        "rank": "0",
        "number": f"0{decimals}",
        "percent": f"0{decimals}%",
    }.get(column.kind)


def _typed(value, column: Column):
    """The value as a spreadsheet cell holds it (never a formula: see _write)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if column.kind in ("count", "integer", "rank") and isinstance(value, int | float):
        return int(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


def _write(sheet, row: int, column: int, value, number_format: str | None = None) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # "=…" from a network stays text, never a formula
    elif number_format and value is not None:
        cell.number_format = number_format


def _sheet_names(tables: list[Table]) -> list[str]:
    names, used = [], set()
    for table in tables:
        base = SHEET_FORBIDDEN.sub(" ", table.sheet or table.title)[:SHEET_NAME_LENGTH].strip()
        name, n = base, 2
        while name.lower() in used:
            suffix = f" ({n})"
            name, n = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix, n + 1
        used.add(name.lower())
        names.append(name)
    return names


def tables_xlsx(*, tables: list[Table], about: list[tuple[str, object]], demo: bool) -> bytes:
    """A workbook: a first sheet with `about` (label, value) lines (and the demo warning),
    then one sheet per table, its header row bold and frozen."""
    book = Workbook()
    first = book.active
    first.title = _("À lire")
    line = 1
    if demo:
        _write(first, line, 1, _("Données de démonstration"))
        first.cell(row=line, column=1).font = BOLD
        _write(
            first,
            line,
            2,
            _(
                "Les comptes, chiffres et classements sont fictifs et ne décrivent aucune "
                "collectivité réelle."
            ),
        )
        line += 1
    for label, value in about:
        _write(first, line, 1, str(label))
        _write(first, line, 2, value if not isinstance(value, str) else str(value))
        line += 1
    names = _sheet_names(tables)
    for table, name in zip(tables, names, strict=True):
        _write(first, line, 1, name)
        _write(first, line, 2, table.title)
        line += 1
        sheet = book.create_sheet(name)
        formats = [_number_format(column) for column in table.columns]
        for index, column in enumerate(table.columns, 1):
            _write(sheet, 1, index, str(column.label))
            sheet.cell(row=1, column=index).font = BOLD
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = 16
        for row_index, row in enumerate(table.rows, 2):
            for index, (value, column) in enumerate(zip(row, table.columns, strict=True), 1):
                _write(sheet, row_index, index, _typed(value, column), formats[index - 1])
        sheet.freeze_panes = "B2"
    first.column_dimensions["A"].width = 32
    first.column_dimensions["B"].width = 80
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()

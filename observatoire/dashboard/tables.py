"""The tables of a dashboard, as plain typed values: the page shows them (beside their
charts), and the exports write them as CSV (the page's text, spreadsheet-safe) and XLSX
(typed cells with number formats). Any part of the dashboard that has a table (figures,
posts, heatmap) hands it over as a `Table`.

A cell is None (unknown: an empty cell, never 0), an int, a float, a date, an aware
datetime or a str. A column's `kind` says how it is read: a percentage is stored as a
fraction (0.0207 for 2.07 %), a month as the first day of the month."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format, number_format

from observatoire.rankings import kpis as catalogue

KINDS = (
    "text",  # untrusted or not: always escaped, neutralised in CSV
    "url",
    "month",  # a date, first day of the month
    "date",
    "datetime",  # aware; shown and exported in the current time zone
    "rank",  # int, or the reason a profile is not ranked (str)
    "integer",
    "count",  # an integer with grouped digits
    "number",  # a float with `decimals`
    "percent",  # a fraction shown × 100 with `decimals`
)


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"
    decimals: int = 0

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind: {self.kind}")


@dataclass
class Table:
    """One table: `slug` names its export (unique in a dashboard, [a-z0-9-_]), `title` is
    its caption and its sheet's name. The first column heads each row (th scope=row)."""

    slug: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    sheet: str = ""  # a short name for its spreadsheet tab (default: the title)

    @property
    def display_rows(self) -> list[list[str]]:
        """The rows as the page shows them ("" for unknown)."""
        return [
            [cell_text(value, column) for value, column in zip(row, self.columns, strict=True)]
            for row in self.rows
        ]

    @property
    def cells(self) -> list[list[tuple[str, bool]]]:
        """The rows as the page shows them, each cell with whether it is a figure."""
        numeric = [column.kind in NUMERIC for column in self.columns]
        return [list(zip(row, numeric, strict=True)) for row in self.display_rows]


NUMERIC = {"rank", "integer", "count", "number", "percent"}
UNITS = {"percent": "percent", "per_day": "number", "ratio": "number", "count": "count"}


def kpi_column(name: str) -> Column:
    """The column of a KPI of the catalogue, labelled and formatted as the public pages do."""
    kpi = catalogue.get(name)
    return Column(str(kpi.label), UNITS[kpi.unit], kpi.decimals)


def _number(value: float, decimals: int) -> str:
    return number_format(round(value, decimals), decimals, force_grouping=True)


def cell_text(value, column: Column) -> str:
    """A cell as people read it, in the active language; "" when unknown."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    kind = column.kind
    if kind == "month":
        return date_format(value, "F Y")
    if kind == "datetime":
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if kind == "date" or isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    if kind == "percent":
        return f"{_number(float(value) * 100, column.decimals)} %"
    if kind in ("count", "integer", "rank"):
        return number_format(int(value), 0, force_grouping=kind == "count")
    return _number(float(value), column.decimals)

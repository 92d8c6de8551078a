"""The one CSV writer: what a spreadsheet receives, and what reads back."""

import csv
import io

import pytest

from observatoire.core.csvio import CsvWriter, write_rows


def written(values, *, reversible: bool) -> str:
    output = io.StringIO()
    CsvWriter(output, reversible=reversible).writerow(values)
    return output.getvalue()


def read_back(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text, newline=""), strict=True))


@pytest.mark.parametrize(
    ("value", "download", "export"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 5 62 00 00 00", "'+33 5 62 00 00 00", "'+33 5 62 00 00 00"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(1)", "'@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1", "'\t=1"),
        ("\r=1", "'\r=1", "'\r=1"),
        ("'déjà", "'déjà", "''déjà"),  # one way: left alone; reversible: escaped
        ("+3", "+3", "'+3"),  # a plain number is not a formula in a download
        ("-2,5", "-2,5", "'-2,5"),
        ("Auch", "Auch", "Auch"),
    ],
)
def test_cells_a_spreadsheet_would_run_are_neutralised(value, download, export):
    assert read_back(written([value, "x"], reversible=False)) == [download, "x"]
    assert read_back(written([value, "x"], reversible=True)) == [export, "x"]


def test_typed_values_are_written_as_values():
    assert written([None, True, False, 3, 1.5, -2], reversible=False) == ",true,false,3,1.5,-2\n"


def test_a_lone_carriage_return_is_quoted_so_the_file_reads_back():
    output = io.StringIO()
    write_rows([{"a": "avant\raprès", "b": "fin\r"}], columns=["a", "b"], output=output)
    rows = list(csv.reader(io.StringIO(output.getvalue(), newline=""), strict=True))
    assert rows == [["a", "b"], ["avant\raprès", "fin\r"]]

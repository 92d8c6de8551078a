"""One month rule for every input (command options, task arguments, URLs, stored arguments)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from observatoire.core.dates import FIRST_YEAR, LAST_YEAR, MonthError, month_text, parse_month


@given(st.dates(min_value=dt.date(FIRST_YEAR, 1, 1), max_value=dt.date(LAST_YEAR, 12, 31)))
def test_every_month_written_aaaa_mm_reads_back_as_its_first_day(day):
    assert parse_month(month_text(day)) == day.replace(day=1)
    assert parse_month(f"{day.year}-{day.month}") == day.replace(day=1)  # 2024-8 too


@given(st.text(max_size=12))
def test_any_text_is_a_month_or_refused_with_the_rule(text):
    try:
        month = parse_month(text)
    except MonthError as exc:
        assert "AAAA-MM" in str(exc)
        assert text in str(exc)
    else:
        assert month.day == 1
        assert month_text(month) == f"{month.year:04d}-{month.month:02d}"


@pytest.mark.parametrize(
    "text", ["2024-13", "2024-00", "24-08", "2024-008", "1999-12", "2101-01", "２０２４-08", "août"]
)
def test_not_a_month(text):
    with pytest.raises(MonthError, match="AAAA-MM, de 2000 à 2100"):
        parse_month(text)


def test_the_demo_command_refuses_a_bad_month_with_the_rule_not_a_traceback():
    # On the command line: "demo generate: error: argument --to: Mois invalide …".
    with pytest.raises(CommandError, match="Mois invalide « 2024-13 » : attendu AAAA-MM"):
        call_command("demo", "generate", "--to", "2024-13", stdout=io.StringIO())

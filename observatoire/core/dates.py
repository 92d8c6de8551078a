"""The calendar rules every input shares: the years the observatory accepts and how a month
is written (AAAA-MM). Command options, Celery task arguments, URLs and stored job arguments
all read a month through `parse_month`, so they accept and refuse the same texts and say so
with the same message."""

import argparse
import re
from datetime import date

from django.utils.translation import gettext as _

FIRST_YEAR, LAST_YEAR = 2000, 2100
# Four ASCII digits, a hyphen, one or two digits ("2024-8" has always been read as August).
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")


class MonthError(ValueError):
    """A text that is not a month AAAA-MM between FIRST_YEAR and LAST_YEAR."""


def parse_month(value: str) -> date:
    """The first day of the month written `value` (AAAA-MM, spaces around ignored)."""
    text = value.strip() if isinstance(value, str) else ""
    found = _MONTH.fullmatch(text)
    if found and FIRST_YEAR <= int(found[1]) <= LAST_YEAR and 1 <= int(found[2]) <= 12:
        return date(int(found[1]), int(found[2]), 1)
    raise MonthError(
        _("Mois invalide « %(value)s » : attendu AAAA-MM, de %(first)d à %(last)d.")
        % {"value": value, "first": FIRST_YEAR, "last": LAST_YEAR}
    )


def month_option(value: str) -> date:
    """`type=` of a command's month option: the same rule, its message as the option's error."""
    try:
        return parse_month(value)
    except MonthError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def month_text(day: date) -> str:
    """AAAA-MM: how a month is written in URLs, options and files."""
    return f"{day:%Y-%m}"

"""What one cell of an imported CSV file may hold: counts, booleans, dates, identifiers.
Each parser returns the value or raises RowError with a message naming the column; the
rules are the same on every database, so an export always re-imports elsewhere."""

import re
import unicodedata
from datetime import UTC, date, datetime

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .dates import FIRST_YEAR, LAST_YEAR
from .values import MAX_COUNT, CountError, count_value

TRUE_VALUES = {"true", "1", "yes", "oui", "vrai", "y", "o"}
FALSE_VALUES = {"false", "0", "no", "non", "faux", "n"}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class RowError(ValueError):
    """A bad value in one row; the message names the column."""


def parse_count(value: str, column: str) -> int | None:
    """An optional count (core.values.count_value: ASCII digits, 0 to MAX_COUNT): empty means
    unknown."""
    try:
        return count_value(value)
    except CountError as exc:
        if exc.reason == "negative":
            message = _("%(col)s : nombre négatif (%(val)s)")
        elif exc.reason == "too_large":
            message = _("%(col)s : nombre trop grand (au plus %(max)s)")
        else:
            message = _("%(col)s : nombre entier attendu (chiffres 0 à 9), « %(val)s » reçu")
        max_count = number_format(MAX_COUNT, force_grouping=True)
        raise RowError(message % {"col": column, "val": value.strip(), "max": max_count}) from None


def parse_required_count(value: str, column: str) -> int:
    number = parse_count(value, column)
    if number is None:
        raise RowError(_("%(col)s : valeur obligatoire") % {"col": column})
    return number


def parse_bool(value: str, column: str, *, default: bool) -> bool:
    value = value.strip().lower()
    if value in TRUE_VALUES or value in FALSE_VALUES or value == "":
        return value in TRUE_VALUES if value else default
    raise RowError(
        _("%(col)s : « %(val)s » n'est ni true ni false") % {"col": column, "val": value}
    )


def _check_year(moment: date, value: str, column: str) -> None:
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise RowError(
            _("%(col)s : date hors de la période %(first)d–%(last)d, « %(val)s »")
            % {"col": column, "first": FIRST_YEAR, "last": LAST_YEAR, "val": value}
        )


def parse_date(value: str, column: str) -> date:
    """AAAA-MM-JJ, between FIRST_YEAR and LAST_YEAR."""
    try:
        if not _DATE.fullmatch(value.strip()):
            raise ValueError
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        raise RowError(
            _("%(col)s : date AAAA-MM-JJ attendue, « %(val)s » reçu")
            % {"col": column, "val": value}
        ) from None
    _check_year(parsed, value, column)
    return parsed


def parse_datetime(value: str, column: str) -> datetime:
    """ISO 8601 with an explicit offset or Z; naive times are refused (ambiguous). The UTC
    instant, the one stored and exported, lies between FIRST_YEAR and LAST_YEAR."""
    try:
        if not value.isascii():
            raise ValueError
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
    _check_year(parsed, value, column)  # before converting: year 1 or 9999 cannot move
    parsed = parsed.astimezone(UTC)
    _check_year(parsed, value, column)
    return parsed


def parse_identifier(value: str, column: str, *, max_length: int, forbidden: str = "") -> str:
    """A handle, an id or an address: no space, control or invisible formatting character
    (bidi overrides…), none of `forbidden`, at most `max_length` characters — the same
    rules on every database, so an export always re-imports elsewhere."""
    for character in value:
        if unicodedata.category(character)[0] in "CZ" or character in forbidden:
            raise RowError(
                _("%(col)s : caractère interdit %(char)s (U+%(code)04X)")
                % {"col": column, "char": ascii(character), "code": ord(character)}
            )
    if len(value) > max_length:
        raise RowError(
            _("%(col)s : %(length)d caractères, au plus %(max)d")
            % {"col": column, "length": len(value), "max": max_length}
        )
    return value

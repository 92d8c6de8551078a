"""Upserts of rows whose values are already database parameters: the editorial rows are
written by the hundred thousand, and adapting their few dates once per month or per post
here costs a fifth of what rows_upsert's generic adapters do (the rebuild's writing time,
bench/editorial.py). The statement is rows_upsert's: INSERT … ON CONFLICT DO UPDATE."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db import connection

from observatoire.core.upserts import rows_insert


def rows_write(model, *, fields: list[str], unique: tuple[str, ...], rows: list[tuple]) -> None:
    """Upsert `rows` (database values of `fields`, keys distinct) into `model`'s table."""
    if not rows:
        return
    quote = connection.ops.quote_name
    meta = model._meta
    columns = [meta.get_field(name).column for name in fields]
    keys = [meta.get_field(name).column for name in unique]
    updates = ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in columns if c not in keys)
    rows_insert(
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(map(quote, columns))})",
        f"ON CONFLICT ({', '.join(map(quote, keys))}) DO UPDATE SET {updates}",
        rows,
        types=[meta.get_field(name).db_type(connection) for name in fields],
    )


def datetime_parameter() -> Callable[[datetime], object]:
    """An aware datetime as a database value (SQLite: naive text in the connection's zone,
    as Django writes it)."""
    if connection.vendor != "sqlite":
        return connection.ops.adapt_datetimefield_value
    zone = connection.timezone
    return lambda moment: str(moment.astimezone(zone).replace(tzinfo=None))


def date_parameters(dates) -> dict:
    """Each distinct date of `dates` -> its database value."""
    adapt = connection.ops.adapt_datefield_value
    return {day: adapt(day) for day in set(dates)}


def json_parameter(value):
    return connection.ops.adapt_json_value(value, None)

"""Column types: instants stored as UTC, naive datetimes refused.

Also the expressions and converters for reading many rows as the driver's plain
tuples (:func:`raw_instant`, :func:`instant_parser`, :func:`day_parser`,
:func:`text_list`), where SQLAlchemy's per-row result processing costs too much.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import DateTime, String, func, type_coerce
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant, stored as UTC and read back as UTC.

    Writing a naive datetime raises ``ValueError``: a time without a zone cannot be
    told apart from another instant, and follow-ups depend on the exact instant.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        """Convert an aware datetime to UTC (naive on SQLite, which has no zones)."""
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            raise ValueError("naive datetime: every stored time must carry a time zone")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Return the stored instant as an aware UTC datetime."""
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def raw_instant(column: ColumnElement[datetime], dialect: Dialect) -> ColumnElement[Any]:
    """A :class:`UTCDateTime` column as a select expression read from plain driver rows.

    For callers that skip SQLAlchemy's result processing altogether (tens of
    thousands of rows: no ``Row`` objects, no processor calls): their driver value
    becomes the instant through :func:`instant_parser`. On SQLite it is the stored
    text with ``+00:00`` appended in SQL (NULL stays NULL); elsewhere the column.
    """
    if dialect.name != "sqlite":
        return column
    return (type_coerce(column, String) + "+00:00").label(column.key)


def _as_utc(value: datetime) -> datetime:
    """The driver's aware instant in UTC, as :class:`UTCDateTime` reads it."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def instant_parser(dialect: Dialect) -> Callable[[Any], datetime]:
    """The function turning a non-null driver value of :func:`raw_instant` into the instant.

    The same aware UTC datetime as :class:`UTCDateTime` returns: on SQLite
    ``datetime.fromisoformat`` itself (one C call, no Python frame per value).
    """
    return datetime.fromisoformat if dialect.name == "sqlite" else _as_utc


def _same_day(value: date) -> date:
    """The driver's own ``date`` (servers return dates, not text)."""
    return value


def day_parser(dialect: Dialect) -> Callable[[Any], date]:
    """The function turning a non-null driver value of a ``Date`` column into the date.

    SQLite stores dates as ``YYYY-MM-DD`` text, which ``date.fromisoformat`` reads
    (as SQLAlchemy's own processing does); other drivers return dates already.
    """
    return date.fromisoformat if dialect.name == "sqlite" else _same_day


def text_list(column: ColumnElement[str], dialect: Dialect) -> ColumnElement[Any]:
    """An aggregate of a text column as one value, for :func:`text_list_parser`.

    A JSON array, so every text survives whatever characters it holds:
    ``json_group_array`` on SQLite, ``json_agg`` on PostgreSQL. Over no rows it
    is ``'[]'`` on SQLite and NULL on PostgreSQL.
    """
    if dialect.name == "sqlite":
        return func.json_group_array(column)
    return func.json_agg(column)


def _listed(value: list[str] | None) -> list[str]:
    """The driver's already decoded ``json`` value (NULL over no rows)."""
    return [] if value is None else value


def text_list_parser(dialect: Dialect) -> Callable[[Any], list[str]]:
    """The function turning a driver value of :func:`text_list` into the texts.

    SQLite returns the JSON text (``json.loads``, in C); PostgreSQL drivers decode
    ``json`` values themselves.
    """
    return json.loads if dialect.name == "sqlite" else _listed

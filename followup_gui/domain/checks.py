"""One set of checks for every value that enters FollowUp, whatever the way in.

The JSON, CSV and vCard importers, the window's forms (through the services they
call) and any later way in (mail, sync) pass each value through these functions,
so a value accepted one way is accepted every way, and everything the app writes
out (its own JSON backup) it can read back.

The rules:

- **Text**: no NUL or other control character (C0, DEL, C1) and no half of a
  UTF-16 surrogate pair; a tab is fine anywhere; line breaks only in fields that
  hold several lines (notes, an address); at most the field's length.
- **Dates**: a date a person enters (an interview, an attempt, a decision) lies in
  :data:`ENTERED_YEARS`, in its own zone *and* in UTC, so that whatever the planner
  derives from it, and the UTC instant the database keeps, stay inside
  :data:`STORED_YEARS`, which is what any stored instant may be.
- **Numbers**: text of more than :data:`MAX_NUMBER_DIGITS` digits is never turned
  into an ``int`` (Python refuses 4,300 digits with a traceback, and takes long below).
- **Time zones**: the name must be on the tz database's list; it is never used to
  open a file first (a 100-character emoji name used to fail with ``File name too long``).
- **Messages** quote at most :data:`SHOWN` characters of a bad value, and say how
  long it was (a 50 MB value must not end up on the screen).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from functools import cache

from followup_gui.domain.errors import ImportFileError

#: Years any stored date or instant may have (the planner computes within them).
STORED_YEARS = (1900, 2200)
#: Years a date entered by a person may have: one year inside :data:`STORED_YEARS`
#: on each side, for the planner's follow-ups and for the shift to UTC.
ENTERED_YEARS = (1901, 2199)
#: Longer digit strings are not numbers FollowUp keeps (a position, an order).
MAX_NUMBER_DIGITS = 18
#: How many characters of a bad value a message quotes.
SHOWN = 80
#: The longest time-zone name on the tz database's list is 32 characters.
MAX_TIMEZONE_CHARS = 64

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_NO_BREAKS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")


def shorten(value: str, limit: int = SHOWN) -> str:
    """``value`` cut for a message: the first ``limit`` characters and the length.

    Returns:
        e.g. ``NNNN…(100,000 characters)``; a short value unchanged.
    """
    if len(value) <= limit:
        return value
    return f"{value[:limit]}… ({len(value):,} characters)"


def quoted(value: str) -> str:
    """``value`` in single quotes, cut by :func:`shorten`, control characters shown as escapes."""
    text = shorten(value)
    if _CONTROL.search(text) or "\n" in text:
        text = text.encode("unicode_escape").decode("ascii")
    return f"'{text}'"


def text_problem(value: str, *, multiline: bool = False, limit: int | None = None) -> str:
    """Why ``value`` cannot be kept, or ``""`` when it can.

    Args:
        value: the text.
        multiline: line breaks are allowed (a note, an address).
        limit: the most characters the field holds; None: no limit.
    """
    if limit is not None and len(value) > limit:
        return f"is longer than {limit} characters ({len(value):,})"
    found = (_CONTROL if multiline else _CONTROL_NO_BREAKS).search(value)
    if found is None:
        return ""
    char = found.group()
    if char == "\x00":
        return "contains a NUL character"
    if "\ud800" <= char <= "\udfff":
        return "contains an invalid character (a lone surrogate)"
    if char in "\r\n":
        return "must be one line (it contains a line break)"
    return f"contains the control character U+{ord(char):04X}"


def check_text(where: str, value: str, *, multiline: bool = False, limit: int | None = None) -> str:
    """``value`` when it can be kept (see :func:`text_problem`).

    Raises:
        ImportFileError: names ``where`` and the problem.
    """
    problem = text_problem(value, multiline=multiline, limit=limit)
    if problem:
        raise ImportFileError(where, problem)
    return value


def year_problem(value: date, *, entered: bool = True) -> str:
    """Why the date or instant ``value`` is outside the supported years, or ``""``.

    Args:
        value: a date, or an aware or naive (UTC) datetime.
        entered: a date a person entered (:data:`ENTERED_YEARS`); else any stored
            date (:data:`STORED_YEARS`).
    """
    first, last = ENTERED_YEARS if entered else STORED_YEARS
    years = [value.year]
    if isinstance(value, datetime) and value.tzinfo is not None:
        try:
            years.append(value.astimezone(UTC).year)
        except OverflowError:
            years.append(0)
    if all(first <= y <= last for y in years):
        return ""
    return f"is not between the years {first} and {last}"


def check_year(where: str, raw: str, value: date, *, entered: bool = True) -> None:
    """Refuse a date outside the supported years (see :func:`year_problem`).

    Raises:
        ImportFileError: names ``where`` and quotes ``raw``.
    """
    problem = year_problem(value, entered=entered)
    if problem:
        raise ImportFileError(where, f"{quoted(raw)} {problem}")


def bounded_int(text: str) -> int | float:
    """A JSON integer, or infinity when it has too many digits to be one FollowUp keeps.

    For ``json.loads(parse_int=...)``: infinity is not an ``int``, so the reader
    reports the field ("must be a whole number") instead of Python converting
    thousands of digits.
    """
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        return -math.inf if text.startswith("-") else math.inf
    return int(text)


def digits_problem(text: str) -> str:
    """Why the digits ``text`` are not a number FollowUp keeps, or ``""``."""
    if len(text.strip().lstrip("+-")) > MAX_NUMBER_DIGITS:
        return f"is too large ({len(text):,} digits)"
    return ""


@cache
def _zone_names() -> frozenset[str]:
    from zoneinfo import available_timezones

    return frozenset(available_timezones()) | {"UTC"}


def is_known_timezone(name: str) -> bool:
    """Whether ``name`` is on the tz database's list (no file is opened for it)."""
    return len(name) <= MAX_TIMEZONE_CHARS and name in _zone_names()


def check_timezone(where: str, name: str) -> str:
    """``name`` when it is a known time zone.

    Raises:
        ImportFileError: names ``where`` and quotes the name (cut).
    """
    if not is_known_timezone(name):
        raise ImportFileError(where, f"{quoted(name)} is not a known time zone")
    return name


def is_plain_file_name(name: str) -> bool:
    """Whether ``name`` names a file directly inside a folder (no ``/``, ``..``, hidden name).

    An attachment's stored name comes from the database, which a restored backup or
    a shared PostgreSQL server may have written: ``../../victim.txt`` must never be
    opened or deleted.
    """
    return (
        0 < len(name) <= 255
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
        and "\x00" not in name
        and ":" not in name
    )

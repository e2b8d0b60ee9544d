"""Dates as people type them in spreadsheets, read without guessing per cell.

Accepted: ISO ``2026-11-20`` (also with a time), slash dates ``11/20/2026``,
dotted European ``20.11.2026``, and month names ``Nov 20, 2026`` / ``20 November
2026``. Two-digit years are 20xx.

The rule for ambiguous slash dates (``03/04/2026``) is decided per column, not per
cell: month first (US) by default or day first when the preset says so, and a column
in which some date only makes sense day first (``25/03/2026``) is read day first
throughout. Dotted dates are always day first, ISO always year-month-day. The
import dialog shows every parsed date before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from followup_gui.domain.checks import shorten

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for name in names
}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:[ T].*)?$")
_DOT = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\.?(?: .*)?$")
_MONTH_FIRST = re.compile(r"^([A-Za-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\.? ([A-Za-z]+)\.?,? (\d{4})$")


class DateError(ValueError):
    """A cell is not a date in any accepted format (message says which formats)."""


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if len(text) == 2 else value


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"'{shorten(text)}' is not a real date") from None


def column_is_day_first(cells: Iterable[str], default: bool = False) -> bool:
    """Whether a column's slash dates are day first (the rule in the module docstring)."""
    for cell in cells:
        match = _SLASH.match(cell.strip())
        if match is None:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second:
            return True
        if second > 12 >= first:
            return False
    return default


def parse_date(text: str, *, day_first: bool = False) -> date | None:
    """Parse one cell; an empty cell is ``None``.

    Args:
        text: the cell.
        day_first: how to read an ambiguous slash date (decided for the column).

    Raises:
        DateError: the cell is not a date in an accepted format.
    """
    cell = " ".join(text.split())
    if not cell:
        return None
    if match := _ISO.match(cell):
        try:
            return datetime.fromisoformat(cell).date()
        except OverflowError:
            raise DateError(f"'{cell[:80]}' is not a date FollowUp can keep") from None
        except ValueError:
            y, m, d = (int(g) for g in match.groups())
            return _make(y, m, d, cell)
    if match := _SLASH.match(cell):
        a, b, y = int(match.group(1)), int(match.group(2)), _year(match.group(3))
        return _make(y, a, b, cell) if not day_first else _make(y, b, a, cell)
    if match := _DOT.match(cell):
        d, m, y = int(match.group(1)), int(match.group(2)), _year(match.group(3))
        return _make(y, m, d, cell)
    for pattern, month_group, day_group in ((_MONTH_FIRST, 1, 2), (_DAY_FIRST, 2, 1)):
        if match := pattern.match(cell):
            month = MONTHS.get(match.group(month_group).lower())
            if month is not None:
                return _make(int(match.group(3)), month, int(match.group(day_group)), cell)
    raise DateError(
        f"'{shorten(cell)}' is not a date FollowUp can read (use e.g. 2026-11-20, 11/20/2026, "
        "20.11.2026 or Nov 20, 2026)"
    )

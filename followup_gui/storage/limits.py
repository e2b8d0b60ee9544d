"""What the schema can keep, checked before writing: lengths and characters.

SQLite stores any length in a ``VARCHAR(200)``; PostgreSQL refuses it, and no
database keeps a NUL. Every way in (importers, the services behind the window's
forms) checks a record's values here first, with the rules of
:mod:`followup_gui.domain.checks`, so a file behaves the same on both databases
and everything stored can be exported and read back.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from sqlalchemy import String, Text, inspect

from followup_gui.domain.checks import text_problem
from followup_gui.domain.errors import ImportFileError
from followup_gui.storage import models as m

#: Bounded text columns that may still hold several lines (a title of a few roles).
_MULTILINE_STRINGS = frozenset({"postal_address"})


@cache
def text_limits(model: type[m.Base]) -> dict[str, int]:
    """The maximum length of each bounded text attribute of ``model``."""
    limits: dict[str, int] = {}
    for attr in inspect(model).column_attrs:
        column_type = attr.columns[0].type
        if isinstance(column_type, String) and column_type.length:
            limits[attr.key] = column_type.length
    return limits


@cache
def text_rules(model: type[m.Base]) -> dict[str, tuple[int | None, bool]]:
    """Each text attribute of ``model``: its length limit (None: none) and whether it is multi-line.

    Unbounded ``Text`` columns (notes, an address, a signature) hold several lines;
    bounded ones (a name, a company, a web address) one.
    """
    rules: dict[str, tuple[int | None, bool]] = {}
    for attr in inspect(model).column_attrs:
        column_type = attr.columns[0].type
        if isinstance(column_type, String):
            multiline = isinstance(column_type, Text) or attr.key in _MULTILINE_STRINGS
            rules[attr.key] = (column_type.length or None, multiline)
    return rules


def first_too_long(model: type[m.Base], values: Mapping[str, object]) -> tuple[str, int] | None:
    """The first attribute in ``values`` longer than ``model`` allows, and its limit."""
    for key, limit in text_limits(model).items():
        value = values.get(key)
        if isinstance(value, str) and len(value) > limit:
            return key, limit
    return None


def value_problems(
    model: type[m.Base], values: Mapping[str, object]
) -> list[tuple[str, int | None, str]]:
    """Every text value of ``values`` that ``model`` cannot keep.

    Lists of texts (a contact's emails and phones) are checked item by item, as one line each.

    Returns:
        ``(attribute, index or None, problem)`` in attribute order.
    """
    rules = text_rules(model)
    found: list[tuple[str, int | None, str]] = []
    for key, value in values.items():
        limit, multiline = rules.get(key, (None, False))
        if isinstance(value, str):
            problem = text_problem(value, multiline=multiline, limit=limit)
            if problem:
                found.append((key, None, problem))
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                if isinstance(item, str) and (problem := text_problem(item, limit=500)):
                    found.append((key, i, problem))
    return found


def check_values(
    model: type[m.Base],
    values: Mapping[str, object],
    where: str,
    names: Mapping[str, str] | None = None,
) -> None:
    """Refuse a record whose text ``model`` cannot keep (too long, control characters).

    Args:
        model: the table the values go to.
        values: attribute -> value (text, or a list of texts).
        where: the record, for the message, e.g. ``contacts[3]``.
        names: how the message names an attribute (``{"full_name": "name"}``).

    Raises:
        ImportFileError: names the record and field, e.g. ``contacts[3].company: contains a NUL``.
    """
    problems = value_problems(model, values)
    if not problems:
        return
    key, index, problem = problems[0]
    field = (names or {}).get(key, key)
    suffix = "" if index is None else f"[{index}]"
    raise ImportFileError(f"{where}.{field}{suffix}" if where else f"{field}{suffix}", problem)

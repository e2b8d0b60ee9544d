"""Text length limits of the schema, checked before writing.

SQLite stores any length in a ``VARCHAR(200)``; PostgreSQL refuses it. Importers
check these limits first so a file behaves the same on both, with a clear error.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from sqlalchemy import String, inspect

from followup_gui.storage import models as m


@cache
def text_limits(model: type[m.Base]) -> dict[str, int]:
    """The maximum length of each bounded text attribute of ``model``."""
    limits: dict[str, int] = {}
    for attr in inspect(model).column_attrs:
        column_type = attr.columns[0].type
        if isinstance(column_type, String) and column_type.length:
            limits[attr.key] = column_type.length
    return limits


def first_too_long(model: type[m.Base], values: Mapping[str, object]) -> tuple[str, int] | None:
    """The first attribute in ``values`` longer than ``model`` allows, and its limit."""
    for key, limit in text_limits(model).items():
        value = values.get(key)
        if isinstance(value, str) and len(value) > limit:
            return key, limit
    return None

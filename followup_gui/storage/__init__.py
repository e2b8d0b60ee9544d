"""Storage: the only package that knows SQL. Services use :class:`Database`.

The names below are loaded on first use (PEP 562): importing a light submodule
such as :mod:`followup_gui.storage.peek` at start-up must not import SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from followup_gui.paths import default_data_dir, default_database

if TYPE_CHECKING:
    from followup_gui.storage.database import Database, to_url

__all__ = ["Database", "default_data_dir", "default_database", "to_url"]


def __getattr__(name: str) -> Any:
    """``Database`` and ``to_url``, imported when first asked for."""
    if name in ("Database", "to_url"):
        from followup_gui.storage import database

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

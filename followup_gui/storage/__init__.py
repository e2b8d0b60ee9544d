"""Storage: the only package that knows SQL. Services use :class:`Database`."""

from __future__ import annotations

from followup_gui.paths import default_data_dir
from followup_gui.storage.database import Database, default_database, to_url

__all__ = ["Database", "default_data_dir", "default_database", "to_url"]

"""Facts about a database file that need no SQLAlchemy (read at start-up).

Kept apart so the start-up preview (:mod:`followup_gui.storage.peek`) can decide
whether a file may be read early without importing the storage layer.
"""

from __future__ import annotations

from pathlib import Path

#: The newest migration's revision. A database already there opens without
#: importing Alembic (~160 ms at every start); a test keeps it equal to
#: :func:`followup_gui.storage.migrate.alembic_head`.
HEAD_REVISION = "0003"

#: Suffix of the "open in the window" marker next to a database file (see
#: :mod:`followup_gui.storage.backups`).
MARKER_SUFFIX = ".open"


def open_marker(db_path: Path) -> Path:
    """The "open in the window" marker of ``db_path``."""
    return db_path.with_name(db_path.name + MARKER_SUFFIX)

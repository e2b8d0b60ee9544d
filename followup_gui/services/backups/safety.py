"""The window's view of backups: open a database safely, back up, verify, restore.

The storage layer does the work (:mod:`followup_gui.storage.backups`); this module
is the use-case facade the window calls, so no part of ``ui/`` imports storage.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from followup_gui.services.changes import EVERYTHING, WithChanges
from followup_gui.storage import Database, to_url
from followup_gui.storage import backups as _backups
from followup_gui.storage.backups import (
    BackupInfo,
    Retention,
    backup_if_changed,
    daily_backup,
    integrity_problem,
    latest_good_backup,
    list_backups,
    mark_open,
    restore_damaged,
    verify,
    was_unclean,
)

__all__ = [
    "BackupInfo",
    "Retention",
    "backup_if_changed",
    "daily_backup",
    "database_file",
    "integrity_problem",
    "latest_good_backup",
    "list_backups",
    "mark_open",
    "open_database",
    "restore_damaged",
    "restore_from",
    "verify",
    "was_unclean",
]


def database_file(target: str) -> Path | None:
    """The SQLite file a database target names (``None`` for a server URL)."""
    return to_url(target)[1]


def open_database(target: str | Path) -> Database:
    """Open (and migrate if needed) the database at ``target``."""
    return Database.open(target)


def restore_from(db: Database, backup: Path, now: datetime) -> WithChanges[BackupInfo]:
    """Replace the open database by ``backup`` (the current content is backed up first).

    Returns:
        The backup made of the replaced content, and everything as changed.
    """
    return WithChanges(_backups.restore_from(db, backup, now), EVERYTHING)

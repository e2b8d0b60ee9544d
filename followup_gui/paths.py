"""Where FollowUp keeps the user's files. Light: QtCore only, no SQLAlchemy."""

from __future__ import annotations

import os
from pathlib import Path

from followup_gui.private_files import private_dir, tighten


def default_data_dir() -> Path:
    """The user's FollowUp data folder (``FOLLOWUP_DATA_DIR`` overrides, for tests).

    Uses Qt's AppDataLocation so it matches the platform's conventions; QtCore is
    cheap next to SQLAlchemy and needs no QApplication.
    """
    override = os.environ.get("FOLLOWUP_DATA_DIR")
    if override:
        return Path(override)
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    from followup_gui import APP_NAME

    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


#: The database file in the data folder.
DB_FILENAME = "followup.sqlite3"


def default_database() -> Path:
    """Where the database lives when no ``--db`` and no ``FOLLOWUP_DB`` is given."""
    folder = private_dir(default_data_dir())  # missing parents 0700 too
    tighten(folder)
    return folder / DB_FILENAME

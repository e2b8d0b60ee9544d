"""The log file in the data folder (no personal data: SQL parameters are hidden)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from followup_gui.private_files import private_dir

LOG_NAME = "followup.log"


def log_path(folder: Path) -> Path:
    """Where :func:`setup_logging` writes (known before the handler exists)."""
    return folder / LOG_NAME


def setup_logging(folder: Path) -> Path | None:
    """Log warnings and errors to ``folder/followup.log`` (rotated at 1 MB).

    Returns:
        The log file, or ``None`` when the folder cannot be written (logs go to stderr).
    """
    from logging.handlers import RotatingFileHandler

    root = logging.getLogger()
    # Warnings and errors only: library INFO chatter (alembic) would bury them.
    root.setLevel(logging.WARNING)
    try:
        private_dir(folder)
        os.close(os.open(folder / LOG_NAME, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600))
        handler: logging.Handler = RotatingFileHandler(
            folder / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        path: Path | None = folder / LOG_NAME
        os.chmod(folder / LOG_NAME, 0o600)
    except OSError:
        handler = logging.StreamHandler()
        path = None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path

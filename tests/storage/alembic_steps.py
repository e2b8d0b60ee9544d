"""Moving a test's SQLite file to a given schema revision with Alembic, as a release would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config

from followup_gui.storage import migrate
from followup_gui.storage.engine import make_engine


def downgrade_to(db_path: Path, revision: str) -> None:
    """Downgrade the file at ``db_path`` to ``revision`` (one transaction)."""
    _step(db_path, revision, command.downgrade)


def upgrade_to(db_path: Path, revision: str) -> None:
    """Upgrade the file at ``db_path`` to ``revision`` only (not to the head)."""
    _step(db_path, revision, command.upgrade)


def _step(db_path: Path, revision: str, how: Callable[[Config, str], None]) -> None:
    engine = make_engine(f"sqlite:///{db_path}")
    try:
        with engine.begin() as conn:
            cfg = migrate._config()
            cfg.attributes["connection"] = conn
            how(cfg, revision)
    finally:
        engine.dispose()

"""Moving a test's SQLite file to a given schema revision with Alembic, as a release would."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from followup_gui.storage import migrate
from followup_gui.storage.engine import make_engine


def downgrade_to(db_path: Path, revision: str) -> None:
    """Downgrade the file at ``db_path`` to ``revision`` (one transaction)."""
    engine = make_engine(f"sqlite:///{db_path}")
    try:
        with engine.begin() as conn:
            cfg = migrate._config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
    finally:
        engine.dispose()

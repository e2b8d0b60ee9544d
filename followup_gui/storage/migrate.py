"""Schema migrations run from code at start-up (Alembic).

A new database is created and stamped; an older one is backed up next to itself and
upgraded; one written by a newer FollowUp is refused before anything is written.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from glob import escape as glob_escape
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

from followup_gui.domain.errors import NewerSchemaError, StorageError
from followup_gui.storage.backup import sqlite_backup
from followup_gui.storage.engine import is_sqlite
from followup_gui.storage.file_facts import HEAD_REVISION

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The schema revision this version of FollowUp writes."""
    return HEAD_REVISION


def alembic_head() -> str:
    """The head revision according to the migration scripts themselves."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every schema revision this version of FollowUp knows how to read."""
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


def sqlite_revision(path: Path) -> str | None:
    """Read a database file's schema revision without writing to it.

    Returns:
        The revision, or ``None`` for an empty (new) database.

    Raises:
        StorageError: the file is not a FollowUp database.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        with sqlite3.connect(uri, uri=True) as conn:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables:
                if tables:
                    raise StorageError(f"{path} is not a FollowUp database.")
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path} cannot be read as a database ({exc}).") from exc
    return None if row is None else str(row[0])


def check_revision(current: str | None, where: str) -> bool:
    """Decide what to do with a database at revision ``current``.

    Returns:
        True when an upgrade is needed, False when it is current or new.

    Raises:
        NewerSchemaError: it was written by a newer FollowUp.
    """
    if current is None or current == head_revision():
        return False
    if current not in known_revisions():
        raise NewerSchemaError(
            f"{where} was saved by a newer version of FollowUp (schema {current}). "
            "Please update FollowUp to open it; the file was not changed."
        )
    return True


def upgrade(engine: Engine) -> None:
    """Bring the database to the current schema in one transaction.

    On SQLite, foreign keys are switched off outside the transaction (batch mode
    copies tables) and checked with ``foreign_key_check`` before the commit.
    """
    from alembic import command

    cfg = _config()
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            raw.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                if sqlite:
                    bad = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                    if bad:
                        raise StorageError(f"The upgrade broke {len(bad)} references; undone.")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def current_revision(engine: Engine) -> str | None:
    """Schema revision of a (possibly non-SQLite) database, read-only."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


#: Pre-upgrade copies kept per database (the newest); older ones are deleted.
KEEP_PRE_UPGRADE = 3


def prune_pre_upgrade(path: Path, keep: int = KEEP_PRE_UPGRADE) -> list[Path]:
    """Delete all but the newest ``keep`` pre-upgrade copies of ``path``; return them."""
    copies = sorted(
        path.parent.glob(f"{glob_escape(path.stem)}.before-upgrade-*{path.suffix}"),
        key=lambda p: p.name.rsplit("-", 1)[-1],
        reverse=True,
    )
    for old in copies[keep:]:
        old.unlink(missing_ok=True)
    return copies[keep:]


def prepare(engine: Engine, path: Path | None) -> Path | None:
    """Check and migrate the database behind ``engine``.

    Args:
        engine: the project's engine for the database.
        path: the SQLite file, if it is one (already checked read-only).

    Returns:
        The pre-upgrade backup made, if any.
    """
    backup: Path | None = None
    if path is not None and is_sqlite(engine.url):
        rev = sqlite_revision(path)
        if rev is not None and rev == head_revision():
            return None  # current: nothing to upgrade, no Alembic to import
        if check_revision(rev, str(path)):
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            backup = path.with_name(f"{path.stem}.before-upgrade-{rev}-{stamp}{path.suffix}")
            sqlite_backup(path, backup)
            prune_pre_upgrade(path)
    else:
        check_revision(current_revision(engine), engine.url.render_as_string(hide_password=True))
    upgrade(engine)
    return backup

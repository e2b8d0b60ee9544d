"""The storage facade: open (and migrate) a database, hand out units of work.

Nothing outside ``storage`` creates engines or sessions; services ask this facade
for a read or a write unit of work. A write is one transaction: all of it lands or
none of it does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from followup_gui.domain.errors import StorageError
from followup_gui.storage import migrate
from followup_gui.storage.backup import create_private_file, sqlite_backup
from followup_gui.storage.engine import IMMEDIATE, make_engine

DB_FILENAME = "followup.sqlite3"


def to_url(target: str | Path) -> tuple[str, Path | None]:
    """Turn ``--db`` input (a file path or an SQLAlchemy URL) into a URL and a file path.

    Raises:
        StorageError: the text is neither a path nor a usable URL.
    """
    text = str(target)
    if "://" not in text:
        path = Path(text).expanduser().resolve()
        return f"sqlite:///{path}", path
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise StorageError(f"'{text}' is not a database path or URL.") from exc
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        path = Path(url.database or "").expanduser().resolve()
        return f"sqlite:///{path}", path
    return text, None


class Database:
    """An open, migrated database.

    Attributes:
        path: the SQLite file, or ``None`` for a server database.
        pre_upgrade_backup: the copy made before an upgrade at open, if any.
    """

    def __init__(self, engine: Engine, path: Path | None, pre_upgrade_backup: Path | None) -> None:
        self.engine = engine
        self.path = path
        self.pre_upgrade_backup = pre_upgrade_backup
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, target: str | Path) -> Database:
        """Open ``target``, creating or upgrading its schema first.

        A new SQLite file is created mode 0600 in a folder created mode 0700.

        Raises:
            StorageError: it cannot be opened, or is from a newer FollowUp.
        """
        url, path = to_url(target)
        if path is not None:
            if path.is_dir():
                raise StorageError(f"{path} is a folder, not a database file.")
            try:
                if not path.parent.exists():
                    path.parent.mkdir(mode=0o700, parents=True)
                if not path.exists():
                    create_private_file(path)
            except OSError as exc:
                raise StorageError(f"Cannot create the database {path}: {exc.strerror}.") from exc
            # Refuse a newer or foreign file before any connection could write to it.
            migrate.check_revision(migrate.sqlite_revision(path), str(path))
        engine = make_engine(url)
        try:
            backup = migrate.prepare(engine, path)
        except OperationalError as exc:
            engine.dispose()
            raise StorageError(f"Cannot open the database: {exc.orig}") from exc
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, path, backup)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read unit of work; its transaction is released (never committed) at the end.

        Objects loaded stay readable after the block (they are detached, not expired).
        """
        with self._sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write unit of work: one transaction, committed at the end or rolled back.

        On SQLite it starts with ``BEGIN IMMEDIATE`` so concurrent writers queue on
        the busy timeout instead of failing with "database is locked".
        """
        with self._sessions() as session, session.begin():
            session.connection(execution_options={IMMEDIATE: True})
            yield session

    def backup_to(self, target: Path) -> Path:
        """Write a consistent copy (mode 0600) of an SQLite database to ``target``.

        Raises:
            StorageError: this is not an SQLite database, or the copy failed.
        """
        if self.path is None:
            raise StorageError("Backups of a server database are made with the server's tools.")
        return sqlite_backup(self.path, target)

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()


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


def default_database() -> Path:
    """Where the database lives when no ``--db`` and no ``FOLLOWUP_DB`` is given."""
    folder = default_data_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder / DB_FILENAME

"""The storage facade: open (and migrate) a database, hand out units of work.

Nothing outside ``storage`` creates engines or sessions; services ask this facade
for a read or a write unit of work. A write is one transaction: all of it lands or
none of it does.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from followup_gui.domain.errors import ConcurrentEditError, StorageError
from followup_gui.private_files import private_dir
from followup_gui.storage import migrate
from followup_gui.storage.backup import create_private_file, remove_leftovers, sqlite_backup
from followup_gui.storage.busy import storage_error
from followup_gui.storage.engine import IMMEDIATE, ON_BUSY, make_engine

log = logging.getLogger(__name__)


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
        #: Commits made through this object (lets a watcher tell its own from others').
        self.write_count = 0
        #: Called when a write has to wait for another program (the window says so).
        self.on_busy: Callable[[], None] | None = None
        self._own_writes: list[tuple[int | None, int | None]] = []
        self._watch: sqlite3.Connection | None = None
        self._watch_lock = threading.Lock()
        if engine.dialect.name == "postgresql":
            event.listen(self._sessions, "before_flush", _note_explicit_ids)
            event.listen(self._sessions, "after_flush", _sync_sequences)

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
                    private_dir(path.parent)
                if not path.exists():
                    create_private_file(path)
            except OSError as exc:
                raise StorageError(f"Cannot create the database {path}: {exc.strerror}.") from exc
            # Refuse a newer or foreign file before any connection could write to it.
            migrate.check_revision(migrate.sqlite_revision(path), str(path))
            # Partial files of a backup or restore that was killed (never offered).
            remove_leftovers(path.parent, path.suffix)
            remove_leftovers(path.parent / "backups")
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
        options: dict[str, object] = {IMMEDIATE: True}
        if self.on_busy is not None:
            options[ON_BUSY] = self.on_busy
        try:
            with self._sessions() as session, session.begin():
                session.connection(execution_options=options)
                before = self._own_marker()
                yield session
        except StaleDataError as exc:
            # Another machine changed the same row between our read and our write.
            raise ConcurrentEditError(
                "This record was changed elsewhere at the same moment; nothing was saved. "
                "Reload and try again."
            ) from exc
        except (OperationalError, sqlite3.OperationalError) as exc:
            # (a BEGIN that waited in ``engine._begin_telling`` raises the driver's own)
            plain = storage_error(str(getattr(exc, "orig", exc)), self.path)
            if plain is None:
                raise
            raise plain from exc
        self.write_count += 1
        self._own_writes.append((before, self._own_marker()))

    def _own_marker(self) -> int | None:
        """The change marker around an own write (SQLite; see :meth:`others_wrote`)."""
        if self.path is None:
            return None
        try:
            return self.change_marker()
        except sqlite3.Error:
            return None

    def others_wrote(self, since: int | None) -> tuple[bool, int | None]:
        """Whether another program committed since the marker ``since``; and the marker now.

        The window's own writes in between do not hide another program's: SQLite
        writes note the marker just after taking the write lock and just after
        committing, so any gap in that chain is someone else's commit. PostgreSQL
        counts transaction ids: each own write uses one.

        Returns:
            ``(changed elsewhere, current marker)``; ``(False, None)`` while unreadable.
        """
        marker = self.change_marker_or_none()
        own, self._own_writes = self._own_writes, []
        if marker is None or since is None:
            return False, marker
        if self.path is None:
            return marker - since > len(own), marker
        chain: int | None = since
        for before, after in own:
            if before is None or after is None:
                chain = None  # unknown: judge from the last write's end
                continue
            if chain is not None and before != chain:
                return True, marker
            chain = after
        return chain is not None and marker != chain, marker

    def backup_to(self, target: Path) -> Path:
        """Write a consistent copy (mode 0600) of an SQLite database to ``target``.

        Raises:
            StorageError: this is not an SQLite database, or the copy failed.
        """
        if self.path is None:
            raise StorageError("Backups of a server database are made with the server's tools.")
        return sqlite_backup(self.path, target)

    def change_marker(self) -> int:
        """A number that changes when any connection commits a change to the database.

        SQLite: ``PRAGMA data_version`` on one long-lived connection (it changes when
        *other* connections commit). PostgreSQL: the server's next transaction id
        (it moves only when some transaction wrote). Compare with :attr:`write_count`
        to tell this process's own writes from others'.
        """
        if self.path is None:
            with self.engine.connect() as conn:
                value = conn.execute(text("SELECT txid_snapshot_xmax(txid_current_snapshot())"))
                return int(value.scalar_one())
        with self._watch_lock:  # own writes read it from worker threads too
            if self._watch is None:
                self._watch = sqlite3.connect(
                    f"{self.path.as_uri()}?mode=ro", uri=True, check_same_thread=False
                )
            row = self._watch.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def change_marker_or_none(self) -> int | None:
        """:meth:`change_marker`, or ``None`` while the database cannot be read.

        A busy file or an unreachable server is logged and skipped: a watcher
        asks again at its next tick.
        """
        try:
            return self.change_marker()
        except (SQLAlchemyError, sqlite3.Error) as exc:
            log.warning("cannot read the change marker: %s", type(exc).__name__)
            return None

    def reopen(self) -> None:
        """Connect again after the file was replaced (a restore); migrates if needed."""
        self.close()
        url, path = to_url(self.path or self.engine.url.render_as_string(hide_password=False))
        engine = make_engine(url)
        try:
            self.pre_upgrade_backup = migrate.prepare(engine, path)
        except BaseException:
            engine.dispose()
            raise
        self.engine = engine
        self._sessions.configure(bind=engine)

    def close(self) -> None:
        """Release every connection."""
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        self.engine.dispose()


def _note_explicit_ids(session: Session, _context: object, _instances: object) -> None:
    """Remember the tables that get rows with explicit ids (undo restores, merges)."""
    tables = {
        obj.__table__.name
        for obj in session.new
        if getattr(obj, "id", None) is not None and hasattr(obj, "__table__")
    }
    if tables:
        session.info.setdefault("explicit_id_tables", set()).update(tables)


def _sync_sequences(session: Session, _context: object) -> None:
    """Move PostgreSQL id sequences past explicitly inserted ids (SQLite needs nothing)."""
    tables: set[str] = session.info.pop("explicit_id_tables", set())
    for table in sorted(tables):
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))"
            )
        )
